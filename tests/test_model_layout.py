"""The model package: one module per file kind, and one import path that reaches all of it."""

from __future__ import annotations

import importlib
from enum import Enum
from pathlib import Path

import pytest

import iopdocs.model
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


@pytest.mark.parametrize("module", sorted(p.stem for p in PACKAGE.glob("*.py")))
def test_no_model_module_outgrows_one_job(module: str):
    lines = (PACKAGE / f"{module}.py").read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"iopdocs/model/{module}.py has {lines} lines"


@pytest.mark.parametrize("name", [n for n in vars(model) if n.endswith("_LABELS")])
def test_labels_live_with_their_enum(name: str):
    labels = getattr(model, name)
    key = next(iter(labels))
    if isinstance(key, Enum):
        home = importlib.import_module(type(key).__module__)
    else:  # CHECK_LABELS is keyed by the field names of Checks
        home = importlib.import_module(model.Checks.__module__)
    assert getattr(home, name) is labels


# Names the rest of iopdocs and the tests reach through the model, private ones included.
USED_NAMES = [
    "Agreement", "Assessment", "Attachment", "BackgroundFile", "BaseModel", "Baseline",
    "CHECK_LABELS", "CHECK_RESULT_LABELS", "Case", "CaseFile", "CheckResult", "Checks",
    "Contributions", "DECISION_LABELS", "Decision", "Direction", "FILE_MODELS", "FollowUp",
    "GeneratedForm", "GoalsFile", "INITIATIVE_LABELS", "Indicator", "IndicatorsFile",
    "KIND_LABELS", "Kind", "LEGAL_FORM_LABELS", "Outcome", "Partner", "PartnersFile", "Person",
    "Profile", "Prose", "RECOMMENDATION_LABELS", "Recommendation", "Strict", "text",
    "_check_dnr", "_check_orgnr",
]


@pytest.mark.parametrize("name", USED_NAMES)
def test_names_resolve_through_the_package(name: str):
    namespace: dict = {}
    exec(f"from iopdocs.model import {name}", namespace)
    assert namespace[name] is getattr(iopdocs.model, name)


def test_everything_in_all_resolves():
    for name in model.__all__:
        assert hasattr(model, name), name
