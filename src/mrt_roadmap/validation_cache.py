"""Remembers which definitions files already passed schema validation, by content hash.

Validating every plugin's definitions costs more than planning, and the files rarely change: a
file whose exact bytes (with this schema and this mrt-roadmap version) were found valid before
is not validated again. Only a marker file named by the hash is stored — no data, nothing
executable. Directory: ``MRT_ROADMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/mrt-roadmap``, else
``~/.cache/mrt-roadmap``; ``MRT_ROADMAP_NO_CACHE=1`` turns it off. Any error reading or writing
the cache only means validating again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

ENV_DIR = "MRT_ROADMAP_CACHE_DIR"
ENV_OFF = "MRT_ROADMAP_NO_CACHE"


def cache_dir() -> Path | None:
    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        return None
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mrt-roadmap"


def fingerprint(content: bytes, schema_text: str, version: str) -> str:
    digest = hashlib.sha256()
    for part in (version.encode(), schema_text.encode(), content):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def known_valid(key: str) -> bool:
    folder = cache_dir()
    return folder is not None and (folder / "valid" / key).exists()


def remember_valid(key: str) -> None:
    folder = cache_dir()
    if folder is None:
        return
    target = folder / "valid"
    try:
        target.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target, prefix=".tmp-")
        os.close(fd)
        os.replace(tmp, target / key)
    except OSError:
        return
