"""The start-up cache: keyed entries, staleness, damage and trust."""

from __future__ import annotations

import os

import pytest

from mrt_roadmap import startup_cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("MRT_ROADMAP_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("MRT_ROADMAP_NO_CACHE", raising=False)
    return tmp_path


def entries(folder, kind="k"):
    return sorted(p for p in (folder / kind).iterdir())


def test_a_value_comes_back_only_for_its_key(folder):
    startup_cache.store("k", b"name", b"key-1", {"a": (1, 2)})
    assert startup_cache.load("k", b"name", b"key-1") == {"a": (1, 2)}
    assert startup_cache.load("k", b"name", b"key-2") is None
    assert startup_cache.load("k", b"other", b"key-1") is None


def test_a_new_key_replaces_the_entry_instead_of_adding_one(folder):
    startup_cache.store("k", b"name", b"key-1", 1)
    startup_cache.store("k", b"name", b"key-2", 2)
    assert len(entries(folder)) == 1
    assert startup_cache.load("k", b"name", b"key-2") == 2
    assert startup_cache.load("k", b"name", b"key-1") is None


def test_a_damaged_entry_is_a_miss(folder):
    startup_cache.store("k", b"name", b"key", [1, 2, 3])
    (path,) = entries(folder)
    path.write_bytes(path.read_bytes()[:-5])
    assert startup_cache.load("k", b"name", b"key") is None
    path.write_bytes(b"")
    assert startup_cache.load("k", b"name", b"key") is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_an_entry_others_can_write_is_not_read(folder):
    startup_cache.store("k", b"name", b"key", "value")
    (path,) = entries(folder)
    assert path.stat().st_mode & 0o077 == 0, "entries are private to their user"
    path.chmod(0o666)
    assert startup_cache.load("k", b"name", b"key") is None
    path.chmod(0o600)
    assert startup_cache.load("k", b"name", b"key") == "value"


def test_an_unwritable_cache_only_means_recomputing(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MRT_ROADMAP_CACHE_DIR", str(blocker))
    startup_cache.store("k", b"name", b"key", 1)
    assert startup_cache.load("k", b"name", b"key") is None


def test_the_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("MRT_ROADMAP_CACHE_DIR", raising=False)
    monkeypatch.delenv("MRT_ROADMAP_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert startup_cache.cache_dir() == tmp_path / "mrt-roadmap"


def test_key_parts_do_not_run_together():
    assert startup_cache.join("ab", "c") != startup_cache.join("a", "bc")
    assert startup_cache.join(b"x") == startup_cache.join("x")


def test_names_sharing_a_file_never_read_each_others_values(folder, monkeypatch):
    monkeypatch.setattr(startup_cache, "_entry", lambda kind, name: folder / "one-file")
    startup_cache.store("k", b"first", b"key", "first value")
    assert startup_cache.load("k", b"second", b"key") is None
    startup_cache.store("k", b"second", b"key", "second value")
    assert startup_cache.load("k", b"first", b"key") is None
    assert startup_cache.load("k", b"second", b"key") == "second value"


def test_a_key_that_only_starts_the_same_is_a_miss(folder):
    startup_cache.store("k", b"name", b"key-long", 1)
    assert startup_cache.load("k", b"name", b"key") is None


def test_entries_for_files_that_come_and_go_are_bounded(folder, monkeypatch):
    monkeypatch.setattr(startup_cache, "MAX_ENTRIES", 8)
    for i in range(20):
        startup_cache.store("k", f"tmp-file-{i}".encode(), b"key", i)
        path = startup_cache._entry("k", f"tmp-file-{i}".encode())
        os.utime(path, ns=(i * 10**9, i * 10**9))  # stored one after the other
    assert len(entries(folder)) <= 8
    assert startup_cache.load("k", b"tmp-file-19", b"key") == 19
    assert startup_cache.load("k", b"tmp-file-0", b"key") is None
