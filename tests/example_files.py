"""The bundled example profiles: where they are, and which plan with the built-in plugins alone."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "mrt_roadmap" / "examples"
ALL_PROFILES = sorted(p.stem for p in EXAMPLES.glob("*.json"))
BUILTIN_PROFILES = [
    "demo-new-learner",
    "p1-career-changer-rhia",
    "p2-retail-coder",
    "p3-single-parent-rhit",
    "p5-working-rhit-to-rhia",
]
"""Profiles that name no credential a separate plugin registers."""
PLUGIN_PROFILES = [name for name in ALL_PROFILES if name not in BUILTIN_PROFILES]
