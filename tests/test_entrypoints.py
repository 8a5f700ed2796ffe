"""Entry-point discovery: the same answer as importlib.metadata, remembered until the
environment changes."""

from __future__ import annotations

import os
import sys
import time
from importlib import metadata

import pytest

from mrt_roadmap import entrypoints
from mrt_roadmap.entrypoints import FoundEntryPoint

GROUP = "mrt_roadmap_test_group"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MRT_ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MRT_ROADMAP_NO_CACHE", raising=False)
    return tmp_path / "cache"


def make_dist(site, name, version, entry_points):
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
    (info / "entry_points.txt").write_text(f"[{GROUP}]\n{lines}")


def age(path, seconds=60):
    """Make ``path`` look settled (changed a while ago)."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def rows(found):
    return sorted((e.name, e.value, e.dist_name, e.version) for e in found)


def test_scan_agrees_with_importlib_metadata():
    expected = sorted(
        (ep.name, ep.value, ep.dist.name, ep.dist.version)
        for ep in metadata.entry_points(group="mrt_roadmap")
    )
    assert rows(entrypoints.scan("mrt_roadmap")) == expected


def test_found_once_then_remembered_until_a_distribution_is_installed(cache, tmp_path, monkeypatch):
    site = tmp_path / "site"
    make_dist(site, "first-plugin", "1.0", {"first": "first_mod"})
    age(site)
    monkeypatch.syspath_prepend(str(site))
    # Other sys.path folders (site-packages after a pip install) may have just changed too.
    monkeypatch.setattr(entrypoints, "RACY_SECONDS", 0)
    scans = []
    real = entrypoints.scan
    monkeypatch.setattr(entrypoints, "scan", lambda group: scans.append(group) or real(group))

    assert rows(entrypoints.find(GROUP)) == [("first", "first_mod", "first-plugin", "1.0")]
    assert rows(entrypoints.find(GROUP)) == [("first", "first_mod", "first-plugin", "1.0")]
    assert len(scans) == 1

    make_dist(site, "second-plugin", "2.0", {"second": "second_mod:plugin"})
    age(site, 30)  # a new dist-info moves the site directory's time
    assert rows(entrypoints.find(GROUP)) == [
        ("first", "first_mod", "first-plugin", "1.0"),
        ("second", "second_mod:plugin", "second-plugin", "2.0"),
    ]
    assert len(scans) == 2


def test_a_scan_of_a_just_changed_folder_is_not_remembered(cache, tmp_path, monkeypatch):
    site = tmp_path / "site"
    make_dist(site, "fresh-plugin", "1.0", {"fresh": "fresh_mod"})  # changed just now
    monkeypatch.syspath_prepend(str(site))
    scans = []
    real = entrypoints.scan
    monkeypatch.setattr(entrypoints, "scan", lambda group: scans.append(group) or real(group))
    entrypoints.find(GROUP)
    entrypoints.find(GROUP)
    assert len(scans) == 2


def test_a_different_path_is_a_different_entry(cache, tmp_path, monkeypatch):
    site = tmp_path / "site"
    make_dist(site, "path-plugin", "1.0", {"p": "path_mod"})
    age(site)
    assert entrypoints.find(GROUP) == []
    monkeypatch.syspath_prepend(str(site))
    assert [e.dist_name for e in entrypoints.find(GROUP)] == ["path-plugin"]


def test_load_imports_a_module_or_an_attribute_path(tmp_path, monkeypatch):
    (tmp_path / "ep_target_mod.py").write_text("class Outer:\n    class Inner:\n        x = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = FoundEntryPoint("m", "ep_target_mod", "d", "1").load()
    assert module is sys.modules["ep_target_mod"]
    inner = FoundEntryPoint("a", "ep_target_mod : Outer.Inner [extra]", "d", "1").load()
    assert inner.x == 1
    with pytest.raises(AttributeError):
        FoundEntryPoint("b", "ep_target_mod:Missing", "d", "1").load()
