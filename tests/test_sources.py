"""Every source in shipped data is a real public page: no test, staging or mirror hosts, no retired
sites, no bare domains; and every unverified rule a roadmap rests on is warned about."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_FILES = sorted(
    [
        *(ROOT / "src" / "mrt_roadmap" / "builtin" / "data").glob("*.json"),
        *(ROOT / "plugins").glob("*/src/*/data.json"),
    ]
)
CODE_FILES = sorted(
    [
        *(ROOT / "src" / "mrt_roadmap" / "builtin").glob("*.py"),
        *(ROOT / "plugins").glob("*/src/*/*.py"),
    ]
)
NOT_CANONICAL = re.compile(
    r"(^|\.)(cms-test|cms-qa|conference-test|my2)\.ahima\.org$"
    r"|\.elb\.amazonaws\.com$|(^|\.)healthcom\.info$|(^|\.)ctrexam\.org$|matrixdev\.net$"
)
"""Staging and test hosts of AHIMA, a load balancer, a mirror of AHIMA pages, NCRA's retired
exam site, CAHIIM's development host."""
URL = re.compile(r"https?://[^\s\"'<>)]+")


def _urls(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _urls(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _urls(item, f"{where}[{i}]")
    elif isinstance(value, str):
        for url in URL.findall(value):
            yield where, url


def shipped_urls() -> list[tuple[str, str, str]]:
    found = []
    for path in DATA_FILES:
        for where, url in _urls(json.loads(path.read_text(encoding="utf-8")), "$"):
            found.append((path.relative_to(ROOT).as_posix(), where, url))
    for path in CODE_FILES:
        for url in URL.findall(path.read_text(encoding="utf-8")):
            found.append((path.relative_to(ROOT).as_posix(), "code", url))
    return found


def test_the_data_has_sources_to_check():
    assert len(shipped_urls()) > 150


def test_no_source_is_a_test_staging_or_mirror_host_or_a_bare_domain():
    bad = []
    for file, where, url in shipped_urls():
        parts = urlsplit(url.rstrip(".,;"))
        host = parts.hostname or ""
        if NOT_CANONICAL.search(host):
            bad.append((file, where, url, "not a canonical host"))
        elif where.endswith(("source", "source]")) and parts.path in ("", "/") and not parts.query:
            bad.append((file, where, url, "a bare domain, not a page"))
    assert bad == []


@pytest.mark.parametrize(
    "name",
    [
        "p1-career-changer-rhia",
        "p5-working-rhit-to-rhia",
        "p6-ccs-to-chda",
        "p7-nurse-to-ods",
        "p8-rhia-to-chps",
    ],
)
def test_every_unverified_rule_of_a_chosen_route_is_warned_about(name):
    import mrt_roadmap

    planner = mrt_roadmap.Planner()
    roadmap = planner.plan(ROOT / "examples" / "profiles" / f"{name}.json")
    warned = {w.rule for w in roadmap.warnings if w.code == "unverified-rule"}
    for goal in roadmap.goals:
        if goal.kind != "credential" or goal.route in (None, "held"):
            continue
        cred = planner.catalog.credential(goal.target)
        rule = cred.rule_on(roadmap.as_of)
        assert rule is not None
        route = next(r for r in rule.routes if r.id == goal.route)
        provs = [rule.provenance, *(r.provenance for r in route.requirements if r.provenance)]
        if any(not p.verified for p in provs):
            assert f"{cred.id}.eligibility.{route.id}" in warned
