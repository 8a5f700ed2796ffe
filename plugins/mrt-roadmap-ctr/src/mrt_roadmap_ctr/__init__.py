"""mrt-roadmap plugin: NCRA's Oncology Data Specialist (ODS, formerly CTR).

Adds the ODS credential (alias ``CTR``) with Routes A1, A2 and B, two NCRA-accredited
cancer-registry programs, a cancer-registrar role, and four hooks the AHIMA credentials do not
need: the ``practicum`` requirement kind, testing-window exam dates, and NCRA maintenance
(2-year CE cycles ending December 31, annual fee due January 31, CEIP from 2025).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mrt_roadmap.plugin import (
    EducationRecord,
    ExamDate,
    Holding,
    Milestone,
    Notice,
    PlanState,
    Reason,
    RequirementStatus,
    Roadmap,
    hookimpl,
)
from mrt_roadmap_ctr.maintenance import ncra_maintenance
from mrt_roadmap_ctr.windows import RESULT_WITHIN_DAYS, next_window, windows_for

if TYPE_CHECKING:
    from mrt_roadmap.plugin import Credential, Profile, Registry, Requirement

__version__ = "0.1.0"
MRT_ROADMAP_API = 2

CREDENTIAL_ID = "ODS"
PROJECTED_WINDOW = "ctr.projected-window"
ISSUER = "NCRA"
PRACTICUM_KIND = "practicum"
ACCREDITATION = "NCRA"
DATA = Path(__file__).with_name("data.json")
PRACTICUM_SOURCE = "https://www.ncra-usa.org/Education/CTR-Exam-Prep/160-Hour-Clinical-Practicum"
PRACTICUM_AS_OF = dt.date(2021, 1, 1)
EXAM_2022 = "https://www.ncra-usa.org/CTR/Certification-Exam"
EXAM_FAQ = "https://www.ncra-usa.org/ODS-Credential/Certification-Exam/Exam-FAQ"
_KNOWN_WINDOWS: dict[str, object] = json.loads(DATA.read_text(encoding="utf-8"))["credentials"][0][
    "extra"
]["testing_windows"]


@hookimpl
def mrt_roadmap_register(registry: Registry) -> None:
    """Register ODS, the NCRA-accredited programs, the registrar role and the practicum kind."""
    registry.add_requirement_kind(PRACTICUM_KIND)
    registry.add_notice_code(
        PROJECTED_WINDOW,
        "an ODS exam falls in a testing window projected from earlier years, not one NCRA has "
        "published: check NCRA's calendar",
    )
    registry.add_file(DATA)


def _ncra_programs(state: PlanState) -> list[EducationRecord]:
    return sorted(
        (r for r in state.education if ACCREDITATION in r.accreditation and r.end is not None),
        key=lambda r: (r.end or dt.date.max, r.program or ""),
    )


@hookimpl
def mrt_roadmap_requirement_status(
    requirement: Requirement, state: PlanState
) -> RequirementStatus | None:
    """Evaluate ``practicum``: met at the end of a completed or planned NCRA-accredited program
    (the practicum is its last step, in the last term); otherwise not met."""
    if requirement.kind != PRACTICUM_KIND:
        return None
    hours = float(requirement.get("hours", 160))
    records = _ncra_programs(state)
    if not records:
        return RequirementStatus(
            None,
            f"the {hours:g}-hour practicum is the final step of an NCRA-accredited program; "
            "no such program is completed or planned",
        )
    record = records[0]
    assert record.end is not None
    if record.completed and not record.planned:
        return RequirementStatus(
            record.end,
            f"done as the last step of your NCRA-accredited program (ended {record.end})",
        )
    start = record.last_term_start or record.end
    ident = f"ctr.practicum.{record.program or 'profile'}"
    milestone = Milestone(
        id=ident,
        kind="education",
        title=f"{hours:g}-hour clinical practicum in a cancer registry (last term of the program)",
        start=min(start, record.end),
        end=record.end,
        credential=CREDENTIAL_ID,
        depends_on=(record.milestone,) if record.milestone else (),
        why=(
            _reason(
                f"The {hours:g}-hour practicum is the final step of every NCRA-accredited "
                "program: supervised by a CTR/ODS, it may not start before all coursework is "
                "complete and is scheduled in the last semester; it need not be continuous, and "
                "some hours may be done online through NCRA's Independent Clinical Advisor program"
            ),
            _reason(
                "Since 2022 the practicum covers five core competencies with online assessments "
                "that must be passed",
                source="http://www.cancerregistryeducation.org/practicum-faqs",
                as_of=dt.date(2022, 1, 1),
            ),
        ),
        details={"hours": hours, "program": record.program, "on_site": True},
    )
    return RequirementStatus(
        record.end,
        f"the {hours:g}-hour practicum ends with your NCRA-accredited program on {record.end}",
        (milestone,),
    )


def _reason(
    text: str, *, source: str = PRACTICUM_SOURCE, as_of: dt.date = PRACTICUM_AS_OF
) -> Reason:
    return Reason(text, "ODS.practicum", source, as_of, True)


@hookimpl
def mrt_roadmap_exam_date(credential: Credential, earliest: dt.date) -> ExamDate | None:
    """ODS is tested only in windows: the first window opening on or after ``earliest``."""
    if credential.id != CREDENTIAL_ID:
        return None
    start, close = next_window(earliest, credential.extra.get("testing_windows", {}))
    why = Reason(
        f"ODS is tested only in testing windows: the first one you can take opens on "
        f"{start.isoformat()} (closes {close.isoformat()})",
        "ODS.exam.windows",
        EXAM_2022,
        dt.date(2022, 1, 1),
    )
    return ExamDate(start, why)


@hookimpl
def mrt_roadmap_notices(roadmap: Roadmap) -> list[Notice] | None:
    """Warn when a planned ODS exam falls in a projected (not published) testing window."""
    out = []
    for exam in roadmap.by_kind("exam"):
        if exam.credential != CREDENTIAL_ID or exam.status == "done":
            continue
        windows, known = windows_for(exam.end.year, _KNOWN_WINDOWS)
        if not known and any(start == exam.end for start, _ in windows):
            out.append(
                Notice(
                    PROJECTED_WINDOW,
                    f"ODS: the exam window opening {exam.end.isoformat()} is projected from the "
                    f"pattern of earlier years; NCRA's {exam.end.year} calendar is not in our "
                    "sources, so check it before you plan around this date",
                    "ODS.exam.window_projection",
                    EXAM_2022,
                )
            )
    return out or None


@hookimpl
def mrt_roadmap_milestones(roadmap: Roadmap) -> list[Milestone] | None:
    """Show the testing window of each planned ODS exam, saying whether it is known or projected."""
    out = []
    for exam in roadmap.by_kind("exam"):
        if exam.credential != CREDENTIAL_ID or exam.status == "done":
            continue
        opens = exam.end
        windows, known = windows_for(opens.year, _KNOWN_WINDOWS)
        match = [w for w in windows if w[0] == opens]
        if not match:
            continue
        start, close = match[0]
        result = close + dt.timedelta(days=RESULT_WITHIN_DAYS)
        why = [
            Reason(
                "The ODS exam is offered only in testing windows, three a year (2019: Mar 1-23, "
                "Jun 21-Jul 13, Oct 11-Nov 2; 2022: Mar 4-26, Jun 17-Jul 9, Oct 14-Nov 5)",
                "ODS.exam.windows",
                EXAM_2022,
                dt.date(2022, 1, 1),
            ),
            Reason(
                f"Results within six weeks after the window closes: by {result.isoformat()}",
                "ODS.exam.results",
                EXAM_FAQ,
                dt.date(2024, 1, 1),
            ),
            Reason(
                "An application deadline precedes each window; its dates are not in our "
                "sources: check NCRA's calendar and apply early",
                "ODS.exam.deadline",
                EXAM_2022,
                dt.date(2022, 1, 1),
                verified=False,
            ),
        ]
        if not known:
            why.insert(
                1,
                Reason(
                    f"{start.year} windows are projected from the pattern of 2019 and 2022 "
                    "(1st Friday of March, 3rd Friday of June, 2nd Friday of October, each 22 days "
                    f"long); NCRA's {start.year} calendar was not in our sources",
                    "ODS.exam.window_projection",
                    EXAM_2022,
                    dt.date(2022, 1, 1),
                    verified=False,
                ),
            )
        label = "known" if known else "projected"
        out.append(
            Milestone(
                id=f"ctr.window.{start.isoformat()}",
                kind="exam",
                title=f"ODS testing window {start.isoformat()} to {close.isoformat()} ({label})",
                start=start,
                end=close,
                credential=CREDENTIAL_ID,
                depends_on=(exam.id,),
                why=tuple(why),
                details={
                    "window_start": start.isoformat(),
                    "window_close": close.isoformat(),
                    "projected": not known,
                    "results_by": result.isoformat(),
                },
            )
        )
    return out or None


@hookimpl
def mrt_roadmap_maintenance(
    credentials: Sequence[Holding], profile: Profile, as_of: dt.date, horizon: dt.date
) -> list[Milestone] | None:
    """NCRA maintenance: contiguous 2-year CE cycles ending December 31, the CE report and the
    annual fee due January 31 (not AHIMA's rules)."""
    mine = [
        h
        for h in credentials
        if h.credential.maintenance is not None and h.credential.maintenance.scheme == ISSUER
    ]
    if not mine:
        return None
    member = ISSUER in {m.upper() for m in profile.preferences.memberships}
    return ncra_maintenance(mine, member=member, as_of=as_of, horizon=horizon)


__all__ = [
    "CREDENTIAL_ID",
    "MRT_ROADMAP_API",
    "__version__",
    "mrt_roadmap_exam_date",
    "mrt_roadmap_maintenance",
    "mrt_roadmap_milestones",
    "mrt_roadmap_notices",
    "mrt_roadmap_register",
    "mrt_roadmap_requirement_status",
]
