"""The registry and catalog: validation, ownership, rollback, cycles, cached definitions files."""

from __future__ import annotations

import json

import plugin_fixtures as fx
import pytest

from mrt_roadmap import registry, startup_cache
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
    assert [p.path for p in info.value.problems] == ["$"]
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


@pytest.fixture
def structured(monkeypatch):
    """The definitions files parsed, validated and structured (not read from the cache)."""
    calls: list[object] = []
    real = registry.Registry._structure_file
    monkeypatch.setattr(
        registry.Registry,
        "_structure_file",
        lambda self, path, content: (calls.append(path), real(self, path, content))[1],
    )
    return calls


def test_a_definitions_file_is_validated_once_then_remembered(tmp_path, monkeypatch, structured):
    calls = structured
    monkeypatch.setenv("MRT_ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"credentials": [fx.credential("FILE")]}))
    first = CatalogBuilder()
    first.for_plugin("p").add_file(good)
    second = CatalogBuilder()
    second.for_plugin("q").add_file(good)
    assert len(calls) == 1
    assert second.build().credential("FILE") == first.build().credential("FILE")
    assert second.build().owner("credential", "FILE") == "q"
    assert len(list((tmp_path / "cache" / "definitions").iterdir())) == 1
    # A changed file is validated again: errors are never hidden by the cache.
    bad = json.loads(good.read_text())
    bad["credentials"][0]["as_of"] = "yesterday"
    good.write_text(json.dumps(bad))
    with pytest.raises(DefinitionError) as info:
        CatalogBuilder().for_plugin("p").add_file(good)
    assert info.value.problems[0].path == "$.credentials[0].as_of"
    assert len(calls) == 2
    # Back to the good bytes: a failed file stored nothing, so the cached entry is used again,
    # and duplicates are still caught when the definitions come from the cache.
    good.write_text(json.dumps({"credentials": [fx.credential("FILE")]}))
    again = CatalogBuilder()
    again.for_plugin("p").add_file(good)
    with pytest.raises(CatalogError, match="duplicate credential id 'FILE'"):
        again.for_plugin("q").add_file(good)
    assert len(calls) == 2
    assert len(list((tmp_path / "cache" / "definitions").iterdir())) == 1


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("MRT_ROADMAP_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("MRT_ROADMAP_NO_CACHE", "1")
    assert startup_cache.cache_dir() is None
    startup_cache.store("definitions", b"x", b"key", [1])
    assert startup_cache.load("definitions", b"x", b"key") is None
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"credentials": [fx.credential("FILE")]}))
    CatalogBuilder().for_plugin("p").add_file(good)
    assert [p.name for p in tmp_path.iterdir()] == ["good.json"]


def test_changed_conversion_code_is_not_fed_old_definitions(tmp_path, monkeypatch, structured):
    calls = structured
    monkeypatch.setenv("MRT_ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"credentials": [fx.credential("FILE")]}))
    CatalogBuilder().for_plugin("p").add_file(good)
    monkeypatch.setattr("mrt_roadmap.convert.code_stamp", lambda: "definitions.py edited")
    CatalogBuilder().for_plugin("p").add_file(good)
    CatalogBuilder().for_plugin("p").add_file(good)
    assert len(calls) == 2
