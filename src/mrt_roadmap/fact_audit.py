"""The fact audit: every sourced fact of the catalog with its source host, age and verified flag,
so keeping the data fresh is routine (``mrt-roadmap credentials --audit``).

A fact older than :data:`FRESHNESS_YEARS` on the audit date is *stale*: re-read its source. A
verified stale fact should carry a note saying why its date is still the right one (an undated
page read recently, a rule in force since then), and the audit says which do not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import attrs
from dateutil.relativedelta import relativedelta

from mrt_roadmap.catalog import Catalog
from mrt_roadmap.definitions import Exam, Provenance
from mrt_roadmap.model_base import Model

FRESHNESS_YEARS = 3
"""A fact whose ``as_of`` is older than this many years is flagged for re-reading."""


@attrs.frozen(repr=False, eq=False)
class AuditEntry(Model):
    """One sourced fact: where in the catalog (``fact``), who registered it, its source and
    host, its date and age on the audit date, whether it is verified, and its note."""

    fact: str
    owner: str
    source: str
    host: str
    as_of: dt.date
    age_years: float
    verified: bool
    stale: bool
    note: str | None = None

    @property
    def needs_note(self) -> bool:
        """Verified, stale and without a note saying why the date still holds."""
        return self.verified and self.stale and not self.note


def audit(catalog: Catalog, on: dt.date) -> list[AuditEntry]:
    """Every sourced fact of ``catalog``, in catalog order, aged on ``on``."""
    limit = on - relativedelta(years=FRESHNESS_YEARS)
    entries = []
    for kind, table in (
        ("credential", catalog.credentials),
        ("program", catalog.programs),
        ("role", catalog.roles),
    ):
        for ident, definition in table.items():
            owner = catalog.owner(kind, ident) or "?"
            for where, prov in _facts(definition, ident):
                entries.append(_entry(where, owner, prov, on, limit))
    return entries


def _entry(fact: str, owner: str, prov: Provenance, on: dt.date, limit: dt.date) -> AuditEntry:
    host = urlsplit(prov.source).hostname or ""
    age = round((on - prov.as_of).days / 365.25, 1)
    return AuditEntry(
        fact,
        owner,
        prov.source,
        host,
        prov.as_of,
        age,
        prov.verified,
        prov.as_of < limit,
        prov.note,
    )


def _facts(value: Any, where: str) -> Iterator[tuple[str, Provenance]]:
    """Every provenance inside ``value`` (an attrs definition), with its path."""
    if isinstance(value, Provenance):
        yield where, value
        return
    if isinstance(value, Exam) and value.retake_source and value.retake_as_of:
        note = value.provenance.note  # the exam's note tells of retakes too
        retake = Provenance(value.retake_source, value.retake_as_of, value.retake_verified, note)
        yield f"{where}.retake_wait_days", retake
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            step = where if field.name == "provenance" else f"{where}.{field.name}"
            yield from _facts(item, step)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _facts(item, f"{where}[{i}]")


def render(entries: list[AuditEntry], on: dt.date) -> str:
    """The audit as text: one line per fact, then a summary."""
    lines = [
        f"Fact audit on {on.isoformat()}: {len(entries)} sourced facts "
        f"(stale: older than {FRESHNESS_YEARS} years)",
        "",
    ]
    for e in entries:
        flags = [
            "verified" if e.verified else "UNVERIFIED",
            *(["STALE"] if e.stale else []),
            *(["NO NOTE"] if e.needs_note else []),
        ]
        lines.append(
            f"{e.fact:<58} {e.as_of.isoformat()} ({e.age_years:>4.1f} y) {', '.join(flags):<27} "
            f"{e.host}  [{e.owner}]"
        )
    stale = sum(e.stale for e in entries)
    unverified = sum(not e.verified for e in entries)
    bare = sum(e.needs_note for e in entries)
    hosts = sorted({e.host for e in entries})
    lines += [
        "",
        f"{stale} stale, {unverified} unverified, {bare} verified stale without a note; "
        f"{len(hosts)} source hosts: {', '.join(hosts)}",
    ]
    return "\n".join(lines) + "\n"
