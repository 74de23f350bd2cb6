"""The model package: one module per file kind, and one import path that reaches all of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iopdocs import model

PACKAGE = Path(model.__file__).parent

# Which module holds the model of each file kind.
KIND_MODULES = {
    "case": "case_file",
    "background": "background",
    "partners": "partners",
    "goals": "goals",
    "indicators": "indicators",
    "profile": "profile",
}


def test_every_file_kind_has_a_module_of_its_own():
    assert set(KIND_MODULES) == set(model.FILE_MODELS)
    assert len(set(KIND_MODULES.values())) == len(KIND_MODULES)


@pytest.mark.parametrize("kind", sorted(KIND_MODULES))
def test_each_file_kinds_model_lives_in_its_module(kind: str):
    assert model.FILE_MODELS[kind].__module__ == f"iopdocs.model.{KIND_MODULES[kind]}"


def test_shared_types_live_in_base_and_the_case_in_case():
    for cls in (model.Strict, model.Person, model.Signatory):
        assert cls.__module__ == "iopdocs.model.base"
    assert model.Case.__module__ == "iopdocs.model.case"


def labelled_enums() -> list[type[model.Labelled]]:
    found = [value for value in vars(model).values()
             if isinstance(value, type) and issubclass(value, model.Labelled) and value is not model.Labelled]
    assert len(found) >= 6  # Kind, LegalForm, Initiative, CheckResult, Recommendation, Decision
    return found


@pytest.mark.parametrize("enum", labelled_enums(), ids=lambda e: e.__name__)
def test_every_choice_has_its_own_swedish_label(enum: type[model.Labelled]):
    labels = enum.labels()
    assert all(label and label[0].isupper() for label in labels), labels
    assert len(set(labels)) == len(labels)
    assert [member.value for member in enum] == [member.name.rstrip("_") for member in enum]


def test_a_choice_is_its_yaml_value():
    assert model.Kind("routine") is model.Kind.routine
    assert model.Kind.routine == "routine" and model.Kind.routine.label == "Rutin"
    assert model.CaseFile.model_json_schema()["$defs"]["Kind"]["enum"] == [k.value for k in model.Kind]


def test_labels_are_not_kept_beside_their_enum():
    """The Enum + *_LABELS pattern is written once (model.Labelled), not per enum."""
    source = "".join(p.read_text(encoding="utf-8") for p in PACKAGE.parent.rglob("*.py"))
    assert not re.findall(r"^[A-Z_]+_LABELS = \{\n    [A-Z]\w+\.", source, flags=re.M)


def test_every_name_the_code_reaches_through_the_model_is_exported():
    used: set[str] = set()
    for path in list(PACKAGE.parent.rglob("*.py")) + list(Path(__file__).parent.glob("*.py")):
        used.update(re.findall(r"\bmodel\.([A-Za-z_]\w*)", path.read_text(encoding="utf-8")))
    used -= {p.stem for p in PACKAGE.glob("*.py")} | {"__all__", "__file__"}  # its modules (model.base)
    assert used, "the scan found no use of the model"
    assert sorted(used - set(model.__all__)) == []
    assert not [name for name in model.__all__ if name.startswith("_")]
