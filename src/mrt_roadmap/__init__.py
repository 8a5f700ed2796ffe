"""mrt-roadmap: personal, dated career roadmaps for medical records and health information
technicians, with sourced rules and a pluggy plugin system.

Typical use::

    import mrt_roadmap
    problems = mrt_roadmap.validate("profile.json")   # every problem at once, with codes
    roadmap = mrt_roadmap.plan("profile.json")
    print(mrt_roadmap.export(roadmap, "text"))

Every name here is the embedding API (``docs/api.md``; plugin authors use
:mod:`mrt_roadmap.plugin`). Heavy modules load on first use, so ``import mrt_roadmap`` stays
cheap; type checkers see every name, and only these names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from mrt_roadmap.errors import (
    CatalogError,
    DefinitionError,
    InputError,
    MrtRoadmapError,
    OutputError,
    PluginError,
    Problem,
    ProfileError,
    UnknownIdError,
)
from mrt_roadmap.markers import PLUGIN_API_VERSION, hookimpl

__version__ = "0.1.0"
"""The version, written only here (``pyproject.toml`` reads it: ``[tool.hatch.version]``)."""

if TYPE_CHECKING:
    from mrt_roadmap.api import (
        FormatInfo,
        explain,
        export,
        output_formats,
        plan,
        plan_async,
        validate,
    )
    from mrt_roadmap.batch import BatchResult, plan_many
    from mrt_roadmap.cohort_summary import CohortSummary, GoalSummary, summarize
    from mrt_roadmap.comparison import Comparison, compare
    from mrt_roadmap.definitions import Earnings, Outlook
    from mrt_roadmap.explanation import (
        Explanation,
        RequirementExplanation,
        RouteExplanation,
    )
    from mrt_roadmap.formats.registry import ExportOption
    from mrt_roadmap.milestone_details import (
        AdvancementDetails,
        CeCycleDetails,
        CredentialDetails,
        EducationDetails,
        ExamDetails,
        ExperienceDetails,
        JobDetails,
        RenewalDetails,
    )
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.pluginmanager import PluginHost, get_plugin_host
    from mrt_roadmap.profile import (
        Availability,
        CeActivity,
        CeUnit,
        Course,
        Delivery,
        Education,
        EducationLevel,
        EducationStatus,
        ExamAttempt,
        ExamResult,
        Experience,
        Goals,
        HeldCredential,
        Preferences,
        Profile,
        Progress,
        load_profile,
        profile_from_dict,
        profile_to_dict,
    )
    from mrt_roadmap.profile_validation import ProfileSource
    from mrt_roadmap.roadmap import (
        Alternative,
        Cost,
        GoalResult,
        Milestone,
        MilestoneKind,
        Notice,
        Reason,
        Roadmap,
        RoleFacts,
        Status,
        Tracking,
        TrackingStatus,
    )
    from mrt_roadmap.state import RequirementStatus

_LAZY = {
    **dict.fromkeys(
        ("FormatInfo", "explain", "export", "output_formats", "plan", "plan_async", "validate"),
        "mrt_roadmap.api",
    ),
    **dict.fromkeys(("BatchResult", "plan_many"), "mrt_roadmap.batch"),
    **dict.fromkeys(("CohortSummary", "GoalSummary", "summarize"), "mrt_roadmap.cohort_summary"),
    **dict.fromkeys(("Comparison", "compare"), "mrt_roadmap.comparison"),
    **dict.fromkeys(("Earnings", "Outlook"), "mrt_roadmap.definitions"),
    **dict.fromkeys(
        ("Explanation", "RequirementExplanation", "RouteExplanation"), "mrt_roadmap.explanation"
    ),
    "ExportOption": "mrt_roadmap.formats.registry",
    **dict.fromkeys(
        (
            "AdvancementDetails",
            "CeCycleDetails",
            "CredentialDetails",
            "EducationDetails",
            "ExamDetails",
            "ExperienceDetails",
            "JobDetails",
            "RenewalDetails",
        ),
        "mrt_roadmap.milestone_details",
    ),
    "Planner": "mrt_roadmap.planner",
    **dict.fromkeys(("PluginHost", "get_plugin_host"), "mrt_roadmap.pluginmanager"),
    **dict.fromkeys(
        (
            "Availability",
            "CeActivity",
            "CeUnit",
            "Course",
            "Delivery",
            "Education",
            "EducationLevel",
            "EducationStatus",
            "ExamAttempt",
            "ExamResult",
            "Experience",
            "Goals",
            "HeldCredential",
            "Preferences",
            "Profile",
            "Progress",
            "load_profile",
            "profile_from_dict",
            "profile_to_dict",
        ),
        "mrt_roadmap.profile",
    ),
    "ProfileSource": "mrt_roadmap.profile_validation",
    **dict.fromkeys(
        (
            "Alternative",
            "Cost",
            "GoalResult",
            "Milestone",
            "MilestoneKind",
            "Notice",
            "Reason",
            "RoleFacts",
            "Roadmap",
            "Status",
            "Tracking",
            "TrackingStatus",
        ),
        "mrt_roadmap.roadmap",
    ),
    "RequirementStatus": "mrt_roadmap.state",
}
"""Where each lazily loaded name lives."""

if not TYPE_CHECKING:  # type checkers see the imports above, and reject any other name

    def __getattr__(name: str) -> object:
        if name in _LAZY:
            value = getattr(importlib.import_module(_LAZY[name]), name)
            globals()[name] = value
            return value
        raise AttributeError(f"module 'mrt_roadmap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "PLUGIN_API_VERSION",
    "AdvancementDetails",
    "Alternative",
    "Availability",
    "BatchResult",
    "CatalogError",
    "CeActivity",
    "CeCycleDetails",
    "CeUnit",
    "CohortSummary",
    "Comparison",
    "Cost",
    "Course",
    "CredentialDetails",
    "DefinitionError",
    "Delivery",
    "Earnings",
    "Education",
    "EducationDetails",
    "EducationLevel",
    "EducationStatus",
    "ExamAttempt",
    "ExamDetails",
    "ExamResult",
    "Experience",
    "ExperienceDetails",
    "Explanation",
    "ExportOption",
    "FormatInfo",
    "GoalResult",
    "GoalSummary",
    "Goals",
    "HeldCredential",
    "InputError",
    "JobDetails",
    "Milestone",
    "MilestoneKind",
    "MrtRoadmapError",
    "Notice",
    "Outlook",
    "OutputError",
    "Planner",
    "PluginError",
    "PluginHost",
    "Preferences",
    "Problem",
    "Profile",
    "ProfileError",
    "ProfileSource",
    "Progress",
    "Reason",
    "RenewalDetails",
    "RequirementExplanation",
    "RequirementStatus",
    "Roadmap",
    "RoleFacts",
    "RouteExplanation",
    "Status",
    "Tracking",
    "TrackingStatus",
    "UnknownIdError",
    "__version__",
    "compare",
    "explain",
    "export",
    "get_plugin_host",
    "hookimpl",
    "load_profile",
    "output_formats",
    "plan",
    "plan_async",
    "plan_many",
    "profile_from_dict",
    "profile_to_dict",
    "summarize",
    "validate",
]
