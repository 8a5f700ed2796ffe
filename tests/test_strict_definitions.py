"""Strict definitions: unknown keys are errors at their own path with a "did you mean" hint,
plugin-defined requirement kinds stay free-form, and unknown exam delays are ``null`` that the
roadmap warns about instead of printing a guessed number."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import plugin_fixtures as fx
import pytest

from mrt_roadmap.convert import converter
from mrt_roadmap.definitions import Credential
from mrt_roadmap.errors import DefinitionError, Problem, ProfileError
from mrt_roadmap.planner import Planner
from mrt_roadmap.pluginmanager import PluginHost
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.registry import CatalogBuilder
from mrt_roadmap.schemas import MAX_MESSAGE_CHARS, schema, validate

ROOT = Path(__file__).resolve().parents[1]
BUILTIN = ROOT / "src" / "mrt_roadmap" / "builtin"
BUILTIN_FILES = sorted(
    {
        name
        for module in BUILTIN.glob("*.py")
        for name in re.findall(r'add_file\(.*"(\w+\.json)"\)', module.read_text("utf-8"))
    }
)
"""The built-in definitions files: those a built-in plugin registers with ``add_file``."""
DATA_FILES = sorted(
    [
        *(BUILTIN / "data" / name for name in BUILTIN_FILES),
        *ROOT.glob("plugins/*/src/*/data.json"),
        ROOT / "examples/plugin-template/src/mrt_roadmap_example/data.json",
    ]
)
PROVENANCE = {"source": fx.SOURCE, "as_of": "2025-01-01"}
EXAM = {**PROVENANCE, "processing_business_days": 5}
MAINTENANCE = {
    "scheme": "TESTORG",
    "cycle_months": 24,
    "ce_per_cycle": 20,
    **PROVENANCE,
}
PROFILE = {
    "id": "t",
    "as_of": "2026-11-26",  # a Thursday
    "education": [{"level": "high_school", "end": "2010-06-01"}],
    "availability": {"study_hours_per_week": 10},
}


def credential_problems(data: dict[str, Any]) -> list[Problem]:
    return validate("credential", data, definition="credential")


def requirement(data: dict[str, Any]) -> dict[str, Any]:
    return fx.credential("REQ", [data])


REQ_PATH = "$.eligibility[0].routes[0].requirements[0]"


# -- unknown keys: path and hint ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "path", "hint"),
    [
        (
            fx.credential("TYPO", exam={**EXAM, "retake_wait_day": 30}),
            "$.exam.retake_wait_day",
            "retake_wait_days",
        ),
        (
            fx.credential("TYPO", maintenance={**MAINTENANCE, "ce_per_cyle": 20}),
            "$.maintenance.ce_per_cyle",
            "ce_per_cycle",
        ),
        (
            requirement({"kind": "education", "level": "associate", "levle": "bachelor"}),
            f"{REQ_PATH}.levle",
            "level",
        ),
        (fx.credential("TYPO", isuer="X"), "$.isuer", "issuer"),
        (
            fx.credential("TYPO", exam={**EXAM, "fees": [{**PROVENANCE, "membr": 1}]}),
            "$.exam.fees[0].membr",
            "member",
        ),
    ],
    ids=["exam", "maintenance", "requirement", "top-level", "fee"],
)
def test_a_typo_is_an_unknown_key_at_its_own_path_with_a_hint(data, path, hint):
    assert credential_problems(data) == [
        Problem(path, f"unknown key; did you mean {hint!r}?", "unknown-key")
    ]


def test_a_definitions_file_reports_the_key_path_inside_its_list():
    cred = fx.credential("TYPO", exam={**EXAM, "retake_wait_day": 30})
    problems = validate("credential", {"credentials": [fx.credential("OK"), cred]})
    assert [str(p) for p in problems] == [
        "$.credentials[1].exam.retake_wait_day: unknown key; did you mean 'retake_wait_days'?"
    ]


def test_each_unknown_key_is_its_own_problem():
    data = fx.credential("TYPO", exam={**EXAM, "retake_wait_day": 30, "prep_hour": 10})
    assert [p.path for p in credential_problems(data)] == [
        "$.exam.prep_hour",
        "$.exam.retake_wait_day",
    ]


def test_without_a_close_key_the_known_keys_are_listed():
    [problem] = credential_problems(fx.credential("X", exam={**EXAM, "zzz": 1}))
    assert problem.path == "$.exam.zzz"
    assert problem.message.startswith("unknown key; known keys here: as_of, early_testing,")
    assert "processing_business_days" in problem.message


def test_a_hostile_key_is_quoted_briefly():
    [problem] = credential_problems(fx.credential("X", **{"k\n" * 5_000: 1}))
    assert problem.path.startswith("$['k\\nk\\n")
    assert "(10,000 characters)" in problem.path
    assert len(problem.message) <= MAX_MESSAGE_CHARS


def test_a_broken_provenance_adds_no_unknown_key_noise():
    data = fx.credential("X", exam={**EXAM, "source": "a book on my shelf"})
    assert [p.path for p in credential_problems(data)] == ["$.exam.source"]


def test_a_profile_typo_gets_the_hint():
    data = copy.deepcopy(schema("profile")["examples"][0])
    data["availability"]["study_hours_per_wek"] = 12
    expected = Problem(
        "$.availability.study_hours_per_wek",
        "unknown key; did you mean 'study_hours_per_week'?",
        "unknown-key",
    )
    assert expected in validate("profile", data)
    with pytest.raises(ProfileError) as info:
        profile_from_dict(data)
    assert expected in info.value.problems


# -- requirement kinds ------------------------------------------------------------------------
def test_a_core_kind_refuses_another_kinds_key():
    data = requirement({"kind": "education", "level": "associate", "min_credits": 30})
    [problem] = credential_problems(data)
    assert problem.path == f"{REQ_PATH}.min_credits"
    assert problem.message.startswith("unknown key; known keys here: accreditation, as_of,")


@pytest.mark.parametrize(
    "req",
    [
        {"kind": "credits", "min_credits": 30, "courses": [{"name": "anatomy", "semesters": 2}]},
        {"kind": "credential", "any_of": ["RHIT"], "label": "an RHIT"},
        {
            "kind": "experience",
            "areas": ["him"],
            "months": 24,
            "source": fx.SOURCE,
            "as_of": "2025-01-01",
        },
        {"kind": "membership", "organization": "AAPC", "note": "to sit and to keep it"},
    ],
    ids=lambda r: r["kind"],
)
def test_core_kinds_accept_their_own_keys_and_provenance(req):
    assert credential_problems(requirement(req)) == []


def test_a_course_typo_in_a_credits_requirement_is_caught():
    req = {"kind": "credits", "min_credits": 30, "courses": [{"name": "a", "semester": 2}]}
    assert credential_problems(requirement(req)) == [
        Problem(
            f"{REQ_PATH}.courses[0].semester",
            "unknown key; did you mean 'semesters'?",
            "unknown-key",
        )
    ]


def test_a_plugin_kind_stays_free_form_and_its_keys_become_params():
    req = {"kind": "lab_hours", "hours": 40, "lab_site": "any", "label": "40 lab hours"}
    data = requirement(req)
    assert credential_problems(data) == []
    cred = converter().structure(data, Credential)
    [parsed] = cred.eligibility[0].routes[0].requirements
    assert dict(parsed.params) == {"hours": 40, "lab_site": "any"}


def test_extra_stays_free_form():
    assert credential_problems(fx.credential("X", extra={"anything": {"at": ["all"]}})) == []


# -- registration -----------------------------------------------------------------------------
def test_an_unknown_top_level_key_fails_registration_naming_the_plugin():
    with pytest.raises(DefinitionError) as info:
        CatalogBuilder().for_plugin("acme").add_credential(fx.credential("ACME", isuer="ACME"))
    assert "credential 'ACME' from plugin 'acme'" in str(info.value)
    assert info.value.problems == (
        Problem("$.isuer", "unknown key; did you mean 'issuer'?", "unknown-key"),
    )


def test_an_unknown_key_in_a_definitions_file_fails_naming_the_plugin(tmp_path):
    program = {
        "id": "aas_x",
        "name": "AAS X",
        "level": "associate",
        "field": "him",
        "credits": 60,
        "credit_per_term": 15,
        "source": fx.SOURCE,
        "as_of": "2025-01-01",
    }
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"programs": [program]}))
    with pytest.raises(DefinitionError) as info:
        CatalogBuilder().for_plugin("acme").add_file(path)
    assert "definitions file data.json from plugin 'acme'" in str(info.value)
    assert [p.path for p in info.value.problems] == ["$.programs[0].credit_per_term"]


def test_a_plugin_registering_an_unknown_key_is_left_out_with_its_name():
    h = PluginHost(
        load_entrypoints=False, plugins=[fx.Registers("typo-plugin", fx.credential("T", levle=1))]
    )
    assert "T" not in h.catalog.credentials
    assert any("typo-plugin" in str(f) and "levle" in str(f) for f in h.failures)


# -- unknown facts are null -------------------------------------------------------------------
def plan_exam(**exam: Any) -> Any:
    cred = fx.credential("NUL", exam={**EXAM, "result_delay_days": 0, **exam})
    planner = Planner(PluginHost(load_entrypoints=False, plugins=[fx.Registers("nul", cred)]))
    roadmap = planner.plan(profile_from_dict({**PROFILE, "goals": {"credentials": ["NUL"]}}))
    return roadmap, roadmap.milestone("exam.NUL")


def test_null_processing_days_plans_with_none_and_warns():
    roadmap, exam = plan_exam(processing_business_days=None)
    assert exam.end == dt.date(2026, 11, 26)  # eligible today; no authorization delay assumed
    [warning] = [w for w in roadmap.warnings if w.code == "unknown-processing-time"]
    assert "NUL" in warning.message
    assert fx.SOURCE in warning.message
    assert warning.source == fx.SOURCE
    texts = [r.text for r in exam.why]
    assert any("authorization to test (time not in our sources)" in t for t in texts)
    assert not any("business days" in t for t in texts)


def test_known_processing_days_are_used_and_stated_without_a_warning():
    roadmap, exam = plan_exam(processing_business_days=5)
    assert exam.end == dt.date(2026, 12, 3)  # Thu + 5 business days
    assert any("(5 business days)" in r.text for r in exam.why)
    assert not {"unknown-processing-time", "unknown-result-time"} & {
        w.code for w in roadmap.warnings
    }


def test_an_omitted_processing_time_is_unknown_too():
    cred = fx.credential("NUL", exam={"source": fx.SOURCE, "as_of": "2025-01-01"})
    parsed = converter().structure(cred, Credential)
    assert parsed.exam is not None
    assert parsed.exam.processing_business_days is None
    assert parsed.exam.result_delay_days is None


def test_null_result_delay_dates_the_credential_on_the_exam_day_and_warns():
    roadmap, exam = plan_exam(result_delay_days=None)
    assert exam.details["result_date"] == exam.details["exam_date"]
    [warning] = [w for w in roadmap.warnings if w.code == "unknown-result-time"]
    assert "NUL" in warning.message
    assert warning.source == fx.SOURCE


@pytest.mark.parametrize("key", ["processing_business_days", "result_delay_days"])
def test_null_is_valid_but_a_negative_number_is_not(key):
    assert credential_problems(fx.credential("X", exam={**EXAM, key: None})) == []
    [problem] = credential_problems(fx.credential("X", exam={**EXAM, key: -1}))
    assert problem.path == f"$.exam.{key}"


# -- shipped data -----------------------------------------------------------------------------
def test_the_data_files_are_found():
    assert {"ahima.json", "careers.json", "education.json"} <= set(BUILTIN_FILES)
    assert len(DATA_FILES) >= 9
    assert all(p.is_file() for p in DATA_FILES)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_data_file_validates_under_the_strict_schema(path):
    assert validate("credential", json.loads(path.read_text("utf-8"))) == []
