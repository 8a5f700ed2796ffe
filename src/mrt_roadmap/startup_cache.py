"""An on-disk cache for what every start would otherwise recompute: the entry-point scan and
each definitions file's validated, structured objects.

Directory: ``MRT_ROADMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/mrt-roadmap``, else
``~/.cache/mrt-roadmap``; ``MRT_ROADMAP_NO_CACHE=1`` turns it off. An entry is one file per
``(kind, name)`` holding the exact key it was computed from (the caller's inputs, compared byte
for byte, so no hash can collide); an entry whose key differs is stale and is recomputed and
replaced, so the cache holds one entry per definitions file and per Python environment; files
that come and go (a test's temporary folder) are bounded by :data:`MAX_ENTRIES`, the oldest
going first. Entries are written atomically and only read from a file owned by the current user
that no one else can write (they are pickles). Any error reading or writing only means
recomputing.
"""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path
from typing import Any

ENV_DIR = "MRT_ROADMAP_CACHE_DIR"
ENV_OFF = "MRT_ROADMAP_NO_CACHE"
MAGIC = b"mrt-roadmap-cache-2\n"
_SIZE = 8  # bytes of each length prefix
MAX_ENTRIES = 256
"""Entries kept per kind; past this, storing removes the oldest half."""


def cache_dir() -> Path | None:
    """Where entries are kept, or ``None`` when the cache is turned off."""
    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        return None
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mrt-roadmap"


def _entry(kind: str, name: bytes) -> Path | None:
    """The file of ``(kind, name)``: named by two checksums of ``name``. Two names that share a
    file only replace each other's entry, since the name is stored and compared too."""
    folder = cache_dir()
    if folder is None:
        return None
    return folder / kind / f"{zlib.crc32(name):08x}{zlib.adler32(name):08x}"


def _trusted(fd: int) -> bool:
    st = os.fstat(fd)
    getuid = getattr(os, "getuid", None)
    return getuid is None or (st.st_uid == getuid() and not st.st_mode & 0o022)


def _header(name: bytes, key: bytes) -> bytes:
    return b"".join(
        (MAGIC, len(name).to_bytes(_SIZE, "big"), name, len(key).to_bytes(_SIZE, "big"), key)
    )


def load(kind: str, name: bytes, key: bytes) -> Any | None:
    """The value stored for ``(kind, name)`` if it was computed from ``key``; else ``None``."""
    path = _entry(kind, name)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            if not _trusted(fh.fileno()):
                return None
            blob = fh.read()
    except OSError:
        return None
    header = _header(name, key)
    if not blob.startswith(header):
        return None
    try:
        return pickle.loads(blob[len(header) :])
    except Exception:  # a damaged entry is a miss
        return None


def store(kind: str, name: bytes, key: bytes, value: Any) -> None:
    """Remember ``value`` for ``(kind, name)``, computed from ``key`` (atomic; errors ignored)."""
    path = _entry(kind, name)
    if path is None:
        return
    import tempfile

    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_header(name, key) + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(path.parent)
    except Exception:  # an unwritable cache only means recomputing next time
        return


def _prune(folder: Path) -> None:
    """Keep at most :data:`MAX_ENTRIES` entries in ``folder``: past that, the oldest half go."""
    entries = [e for e in os.scandir(folder) if e.is_file() and not e.name.startswith(".")]
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda e: e.stat().st_mtime_ns)
    for entry in entries[: len(entries) - MAX_ENTRIES // 2]:
        try:
            os.unlink(entry.path)
        except OSError:
            continue


def join(*parts: bytes | str) -> bytes:
    """One key from several parts, each length-prefixed so no two lists of parts run together."""
    out = []
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        out.append(len(data).to_bytes(_SIZE, "big"))
        out.append(data)
    return b"".join(out)
