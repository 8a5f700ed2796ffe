"""The mrt-roadmap-example plugin for mrt-roadmap.

Adds the EXMPL credential, issued by AHIMA, which joins AHIMA's combined CE totals. Generated
from the mrt-roadmap plugin template (variant ``join-issuer``): the credential is ILLUSTRATIVE
(AHIMA issues none of this id). Replace ``data.json`` with a real credential's rules, read from
pages you cite in ``source``.

Hooks:

* ``mrt_roadmap_register`` registers the definitions in ``data.json``.

That is all: the credential's ``maintenance.scheme`` is ``AHIMA``, so the built-in AHIMA plugin
plans its CE cycles and renewals together with the learner's other AHIMA credentials (one
combined CEU total per 2-year cycle), and AHIMA exams are taken on any day, so no
``mrt_roadmap_exam_date`` is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mrt_roadmap.plugin import hookimpl

if TYPE_CHECKING:
    from mrt_roadmap.plugin import Registry

MRT_ROADMAP_API = 2
"""The mrt-roadmap plugin API this plugin is written for."""
__version__ = "0.1.0"

PLUGIN = "example"
"""The plugin's short name (the entry-point name)."""
CREDENTIAL_ID = "EXMPL"
ISSUER = "AHIMA"
"""The issuer whose maintenance scheme (the built-in AHIMA plugin's) the credential joins."""
DATA = Path(__file__).with_name("data.json")


@hookimpl
def mrt_roadmap_register(registry: Registry) -> None:
    """Register the definitions in ``data.json`` (validated against the schema)."""
    registry.add_file(DATA)


__all__ = ["CREDENTIAL_ID", "ISSUER", "MRT_ROADMAP_API", "__version__", "mrt_roadmap_register"]
