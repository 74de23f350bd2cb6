"""A case as plain data (dicts, lists, scalars): the one shape both diff views compare.

`case` (case.yaml), `background` (background.yaml), and the lists `partners`,
`priority_areas`, `goals`, `indicators`, `follow_ups`, from a validated case or, for a
version that does not validate, from its YAML as written. What means 'not given' is
dropped, so that a field left empty and a field left out are the same.
"""

from __future__ import annotations

from typing import Any

from .. import model


def case_data(case: model.Case) -> dict[str, Any]:
    """A validated case as plain data (the shape the diff compares)."""
    data = {
        "case": case.meta.model_dump(mode="json"),
        "background": case.background.model_dump(mode="json"),
        "partners": [p.model_dump(mode="json") for p in case.partners],
        "priority_areas": [a.model_dump(mode="json") for a in case.priority_areas],
        "goals": [g.model_dump(mode="json") for g in case.goals],
        "indicators": [i.model_dump(mode="json") for i in case.indicators],
        "follow_ups": [f.model_dump(mode="json") for f in case.follow_ups],
    }
    return normalize(data)


def raw_data(files: dict[str, Any]) -> dict[str, Any]:
    """Parsed YAML of a case's files (kind → data, e.g. 'partners' → {...}) as plain data.

    For a version that doesn't validate: it is compared as written, without defaults.
    """
    data: dict[str, Any] = {}
    for kind, content in files.items():
        if kind in ("case", "background") or not isinstance(content, dict):
            data[kind] = content
        else:
            data.update(content)
    return normalize(data)


def normalize(value: Any) -> Any:
    """Drop what means 'not given' (None, '', [], {}); keys become strings."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            item = normalize(item)
            if not _absent(item):
                out[str(key)] = item
        return out
    if isinstance(value, (list, tuple)):
        return [normalize(item) for item in value]
    if isinstance(value, str):
        return value.strip()
    return value


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)
