"""End to end: a real installed distribution whose plugin raises on import.

The distribution is laid out on disk (a ``.dist-info`` with an entry point in the
``mrt_roadmap`` group, and the module it names) and found through ``sys.path`` exactly as
pip-installed plugins are; the CLI runs in a separate process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mrt_roadmap.pluginmanager import PluginHost


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    info = root / "mrt_roadmap_broken-1.2.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: mrt-roadmap-broken\nVersion: 1.2.3\n"
    )
    (info / "entry_points.txt").write_text("[mrt_roadmap]\nbroken = mrt_roadmap_broken\n")
    (root / "mrt_roadmap_broken.py").write_text(
        "raise ImportError('needs a library that is missing')\n"
    )
    return root


def test_listed_as_failed_in_process(site, monkeypatch):
    monkeypatch.syspath_prepend(str(site))
    host = PluginHost()
    failure = next(f for f in host.failures if f.name == "mrt-roadmap-broken")
    assert (failure.version, failure.stage) == ("1.2.3", "import")
    assert "needs a library that is missing" in failure.error
    assert "RHIT" in host.catalog.credentials


def run(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("MRT_ROADMAP_LOAD_PLUGINS", None)
    cmd = [sys.executable, "-c", "from mrt_roadmap.cli import main; main()", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_cli_lists_it_and_still_plans(site):
    listing = run(site, "plugins", "--json")
    assert listing.returncode == 0, listing.stderr
    failed = json.loads(listing.stdout)["failed"]
    assert [(f["name"], f["version"], f["stage"]) for f in failed] == [
        ("mrt-roadmap-broken", "1.2.3", "import")
    ]
    demo = run(site, "demo", "-f", "json")
    assert demo.returncode == 0, demo.stderr
    roadmap = json.loads(demo.stdout)
    assert any(
        w["code"] == "plugin-failed" and "mrt-roadmap-broken==1.2.3" in w["message"]
        for w in roadmap["warnings"]
    )
    strict = run(site, "--strict", "demo")
    assert strict.returncode == 3
    assert "Traceback" not in strict.stderr
    blocked = run(site, "--block", "mrt-roadmap-broken", "plugins", "--json")
    assert json.loads(blocked.stdout)["failed"] == []
