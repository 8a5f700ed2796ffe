"""The registry and catalog: validation, ownership, rollback, cycles, cached definitions files."""

from __future__ import annotations

import json

import plugin_fixtures as fx
import pytest

from mrt_roadmap.errors import CatalogError, DefinitionError
from mrt_roadmap.registry import CatalogBuilder


def test_definitions_are_validated_and_owned():
    builder = CatalogBuilder()
    builder.for_plugin("p").add_credential(fx.credential("AAA"))
    catalog = builder.build()
    assert catalog.owner("credential", "AAA") == "p"
    assert catalog.credential("aaa").name == "Test credential AAA"


def test_missing_source_is_refused_with_its_path():
    bad = fx.credential("NOSRC")
    del bad["source"]
    with pytest.raises(DefinitionError) as info:
        CatalogBuilder().for_plugin("p").add_credential(bad)
    assert [p.path for p in info.value.problems] == ["$.source"]
    assert [p.code for p in info.value.problems] == ["required"]
    assert "'source' is a required property" in str(info.value)


def test_source_must_be_a_url():
    bad = fx.credential(
        "NOURL",
    )
    bad["eligibility"][0]["source"] = "a book on my shelf"
    with pytest.raises(DefinitionError) as info:
        CatalogBuilder().for_plugin("p").add_credential(bad)
    assert info.value.problems[0].path == "$.eligibility[0].source"


def test_rollback_forgets_one_plugin_only():
    builder = CatalogBuilder()
    builder.for_plugin("keep").add_credential(fx.credential("KEEP"))
    builder.for_plugin("drop").add_credential(fx.credential("DROP"))
    builder.for_plugin("drop").add_requirement_kind("juggling")
    builder.rollback("drop")
    catalog = builder.build()
    assert set(catalog.credentials) == {"KEEP"}
    assert "juggling" not in catalog.requirement_kinds


def test_requirement_kinds_have_one_owner():
    builder = CatalogBuilder()
    builder.for_plugin("a").add_requirement_kind("practicum")
    with pytest.raises(CatalogError, match="owned by 'a'"):
        builder.for_plugin("b").add_requirement_kind("practicum")
    with pytest.raises(CatalogError, match="owned by 'mrt-roadmap'"):
        builder.for_plugin("b").add_requirement_kind("education")


def needs(ident: str, other: str) -> dict:
    return fx.credential(
        ident, [{"kind": "credential", "any_of": [other], "label": f"hold {other}"}]
    )


def test_an_unconditional_cycle_is_a_catalog_error_naming_the_plugins():
    builder = CatalogBuilder()
    builder.for_plugin("one").add_credential(needs("AAA", "BBB"))
    builder.for_plugin("two").add_credential(needs("BBB", "AAA"))
    with pytest.raises(CatalogError, match=r"AAA -> BBB -> AAA.*one, two"):
        builder.build()


def test_a_cycle_with_another_way_out_is_allowed():
    builder = CatalogBuilder()
    escape = needs("AAA", "BBB")
    escape["eligibility"][0]["routes"].append(
        fx.credential("X")["eligibility"][0]["routes"][0] | {"id": "other"}
    )
    builder.for_plugin("one").add_credential(escape)
    builder.for_plugin("two").add_credential(needs("BBB", "AAA"))
    assert set(builder.build().credentials) == {"AAA", "BBB"}


def test_replaces_must_name_a_known_credential():
    builder = CatalogBuilder()
    builder.for_plugin("p").add_credential(fx.credential("NEW", replaces=["GHOST"]))
    with pytest.raises(CatalogError, match="replaces unknown credential 'GHOST'"):
        builder.build()


def test_a_definitions_file_is_validated_as_a_whole(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"credentials": [fx.credential("FILE")]}))
    builder = CatalogBuilder()
    builder.for_plugin("p").add_file(good)
    assert builder.build().owner("credential", "FILE") == "p"
    bad = json.loads(good.read_text())
    bad["credentials"][0]["as_of"] = "yesterday"
    good.write_text(json.dumps(bad))
    with pytest.raises(DefinitionError) as info:
        CatalogBuilder().for_plugin("p").add_file(good)
    assert info.value.problems[0].path == "$.credentials[0].as_of"
