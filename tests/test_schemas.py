"""The public contracts are valid Draft 2020-12 schemas, documented and exemplified."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from mrt_roadmap.schemas import SCHEMA_NAMES, schema, validate


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_and_has_id(name):
    s = schema(name)
    Draft202012Validator.check_schema(s)
    assert s["$id"].endswith(f"/{name}.schema.json")
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def properties(node: Any, path: str = "$"):
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            yield f"{path}.{key}", sub
        for key, value in node.items():
            if key == "if":
                continue  # conditions name properties without defining them
            if key != "properties":
                yield from properties(value, f"{path}/{key}")
            else:
                for k, v in value.items():
                    yield from properties(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from properties(item, f"{path}[{i}]")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_is_described(name):
    missing = [
        p
        for p, sub in properties(schema(name))
        if isinstance(sub, dict) and "description" not in sub and "$ref" not in sub
    ]
    assert not missing, missing


def test_profile_schema_examples_validate():
    for example in schema("profile")["examples"]:
        assert validate("profile", example) == []


@pytest.mark.parametrize("name", ["profile", "credential"])
def test_properties_carry_examples(name):
    with_examples = [
        p for p, sub in properties(schema(name)) if isinstance(sub, dict) and "examples" in sub
    ]
    assert len(with_examples) >= 10


def test_shipped_schemas_are_the_repository_schemas():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for name in SCHEMA_NAMES:
        assert (root / "schemas" / f"{name}.schema.json").read_text() == (
            root / "src" / "mrt_roadmap" / "schemas" / f"{name}.schema.json"
        ).read_text()
