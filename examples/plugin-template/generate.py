#!/usr/bin/env python3
"""Create a new mrt-roadmap plugin from this template (standard library only).

    python examples/plugin-template/generate.py --name acme --out ../mrt-roadmap-acme
    python examples/plugin-template/generate.py --name acme --variant join-issuer

copies the template next to this script to ``--out`` (which must not exist yet) in one of two
variants (``--variant``):

    new-issuer   (default) a credential of an issuer of its own: the plugin registers it, picks
                 its exam dates and plans its maintenance (``mrt_roadmap_maintenance``)
    join-issuer  a credential issued by AHIMA: the plugin only registers it; its
                 ``maintenance.scheme`` is ``AHIMA``, so the built-in AHIMA plugin counts it in
                 AHIMA's combined CE totals (no maintenance hook)

The files of ``variants/<variant>/`` replace those of the same path in the template. Renaming:

    mrt-roadmap-example  ->  mrt-roadmap-acme   (distribution)
    mrt_roadmap_example  ->  mrt_roadmap_acme   (module, also in file and folder names)
    example              ->  acme               (entry-point name, milestone-id prefix)
    EXMPL                ->  ACME               (the placeholder credential id)

The name: lowercase letters, digits and single hyphens, starting with a letter (``acme``,
``ncra-ods``). Exit codes: 0 created, 2 bad arguments (nothing is written).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent
PLACEHOLDER = "example"
PLACEHOLDER_CREDENTIAL = "EXMPL"
NAME_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MAX_NAME = 40
RESERVED = frozenset({"education", "ahima", "cycles", "careers", "exporters"})
"""Names of mrt-roadmap's built-in plugins: blocking one by name would block both."""
SKIP_DIRS = frozenset(
    {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", "build", "dist"}
)
SKIP_FILES = frozenset({"generate.py"})
VARIANTS_DIR = "variants"
"""Overlays of the template, one folder per variant but the default (never copied as such)."""
VARIANTS = {
    "new-issuer": "a credential of an issuer of its own, with its own maintenance hook",
    "join-issuer": "an AHIMA credential that joins AHIMA's combined CE totals (no maintenance hook)",
}
DEFAULT_VARIANT = "new-issuer"
TEXT_SUFFIXES = frozenset({".py", ".toml", ".md", ".json", ".typed", ".txt", ".cfg", ".ini"})
TEMPLATE_ONLY = re.compile(r"<!-- template-only -->.*?<!-- /template-only -->\n*", re.DOTALL)
"""Blocks of the template's README that explain the template itself; dropped when copying."""


class UsageError(Exception):
    """A bad name or target; the message is for the user."""


def check_name(name: str) -> str:
    """Return ``name`` if it is a valid plugin short name, else raise :class:`UsageError`."""
    if name.startswith(("mrt-roadmap", "mrt_roadmap")):
        raise UsageError(
            f"give the short name (e.g. {name.split('roadmap', 1)[1].strip('-_') or 'acme'!r}); "
            "the distribution is named mrt-roadmap-<name>"
        )
    if not NAME_RE.fullmatch(name):
        raise UsageError(
            f"invalid name {name!r}: use lowercase letters, digits and single hyphens, "
            "starting with a letter (e.g. 'acme', 'ncra-ods')"
        )
    if len(name) > MAX_NAME:
        raise UsageError(f"invalid name {name!r}: at most {MAX_NAME} characters")
    if name in RESERVED:
        raise UsageError(f"{name!r} is the name of a built-in mrt-roadmap plugin; choose another")
    if PLACEHOLDER in name or PLACEHOLDER_CREDENTIAL.lower() in name:
        raise UsageError(f"{name!r} contains the template's placeholder; choose your own name")
    return name


def module_name(name: str) -> str:
    """The import name of plugin ``name``: ``ncra-ods`` -> ``mrt_roadmap_ncra_ods``."""
    return "mrt_roadmap_" + name.replace("-", "_")


def credential_id(name: str) -> str:
    """The placeholder credential's new id: ``ncra-ods`` -> ``NCRA-ODS``."""
    return name.upper()


def replacements(name: str) -> dict[str, str]:
    """Placeholder -> replacement; the bare short name only as a whole lowercase word."""
    return {
        f"mrt-roadmap-{PLACEHOLDER}": f"mrt-roadmap-{name}",
        f"mrt_roadmap_{PLACEHOLDER}": module_name(name),
        PLACEHOLDER_CREDENTIAL: credential_id(name),
        PLACEHOLDER: name,
    }


_PATTERN = re.compile(
    rf"mrt-roadmap-{PLACEHOLDER}|mrt_roadmap_{PLACEHOLDER}|{PLACEHOLDER_CREDENTIAL}|\b{PLACEHOLDER}\b"
)


def rename(text: str, name: str) -> str:
    """``text`` with every placeholder replaced, in one pass (a replacement is never renamed
    again). Prose reading "Example" (capitalised) is left alone."""
    table = replacements(name)
    return _PATTERN.sub(lambda m: table[m.group(0)], text)


def leftovers(text: str) -> list[str]:
    """Placeholders still in ``text`` (empty when fully renamed)."""
    return sorted({m.group(0) for m in _PATTERN.finditer(text)})


def template_files(root: Path = TEMPLATE) -> list[Path]:
    """The template's files, relative to ``root``, without caches, builds, the variants' overlays
    and this script."""
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part in SKIP_DIRS or part.endswith(".egg-info") for part in rel.parts):
            continue
        if rel.parts[0] == VARIANTS_DIR:
            continue
        if path.is_file() and rel.as_posix() not in SKIP_FILES:
            out.append(rel)
    return out


