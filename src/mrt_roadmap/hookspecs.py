"""The hook contracts of mrt-roadmap. Every hook is prefixed ``mrt_roadmap_``.

Implement any of these in a plugin module (or class) with ``@mrt_roadmap.hookimpl``; an
implementation may accept any subset of a hook's arguments, by name. Hooks are synchronous.
Hooks are extended only by adding arguments, never by changing or removing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mrt_roadmap.markers import hookspec

if TYPE_CHECKING:
    from mrt_roadmap.definitions import Credential, Requirement, Route
    from mrt_roadmap.formats.registry import ExporterRegistrar
    from mrt_roadmap.profile import Profile
    from mrt_roadmap.registry import Registry
    from mrt_roadmap.roadmap import Milestone, Notice, Roadmap
    from mrt_roadmap.state import ExamDate, Holding, PlanState, RequirementStatus


class RoadmapSpecs:
    """Hook specifications (pluggy)."""

    @hookspec
    def mrt_roadmap_register(self, registry: Registry) -> None:
        """Register credentials, programs, roles, calendars and experience areas.

        Called once per plugin when the catalog is built. Add definitions with
        ``registry.add_credential(...)``, ``add_program``, ``add_role``, ``add_calendar``,
        ``add_experience_area``, or a whole definitions file with ``registry.add_file(path)``.
        Each definition is validated against ``credential.schema.json``; a duplicate id is an
        error naming both plugins. If the hook raises, everything this plugin registered is
        rolled back and the plugin is reported as failed.

        :param registry: the registry, bound to the calling plugin.
        :returns: nothing; results go through ``registry``.

        Example::

            @hookimpl
            def mrt_roadmap_register(registry):
                registry.add_file(Path(__file__).with_name("data.json"))

        .. versionadded:: 0.1
        """

    @hookspec(firstresult=True)
    def mrt_roadmap_requirement_status(
        self,
        requirement: Requirement,
        profile: Profile,
        state: PlanState,
        route: Route | None,
    ) -> RequirementStatus | None:
        """Evaluate a requirement of a kind a plugin introduced (e.g. ``practicum``).

        Stops at the first non-``None`` result. Answer only for the kinds your plugin declared
        with ``registry.add_requirement_kind`` (an answer for another plugin's kind is a
        failure); return ``None`` for the others. The core evaluates the kinds ``education``,
        ``credits``, ``credential``, ``experience`` and ``membership`` itself and does not call
        this hook for them.

        :param requirement: the requirement; ``requirement.kind`` and ``requirement.params``.
        :param profile: the learner's profile.
        :param state: the plan so far (read it: ``state.education``, ``state.credential_date``,
            ``state.experience_months``...); within a route, it includes what the route's
            earlier requirements scheduled.
        :param route: the eligibility route the requirement belongs to, with all its
            requirements (``None`` when a role's requirement is evaluated), so a requirement can
            depend on the others ("the exam within 12 months of completing the course").
        :returns: a :class:`~mrt_roadmap.state.RequirementStatus`: ``met_on`` (the date it is
            met, or ``None`` if it cannot be met), a reason, milestones to add (ids in your
            namespace), and ``valid_until``, the last day the requirement still counts: the
            route's exam must fall on or before it, or the route is not available and the
            roadmap says why.

        Example::

            @hookimpl
            def mrt_roadmap_requirement_status(requirement, state):
                if requirement.kind != "practicum":
                    return None
                done = [e for e in state.education if "NCRA" in e.accreditation]
                if not done:
                    return RequirementStatus(None, "needs an NCRA-accredited program")
                return RequirementStatus(done[0].end, "practicum is the program's last step")

        .. versionadded:: 0.1
        .. versionchanged:: 0.2 ``route`` argument; ``valid_until``.
        """

    @hookspec(firstresult=True)
    def mrt_roadmap_exam_date(
        self, credential: Credential, earliest: dt.date, profile: Profile
    ) -> ExamDate | dt.date | None:
        """Pick the exam date on or after ``earliest`` (e.g. the next testing window).

        Stops at the first non-``None`` result; without one the exam is planned on
        ``earliest``. A date before ``earliest`` is a failure of the plugin, which is reported
        and the next plugin asked.

        :param credential: the credential whose exam is being scheduled.
        :param earliest: the first day the learner is eligible and prepared.
        :param profile: the learner's profile.
        :returns: an :class:`~mrt_roadmap.state.ExamDate` (the day and the reason the roadmap
            shows for it, with its source), a plain date, or ``None`` for credentials you do
            not govern. A ``wrapper=True`` implementation receives the checked result, always
            an ``ExamDate`` (or ``None``).

        Example::

            @hookimpl
            def mrt_roadmap_exam_date(credential, earliest):
                if credential.issuer != "NCRA":
                    return None
                opens = next_window_start(earliest)
                why = Reason(f"tested only in windows; the next opens {opens}", "ODS.windows",
                             WINDOWS_URL, dt.date(2024, 1, 1))
                return ExamDate(opens, why)

        .. versionadded:: 0.1
        .. versionchanged:: 0.2 may return an ``ExamDate`` with its reason.
        """

    @hookspec
    def mrt_roadmap_maintenance(
        self, credentials: Sequence[Holding], profile: Profile, as_of: dt.date, horizon: dt.date
    ) -> Sequence[Milestone] | None:
        """CE cycles and renewal obligations for the credentials an issuer governs.

        Called once per plugin with every credential the learner holds or will earn in the
        plan (whoever registered it). Pick those whose ``credential.maintenance.scheme`` you
        govern and return ``ce_cycle`` and ``renewal`` milestones up to ``horizon``, combining
        totals as the issuer's rules say. Results of all plugins are concatenated.

        :param credentials: holdings (credential, earned date, planned or held, and the CE
            logged for it, ``ce_log``).
        :param profile: the learner's profile.
        :param as_of: the planning date; each cycle counts the CE logged inside it. Cycles that
            ended before it are returned back to the start of the profile's CE log
            (``Holding.shows_cycle``), with ``details["outcome"]``: ``met``, ``missed`` or
            ``unknown``.
        :param horizon: last day to plan to.
        :returns: milestones, or ``None``.

        Example::

            @hookimpl
            def mrt_roadmap_maintenance(credentials, horizon):
                mine = [h for h in credentials if h.credential.maintenance.scheme == "NCRA"]
                return [cycle_milestone(h, end) for h in mine for end in cycle_ends(h, horizon)]

        .. versionadded:: 0.1
        """

    @hookspec
    def mrt_roadmap_milestones(
        self, profile: Profile, roadmap: Roadmap
    ) -> Sequence[Milestone] | None:
        """Add milestones to a finished draft roadmap (e.g. removing AAPC's apprentice "-A").

        Called once per plugin; results are concatenated. Ids must be unique: prefix them with
        your plugin name. The draft is read-only.

        :param profile: the learner's profile.
        :param roadmap: the draft roadmap (milestones, goals, warnings).
        :returns: milestones to add, or ``None``.

        Example::

            @hookimpl
            def mrt_roadmap_milestones(roadmap):
                if any(m.credential == "CPC" for m in roadmap.by_kind("credential")):
                    return [apprentice_removal_milestone(roadmap)]
                return None

        .. versionadded:: 0.1
        """

    @hookspec
    def mrt_roadmap_notices(self, profile: Profile, roadmap: Roadmap) -> Sequence[Notice] | None:
        """Add warnings of your own to a finished draft roadmap.

        Called once per plugin with the draft (milestones and the core's warnings); results are
        concatenated. Each :class:`~mrt_roadmap.roadmap.Notice` has a ``code`` your plugin
        declared with ``registry.add_notice_code(code, description)``, starting with your
        namespace and a dot (``ctr.window-projected``), a message for people, and the
        ``source`` URL of the rule it rests on.

        :param profile: the learner's profile.
        :param roadmap: the draft roadmap (read-only).
        :returns: notices, or ``None``.

        Example::

            @hookimpl
            def mrt_roadmap_notices(roadmap):
                if any(m.credential == "ODS" for m in roadmap.by_kind("exam")):
                    return [Notice("ctr.remote-testing", "ODS can be taken remotely",
                                   source=REMOTE_URL)]
                return None

        .. versionadded:: 0.2
        """

    @hookspec
    def mrt_roadmap_exporters(self, registry: ExporterRegistrar) -> None:
        """Add output formats.

        Called once per plugin. Register with ``registry.add(name, function, media_type=...,
        suffix=..., description=...)``, where ``function(roadmap) -> str``. An exporter only
        reads the roadmap. A duplicate name is an error naming both plugins.

        :param registry: the exporter registry, bound to the calling plugin.
        :returns: nothing.

        Example::

            @hookimpl
            def mrt_roadmap_exporters(registry):
                registry.add("csv", to_csv, media_type="text/csv", suffix=".csv")

        .. versionadded:: 0.1
        """
