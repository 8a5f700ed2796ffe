"""Built-in plugin: output formats, registered through ``mrt_roadmap_exporters``.

A third-party plugin adds a format the same way: implement the hook and call ``registry.add``.
Each format's module is imported the first time that format is written, so a command that
writes JSON loads none of the others (and Jinja2/icalendar load only for HTML/iCalendar).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mrt_roadmap.plugin import ExportOption, hookimpl

if TYPE_CHECKING:
    from mrt_roadmap.plugin import ExporterRegistrar, ExportFunction, Roadmap

MRT_ROADMAP_API = 2


def _on_first_use(module: str, function: str) -> ExportFunction:
    """``mrt_roadmap.formats.<module>.<function>``, imported when first called."""

    def export(roadmap: Roadmap, **options: Any) -> str:
        real: ExportFunction = getattr(
            importlib.import_module(f"mrt_roadmap.formats.{module}"), function
        )
        return real(roadmap, **options)

    export.__name__ = export.__qualname__ = function
    export.__doc__ = f"Write the roadmap with ``mrt_roadmap.formats.{module}.{function}``."
    return export


@hookimpl
def mrt_roadmap_exporters(registry: ExporterRegistrar) -> None:
    """Register json, text, md, ics, html, html-fragment and mermaid."""
    to_json = _on_first_use("json_format", "to_json")
    to_text = _on_first_use("text", "to_text")
    to_markdown = _on_first_use("markdown", "to_markdown")
    to_ics = _on_first_use("ics", "to_ics")
    to_html = _on_first_use("html", "to_html")
    to_html_fragment = _on_first_use("html", "to_html_fragment")
    to_mermaid = _on_first_use("mermaid", "to_mermaid")

    registry.add(
        "json",
        to_json,
        media_type="application/json",
        suffix=".json",
        description="canonical JSON (roadmap.schema.json)",
        options={
            "indent": ExportOption(
                "indent",
                "spaces of indentation (none: one line)",
                kind="int_or_none",
                minimum=0,
                maximum=16,
            )
        },
    )
    registry.add(
        "text",
        to_text,
        media_type="text/plain",
        suffix=".txt",
        description="readable timeline for a terminal",
        options={"reasons": ExportOption("reasons", "list each step's reasons", True, kind="bool")},
    )
    registry.add(
        "md",
        to_markdown,
        media_type="text/markdown; charset=utf-8",
        suffix=".md",
        description="Markdown document: summary, timeline table, milestones with sources",
        options={
            "chart": ExportOption("chart", "include the Mermaid timeline chart", True, kind="bool")
        },
    )
    registry.add(
        "ics",
        to_ics,
        media_type="text/calendar; charset=utf-8",
        suffix=".ics",
        description="iCalendar: terms, exams and deadlines (CE cycle ends, renewals) as "
        "events, deadlines with reminders",
        options={
            "todos": ExportOption(
                "todos",
                "deadlines as to-dos (VTODO) instead of all-day events",
                False,
                kind="bool",
            )
        },
    )
    registry.add(
        "html",
        to_html,
        media_type="text/html; charset=utf-8",
        suffix=".html",
        description="self-contained HTML page with an SVG timeline",
    )
    registry.add(
        "html-fragment",
        to_html_fragment,
        media_type="text/html; charset=utf-8",
        suffix=".html",
        description="embeddable HTML fragment (scoped inline CSS, isolated from the page's)",
        options={
            "heading_level": ExportOption(
                "heading_level",
                "level of the fragment's title heading, 1 to 4",
                2,
                kind="int",
                minimum=1,
                maximum=4,
            )
        },
    )
    registry.add(
        "mermaid",
        to_mermaid,
        media_type="text/vnd.mermaid",
        suffix=".mmd",
        description="Mermaid gantt chart",
    )
