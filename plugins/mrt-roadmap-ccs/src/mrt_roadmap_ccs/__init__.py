"""mrt-roadmap plugin: AHIMA's CCS and CCS-P coding credentials.

Registers the definitions in ``data.json``. Maintenance uses the ``AHIMA`` scheme, so the
built-in AHIMA plugin computes the combined CEU totals; nothing else is implemented here.
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
    """Register CCS and CCS-P."""
    registry.add_file(DATA)
