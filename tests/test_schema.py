"""JSON Schemas for editors: generated from the models, committed, and wired to the files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from iopdocs.case.yamlfile import read
from iopdocs.cli import main
from iopdocs.model.schema import KINDS, schema_for, schema_json

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def yaml_files() -> list[tuple[Path, str]]:
    """Every YAML file of the project with its kind."""
    files = [(p, p.stem) for p in sorted((ROOT / "cases").glob("*/*.yaml"))]
    files += [(p, "meeting") for p in sorted((ROOT / "meetings").glob("*.yaml"))]
    return files + [(p, "profile") for p in sorted((ROOT / "templates" / "profiles").glob("*.yaml"))]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_command_prints_one_kind(kind: str):
    result = run("schema", kind)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["title"] == f"iopdocs {kind}.yaml"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_schema_command_without_kind_prints_all():
    result = run("schema")
    assert result.exit_code == 0
    assert sorted(json.loads(result.stdout)) == sorted(KINDS)


def test_schema_command_refuses_unknown_kind_in_swedish():
    result = run("schema", "partner")
    assert result.exit_code == 2
    assert "Ogiltigt värde för '[FILTYP]'" in result.stderr
    assert "Användning:" in result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_equals_the_generated_one(kind: str):
    committed = ROOT / "schemas" / f"{kind}.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_json(kind), (
        f"schemas/{kind}.schema.json is stale: run `iopdocs schema {kind} > schemas/{kind}.schema.json`"
    )


def test_no_other_schema_files_are_committed():
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(f"{k}.schema.json" for k in KINDS)


@pytest.mark.parametrize("path,kind", yaml_files(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_every_yaml_file_names_its_schema_on_the_first_line(path: Path, kind: str):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{path.relative_to(ROOT)} lacks '# yaml-language-server: $schema=…' on line 1"
    target = (path.parent / match.group(1)).resolve()
    assert target == (ROOT / "schemas" / f"{kind}.schema.json").resolve()


def test_vscode_maps_every_kind_to_its_files():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    expected = {f"./schemas/{k}.schema.json": [f"cases/*/{k}.yaml"] for k in KINDS if k not in ("profile", "meeting")}
    expected["./schemas/profile.schema.json"] = ["templates/profiles/*.yaml"]
    expected["./schemas/meeting.schema.json"] = ["meetings/*.yaml"]
    assert mapping == expected
    for schema in mapping:
        assert (ROOT / schema).is_file()


def test_schemas_speak_swedish_only():
    for kind in KINDS:
        schema = schema_for(kind)

        def walk(node, where):
            if isinstance(node, dict):
                for name, prop in node.get("properties", {}).items():
                    assert "title" not in prop, f"{kind}: {where}.{name} has pydantic's English title"
                    assert prop.get("description"), f"{kind}: {where}.{name} has no description"
                for key, value in node.items():
                    walk(value, f"{where}/{key}")
            elif isinstance(node, list):
                for value in node:
                    walk(value, where)

        walk(schema, kind)


def test_the_meeting_schema_describes_the_file_and_its_items_in_swedish():
    schema = schema_for("meeting")
    assert schema["description"].startswith("meetings/ÅÅÅÅ-MM-DD.yaml: sammanträdets tid, plats och ordförande")
    assert schema["$defs"]["MeetingItem"]["description"].startswith("Ett ärende på föredragningslistan")
    assert schema["properties"]["time"]["examples"] == ["18:00"]


def test_meeting_schema_command_prints_the_committed_schema():
    result = run("schema", "meeting")
    assert result.exit_code == 0, result.output
    assert result.stdout == (ROOT / "schemas" / "meeting.schema.json").read_text(encoding="utf-8")


def test_orgnr_schema_has_the_pattern_and_a_valid_example():
    partner = schema_for("partners")["$defs"]["Partner"]["properties"]["orgnr"]
    branch = next(b for b in partner["anyOf"] if b.get("type") == "string")
    assert branch["pattern"] == r"^\d{6}-\d{4}$"
    assert branch["examples"] == ["802500-1234"]


@pytest.mark.parametrize("path,kind", yaml_files(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_shipped_files_are_valid_against_their_schema(path: Path, kind: str):
    jsonschema = pytest.importorskip("jsonschema")
    data = read(path, str(path)).data
    errors = [e.message for e in jsonschema.Draft202012Validator(schema_for(kind)).iter_errors(data)]
    assert errors == []
