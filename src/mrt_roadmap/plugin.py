"""The plugin API: everything a plugin author imports, from one place.

::

    from mrt_roadmap.plugin import Milestone, Reason, Registry, hookimpl

Plugins (the built-ins included) import only from this module; everything else in the package
may change without notice. What is here changes only as ``CHANGELOG.md`` says, with the plugin
API version (:data:`PLUGIN_API_VERSION`) raised on any change a plugin must follow.

- **Markers**: :data:`hookimpl` (pluggy), :data:`PLUGIN_API_VERSION`.
- **Registering** (``mrt_roadmap_register``, ``mrt_roadmap_exporters``): :class:`Registry`,
  :class:`ExporterRegistrar`.
- **Definitions** (what a registry holds): :class:`Credential`, :class:`EligibilityRule`,
  :class:`Route`, :class:`Requirement`, :class:`Exam`, :class:`EarlyTestingRule`,
  :class:`Fee`, :class:`Maintenance`, :class:`FullTime`,
  :class:`Provenance`, :class:`Program`, :class:`Role`, :class:`AcademicCalendar`,
  :class:`ExperienceArea`.
- **The learner and the plan** (hook arguments): :class:`Profile`, :class:`PlanState`,
  :class:`Holding` (with its :class:`CeActivity` log), :class:`EducationRecord`,
  :class:`JobRecord`, :class:`CredentialRecord`.
- **What hooks return**: :class:`RequirementStatus`, :class:`ExamDate`, :class:`Milestone`,
  :class:`Reason`, :class:`Cost`, :class:`Notice`; and the finished :class:`Roadmap` with its :class:`Notice` list.
- **Helpers**: :class:`Cycle` (what ``Maintenance.cycles`` returns),
  :func:`add_business_days`, :func:`freeze`, :data:`FTE_HOURS_PER_WEEK`.
- **Errors**: :class:`PluginError`, :class:`DefinitionError`, :class:`CatalogError`.
"""

from __future__ import annotations

from mrt_roadmap.definitions import (
    AcademicCalendar,
    Credential,
    EarlyTestingRule,
    Earnings,
    EligibilityRule,
    Exam,
    ExperienceArea,
    Fee,
    FullTime,
    Maintenance,
    Outlook,
    Program,
    Provenance,
    Requirement,
    Role,
    Route,
)
from mrt_roadmap.errors import CatalogError, DefinitionError, PluginError
from mrt_roadmap.formats.registry import ExporterRegistrar, ExportFunction, ExportOption
from mrt_roadmap.maintenance_cycles import Cycle, cycle_length
from mrt_roadmap.markers import PLUGIN_API_VERSION, hookimpl
from mrt_roadmap.model_base import FrozenDict, FrozenList, freeze
from mrt_roadmap.profile import CeActivity, Profile
from mrt_roadmap.registry import Registry
from mrt_roadmap.roadmap import Cost, Milestone, Notice, Reason, Roadmap
from mrt_roadmap.state import (
    FTE_HOURS_PER_WEEK,
    CredentialRecord,
    EducationRecord,
    ExamDate,
    Holding,
    JobRecord,
    PlanState,
    RequirementStatus,
)
from mrt_roadmap.terms import add_business_days

__all__ = [
    "FTE_HOURS_PER_WEEK",
    "PLUGIN_API_VERSION",
    "AcademicCalendar",
    "CatalogError",
    "CeActivity",
    "Cost",
    "Credential",
    "CredentialRecord",
    "Cycle",
    "DefinitionError",
    "EarlyTestingRule",
    "Earnings",
    "EducationRecord",
    "EligibilityRule",
    "Exam",
    "ExamDate",
    "ExperienceArea",
    "ExportFunction",
    "ExportOption",
    "ExporterRegistrar",
    "Fee",
    "FrozenDict",
    "FrozenList",
    "FullTime",
    "Holding",
    "JobRecord",
    "Maintenance",
    "Milestone",
    "Notice",
    "Outlook",
    "PlanState",
    "PluginError",
    "Profile",
    "Program",
    "Provenance",
    "Reason",
    "Registry",
    "Requirement",
    "RequirementStatus",
    "Roadmap",
    "Role",
    "Route",
    "add_business_days",
    "cycle_length",
    "freeze",
    "hookimpl",
]
