"""Small plugins used by the plugin tests (each a class instance, so tests stay independent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mrt_roadmap import hookimpl
from mrt_roadmap.roadmap import Milestone, Reason
from mrt_roadmap.state import RequirementStatus

SOURCE = "https://example.org/rules"


def credential(
    ident: str, requirements: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "id": ident,
        "name": f"Test credential {ident}",
        "issuer": extra.pop("issuer", "TESTORG"),
        "source": SOURCE,
        "as_of": "2025-01-01",
        "eligibility": [
            {
                "source": SOURCE,
                "as_of": "2025-01-01",
                "routes": [
                    {
                        "id": "only",
                        "label": "the only route",
                        "requirements": requirements
                        or [{"kind": "education", "level": "high_school", "label": "a diploma"}],
                    }
                ],
            }
        ],
        **extra,
    }


class Registers:
    """Registers the given credential definitions."""

    def __init__(self, name: str, *definitions: dict[str, Any]) -> None:
        self.PLUGIN_NAME = name
        self.definitions = definitions

    @hookimpl
    def mrt_roadmap_register(self, registry: Any) -> None:
        for d in self.definitions:
            registry.add_credential(d)


class FailsAfterRegistering:
    PLUGIN_NAME = "half-done"

    @hookimpl
    def mrt_roadmap_register(self, registry: Any) -> None:
        registry.add_credential(credential("HALF"))
        raise RuntimeError("data file missing")


class UnknownHook:
    PLUGIN_NAME = "typo"

    @hookimpl
    def mrt_roadmap_registr(self, registry: Any) -> None:  # misspelt on purpose
        """Not a hook."""


class WrongArgument:
    PLUGIN_NAME = "wrong-arg"

    @hookimpl
    def mrt_roadmap_exam_date(self, credential: Any, when: Any) -> None:
        """``when`` is not an argument of the hook."""


class FutureApi:
    PLUGIN_NAME = "future"
    MRT_ROADMAP_API = 99

    @hookimpl
    def mrt_roadmap_register(self, registry: Any) -> None:
        registry.add_credential(credential("FUTURE"))


class PracticumKind:
    """Introduces a requirement kind and answers for it."""

    PLUGIN_NAME = "practicum"

    @hookimpl
    def mrt_roadmap_register(self, registry: Any) -> None:
        registry.add_requirement_kind("lab_hours")
        registry.add_credential(
            credential("LAB", [{"kind": "lab_hours", "hours": 40, "label": "40 lab hours"}])
        )

    @hookimpl
    def mrt_roadmap_requirement_status(
        self, requirement: Any, state: Any
    ) -> RequirementStatus | None:
        if requirement.kind != "lab_hours":
            return None
        start = state.start
        end = start + dt.timedelta(days=70)
        lab = Milestone(
            id="practicum.lab",
            kind="education",
            title="40 lab hours",
            start=start,
            end=end,
            why=(
                Reason(
                    "40 lab hours at 4 hours a week", "LAB.lab_hours", SOURCE, dt.date(2025, 1, 1)
                ),
            ),
        )
        return RequirementStatus(end, "done in ten weeks", (lab,))


class Windows:
    """Exams only on the first day of a quarter."""

    PLUGIN_NAME = "windows"

    @hookimpl
    def mrt_roadmap_exam_date(self, credential: Any, earliest: dt.date) -> dt.date | None:
        if credential.issuer != "TESTORG":
            return None
        for month in (1, 4, 7, 10, 13):
            year = earliest.year + (month == 13)
            day = dt.date(year, 1 if month == 13 else month, 1)
            if day >= earliest:
                return day
        return None


class BrokenExamDate:
    PLUGIN_NAME = "broken-exam-date"

    @hookimpl
    def mrt_roadmap_exam_date(self, credential: Any) -> dt.date | None:
        raise ZeroDivisionError("oops")


class Maintains:
    """Yearly renewals for TESTORG credentials."""

    PLUGIN_NAME = "maintains"

    @hookimpl
    def mrt_roadmap_maintenance(
        self, credentials: Any, as_of: dt.date, horizon: dt.date
    ) -> list[Milestone]:
        out = []
        for h in credentials:
            if h.credential.issuer != "TESTORG":
                continue
            year = h.earned.year + 1
            while dt.date(year, 1, 31) <= horizon:
                if dt.date(year, 1, 31) >= as_of:
                    out.append(
                        Milestone(
                            id=f"maintains.renewal.{h.credential.id}.{year}",
                            kind="renewal",
                            title=f"Renew {h.credential.id}",
                            start=dt.date(year, 1, 31),
                            end=dt.date(year, 1, 31),
                            credential=h.credential.id,
                            why=(
                                Reason(
                                    "yearly renewal", "TESTORG.renewal", SOURCE, dt.date(2025, 1, 1)
                                ),
                            ),
                            details={"issuer": "TESTORG", "credentials": [h.credential.id]},
                        )
                    )
                year += 1
        return out


class AddsMilestone:
    PLUGIN_NAME = "adds"

    @hookimpl
    def mrt_roadmap_milestones(self, roadmap: Any) -> list[Milestone]:
        last = max(m.end for m in roadmap.milestones)
        return [
            Milestone(
                id="adds.celebrate",
                kind="advancement",
                title="Celebrate",
                start=last,
                end=last,
                why=(Reason("every roadmap deserves one", verified=False),),
            )
        ]


class AddsFormat:
    def __init__(self, name: str = "adds-format", fmt: str = "count") -> None:
        self.PLUGIN_NAME = name
        self.fmt = fmt

    @hookimpl
    def mrt_roadmap_exporters(self, registry: Any) -> None:
        registry.add(self.fmt, lambda r: f"{len(r.milestones)} milestones\n", suffix=".txt")
