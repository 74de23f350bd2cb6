"""`iopdocs new`: a commented skeleton case whose blanks `check` reports until filled.

Every blank is an empty value (`""`), which validation refuses with its file, line and
field, so that `iopdocs check` reads as the list of what is left to write. Each kind of
case (`--kind`) gets only the files it uses: a new or extended agreement all five (the
partner with its assessment, goals, indicators), a consultation response, a routine or
another matter case.yaml and background.yaml. case.yaml's head says which files the kind
needs and which are optional.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

from .. import model
from ..errors import UserError, os_reason
from ..project import Project
from ..text import did_you_mean

_NAME = re.compile(r"[^\W_][\w.-]*")  # what `check` lists: no hidden or _private folders

CASE = """\
# yaml-language-server: $schema=@SCHEMAS@/case.schema.json
# Ärendets uppgifter: tjänsteutlåtandets huvud, förslag till beslut och sammanfattning.
#
# Fyll i alla tomma värden i ärendets filer och kör: iopdocs check @NAME@
# Kontrollen visar fil, rad och fält för allt som återstår. Ett frivilligt fält som inte
# behövs tar du bort i stället för att lämna det tomt.
#
# Löptext: tom rad mellan stycken, "- " ger punktlista, "1. " numrerad lista,
# **fetstil** och *kursiv*. Skriv längre text indragen på raderna efter "fält: |".
#
# Ärendets filer (@KINDLABEL@); en frivillig fil som inte behövs tar du bort:
@FILES@
dnr: ""                      # diarienummer, t.ex. RK 2024/15
date: ""                     # tjänsteutlåtandets datum, ÅÅÅÅ-MM-DD
title: ""                    # ärendets rubrik
@SUBTITLE@
# Slag av ärende: new_agreement (ny överenskommelse), extension (förlängning),
# consultation (remissvar), routine (rutin) eller other (övrigt). Ny och förlängd
# överenskommelse kräver en fullständig bedömning av partnern i partners.yaml.
kind: @KIND@
profile: @PROFILE@           # förvaltningens uppgifter: templates/profiles/<namn>.yaml
department: ""               # avdelningen som handlägger ärendet@DEPARTMENTS@

officer:                     # handläggaren
  name: ""
  title: ""                  # befattning, t.ex. utvecklingsledare
  phone: ""                  # t.ex. 08 508 00 000
  email: ""

# När sammanträdet är bestämt:
# meeting: ÅÅÅÅ-MM-DD        # nämndsammanträdets datum
# agenda_item: 1             # ärendets nummer på föredragningslistan

# Förvaltningens förslag till beslut: en punkt per beslut, i hela meningar.
proposal:
  - ""

# Sammanfattning; den blir också ärendebeskrivningen i föredragningslistan.
summary: ""

# Undertecknare; utan listan gäller profilens.
# signatories:
#   - name: Förnamn Efternamn
#     title: stadsdelsdirektör

@ATTACHMENTS@"""

ASSESSMENT_ATTACHMENT = """\
attachments:
  - title: Bedömning inför en överenskommelse om IOP
    form: assessment         # skapas av bedömningen i partners.yaml
"""

OTHER_ATTACHMENTS = """\
# Bilagor, i den ordning de listas; dnr om bilagan har ett eget, file för en PDF i
# ärendemappen som ska med i handlingarna.
# attachments:
#   - title: Remissen
#     dnr: KS 2024/100
#     file: bilagor/remiss.pdf
"""

AGREEMENT_SECTIONS = """\
    - heading: Den gemensamma samhällsutmaningen
      text: ""
    - partners: true         # här skrivs ett avsnitt per partner: namn, områden och mål
"""

OTHER_SECTIONS = """\
    - heading: ""            # underrubrik, t.ex. Remissens innehåll
      text: ""
"""

BACKGROUND = """\
# yaml-language-server: $schema=@SCHEMAS@/background.schema.json
# Tjänsteutlåtandets brödtext, avsnitt för avsnitt. Ett avsnitt utan innehåll tar du
# bort; dess rubrik kommer då inte med i dokumentet. Filen är frivillig: utan den har
# tjänsteutlåtandet bara förslag till beslut och sammanfattning.

background: ""               # Bakgrund

matter:                      # Ärendet
  intro: ""
  sections:
@SECTIONS@
preparation: ""              # Ärendets beredning

