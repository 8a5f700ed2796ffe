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
from typing import TYPE_CHECKING, Any

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
from mrt_roadmap_ctr.windows import (
    RESULT_WITHIN_DAYS,
    Window,
    latest_published,
    next_window,
    windows_for,
)

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
EXAM_PAGE = "https://www.ncra-usa.org/CTR/Certification-Exam"
EXAM_PAGE_AS_OF = dt.date(2025, 1, 1)
EXAM_FAQ = "https://www.ncra-usa.org/ODS-Credential/Certification-Exam/Exam-FAQ"
_KNOWN_WINDOWS: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))["credentials"][0][
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


def _published() -> str:
    """The years whose windows NCRA published, as the roadmap names them."""
    years = sorted(int(y) for y in _KNOWN_WINDOWS.get("known", {}))
    return ", ".join(map(str, years))


@hookimpl
def mrt_roadmap_exam_date(credential: Credential, earliest: dt.date) -> ExamDate | None:
    """ODS is tested only in windows: the first window whose application deadline (where
    known) is still ahead on ``earliest``."""
    if credential.id != CREDENTIAL_ID:
        return None
    window = next_window(earliest, credential.extra.get("testing_windows", {}))
    apply = f"; apply by {window.apply_by.isoformat()}" if window.apply_by is not None else ""
    why = Reason(
        f"ODS is tested only in testing windows: the first one you can still apply for opens "
        f"on {window.opens.isoformat()} (closes {window.closes.isoformat()}{apply})",
        "ODS.exam.windows",
        EXAM_PAGE,
        EXAM_PAGE_AS_OF,
    )
    return ExamDate(window.opens, why)


def _window_of(opens: dt.date) -> tuple[Window, bool] | None:
    windows, known = windows_for(opens.year, _KNOWN_WINDOWS)
    match = [w for w in windows if w.opens == opens]
    return (match[0], known) if match else None


@hookimpl
def mrt_roadmap_notices(roadmap: Roadmap) -> list[Notice] | None:
    """Warn when a planned ODS exam falls in a projected (not published) testing window."""
    out = []
    for exam in roadmap.by_kind("exam"):
        if exam.credential != CREDENTIAL_ID or exam.status == "done":
            continue
        found = _window_of(exam.end)
        if found is not None and not found[1]:
            latest = latest_published(_KNOWN_WINDOWS)
            out.append(
                Notice(
                    PROJECTED_WINDOW,
                    f"ODS: the exam window opening {exam.end.isoformat()} is projected from "
                    f"NCRA's {latest} calendar; its {exam.end.year} calendar is not in our "
                    "sources, so check it before you plan around this date",
                    "ODS.exam.window_projection",
                    EXAM_PAGE,
                )
            )
    return out or None


@hookimpl
def mrt_roadmap_milestones(roadmap: Roadmap) -> list[Milestone] | None:
    """Show the testing window of each planned ODS exam: its application deadline, remote or
    test-center testing, when results come, and whether NCRA published it or it is
    projected."""
    out = []
    remote = _KNOWN_WINDOWS.get("remote_testing", {})
    for exam in roadmap.by_kind("exam"):
        if exam.credential != CREDENTIAL_ID or exam.status == "done":
            continue
        found = _window_of(exam.end)
        if found is None:
            continue
        window, known = found
        result = window.closes + dt.timedelta(days=RESULT_WITHIN_DAYS)
        why = [
            Reason(
                "The ODS exam is offered only in testing windows, three a year, each about "
                f"three weeks long (published: {_published()}; 2024: Apr 5-27, Jul 19-Aug 10, "
                "Oct 18-Nov 9; 2025: Mar 21-Apr 12, Jul 3-26, Oct 24-Nov 15)",
                "ODS.exam.windows",
                EXAM_PAGE,
                EXAM_PAGE_AS_OF,
            ),
            Reason(
                f"{remote.get('text', 'Remote testing is offered')}; approved candidates get "
                "their notice to schedule about 45 days before the window opens",
                "ODS.exam.remote",
                remote.get("source", EXAM_PAGE),
                dt.date.fromisoformat(remote.get("as_of", "2025-01-01")),
                bool(remote.get("verified", True)),
            ),
            Reason(
                f"Results within six weeks after the window closes: by {result.isoformat()}",
                "ODS.exam.results",
                EXAM_FAQ,
                dt.date(2024, 1, 1),
            ),
        ]
        if window.apply_by is not None:
            why.append(
                Reason(
                    f"Apply by {window.apply_by.isoformat()}, the application deadline of this "
                    "window" + ("" if known else " (projected like the window)"),
                    "ODS.exam.deadline",
                    EXAM_PAGE,
                    EXAM_PAGE_AS_OF,
                    verified=known,
                )
            )
        if not known:
            latest = latest_published(_KNOWN_WINDOWS)
            why.insert(
                1,
                Reason(
                    f"{window.opens.year} windows are projected from NCRA's {latest} calendar "
                    "(the same weekday and week of each month, the same length and deadline); "
                    f"NCRA's {window.opens.year} calendar was not in our sources",
                    "ODS.exam.window_projection",
                    EXAM_PAGE,
                    EXAM_PAGE_AS_OF,
                    verified=False,
                ),
            )
        label = "published" if known else "projected"
        details = {
            "window_start": window.opens.isoformat(),
            "window_close": window.closes.isoformat(),
            "projected": not known,
            "results_by": result.isoformat(),
        }
        if window.apply_by is not None:
            details["apply_by"] = window.apply_by.isoformat()
        out.append(
            Milestone(
                id=f"ctr.window.{window.opens.isoformat()}",
                kind="exam",
                title=f"ODS testing window {window.opens.isoformat()} to "
                f"{window.closes.isoformat()} ({label})",
                start=window.opens,
                end=window.closes,
                credential=CREDENTIAL_ID,
                depends_on=(exam.id,),
                why=tuple(why),
                details=details,
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
