"""Misspelt top-level names: ``mypy --strict`` must reject each (``tests/test_typing.py``)."""

from __future__ import annotations

import mrt_roadmap

planner = mrt_roadmap.Plannr()  # line 7: misspelt
milestone_kind = mrt_roadmap.Milestones  # line 8: misspelt
mrt_roadmap.validate_profile({})  # line 9: no such function
