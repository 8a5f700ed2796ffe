"""The engine holds no issuer knowledge: no issuer, accreditation body or credential id, and no
source URL, appears in the code of ``src/mrt_roadmap/*.py`` or ``src/mrt_roadmap/formats/*.py``.

Comments and documentation strings (module, class, function and attribute docstrings: string
expression statements) are left out; every other token, f-strings included, is searched. The
names come from the catalog of every installed plugin (credential ids and aliases, issuers,
maintenance schemes, memberships, accreditations, organizations, install hints) plus a fixed
list of the bodies and credentials the project's own plugins name.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.definitions import Requirement
from mrt_roadmap.formats import ics
from mrt_roadmap.planner import Planner
from mrt_roadmap.plugin import JobRecord, Milestone, Profile, Registry, Roadmap, hookimpl
from mrt_roadmap.pluginmanager import get_plugin_host
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.profile_checks import unknown_credential_message
from mrt_roadmap.registry import CatalogBuilder
from mrt_roadmap.testing import make_planner

SRC = Path(__file__).resolve().parents[1] / "src" / "mrt_roadmap"
ENGINE = sorted([*SRC.glob("*.py"), *(SRC / "formats").glob("*.py")])
FIXED_NAMES = frozenset(
    {
        *("AHIMA", "NCRA", "AAPC", "CAHIIM", "HIIM"),
        *("RHIT", "RHIA", "CCA", "CCS", "CCS-P", "CDIP", "CHDA", "CHPS"),
        *("ODS", "CTR", "CPC", "COC", "CRC", "CPC-A", "COC-A"),
    }
)
"""Issuers, accreditation bodies and credentials of the project's plugins, searched even when a
plugin is not installed."""
URL = re.compile(r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
RESERVED_HOSTS = re.compile(r"https?://([A-Za-z0-9-]+\.)*example\.(org|com|net)\b")
"""Reserved example domains (RFC 2606) name no issuer: allowed (e.g. the schemas' ``$id``)."""


class Finding(NamedTuple):
    """A name (or URL) found in engine code: where, and the line it is on."""

    path: str
    line: int
    name: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.name!r} in: {self.text.strip()}"


def _requirement_names(reqs: Iterable[Requirement]) -> Iterator[str]:
    for req in reqs:
        for key in ("accreditation", "organization"):
            value = req.get(key)
            if isinstance(value, str):
                yield value


def catalog_names(catalog: Catalog) -> set[str]:
    """Issuer-specific names the catalog knows: ids, aliases, issuers, bodies."""
    names: set[str] = set(catalog.install_hints)
    for cred in catalog.credentials.values():
        names.update({cred.id, cred.issuer, *(a.name for a in cred.aliases)})
        if cred.membership:
            names.add(cred.membership)
        if cred.maintenance:
            names.add(cred.maintenance.scheme)
        for rule in cred.eligibility:
            for route in rule.routes:
                names.update(_requirement_names(route.requirements))
    for program in catalog.programs.values():
        names.update(program.accreditation)
        names.update(_requirement_names(program.admission))
    for role in catalog.roles.values():
        names.update(_requirement_names(role.requirements))
    return {n for n in names if n.strip()}


def _doc_spans(tree: ast.AST) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the documentation strings are: string expression statements."""
    spans = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
            spans.append(((node.lineno, node.col_offset), end))
    return spans


def code_tokens(source: str) -> Iterator[tuple[int, str]]:
    """(first line, text) of every token that is neither a comment nor documentation."""
    spans = _doc_spans(ast.parse(source))
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE):
            continue
        if any(start <= tok.start and tok.end <= end for start, end in spans):
            continue
        yield tok.start[0], tok.string


def scan(source: str, path: str, names: Iterable[str]) -> list[Finding]:
    """Every occurrence of a name (as a whole word, case-sensitive) or of a source URL in the
    code of ``source``."""
    pattern = re.compile(
        r"(?<![A-Za-z0-9_])("
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?![A-Za-z0-9_])"
    )
    lines = source.splitlines()
    found = []
    for first, text in code_tokens(source):
        hits = [(m.start(), m.group(1)) for m in pattern.finditer(text)]
        hits += [
            (m.start(), m.group(0))
            for m in URL.finditer(text)
            if not RESERVED_HOSTS.match(m.group(0))
        ]
        for offset, name in hits:
            line = first + text.count("\n", 0, offset)
            found.append(Finding(path, line, name, lines[line - 1]))
    return found


@pytest.fixture(scope="module")
def names() -> set[str]:
    return FIXED_NAMES | catalog_names(get_plugin_host().catalog)


def test_engine_code_names_no_issuer_or_credential(names: set[str]) -> None:
    findings = [
        finding
        for path in ENGINE
        for finding in scan(path.read_text("utf-8"), str(path.relative_to(SRC.parents[1])), names)
    ]
    assert not findings, "issuer knowledge in the engine:\n" + "\n".join(map(str, findings))


def test_names_come_from_the_installed_plugins() -> None:
    catalog = get_plugin_host().catalog
    found = catalog_names(catalog)
    assert set(catalog.credentials) <= found
    assert {c.issuer for c in catalog.credentials.values()} <= found
    assert {a for p in catalog.programs.values() for a in p.accreditation} <= found
    assert "CAHIIM" in found  # an accreditation body, read from the programs and requirements


PLANTED = '''"""Module docstring naming RHIT and https://www.ahima.org is documentation."""
ISSUER = "AHIMA"  # a comment naming NCRA is not code


