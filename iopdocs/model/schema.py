"""JSON Schema of each YAML file kind, generated from the pydantic models."""

from __future__ import annotations

import json

from pydantic import BaseModel

from .. import model
from ..errors import UserError

# The case's files and the profile (model.FILE_MODELS), and meetings/ÅÅÅÅ-MM-DD.yaml.
FILE_MODELS: dict[str, type[BaseModel]] = {**model.FILE_MODELS, "meeting": model.MeetingFile}
KINDS = tuple(FILE_MODELS)


def schema_for(kind: str) -> dict:
    if kind not in FILE_MODELS:
        raise UserError(f"Okänd filtyp '{kind}'. Välj en av: {', '.join(KINDS)}.")
    schema = _without_titles(FILE_MODELS[kind].model_json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"iopdocs {kind}.yaml"
    return schema


def _without_titles(node: object) -> object:
    """pydantic titles every property with its English field name; editors should show
    only the Swedish description."""
    if isinstance(node, dict):
        return {k: _without_titles(v) for k, v in node.items() if not (k == "title" and isinstance(v, str))}
    if isinstance(node, list):
        return [_without_titles(v) for v in node]
    return node


def schema_json(kind: str | None) -> str:
    """One kind's schema, or all kinds keyed by kind."""
    data = schema_for(kind) if kind else {k: schema_for(k) for k in KINDS}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
