"""The ``mrt-roadmap`` command line. Exit codes: 0 success, 2 bad input, 3 plugin failure
(strict mode). Errors are printed without a traceback; nothing is written on failure."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from mrt_roadmap.errors import (
    InputError,
    MrtRoadmapError,
    PluginError,
    Problem,
    ProfileError,
    UnknownIdError,
)

if TYPE_CHECKING:
    from mrt_roadmap.planner import Planner
    from mrt_roadmap.roadmap import Roadmap

F = TypeVar("F", bound=Callable[..., Any])
EXIT_INPUT = 2
EXIT_PLUGIN = 3
DEMO_PROFILE = "demo-new-learner"


class Settings:
    def __init__(self, strict: bool, block: tuple[str, ...]) -> None:
        self.strict = strict
        self.block = block
        self._planner: Planner | None = None

    @property
    def planner(self) -> Planner:
        if self._planner is None:
            from mrt_roadmap.planner import Planner
            from mrt_roadmap.pluginmanager import get_plugin_host

            self._planner = Planner(get_plugin_host(block=self.block, strict=self.strict or None))
        return self._planner


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except PluginError as exc:
        click.echo(f"Error: plugin failure (strict mode): {exc}", err=True)
        sys.exit(EXIT_PLUGIN)
    except (InputError, UnknownIdError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    except MrtRoadmapError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_INPUT)


def _write(text: str, output: Path | None, replace_symlink: bool = False) -> None:
    """Print ``text``, or write it to ``output`` as :mod:`mrt_roadmap.output_file` describes
    (``-`` is standard output; a regular file is replaced atomically); exit 2 on failure."""
    if output is None:
        click.echo(text, nl=False)
        return
    from mrt_roadmap.output_file import write_output

    output = output.expanduser()
    with _errors():
        written = write_output(text, output, replace_symlink=replace_symlink)
    if written == "file":
        click.echo(f"Wrote {output}", err=True)


def _date(_: click.Context, __: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mrt-roadmap")
@click.option("--strict", is_flag=True, help="Fail (exit 3) if any plugin fails to load or run.")
@click.option(
    "--block",
    multiple=True,
    metavar="NAME",
    help="Do not load this plugin (distribution or entry-point name); repeatable. "
    "Also MRT_ROADMAP_BLOCK_PLUGINS=a,b.",
)
@click.pass_context
def cli(ctx: click.Context, strict: bool, block: tuple[str, ...]) -> None:
    """Personal, dated career roadmaps for medical records and health information technicians."""
    ctx.obj = Settings(strict, block)


def _plan_and_write(
    settings: Settings,
    profile_source: Any,
    fmt: str,
    as_of: dt.date | None,
    horizon: int | None,
    output: Path | None,
    label: str,
    replace_symlink: bool = False,
    baseline: Roadmap | None = None,
    options: dict[str, Any] | None = None,
) -> None:
    """Plan ``profile_source`` (any profile source) and write it in ``fmt``; a profile's
    problems, all of them, name ``label``."""
    with _errors():
        planner = settings.planner
        exporter = planner.host.exporters.get(fmt)
        try:
            roadmap = planner.plan(
                profile_source, as_of=as_of, horizon_years=horizon, baseline=baseline
            )
        except ProfileError as exc:
            raise ProfileError(exc.problems, what=label) from None
        text = exporter.export(roadmap, **_declared(exporter.options, options or {}))
    _write(text, output, replace_symlink)


def _declared(declared: Mapping[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """The CLI's export options that the chosen format has (``--ics-todos`` only means
    something to ``ics``)."""
    return {k: v for k, v in options.items() if k in declared}


def _stdin_profile(label: str) -> bytes:
    """The profile on standard input, as bytes (read as a file is: at most the input limit)."""
    from mrt_roadmap.json_input import read_limited, too_large

    raw = read_limited(sys.stdin.buffer)
    if raw is None:
        raise InputError(label, [too_large()])
    return raw


def _format_option(f: F) -> F:
    f = click.option(
        "--ics-todos",
        is_flag=True,
        help="With -f ics: deadlines (CE cycle ends, renewals) as to-dos (VTODO) instead of "
        "all-day events. Google Calendar and Outlook import events only.",
    )(f)
    return click.option(
        "--format",
        "-f",
        "fmt",
        default="text",
        show_default=True,
        help="Output format: json, text, and any a plugin adds (see `plugins`).",
    )(f)


def _output_options(f: F) -> F:
    """``-o/--output`` (written atomically, ``-`` for standard output) and ``--replace-symlink``."""
    f = click.option(
        "--replace-symlink",
        is_flag=True,
        help="If the -o path is a symbolic link, replace the link itself with a regular file "
        "(by default a symbolic link is refused).",
    )(f)
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file (atomically) instead of standard output.",
    )(f)


@cli.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@_format_option
@click.option(
    "--as-of", callback=_date, help="Planning date (YYYY-MM-DD); overrides the profile's."
)
@click.option("--horizon-years", type=click.IntRange(1, 30), help="How many years ahead to plan.")
@_output_options
@click.option(
    "--what-if",
    "what_if",
    multiple=True,
    metavar="KEY=VALUE",
    help="Plan PROFILE as is and with this change (a dotted path into the profile JSON; "
    "KEY+=VALUE appends to a list; repeatable), and print the comparison (-f text, md or json).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An earlier roadmap (JSON) of this profile: each step's tracking status says whether "
    "it is on track against it.",
)
@click.pass_obj
def plan(
    settings: Settings,
    profile: Path,
    fmt: str,
    as_of: dt.date | None,
    horizon_years: int | None,
    output: Path | None,
    replace_symlink: bool,
    what_if: tuple[str, ...],
    baseline: Path | None,
    ics_todos: bool,
) -> None:
    """Plan a roadmap for PROFILE (a JSON file; '-' reads standard input)."""
    if what_if:
        _what_if(settings, profile, what_if, fmt, as_of, horizon_years, output, replace_symlink)
        return
    source: Any = profile
    label = f"profile {profile}"
    if str(profile) == "-":
        label = "profile (standard input)"
        with _errors():
            source = _stdin_profile(label)
    old = None
    if baseline is not None:
        from mrt_roadmap.formats.json_format import from_dict

        with _errors():
            old = from_dict(_json_input(baseline, f"baseline {baseline}"))
    _plan_and_write(
        settings,
        source,
        fmt,
        as_of,
        horizon_years,
        output,
        label,
        replace_symlink,
        old,
        {"todos": ics_todos},
    )


def bundled_profiles() -> dict[str, Any]:
    folder = resources.files("mrt_roadmap") / "examples"
    return {p.name.removesuffix(".json"): p for p in folder.iterdir() if p.name.endswith(".json")}


@cli.command()
@click.option(
    "--profile",
    "name",
    default=DEMO_PROFILE,
    show_default=True,
    help="Which bundled example (see --list).",
)
@click.option("--list", "list_", is_flag=True, help="List the bundled example profiles.")
@_format_option
@_output_options
@click.pass_obj
def demo(
    settings: Settings,
    name: str,
    list_: bool,
    fmt: str,
    output: Path | None,
    replace_symlink: bool,
    ics_todos: bool,
) -> None:
    """Plan a roadmap for a bundled example profile (no arguments needed)."""
    profiles = bundled_profiles()
    if list_:
        for key in sorted(profiles):
            click.echo(key)
        return
    if name not in profiles:
        click.echo(
            f"Error: no bundled profile {name!r}; available: {', '.join(sorted(profiles))}",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    text = profiles[name].read_text("utf-8")
    label = f"bundled profile {name}"
    options = {"todos": ics_todos}
    _plan_and_write(settings, text, fmt, None, None, output, label, replace_symlink, None, options)


@cli.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", callback=_date, help="Planning date (YYYY-MM-DD) if the profile has none.")
@click.pass_obj
def validate(settings: Settings, profile: Path, as_of: dt.date | None) -> None:
    """Check PROFILE against the schema and the catalog; list every problem by JSON path."""
    from mrt_roadmap.profile_validation import find_problems

    with _errors():
        problems = find_problems(profile, settings.planner.catalog, as_of=as_of)
        if problems:
            raise ProfileError(problems, what=f"profile {profile}")
    click.echo(f"{profile}: valid")


@cli.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("target")
@click.option("--as-of", callback=_date, help="Date to evaluate on (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def explain(
    settings: Settings, profile: Path, target: str, as_of: dt.date | None, as_json: bool
) -> None:
    """Am I eligible for TARGET (a credential id or alias, or a role id)? If not, what is
    missing, how much of it is met, and when could it be met?"""
    from mrt_roadmap.convert import converter

    with _errors():
        result = settings.planner.explain(profile, target, as_of=as_of)
    if as_json:
        click.echo(json.dumps(converter().unstructure(result), indent=2))
        return
    ready = "meets every requirement now" if result.kind == "role" else "eligible now"
    state = (
        "already held" if result.held else (ready if result.eligible_now else "not yet eligible")
    )
    click.echo(f"{result.name} ({result.credential}) on {result.as_of}: {state}")
    click.echo(
        f"  rule: {result.rule_source} (as of {result.rule_as_of}"
        f"{', UNVERIFIED' if not result.rule_verified else ''})"
    )
    for route in result.routes:
        when = (
            "now"
            if route.eligible_now
            else (route.eligible_on.isoformat() if route.eligible_on else "not reachable")
        )
        click.echo(f"  route {route.id}: {route.label} -> eligible {when}")
        for req in route.requirements:
            done = f"; {req.progress.text}" if req.progress is not None else ""
            if req.met_on:
                click.echo(f"    [x] {req.label} (met {req.met_on}{done})")
            else:
                could = req.could_meet_on.isoformat() if req.could_meet_on else "cannot be planned"
                click.echo(f"    [ ] {req.label} (could be met {could}{done})")
                for step in req.how:
                    click.echo(f"          via: {step}")
    for rec in result.recommendations:
        click.echo(f"  recommended (not required): {rec}")
    if result.historical_note:
        click.echo(f"  note: {result.historical_note}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def plugins(settings: Settings, as_json: bool) -> None:
    """List plugins: distribution, version, what each provides; and any that failed, with why."""
    with _errors():
        host = settings.planner.host
        formats = host.exporters
    rows: list[dict[str, Any]] = []
    for p in host.plugins:
        provides = {k: list(v) for k, v in p.provides.items()}
        fmts = [n for n, e in formats.exporters.items() if e.plugin == p.name]
        if fmts:
            provides["format"] = fmts
        rows.append(
            {
                "name": p.name,
                "version": p.version,
                "builtin": p.builtin,
                "entry_point": p.entry_point,
                "hooks": list(p.hooks),
                "provides": provides,
            }
        )
    failed = [
        {
            "name": f.name,
            "version": f.version,
            "entry_point": f.entry_point,
            "stage": f.stage,
            "error": f.error,
        }
        for f in host.failures
    ]
    if as_json:
        click.echo(
            json.dumps(
                {"plugins": rows, "failed": failed, "warnings": host.load_warnings}, indent=2
            )
        )
        return
    for row in rows:
        origin = "built-in" if row["builtin"] else (row["entry_point"] or "registered")
        click.echo(f"{row['name']} {row['version']} ({origin})")
        for kind, items in sorted(row["provides"].items()):
            click.echo(f"    {kind}: {', '.join(items)}")
    for f in failed:
        click.echo(f"FAILED {f['name']} {f['version']} at {f['stage']}: {f['error']}")
    for w in host.load_warnings:
        click.echo(f"warning: {w}")


@cli.command()
@click.option("--roles", is_flag=True, help="List career roles instead.")
@click.option("--programs", is_flag=True, help="List education programs instead.")
@click.option(
    "--audit",
    is_flag=True,
    help="Audit every sourced fact: source host, date and age, verified flag; flag facts older "
    "than 3 years (and verified ones without a note).",
)
@click.option("--as-of", callback=_date, help="Date to age the facts on (default: today).")
@click.option("--json", "as_json", is_flag=True, help="With --audit: print JSON.")
@click.pass_obj
def credentials(
    settings: Settings,
    roles: bool,
    programs: bool,
    audit: bool,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """List credentials (id, aliases, issuer, plugin, source), or roles, or programs, or audit
    every sourced fact."""
    with _errors():
        catalog = settings.planner.catalog
    if audit:
        from mrt_roadmap import fact_audit
        from mrt_roadmap.convert import converter

        day = as_of or dt.date.today()  # the audit is about today: the one command that asks
        entries = fact_audit.audit(catalog, day)
        if as_json:
            click.echo(json.dumps(converter().unstructure(entries), indent=2))
        else:
            click.echo(fact_audit.render(entries, day), nl=False)
        return
    if roles:
        for r in catalog.roles.values():
            click.echo(
                f"{r.id:<20} rank {r.rank}  {r.title}  [{catalog.owner('role', r.id)}] {r.provenance.source}"
            )
        return
    if programs:
        for p in catalog.programs.values():
            click.echo(
                f"{p.id:<20} {p.credits:>5g} cr  {p.name}  [{catalog.owner('program', p.id)}]"
            )
        return
    for c in catalog.credentials.values():
        aliases = ", ".join(a.name for a in c.aliases)
        flag = "" if c.provenance.verified else " (UNVERIFIED)"
        click.echo(
            f"{c.id:<8} {c.name} - {c.issuer}" + (f" (aliases: {aliases})" if aliases else "")
        )
        click.echo(
            f"         plugin {catalog.owner('credential', c.id)}; source {c.provenance.source} "
            f"as of {c.provenance.as_of}{flag}"
        )


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the results here (JSON Lines; a regular file is replaced atomically when done, "
    "a device or FIFO written through); default: standard output.",
)
@click.option(
    "--replace-symlink",
    is_flag=True,
    help="If the -o or --summary path is a symbolic link, replace the link itself with a "
    "regular file (by default a symbolic link is refused).",
)
@click.option(
    "--workers", type=click.IntRange(1, 256), default=1, show_default=True, help="Worker processes."
)
@click.option(
    "--format",
    "-f",
    "fmt",
    default="json",
    show_default=True,
    help="Format of each roadmap (json: the roadmap itself on its line; others: a "
    "record with the text).",
)
@click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a cohort summary: JSON (cohort-summary.schema.json) for a .json "
    "name, an HTML page with charts for .html, else a Markdown report.",
)
@click.option("--as-of", callback=_date, help="Planning date (YYYY-MM-DD) for every profile.")
@click.option("--horizon-years", type=click.IntRange(1, 30), help="How many years ahead to plan.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="A progress bar on standard error (default: when it is a terminal and tqdm is installed).",
)
@click.pass_obj
def batch(
    settings: Settings,
    source: Path,
    output: Path | None,
    replace_symlink: bool,
    workers: int,
    fmt: str,
    summary: Path | None,
    as_of: dt.date | None,
    horizon_years: int | None,
    progress: bool | None,
) -> None:
    """Plan a cohort: SOURCE is a JSON Lines file (one profile per line), '-' for standard
    input, or a folder of .json profiles. One result per line, in input order: the roadmap, or
    a record with the profile's id and its problems by JSON path (never its content). Exit 0
    when every profile planned, 2 when some had problems, 3 when a plugin failed (--strict)."""
    from mrt_roadmap.batch_lines import BatchSettings, count_items, plan_lines, read_items
    from mrt_roadmap.cohort_summary import CohortTally

    tally = CohortTally()
    failed = plugin_failed = 0
    with _errors():
        planner = settings.planner
        planner.host.exporters.get(fmt)  # an unknown format fails before any work
        from mrt_roadmap.output_file import check_target

        for target in (output, summary):  # so does an output that would be refused
            if target is not None and str(target) != "-":
                check_target(target.expanduser(), replace_symlink=replace_symlink)
        stream = sys.stdin.buffer if str(source) == "-" else source
        if isinstance(stream, Path) and not stream.exists():
            raise InputError(
                f"batch input {source}", [Problem("$", "no such file or folder", "unreadable")]
            )
        items = read_items(stream)
        results = plan_lines(
            items, planner, BatchSettings(as_of, horizon_years, fmt), workers=workers
        )
        with (
            _line_sink(output, replace_symlink) as write,
            _progress_bar(progress, lambda: count_items(stream)) as tick,
        ):
            for result in results:
                write(result.line + "\n")
                tick()
                if result.ok:
                    tally.add(result.row)
                else:
                    failed += 1
                    plugin_failed += result.plugin_failed
                    tally.add(None, result.problem_codes)
        if summary is not None:
            done = tally.summary()
            if summary.suffix == ".json":
                text = json.dumps(done.to_dict(), indent=2) + "\n"
            elif summary.suffix in (".html", ".htm"):
                text = done.to_html()
            else:
                text = done.to_markdown()
            _write(text, summary, replace_symlink)
    click.echo(
        f"{tally.profiles:,} profiles: {tally.planned:,} planned, {failed:,} with problems",
        err=True,
    )
    if plugin_failed:
        sys.exit(EXIT_PLUGIN)
    if failed:
        sys.exit(EXIT_INPUT)


@contextmanager
def _line_sink(output: Path | None, replace_symlink: bool) -> Iterator[Callable[[str], object]]:
    """Where batch lines go, by the rules of :mod:`mrt_roadmap.output_file`: standard output
    (also ``-``), a device or FIFO written through (``/dev/null`` stays a device), or a regular
    file replaced once every line is written (nothing half-written when the batch fails)."""
    if output is None:
        yield sys.stdout.write
        sys.stdout.flush()
        return
    from mrt_roadmap.output_file import open_output

    with open_output(output.expanduser(), replace_symlink=replace_symlink) as out:
        yield out.write


@contextmanager
def _progress_bar(
    wanted: bool | None, total: Callable[[], int | None]
) -> Iterator[Callable[[], object]]:
    """A tqdm bar on standard error when wanted (default: a terminal with tqdm installed),
    out of ``total()`` profiles when that is known (a file or folder; not a stream)."""
    show = sys.stderr.isatty() if wanted is None else wanted
    try:
        from tqdm import tqdm
    except ImportError:
        if wanted:
            click.echo("note: install tqdm (the 'progress' extra) for a progress bar", err=True)
        show = False
    if not show:
        yield lambda: None
        return
    with tqdm(total=total(), unit=" profiles", file=sys.stderr) as bar:
        yield lambda: bar.update(1)


@cli.command()
@click.argument(
    "name",
    type=click.Choice(["profile", "roadmap", "credential", "comparison", "cohort-summary"]),
)
def schema(name: str) -> None:
    """Print the JSON Schema NAME (profile, roadmap, credential, comparison, cohort-summary)."""
    from mrt_roadmap.schemas import schema_text

    click.echo(schema_text(name), nl=False)


@cli.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", callback=_date, help="Date the facts on, if the profile has no as_of.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the upgraded profile here ('-' or absent: standard output; PROFILE itself to "
    "upgrade it in place).",
)
def upgrade(profile: Path, as_of: dt.date | None, output: Path | None) -> None:
    """Rewrite a version 1 PROFILE in profile format 2 (dated jobs and CE entries)."""
    from mrt_roadmap.profile import profile_from_dict
    from mrt_roadmap.profile_upgrade import upgrade_profile
    from mrt_roadmap.schemas import validate

    label = f"profile {profile}"
    with _errors():
        data = _json_input(profile, label)
        version = data.get("profile_version", 1) if isinstance(data, dict) else None
        problems = validate("profile-v1" if version == 1 else "profile", data)
        if problems:
            raise ProfileError(problems, what=label)
        upgraded = upgrade_profile(data, as_of=as_of, what=label)
        profile_from_dict(upgraded, what=label)  # the result must be a valid version 2 profile
    _write(json.dumps(upgraded, indent=2, ensure_ascii=False) + "\n", output)


# -- compare and what-if -----------------------------------------------------------------------
COMPARISON_FORMATS = ("text", "md", "json")


def _json_input(path: Path, label: str) -> Any:
    """The JSON in ``path`` (``-``: standard input), read with the input limits; every problem
    is an :class:`InputError` naming ``label``."""
    from mrt_roadmap import json_input

    try:
        if str(path) == "-":
            raw = json_input.read_limited(sys.stdin.buffer)
        else:
            with path.expanduser().open("rb") as fh:
                raw = json_input.read_limited(fh)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(
            label, [Problem("$", f"cannot read the file: {reason}", "unreadable")]
        ) from None
    if raw is None:
        raise InputError(label, [json_input.too_large()])
    text, problems = json_input.decode(raw)
    if text is None:
        raise InputError(label, problems)
    data, problems = json_input.parse(text)
    if problems:
        raise InputError(label, problems)
    return data


def _plan_data(
    settings: Settings, data: Any, label: str, as_of: dt.date | None, horizon: int | None
) -> Roadmap:
    """Plan profile ``data`` with the command's planner; profile problems name ``label``."""
    try:
        return settings.planner.plan(data, as_of=as_of, horizon_years=horizon)
    except ProfileError as exc:
        raise ProfileError(exc.problems, what=label) from None


