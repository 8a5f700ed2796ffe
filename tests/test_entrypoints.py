"""Entry-point discovery: the same answer as importlib.metadata, with each declaring distribution."""

from __future__ import annotations

import sys
from importlib import metadata

import pytest

from mrt_roadmap import entrypoints
from mrt_roadmap.entrypoints import FoundEntryPoint

GROUP = "mrt_roadmap_test_group"


def make_dist(site, name, version, entry_points):
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
    (info / "entry_points.txt").write_text(f"[{GROUP}]\n{lines}")


def rows(found):
    return sorted((e.name, e.value, e.dist_name, e.version) for e in found)


def test_find_agrees_with_importlib_metadata():
    expected = sorted(
        (ep.name, ep.value, ep.dist.name, ep.dist.version)
        for ep in metadata.entry_points(group="mrt_roadmap")
    )
    assert rows(entrypoints.find("mrt_roadmap")) == expected


def test_a_distribution_installed_later_is_found_at_the_next_call(tmp_path, monkeypatch):
    site = tmp_path / "site"
    make_dist(site, "first-plugin", "1.0", {"first": "first_mod"})
    monkeypatch.syspath_prepend(str(site))
    assert rows(entrypoints.find(GROUP)) == [("first", "first_mod", "first-plugin", "1.0")]
    make_dist(site, "second-plugin", "2.0", {"second": "second_mod:plugin"})
    assert rows(entrypoints.find(GROUP)) == [
        ("first", "first_mod", "first-plugin", "1.0"),
        ("second", "second_mod:plugin", "second-plugin", "2.0"),
    ]


def test_nothing_is_written_outside_the_process(tmp_path, monkeypatch):
    """Start-up keeps no on-disk cache: finding plugins and registering their definitions
    write no file (the cache of earlier versions was removed, see docs/reliability.md)."""
    from mrt_roadmap.pluginmanager import PluginHost

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    PluginHost(load_entrypoints=True)
    assert list(tmp_path.iterdir()) == []


def test_load_imports_a_module_or_an_attribute_path(tmp_path, monkeypatch):
    (tmp_path / "ep_target_mod.py").write_text("class Outer:\n    class Inner:\n        x = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = FoundEntryPoint("m", "ep_target_mod", "d", "1").load()
    assert module is sys.modules["ep_target_mod"]
    inner = FoundEntryPoint("a", "ep_target_mod : Outer.Inner [extra]", "d", "1").load()
    assert inner.x == 1
    with pytest.raises(AttributeError):
        FoundEntryPoint("b", "ep_target_mod:Missing", "d", "1").load()
