"""mrt-roadmap plugin: AAPC's CPC, COC and CRC.

Adds three credentials with no education requirement (AAPC membership is needed to sit and to
keep them), the apprentice variants ``CPC-A`` / ``COC-A``, an advancement milestone for removing
the "-A", and AAPC maintenance: yearly membership renewal and CEUs every two years (36 / 40 / 44
/ 48 / 52 by the number of AAPC credentials), separate from AHIMA's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mrt_roadmap.plugin import hookimpl
from mrt_roadmap_aapc.apprentice import apprentice_milestones
from mrt_roadmap_aapc.maintenance import ISSUER, aapc_maintenance

if TYPE_CHECKING:
    from mrt_roadmap.plugin import Holding, Milestone, Profile, Registry, Roadmap

__version__ = "0.1.0"
MRT_ROADMAP_API = 2
DATA = Path(__file__).with_name("data.json")


@hookimpl
def mrt_roadmap_register(registry: Registry) -> None:
    """Register CPC, COC and CRC (with the CPC-A / COC-A variants)."""
    registry.add_file(DATA)


@hookimpl
def mrt_roadmap_maintenance(
    credentials: Sequence[Holding], as_of: dt.date, horizon: dt.date
) -> list[Milestone] | None:
    """AAPC CE cycles (one combined total for all AAPC credentials) and yearly membership
    renewals, for every credential whose maintenance scheme is AAPC."""
    mine = [
        h
        for h in credentials
        if h.credential.maintenance is not None and h.credential.maintenance.scheme == ISSUER
    ]
    if not mine:
        return None
    return aapc_maintenance(mine, as_of=as_of, horizon=horizon)


@hookimpl
def mrt_roadmap_milestones(profile: Profile, roadmap: Roadmap) -> list[Milestone] | None:
    """ "Remove the -A": when the learner holds CPC-A/COC-A or will earn CPC/COC with under
    24 months of coding experience, date the earliest way to prove 2 years' equivalency."""
    return apprentice_milestones(profile, roadmap) or None


__all__ = [
    "MRT_ROADMAP_API",
    "__version__",
    "mrt_roadmap_maintenance",
    "mrt_roadmap_milestones",
    "mrt_roadmap_register",
]
