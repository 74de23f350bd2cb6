"""Reading YAML safely: every file an officer could write gives data or a located Swedish error."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from casefolder import (
    assert_problem,
    check,
    edit,
    line_of,
    make_project,
    problems,
    write,
)

from iopdocs.case.load import load_case
from iopdocs.case.yamlfile import MAX_BYTES, YamlError, parse
from iopdocs.project import Project

CASE = "cases/x/case.yaml"
GOALS = "cases/x/goals.yaml"
BACKGROUND = "cases/x/background.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path)


# --- Duplicate keys -----------------------------------------------------------------


def test_duplicate_key_names_both_lines(root: Path):
    edit(root, CASE, "kind: new_agreement\n", "kind: new_agreement\nkind: extension\n")
    assert_problem(check(root), f"{CASE}:9: kind: nyckeln 'kind' förekommer två gånger, på rad 8 och rad 9")


def test_duplicate_nested_key(root: Path):
    edit(root, CASE, "  name: Anna Exempelsson\n", "  name: Anna Exempelsson\n  name: Anna Annan\n")
    first = line_of(root, CASE, "name: Anna Exempelsson")
    assert_problem(
        check(root),
        f"{CASE}:{first + 1}: officer.name: nyckeln 'name' förekommer två gånger, på rad {first} och rad {first + 1}",
    )


def test_same_year_written_two_ways_is_a_duplicate(root: Path):
    write(root, "cases/x/indicators.yaml", "indicators:\n  - id: a\n    targets: {2024: 1, '2024': 2}\n")
    assert_problem(
        check(root),
        "cases/x/indicators.yaml:3: indicators[0].targets[2024]: nyckeln '2024' förekommer två gånger, på rad 3 och rad 3",
    )


# --- Tags, anchors and aliases ------------------------------------------------------


def test_python_tag_is_refused_and_never_run(root: Path):
    marker = root / "körd"
    edit(root, CASE, "kind: new_agreement", f'kind: !!python/object/apply:os.system ["touch {marker}"]')
    assert_problem(check(root), f"{CASE}:8: kind: taggen !!python/object/apply:os.system är inte tillåten")
    assert not marker.exists()


def test_python_tag_on_a_key_is_refused(root: Path):
    write(root, GOALS, "!!python/name:os.system goals: []\n")
    assert_problem(check(root), f"{GOALS}:1: taggen !!python/name:os.system är inte tillåten")


def test_local_tag_is_refused(root: Path):
    edit(root, CASE, "kind: new_agreement", "kind: !val new_agreement")
    assert_problem(check(root), f"{CASE}:8: kind: taggen !val är inte tillåten")


@pytest.mark.parametrize("tag", ["binary", "timestamp", "set", "omap"])
def test_exotic_standard_tags_are_refused(root: Path, tag: str):
    value = {"binary": "aGk=", "timestamp": "2023-11-09", "set": "{a}", "omap": "[a: 1]"}[tag]
    edit(root, CASE, "date: 2023-11-09", f"date: !!{tag} {value}")
    assert_problem(check(root), f"{CASE}:5: date: taggen !!{tag} är inte tillåten")


def test_explicit_str_tag_keeps_text(root: Path):
    edit(root, CASE, "subtitle: Förslag till ny överenskommelse", "subtitle: !!str 2024")
    case = load_case(Project(root), root / "cases/x")
    assert case.meta.subtitle == "2024"


def test_explicit_int_tag_on_text_is_an_error_not_a_crash(root: Path):
    edit(root, CASE, "agenda_item: 8", "agenda_item: !!int åtta")
    assert_problem(check(root), f"{CASE}:17: agenda_item: 'åtta' är inget heltal som kan läsas (högst 30 siffror)")


def test_small_anchors_and_aliases_work(root: Path):
    edit(root, CASE, "officer:\n", "officer: &officer\n")
    edit(root, CASE, "signatories:\n", "x_signatories:\n")
    case_text = (root / CASE).read_text(encoding="utf-8").replace("x_signatories:\n", "signatories:\n")
    write(root, CASE, case_text)
    edit(root, "cases/x/partners.yaml", "    contact:\n      name: Omar Exempel\n      title: verksamhetsledare\n"
         "      phone: 070-000 00 00\n      email: omar@example.org\n", "    contact: {name: Omar Exempel}\n")
    text = (root / "cases/x/partners.yaml").read_text(encoding="utf-8")
    text = text.replace("    signatory:\n      name: Sara Exempeldotter\n      title: ordförande\n",
                        "    signatory: &sara\n      name: Sara Exempeldotter\n      title: ordförande\n")
    text = text.replace("    contact: {name: Omar Exempel}\n", "    contact: *sara\n")
    write(root, "cases/x/partners.yaml", text)
    case = load_case(Project(root), root / "cases/x")
    assert case.partners[0].contact == case.partners[0].signatory


def test_billion_laughs_fails_fast(root: Path):
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    write(root, GOALS, "\n".join(bomb) + "\n")
    start = time.perf_counter()
    result = check(root)
    # Not a speed test: an expanded bomb (9**9 values) would take minutes and gigabytes.
    assert time.perf_counter() - start < 30
    assert_problem(result, f"{GOALS}:1: för många värden (ankare och alias expanderar för mycket)")


def test_alias_to_its_own_container_is_refused(root: Path):
    write(root, GOALS, "goals: &g\n  - *g\n")
    # An alias is the anchored value itself, so the line is the anchor's; the field is the alias's.
    assert_problem(check(root), f"{GOALS}:1: goals[0]: aliaset pekar på värdet som innehåller det (en oändlig slinga)")


def test_undefined_alias(root: Path):
    edit(root, CASE, "kind: new_agreement", "kind: *slag")
    assert_problem(check(root), f"{CASE}:8: ogiltig YAML: aliaset (*) saknar ett ankare (&)")


def test_merge_key_is_not_a_silent_merge(root: Path):
    write(root, GOALS, "base: &b {goals: []}\n<<: *b\n")
    found = problems(check(root))
    assert f"{GOALS}:2: <<: okänt fält '<<'; tillåtna fält är: priority_areas, goals" in found


def test_deep_nesting_is_refused(root: Path):
    write(root, GOALS, "goals: " + "[" * 500 + "]" * 500 + "\n")
    assert_problem(check(root), f"{GOALS}:1: för djupt nästlat (mer än 64 nivåer)")


def test_nesting_beyond_libyaml_limit_is_refused(root: Path):
    write(root, GOALS, "goals: " + "[" * 20000 + "]" * 20000 + "\n")
    assert_problem(check(root), f"{GOALS}:1: ogiltig YAML: för djupt nästlat (mer än 64 nivåer)")


# --- Encoding, line ends, characters ------------------------------------------------


def test_latin1_file_is_refused_with_the_line_of_the_first_bad_byte(root: Path):
    write(root, CASE, "dnr: RK 2023/1\ndate: 2023-11-09\ntitle: Överenskommelse\n".encode("latin-1"))
    assert_problem(check(root), f"{CASE}:3: filen är inte UTF-8; spara den som UTF-8")


def test_utf16_file_is_refused(root: Path):
    write(root, GOALS, "goals: []\n".encode("utf-16"))
    assert_problem(check(root), f"{GOALS}:1: filen är inte UTF-8; spara den som UTF-8")


def test_bom_and_crlf_are_accepted(root: Path):
    paths = sorted((root / "cases/x").glob("*.yaml"))
    assert len(paths) == 5
    for path in paths:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = check(root)
    assert result.exit_code == 0, result.output
    case = load_case(Project(root), root / "cases/x")
    assert "\r" not in case.meta.summary.source
    assert len(case.meta.summary.blocks) == 3


def test_errors_in_a_crlf_file_have_the_right_line(root: Path):
    edit(root, CASE, "date: 2023-11-09", "date: 2023-02-30")
    (root / CASE).write_bytes((root / CASE).read_bytes().replace(b"\n", b"\r\n"))
    assert_problem(check(root), f"{CASE}:5: date: datumet 2023-02-30 finns inte")


def test_control_character_in_the_file(root: Path):
    edit(root, CASE, "title: \"Exempelärende", "title: \"Exempel\x07ärende")
    assert_problem(check(root), f"{CASE}:6: otillåtet styrtecken (U+0007) i filen")


def test_escaped_control_character_in_a_value(root: Path):
    edit(root, CASE, "subtitle: Förslag till ny överenskommelse", 'subtitle: "Förslag\\0"')
    assert_problem(check(root), f"{CASE}:7: subtitle: otillåtet styrtecken (U+0000) i texten")


def test_too_large_file_is_refused(root: Path):
    write(root, GOALS, "# " + "x" * MAX_BYTES + "\n")
    assert_problem(check(root), f"{GOALS}: filen är för stor för en ärendefil")


# --- Syntax -------------------------------------------------------------------------


def test_tab_indentation(root: Path):
    edit(root, CASE, "  name: Anna Exempelsson", "\tname: Anna Exempelsson")
    line = line_of(root, CASE, "name: Anna Exempelsson")
    assert_problem(check(root), f"{CASE}:{line}: ogiltig YAML: tabbtecken får inte användas för indrag; använd mellanslag")


def test_unclosed_flow_list(root: Path):
    edit(root, CASE, "kind: new_agreement", "kind: [new_agreement")
    assert_problem(check(root), f"{CASE}:9: ogiltig YAML: listan avslutas inte med ]")


def test_unclosed_quote(root: Path):
    write(root, GOALS, 'goals:\n  - id: "abc\n')
    assert_problem(check(root), f"{GOALS}:3: ogiltig YAML: filen tar slut mitt i ett värde (saknas ett avslutande citattecken?)")


def test_colon_in_unquoted_text(root: Path):
    edit(root, CASE, "subtitle: Förslag till ny överenskommelse", "subtitle: Förslag: ny överenskommelse")
    assert_problem(check(root), f"{CASE}:7: ogiltig YAML: kolon på fel ställe; sätt texten inom citattecken")


def test_wrong_indentation(root: Path):
    edit(root, CASE, "  title: utvecklingsledare", "   title: utvecklingsledare")
    line = line_of(root, CASE, "title: utvecklingsledare")
    result = check(root)
    assert result.exit_code == 1
    assert problems(result)[0].startswith(f"{CASE}:{line}: ogiltig YAML: ")


def test_two_documents_in_one_file(root: Path):
    write(root, GOALS, "goals: []\n---\npriority_areas: []\n")
    assert_problem(check(root), f"{GOALS}:2: ogiltig YAML: filen får bara innehålla ett YAML-dokument; ta bort '---'")


def test_file_that_is_a_list(root: Path):
    write(root, GOALS, "- id: a\n- id: b\n")
    assert_problem(check(root), f"{GOALS}:1: filen ska innehålla nycklar och värden (en YAML-mappning)")


def test_file_that_is_a_single_word(root: Path):
    write(root, GOALS, "mål\n")
    assert_problem(check(root), f"{GOALS}:1: filen ska innehålla nycklar och värden (en YAML-mappning)")


def test_empty_optional_file_is_accepted(tmp_path: Path):
    root = make_project(tmp_path, "rk-2023-17")
    write(root, BACKGROUND, "")
    assert check(root).exit_code == 0


def test_comment_only_optional_file_is_accepted(tmp_path: Path):
    root = make_project(tmp_path, "rk-2023-17")
    write(root, BACKGROUND, "# Inget att säga ännu.\n")
    assert check(root).exit_code == 0


def test_empty_case_yaml_lists_every_required_field(root: Path):
    write(root, CASE, "")
    found = [p for p in problems(check(root)) if p.startswith(CASE)]
    assert found == [
        f"{CASE}:1: {name}: obligatoriskt fält saknas"
        for name in ("date", "dnr", "kind", "officer", "profile", "proposal", "summary", "title")
    ]


# --- YAML 1.2 scalars: no yes/no booleans, no sexagesimal numbers -------------------


@pytest.mark.parametrize("word", ["no", "No", "yes", "on", "off", "y", "n", "NO"])
def test_yes_and_no_stay_text(root: Path, word: str):
    edit(root, CASE, "subtitle: Förslag till ny överenskommelse", f"subtitle: {word}")
    case = load_case(Project(root), root / "cases/x")
    assert case.meta.subtitle == word


def test_a_title_no_stays_text(root: Path):
    edit(root, CASE, 'title: "Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva"',
         "title: no")
    assert load_case(Project(root), root / "cases/x").meta.title == "no"


@pytest.mark.parametrize("value", ["12:30", "1:30:00", "0x1F", "0o17", "1_000", ".inf", ".nan"])
def test_clock_times_and_other_yaml11_numbers_stay_text(root: Path, value: str):
    edit(root, CASE, "subtitle: Förslag till ny överenskommelse", f"subtitle: {value}")
    assert load_case(Project(root), root / "cases/x").meta.subtitle == value


def test_a_leading_zero_number_is_decimal():
    assert parse("a: 010\nb: 08\n", "x.yaml").data == {"a": 10, "b": 8}


def test_only_true_and_false_are_booleans():
    assert parse("a: true\nb: False\nc: yes\n", "x.yaml").data == {"a": True, "b": False, "c": "yes"}


def test_dates_stay_text_for_validation():
    assert parse("a: 2023-11-09\n", "x.yaml").data == {"a": "2023-11-09"}


def test_keys_are_always_text():
    assert parse("1: a\ntrue: b\n~: c\n1.5: d\n", "x.yaml").data == {"1": "a", "true": "b", "~": "c", "1.5": "d"}


def test_huge_integer_is_an_error_not_a_crash(root: Path):
    edit(root, CASE, "agenda_item: 8", "agenda_item: " + "9" * 5000)
    result = check(root)
    assert result.exit_code == 1
    assert problems(result)[0].startswith(f"{CASE}:17: agenda_item: '9999")


def test_numeric_key_where_a_name_belongs(root: Path):
    write(root, GOALS, "1: a\n")
    assert_problem(check(root), f"{GOALS}:1: [1]: okänt fält '1'; tillåtna fält är: priority_areas, goals")


def test_a_key_of_other_digits_than_0_to_9_is_a_located_error(root: Path):
    # '²'.isdigit() is true but int('²') fails: once the last-resort message without a line.
    write(root, GOALS, "priority_areas: []\n²: a\n")
    assert_problem(check(root), f"{GOALS}:2: ²: okänt fält '²'; tillåtna fält är: priority_areas, goals")


def test_complex_key_is_refused(root: Path):
    write(root, GOALS, "? [a, b]\n: c\n")
    assert_problem(check(root), f"{GOALS}:1: nyckeln ska vara text")


def test_parse_error_is_a_yaml_error_with_a_swedish_problem():
    with pytest.raises(YamlError) as info:
        parse("a: [1\n", "x.yaml")
    assert str(info.value.problem) == "x.yaml:2: ogiltig YAML: listan avslutas inte med ]"