opinion_heading: Förvaltningens förslag
opinion: ""                  # förvaltningens synpunkter och förslag
"""

PARTNERS_HEAD = """\
# yaml-language-server: $schema=@SCHEMAS@/partners.schema.json
# Partnerorganisationen med bedömningen inför överenskommelsen, som blir bilagan
# "Bedömning inför en överenskommelse om IOP". Fler partner: upprepa posten.
partners:
  - id: ""                   # kort id: små bokstäver, siffror och bindestreck
    name: ""                 # organisationens fullständiga namn
    orgnr: ""                # organisationsnummer, NNNNNN-NNNN
    legal_form: association  # association, foundation, religious, economic_association eller other
    initiative: organisation # vem tog initiativet: organisation, city eller joint
    signatory:               # firmatecknare
      name: ""
      title: ""
    contact:                 # kontaktperson
      name: ""
      email: ""
    priority_areas: [""]     # prioriterade områden: id i goals.yaml
    description: ""          # partnerskapets mål i löptext, för tjänsteutlåtandet

    agreement:               # överenskommelsen
      start: ""              # första dagen, ÅÅÅÅ-MM-DD
      end: ""                # sista dagen, ÅÅÅÅ-MM-DD
      notice_months: 6       # uppsägningstid i månader
      dialogue_meetings: två gånger per år
      follow_up: årlig uppföljning av indikatorer och verksamhetsplan vid ett dialogmöte
      activities:            # verksamhetsplanen, bilaga till överenskommelsen; en post per aktivitet
        - activity: ""       # aktiviteten
          target_group: ""   # för vem
          when: ""           # när
          responsible: ""    # vem som ansvarar

    contributions:           # båda parter ska bidra
      city:
        amount_per_year: ""  # kronor per år, t.ex. 450000
        # premises: lokal som staden upplåter
        # staff: personal som staden bidrar med
      organisation:
        volunteer_hours_per_year: ""
        # own_funding: 100000
        # premises: föreningens egen lokal

    assessment:              # Bedömning inför en överenskommelse om IOP
      challenge: ""          # den gemensamma samhällsutmaningen
      programme: ""          # politiskt beslutat program eller budgetmål som partnerskapet hör till
      essential: ""          # varför aktiviteterna är väsentliga för att möta utmaningen

      # Kontrollerna: result är met (uppfyllt), not_met (ej uppfyllt) eller not_applicable
      # (ej tillämpligt: godtas bara för registration). evidence är underlaget som
      # granskats och date dagen då det granskades, högst 12 månader före
      # tjänsteutlåtandets datum.
      checks:
"""

CHECK = """\
        @KEY@:  # @LABEL@
          result: ""
          evidence: ""
          date: ""
"""

PARTNERS_TAIL = """\

      legal:                 # juridisk bedömning
        procurement: ""      # varför samverkan inte är upphandling enligt LOU
        state_aid: ""        # varför stödet inte är otillåtet statsstöd
        competence: ""       # kommunens befogenhet enligt kommunallagen
        grants: ""           # varför det inte är ett ordinarie föreningsbidrag

      overall: ""            # samlad bedömning
      recommendation: ""     # enter (ingå överenskommelse) eller do_not_enter (ingå inte)
      date: ""               # bedömningens datum, ÅÅÅÅ-MM-DD
      officer: ""            # handläggaren som gjort bedömningen
      manager: ""            # chefen som godkänt bedömningen
"""

GOALS = """\
# yaml-language-server: $schema=@SCHEMAS@/goals.schema.json
# Prioriterade områden och de långsiktiga mål som partnerskapet ska bidra till.
# Frivillig fil, men revisionen vill se mål som kan följas upp.
priority_areas:
  - id: ""                   # kort id, t.ex. barn-och-unga
    title: ""                # områdets namn, som det skrivs i löptext

goals:
  - id: ""                   # kort id, unikt i ärendet
    title: ""                # det långsiktiga målet
    priority_area: ""        # id för området ovan
    budget_goal: ""          # stadens budgetmål eller program som målet hör till
    subgoals:
      - id: ""
        title: ""            # delmålet
"""

INDICATORS = """\
# yaml-language-server: $schema=@SCHEMAS@/indicators.schema.json
# Indikatorer som följs upp varje år, och uppföljningarna efter dialogmötena.
# Frivillig fil, men revisionen vill se indikatorer som kan följas upp.
indicators:
  - id: ""                   # kort id, unikt i ärendet
    name: ""                 # vad som mäts
    goal: ""                 # id för målet eller delmålet i goals.yaml
    unit: antal              # antal, procent, kr …
    direction: higher        # higher (högre är bättre) eller lower
    # baseline: {value: 0, year: 2024}   # utgångsvärde och året det mättes
    # targets: {2025: 10, 2026: 20}      # målvärde per år inom överenskommelsen

