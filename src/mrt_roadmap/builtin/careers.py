"""Built-in plugin: the advancement ladder (clerk, coder, RHIT technician, coding specialist,
supervisor, HIM manager/director), each role with its requirements and sources; and install
hints for the credentials the project's own plugin distributions provide (many roles need one)."""

from __future__ import annotations

import json
from pathlib import Path

from mrt_roadmap.plugin import Registry, hookimpl

MRT_ROADMAP_API = 2
DATA = Path(__file__).with_name("data")


@hookimpl
def mrt_roadmap_register(registry: Registry) -> None:
    """Register the career roles and the install hints."""
    registry.add_file(DATA / "careers.json")
    hints: dict[str, list[str]] = json.loads((DATA / "known_plugins.json").read_bytes())[
        "install_hints"
    ]
    for distribution, credentials in hints.items():
        for credential in credentials:
            registry.add_install_hint(credential=credential, distribution=distribution)