def variant_sources(variant: str, template: Path = TEMPLATE) -> dict[Path, Path]:
    """Relative path in the plugin -> the template file it is copied from, for ``variant``."""
    if variant not in VARIANTS:
        raise UsageError(f"unknown variant {variant!r}; choose one of {', '.join(VARIANTS)}")
    sources = {rel: template / rel for rel in template_files(template)}
    overlay = template / VARIANTS_DIR / variant
    if variant != DEFAULT_VARIANT:
        if not overlay.is_dir():
            raise UsageError(f"variant {variant!r} has no folder {overlay}")
        sources.update({rel: overlay / rel for rel in template_files(overlay)})
    return dict(sorted(sources.items()))


def generate(
    name: str, out: Path, template: Path = TEMPLATE, variant: str = DEFAULT_VARIANT
) -> list[Path]:
    """Copy ``template`` (its ``variant``) to ``out`` renamed for ``name``; return the files
    written."""
    check_name(name)
    sources = variant_sources(variant, template)
    out = out.expanduser().resolve()
    if out.exists():
        raise UsageError(f"{out} already exists; choose a new folder (nothing was overwritten)")
    if out == template or template in out.parents:
        raise UsageError(f"{out} is inside the template; choose a folder outside it")
    written = []
    staging = out.with_name(f".{out.name}.partial")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        for rel, source in sources.items():
            target = staging / rename(rel.as_posix(), name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix in TEXT_SUFFIXES:
                text = source.read_text(encoding="utf-8")
                if rel.as_posix() == "README.md":
                    text = TEMPLATE_ONLY.sub("", text)
                text = rename(text, name)
                if left := leftovers(text):
                    raise UsageError(f"{rel}: placeholders left after renaming: {left}")
                target.write_text(text, encoding="utf-8")
            else:
                shutil.copy2(source, target)
            written.append(target.relative_to(staging))
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Create an mrt-roadmap plugin distribution from the template.",
    )
    parser.add_argument("--name", required=True, help="short plugin name, e.g. acme")
    parser.add_argument(
        "--out", type=Path, help="folder to create (default: ./mrt-roadmap-<name>); must not exist"
    )
    parser.add_argument(
        "--variant",
        choices=sorted(VARIANTS),
        default=DEFAULT_VARIANT,
        help="; ".join(f"{k}: {v}" for k, v in VARIANTS.items()) + f" (default: {DEFAULT_VARIANT})",
    )
    args = parser.parse_args(argv)
    out = args.out if args.out is not None else Path(f"mrt-roadmap-{args.name}")
    try:
        files = generate(args.name, out, variant=args.variant)
    except UsageError as exc:
        print(f"generate.py: error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Created {out} ({len(files)} files, variant {args.variant}): "
        f"distribution mrt-roadmap-{args.name}, "
        f"module {module_name(args.name)}, credential {credential_id(args.name)}.\n"
        f"Next: pip install -e '{out}[test]' && cd '{out}' && python -m pytest"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