def f(cred):
    """Docstring: CCS is fine here."""
    label = f"{cred.id} needs CAHIIM"
    text = """first line
    then ODS on the second"""
    url = "https://www.ncra-usa.org/page"
    reserved = "https://mrt-roadmap.example.org/schemas/"
    return cred.issuer == 'NCRA', RHITS, label, text, url, reserved
'''


def test_scan_finds_names_in_code_only() -> None:
    found = [(f.line, f.name) for f in scan(PLANTED, "planted.py", FIXED_NAMES)]
    assert found == [
        (2, "AHIMA"),
        (7, "CAHIIM"),
        (9, "ODS"),
        (10, "https://www.ncra-usa.org"),
        (12, "NCRA"),
    ]


def test_finding_names_file_and_line() -> None:
    finding = scan('X = "CPC"\n', "src/mrt_roadmap/x.py", {"CPC"})[0]
    assert str(finding) == "src/mrt_roadmap/x.py:1: 'CPC' in: X = \"CPC\""


# -- the knowledge moved to data: each piece is read from a plugin's definitions ----------------
SOURCE = "https://example.org/rules"
AS_OF = "2025-01-01"


def _prov(**fields: Any) -> dict[str, Any]:
    return {**fields, "source": SOURCE, "as_of": AS_OF, "verified": True}


class Defines:
    """A test plugin registering the given definitions (and install hints)."""

    def __init__(self, name: str, data: dict[str, list[dict[str, Any]]], **hints: str) -> None:
        self.PLUGIN_NAME = name
        self.data = data
        self.hints = hints

    @hookimpl
    def mrt_roadmap_register(self, registry: Registry) -> None:
        for kind, items in self.data.items():
            for item in items:
                getattr(registry, f"add_{kind}")(item)
        for credential, distribution in self.hints.items():
            registry.add_install_hint(credential=credential, distribution=distribution)


def _credential(ident: str, *requirements: dict[str, Any], **extra: Any) -> dict[str, Any]:
    route = {"id": "only", "label": "the only route", "requirements": list(requirements)}
    return _prov(
        id=ident,
        name=f"Test {ident}",
        issuer="TESTORG",
        eligibility=[_prov(routes=[route])],
        **extra,
    )


def _profile(**extra: Any) -> Profile:
    base: dict[str, Any] = {
        "id": "t",
        "as_of": "2026-11-26",
        "education": [{"level": "high_school", "status": "completed", "end": "2010-06-15"}],
        "availability": {"study_hours_per_week": 10},
    }
    return profile_from_dict({**base, **extra})


def test_install_hints_come_from_the_catalog() -> None:
    assert get_plugin_host().catalog.install_hint("ccs-p") == "mrt-roadmap-ccs"  # built-in data
    planner = make_planner(Defines("hinter", {}, XYZ="mrt-roadmap-xyz"), builtins=False)
    message = unknown_credential_message("xyz", planner.catalog)
    assert "pip install mrt-roadmap-xyz" in message
    assert "pip install" not in unknown_credential_message("ABC", planner.catalog)


def test_install_hints_go_with_a_rolled_back_plugin() -> None:
    builder = CatalogBuilder()
    builder.for_plugin("a").add_install_hint(credential="XYZ", distribution="dist-a")
    builder.for_plugin("b").add_install_hint(credential="xyz", distribution="dist-b")
    builder.rollback("a")
    assert builder.build().install_hints == {"XYZ": "dist-b"}


def test_default_goal_is_data_and_a_replacing_credential_covers_it(core_planner: Planner) -> None:
    assert [g.target for g in core_planner.plan(_profile()).goals] == ["RHIT"]
    held = {"credentials": [{"id": "RHIA", "earned": "2020-01-01"}]}
    assert core_planner.plan(_profile(**held)).goals == ()
    catalog = make_planner(Defines("one", {"credential": [_credential("ONE")]})).catalog
    assert not catalog.credentials["ONE"].default_goal


def _program(ident: str, transfers: bool | None) -> dict[str, Any]:
    return _prov(
        id=ident,
        name=f"Program {ident}",
        level="associate",
        field="testfield",
        degree="XYZ",  # no degree code steers the choice
        credits=30,
        starts=["fall"],
        transfers_to_bachelor=transfers,
    )


@pytest.mark.parametrize(("plans_bachelor", "chosen"), [(True, "p_transfer"), (False, "p_career")])
def test_program_choice_follows_transfers_to_bachelor(plans_bachelor: bool, chosen: str) -> None:
    need = {"kind": "education", "level": "associate", "field": "testfield", "label": "a degree"}
    data = {
        "program": [_program("p_career", False), _program("p_transfer", True)],
        "credential": [_credential("GOAL", need)],
    }
    planner = make_planner(Defines("programs", data))
    profile = _profile(
        goals={"credentials": ["GOAL"]}, preferences={"plans_bachelor": plans_bachelor}
    )
    programs = [m.details.get("program") for m in planner.plan(profile).by_kind("education")]
    assert programs == [None, chosen]  # the profile's diploma, then the program


def _early(allowed: bool) -> Roadmap:
    need = {
        "kind": "education",
        "level": "associate",
        "early_testing": "last_term",
        "label": "an associate degree",
    }
    rule = _prov(text="Early testers wait for their transcripts")
    exam = _prov(early_testing=allowed, early_testing_rule=rule)
    planner = make_planner(
        Defines("early", {"credential": [_credential("EARLY", need, exam=exam)]})
    )
    studying = {
        "level": "associate",
        "field": "other",
        "credits": 40,
        "status": "in_progress",
        "start": "2025-08-25",
        "end": "2027-05-04",
    }
    profile = _profile(
        education=[{"level": "high_school", "status": "completed", "end": "2010-06-15"}, studying],
        goals={"credentials": ["EARLY"]},
    )
    return planner.plan(profile)


def test_early_testing_is_the_exams_own_data() -> None:
    early, late = _early(True), _early(False)
    graduation = dt.date(2027, 5, 4)
    assert early.milestone("exam.EARLY").end < graduation  # in the last term
    assert late.milestone("exam.EARLY").end >= graduation  # the exam does not allow it
    why = early.milestone("credential.EARLY").why
    used = [r for r in why if r.rule == "EARLY.early_testing.use"]
    assert [(r.text, r.source) for r in used] == [
        ("Early testers wait for their transcripts", SOURCE)
    ]
    assert not [r for r in late.milestone("credential.EARLY").why if r.rule.endswith(".use")]


def _full_time_plan(area_hours: float | None, rule_hours: float | None) -> Roadmap:
    need: dict[str, Any] = {
        "kind": "experience",
        "area": "test_area",
        "hours": 2080,
        "label": "work",
    }
    if rule_hours is not None:
        need["full_time"] = _prov(hours_per_year=rule_hours)
    area: dict[str, Any] = {"id": "test_area", "label": "test work"}
    if area_hours is not None:
        area["full_time"] = _prov(hours_per_year=area_hours)
    data = {"experience_area": [area], "credential": [_credential("WORK", need)]}
    planner = make_planner(Defines("work", data))
    job = {"area": "test_area", "months": 6, "hours_per_week": 40, "current": True}
    return planner.plan(_profile(experience=[job], goals={"credentials": ["WORK"]}))


def test_full_time_is_the_rules_else_the_areas_else_the_default() -> None:
    default = _full_time_plan(None, None)
    area = _full_time_plan(2080, None)
    rule = _full_time_plan(2080 * 2, 2080)  # the rule's own definition wins over the area's
    met = {name: r.goals[0].reached_on for name, r in (("d", default), ("a", area), ("r", rule))}
    assert met["a"] == met["r"]
    assert met["d"] is not None
    assert met["a"] is not None
    # 40 h/week is full time under both; 2,080 hours are 12 months at 40 h/week, 12.8 at 37.5
    assert (met["d"] - met["a"]).days > 20
    assert not any("full time counted as" in a for a in default.assumptions)
    assert any("as its experience area defines it" in a for a in area.assumptions)
    assert any(
        "2,080 hours a year (40 hours a week), as its rule defines it" in a and SOURCE in a
        for a in rule.assumptions
    )


def test_job_record_counts_with_the_given_full_time() -> None:
    job = JobRecord("a", dt.date(2026, 1, 1), 20, prior_months=12 * 20 / 37.5)
    assert job.fte_months_on(dt.date(2026, 1, 1)) == pytest.approx(6.4)
    assert job.fte_months_on(dt.date(2026, 1, 1), 40) == pytest.approx(6)
    assert job.fte_months_on(dt.date(2026, 1, 1), 20) == pytest.approx(12)


def test_ics_renders_any_issuers_ce_minimums() -> None:
    cycle = Milestone(
        id="x.ce.1",
        kind="ce_cycle",
        title="X CE cycle",
        start=dt.date(2027, 1, 1),
        end=dt.date(2028, 12, 31),
        details={
            "issuer": "X",
            "ce_required": 30,
            "unit": "CE hour",
            "ce_minimums": [
                {"amount": 12, "label": "in live sessions"},
                {"amount": "lots", "label": "ignored: not a number"},
            ],
        },
    )
    lead = ics._ce_lead(cycle)
    assert "At least 12 CE hours in live sessions." in lead
    assert not [line for line in lead if "ignored" in line]