def _roadmap_from(
    settings: Settings, path: Path, as_of: dt.date | None, horizon: int | None
) -> Roadmap:
    """A stored roadmap (it has ``milestones`` and ``schema_version``), or a profile planned."""
    from mrt_roadmap.formats.json_format import from_dict

    name = "standard input" if str(path) == "-" else str(path)
    data = _json_input(path, name)
    if isinstance(data, dict) and "milestones" in data and "schema_version" in data:
        try:
            return from_dict(data)
        except InputError as exc:
            raise InputError(f"roadmap {name}", exc.problems) from None
    return _plan_data(settings, data, f"profile {name}", as_of, horizon)


@cli.command("compare")
@click.argument("first", metavar="A", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("second", metavar="B", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(COMPARISON_FORMATS),
    default="text",
    show_default=True,
    help="Output format (json: comparison.schema.json).",
)
@click.option(
    "--as-of", callback=_date, help="Planning date for a profile (YYYY-MM-DD); overrides its own."
)
@click.option(
    "--horizon-years", type=click.IntRange(1, 30), help="How many years ahead to plan a profile."
)
@_output_options
@click.pass_obj
def compare_command(
    settings: Settings,
    first: Path,
    second: Path,
    fmt: str,
    as_of: dt.date | None,
    horizon_years: int | None,
    output: Path | None,
    replace_symlink: bool,
) -> None:
    """Compare plan A with plan B: goals reached earlier or later, milestones added, removed or
    changed, cost and warnings. A and B are each a profile (planned first) or a roadmap saved
    with `plan -f json`; '-' reads one of them from standard input."""
    from mrt_roadmap.comparison import compare, render

    with _errors():
        if str(first) == str(second) == "-":
            raise InputError(
                "arguments", [Problem("B", "only one of A and B can be '-'", "argument")]
            )
        a = _roadmap_from(settings, first, as_of, horizon_years)
        b = _roadmap_from(settings, second, as_of, horizon_years)
        names = tuple("standard input" if str(p) == "-" else str(p) for p in (first, second))
        text = render(compare(a, b), fmt, labels=(names[0], names[1]))
    _write(text, output, replace_symlink)


def _what_if(
    settings: Settings,
    profile: Path,
    assignments: tuple[str, ...],
    fmt: str,
    as_of: dt.date | None,
    horizon: int | None,
    output: Path | None,
    replace_symlink: bool,
) -> None:
    """``plan --what-if``: plan the profile as is and changed, and write the comparison."""
    from mrt_roadmap.comparison import compare, render
    from mrt_roadmap.errors import UnknownIdError
    from mrt_roadmap.what_if import apply_what_if

    name = "standard input" if str(profile) == "-" else str(profile)
    with _errors():
        if fmt not in COMPARISON_FORMATS:
            raise UnknownIdError("format for --what-if", fmt, COMPARISON_FORMATS)
        data = _json_input(profile, f"profile {name}")
        if not isinstance(data, dict):
            raise InputError(f"profile {name}", [Problem("$", "is not a JSON object", "type")])
        try:
            variant = apply_what_if(data, assignments)
        except InputError as exc:
            raise InputError(f"--what-if for profile {name}", exc.problems) from None
        original = _plan_data(settings, data, f"profile {name}", as_of, horizon)
        changed = _plan_data(settings, variant, f"profile {name} with --what-if", as_of, horizon)
        labels = (f"{name} as is", f"{name} with {', '.join(assignments)}")
        text = render(compare(original, changed), fmt, labels=labels)
    _write(text, output, replace_symlink)


GC_THRESHOLDS = (10_000, 50, 50)
"""Collector thresholds for the command's process (Python's defaults are 700, 10, 10)."""


def main() -> None:
    """Entry point of the ``mrt-roadmap`` script: a short-lived process.

    The cyclic garbage collector is tuned for that. It runs less often while modules load and the
    plan is made (they create few reference cycles, and almost everything lives until exit), and
    whatever is alive at exit is frozen, so the interpreter's tear-down does not traverse it all
    again. Together this takes about a seventh off the wall time of ``mrt-roadmap plan``
    (``benchmarks/run.py``). Call :data:`cli` instead to run the commands inside a longer-lived
    program.

    Ctrl-C is marked before it raises ``KeyboardInterrupt``, so a real interrupt stops the
    command ("Aborted!") while a plugin raising ``KeyboardInterrupt`` is reported as a failing
    plugin (:func:`mrt_roadmap.hook_budget.install_interrupt_marker`).
    """
    from mrt_roadmap.hook_budget import install_interrupt_marker

    install_interrupt_marker()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        cli(prog_name="mrt-roadmap")
    finally:
        gc.freeze()
