"""An on-disk cache for what every start would otherwise recompute: the entry-point scan and
each definitions file's validated, structured objects.

Directory: ``MRT_ROADMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/mrt-roadmap``, else
``~/.cache/mrt-roadmap``; ``MRT_ROADMAP_NO_CACHE=1`` turns it off. An entry is one file, named by
what it is for and holding the key it was computed from (a digest of every input); an entry
whose key differs is stale and is recomputed and replaced, so the cache holds one entry per
definitions file and per Python environment. Entries are written atomically and only read from
a file owned by the current user that no one else can write (they are pickles). Any error
reading or writing only means recomputing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

ENV_DIR = "MRT_ROADMAP_CACHE_DIR"
ENV_OFF = "MRT_ROADMAP_NO_CACHE"
FORMAT = b"mrt-roadmap-cache-1"


def cache_dir() -> Path | None:
    """Where entries are kept, or ``None`` when the cache is turned off."""
    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        return None
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mrt-roadmap"


def digest(*parts: bytes | str) -> str:
    """A SHA-256 of the parts, each length-prefixed so no two lists of parts collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _entry(kind: str, name: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / kind / digest(name)


def _trusted(fd: int) -> bool:
    st = os.fstat(fd)
    getuid = getattr(os, "getuid", None)
    return getuid is None or (st.st_uid == getuid() and not st.st_mode & 0o022)


def load(kind: str, name: str, key: str) -> Any | None:
    """The value stored for ``(kind, name)`` if it was computed from ``key``; else ``None``."""
    path = _entry(kind, name)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            if not _trusted(fh.fileno()):
                return None
            header = fh.readline().rstrip(b"\n")
            if header != FORMAT + b" " + key.encode():
                return None
            return pickle.loads(fh.read())
    except Exception:  # a missing, unreadable or damaged entry is a miss
        return None


def store(kind: str, name: str, key: str, value: Any) -> None:
    """Remember ``value`` for ``(kind, name)``, computed from ``key`` (atomic; errors ignored)."""
    path = _entry(kind, name)
    if path is None:
        return
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(FORMAT + b" " + key.encode() + b"\n" + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # an unwritable cache only means recomputing next time
        return
