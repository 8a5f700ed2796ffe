"""The compiled validator (the optional ``fast`` extra, jsonschema-rs) only ever accepts what
``jsonschema`` accepts: results are identical with and without it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from example_files import ALL_PROFILES, EXAMPLES
from fuzzing import hostile_profiles, plausible_profiles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mrt_roadmap import json_input
from mrt_roadmap.schemas import fast_validator, validate

pytestmark = pytest.mark.skipif(
    fast_validator("profile") is None, reason="jsonschema-rs (the fast extra) is not installed"
)


def reference(data: Any) -> list[Any]:
    return validate("profile", data)


@pytest.mark.parametrize("name", ALL_PROFILES)
def test_every_example_is_accepted_by_both(name: str):
    data = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    assert reference(data) == []
    assert fast_validator("profile").is_valid(data)
    assert validate("profile", data, plain_json=True) == []


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(hostile_profiles(), plausible_profiles()))
def test_both_validators_agree_on_generated_profiles(data: Any):
    if json_input.scan(data).problems or not json_input.scan(data).plain:
        return  # never reaches schema validation, or not plain JSON (the fast path is not used)
    expected = reference(data)
    assert validate("profile", data, plain_json=True) == expected
    assert fast_validator("profile").is_valid(data) == (expected == [])


def test_a_value_only_the_compiled_validator_accepts_is_still_reported_by_path():
    from mrt_roadmap.errors import ProfileError
    from mrt_roadmap.profile import profile_from_json

    data = json.loads((EXAMPLES / "p5-working-rhit-to-rhia.json").read_text("utf-8"))
    data["as_of"] = "0000-01-01"  # jsonschema-rs takes year 0; Python's dates do not
    with pytest.raises(ProfileError) as info:
        profile_from_json(json.dumps(data))
    assert [p.path for p in info.value.problems] == ["$.as_of"]


def test_plugin_definitions_files_agree_with_the_reference(tmp_path):
    """Definitions files are validated the fast way too; a value only the compiled validator
    accepts still fails registration with the problem by path."""
    import plugin_fixtures as fx

    from mrt_roadmap.errors import DefinitionError
    from mrt_roadmap.registry import CatalogBuilder

    good = {"credentials": [fx.credential("FAST")]}
    assert fast_validator("credential").is_valid(good)
    bad = {"credentials": [{**fx.credential("ZERO"), "as_of": "0000-01-01"}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(DefinitionError) as info:
        CatalogBuilder().for_plugin("p").add_file(path)
    assert [p.path for p in info.value.problems] == ["$.credentials[0].as_of"]
