"""Built-in plugin: output formats, registered through ``mrt_roadmap_exporters``.

A third-party plugin adds a format the same way: implement the hook and call ``registry.add``.
Exporter modules are imported only when the hook runs, so ``import mrt_roadmap`` stays cheap
(and Jinja2/icalendar load only when HTML/iCalendar is actually produced).
"""

from __future__ import annotations

from mrt_roadmap.formats.registry import ExporterRegistrar
from mrt_roadmap.markers import hookimpl

MRT_ROADMAP_API = 1


@hookimpl
def mrt_roadmap_exporters(registry: ExporterRegistrar) -> None:
    """Register json, text, md, ics, html, html-fragment and mermaid."""
    from mrt_roadmap.formats.html import to_html, to_html_fragment
    from mrt_roadmap.formats.ics import to_ics
    from mrt_roadmap.formats.json_format import to_json
    from mrt_roadmap.formats.markdown import to_markdown
    from mrt_roadmap.formats.mermaid import to_mermaid
    from mrt_roadmap.formats.text import to_text

    registry.add(
        "json",
        to_json,
        media_type="application/json",
        suffix=".json",
        description="canonical JSON (roadmap.schema.json)",
    )
    registry.add(
        "text",
        to_text,
        media_type="text/plain",
        suffix=".txt",
        description="readable timeline for a terminal",
    )
    registry.add(
        "md",
        to_markdown,
        media_type="text/markdown; charset=utf-8",
        suffix=".md",
        description="Markdown document: summary, timeline table, milestones with sources",
    )
    registry.add(
        "ics",
        to_ics,
        media_type="text/calendar; charset=utf-8",
        suffix=".ics",
        description="iCalendar: terms and exams as events, CE/renewal deadlines as "
        "to-dos with reminders",
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
        description="embeddable HTML fragment (scoped inline CSS)",
    )
    registry.add(
        "mermaid",
        to_mermaid,
        media_type="text/vnd.mermaid",
        suffix=".mmd",
        description="Mermaid gantt chart",
    )
