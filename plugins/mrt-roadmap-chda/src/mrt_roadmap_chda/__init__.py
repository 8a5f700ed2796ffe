"""mrt-roadmap plugin: AHIMA's CHDA (Certified Health Data Analyst).

Registers the definitions in ``data.json``. The eligibility routes were not found on an AHIMA
page, so they are marked unverified and every roadmap relying on them warns. Maintenance uses
the ``AHIMA`` scheme, computed by the built-in AHIMA plugin.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mrt_roadmap.plugin import hookimpl

if TYPE_CHECKING:
    from mrt_roadmap.plugin import Registry

MRT_ROADMAP_API = 2
__version__ = "0.1.0"

DATA = Path(__file__).with_name("data.json")


@hookimpl
def mrt_roadmap_register(registry: Registry) -> None:
    """Register CHDA."""
    registry.add_file(DATA)