# En uppföljning per år, efter dialogmötet; se exemplet i cases/exempel-iop.
follow_ups: []
"""


# What each file is for, as case.yaml's head lists it: (required?, for agreements, otherwise).
FILE_NOTES = {
    "case.yaml": (True, "tjänsteutlåtandets huvud, förslag och sammanfattning", None),
    "background.yaml": (False, "brödtexten (bakgrund, ärendet, beredning, synpunkter)", None),
    "partners.yaml": (True, "partnern med bidrag, överenskommelse och bedömning",
                      "lägg till den om ärendet nämner partner och deras överenskommelser"),
    "goals.yaml": (False, "prioriterade områden och mål", None),
    "indicators.yaml": (False, "indikatorer och uppföljningar", None),
}

AGREEMENT_KINDS = (model.Kind.new_agreement, model.Kind.extension)

SUBTITLES = {
    model.Kind.new_agreement: "Förslag till ny överenskommelse",
    model.Kind.extension: "Förslag till förlängd överenskommelse",
    model.Kind.consultation: "Yttrande till kommunstyrelsen",
}


def kind_files(kind: model.Kind) -> tuple[str, ...]:
    """The files `iopdocs new --kind KIND` writes."""
    if kind in AGREEMENT_KINDS:
        return tuple(model.CASE_FILE_NAMES)
    return ("case.yaml", "background.yaml")


def _files_comment(kind: model.Kind) -> str:
    written = kind_files(kind)
    lines = []
    for name, (required, purpose, absent) in FILE_NOTES.items():
        if name in written:
            need = "krävs" if required else "frivillig"
            lines.append(f"#   {name:<16} {need}: {purpose}")
        elif absent:
            lines.append(f"#   {name:<16} finns inte: {absent}")
    return "\n".join(lines) + "\n"


def skeleton_files(
    project: Project, folder: Path, kind: model.Kind = model.Kind.new_agreement, profile: str | None = None
) -> dict[str, str]:
    """The skeleton's files by name, for a case of `kind` that will live in `folder`."""
    schemas = Path(os.path.relpath(project.root / "schemas", folder.resolve())).as_posix()
    profiles = known_profiles(project)
    profile = profile or (profiles[0] if len(profiles) == 1 else '""')
    departments = _departments(project, profile)
    checks = "".join(
        CHECK.replace("@KEY@", key).replace("@LABEL@", label) for key, label in model.CHECK_LABELS.items()
    )
    agreement = kind in AGREEMENT_KINDS
    texts = {
        "case.yaml": CASE,
        "background.yaml": BACKGROUND,
        "partners.yaml": PARTNERS_HEAD + checks + PARTNERS_TAIL,
        "goals.yaml": GOALS,
        "indicators.yaml": INDICATORS,
    }
    subtitle = SUBTITLES.get(kind)
    fill = {
        "@SCHEMAS@": schemas,
        "@PROFILE@": profile,
        "@NAME@": folder.name,
        "@KIND@": kind.value,
        "@KINDLABEL@": kind.label.lower(),
        "@FILES@": _files_comment(kind),
        "@SUBTITLE@": f"subtitle: {subtitle}\n" if subtitle else "# subtitle: underrubrik\n",
        "@DEPARTMENTS@": f"\n# Avdelningar i profilen: {'; '.join(departments)}" if departments else "",
        "@ATTACHMENTS@": ASSESSMENT_ATTACHMENT if agreement else OTHER_ATTACHMENTS,
        "@SECTIONS@": AGREEMENT_SECTIONS if agreement else OTHER_SECTIONS,
    }
    result = {}
    for name in kind_files(kind):
        text = texts[name]
        for marker, value in fill.items():
            text = text.replace(marker, value)
        result[name] = text
    return result


def known_profiles(project: Project) -> list[str]:
    return sorted(p.stem for p in project.profiles_dir.glob("*.yaml")) if project.profiles_dir.is_dir() else []


def _departments(project: Project, profile: str) -> list[str]:
    """The profile's departments, for the comment beside `department:` (none if unreadable)."""
    try:
        data = yaml.safe_load((project.profiles_dir / f"{profile}.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeError, yaml.YAMLError):
        return []
    found = data.get("departments") if isinstance(data, dict) else None
    return [str(d) for d in found if isinstance(d, str)] if isinstance(found, list) else []


def check_profile(project: Project, profile: str | None) -> None:
    """A UserError for a profile name that has no templates/profiles/<namn>.yaml."""
    if profile is None:
        return
    known = known_profiles(project)
    if profile not in known:
        hint = did_you_mean(profile, known, cutoff=0.5)
        hint = f" {hint[:1].upper()}{hint[1:]}" if hint else ""
        listing = f" Profiler i {project.display(project.profiles_dir)}: {', '.join(known)}." if known else ""
        raise UserError(f"Profilen '{profile}' finns inte.{hint}{listing}")


def write_skeleton(
    project: Project, case: str, kind: model.Kind = model.Kind.new_agreement, profile: str | None = None
) -> Path:
    """Write a new case folder (a name under cases/, or a path); never over an existing one."""
    given = Path(case)
    folder = given if len(given.parts) > 1 or given.is_absolute() else project.cases_dir / case
    if not case.strip() or ".." in given.parts or not _NAME.fullmatch(folder.name):
        raise UserError(
            f"Ogiltigt ärendenamn '{case}': använd bokstäver, siffror, punkt och bindestreck, "
            "och börja med en bokstav eller siffra, t.ex. rk-2024-15."
        )
    if folder.exists():
        raise UserError(
            f"{project.display(folder)} finns redan; välj ett annat namn. "
            "iopdocs new skriver aldrig över ett befintligt ärende."
        )
    check_profile(project, profile)
    files = skeleton_files(project, folder, kind, profile)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed into place: never a half-written case.
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise UserError(f"Kan inte skapa {project.display(folder)}: {os_reason(exc)}.") from None
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        staging.chmod(0o755)  # mkdtemp makes it private; a case folder is like any other
        os.rename(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if folder.exists():
            raise UserError(f"{project.display(folder)} finns redan; välj ett annat namn.") from None
        raise UserError(f"Kan inte skapa {project.display(folder)}: {os_reason(exc)}.") from None
    return folder

