"""Writing an output to a path the way a careful Unix tool does: :func:`write_output` for a
whole text, :func:`open_output` for one written piece by piece (``batch``'s lines, as they are
planned). Both follow the same rules.

What happens depends on what the target is:

* ``-``, ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N``: written to that
  already open stream, so a shell redirection (``>``, ``>>``, ``|``) is honoured as it is;
* an existing FIFO or device (``/dev/null``, a terminal): opened for writing and written
  through; no temporary file, nothing is replaced (a FIFO blocks until a reader opens it, as
  with ``>`` in a shell; a socket cannot be opened and gives an error);
* an existing symbolic link: refused, unless ``replace_symlink=True``, which replaces the link
  itself with a regular file and leaves the file it pointed to alone. Writing through the link
  is not offered: the link may lead anywhere (another user's file, a file of the system), and
  refusing is the safe default;
* a directory: refused;
* a regular file, or a path that does not exist: written atomically. The text goes to a
  temporary file in the same folder, is flushed to disk (``fsync``) and renamed over the
  target, so a reader sees the old content or the new, never a part. A replaced file keeps its
  permission bits (and, where allowed, its owner and group); a hard link to it keeps the old
  content.

Permissions of a new file are ``0o666`` less the umask. They are applied by the kernel: the file
is created with mode ``0o666`` and ``open(2)`` applies the umask (or the folder's default ACL),
exactly as ``>`` in a shell. The umask is never read or changed, since changing it to read it
races with other threads, and ``/proc/self/status`` does not exist everywhere.

Any ``OSError`` (a full disk, no permission, a read-only file system, a missing folder) becomes an
:class:`~mrt_roadmap.errors.OutputError` naming the path and the system's reason; the temporary
file is removed and an existing target is left untouched.

With :func:`open_output`, a regular file is replaced only when the ``with`` block ends without
an error; an error (or an interrupt) inside it removes the temporary file and leaves the target
as it was. Pieces written to a file are buffered and reach the disk together; a stream or device
gets each piece as it is written.

SIGTERM during an atomic write (main thread only) removes the temporary file; the previous
handler is then restored and the signal delivered again, so the process ends as SIGTERM would
have ended it. SIGKILL cannot be caught: it may leave a temporary file named
``.NAME.mrt-roadmap-XXXXXXXX.tmp`` (eight hex digits) beside the target, which is safe to delete.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Literal, NamedTuple, Protocol

from mrt_roadmap.errors import OutputError

Written = Literal["stream", "file"]
"""What :func:`write_output` wrote to: a stream or device (``"stream"``) or a regular file."""

TEMP_INFIX = ".mrt-roadmap-"
TEMP_SUFFIX = ".tmp"
_MAX_NAME_BYTES = 200  # of the target's name inside a temporary name (file names: 255 bytes)
_STANDARD_PATHS = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_PATH = re.compile(r"/(?:dev|proc/self)/fd/([0-9]+)")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)


def write_output(
    text: str, target: str | os.PathLike[str], *, replace_symlink: bool = False
) -> Written:
    """Write ``text`` as UTF-8 to ``target`` (``-`` is standard output) as the module docstring
    describes; return ``"file"`` if a regular file was written, else ``"stream"``.

    Raises :class:`~mrt_roadmap.errors.OutputError` on any failure.
    """
    data = _encoded(text, os.fspath(target))
    with open_output(target, replace_symlink=replace_symlink) as output:
        output.write_bytes(data)
    return output.kind


class Output:
    """An output being written (:func:`open_output`): :meth:`write` adds a piece of text."""

    def __init__(self, name: str, sink: _Sink) -> None:
        self.name = name
        self._sink = sink

    @property
    def kind(self) -> Written:
        """``"file"`` when a regular file is being written, else ``"stream"``."""
        return self._sink.kind

    def write(self, text: str) -> None:
        """Add ``text`` (as UTF-8); :class:`~mrt_roadmap.errors.OutputError` on failure."""
        self.write_bytes(_encoded(text, self.name))

    def write_bytes(self, data: bytes) -> None:
        """Add bytes; :class:`~mrt_roadmap.errors.OutputError` on failure."""
        with _as_output_error(self.name):
            self._sink.write(data)


def check_target(target: str | os.PathLike[str], *, replace_symlink: bool = False) -> None:
    """Raise :class:`~mrt_roadmap.errors.OutputError` now if ``target`` would be refused (a
    symbolic link not to be replaced, a directory), so a long job fails before it starts."""
    name = os.fspath(target)
    with _as_output_error(name):
        _opener(name, replace_symlink)


@contextmanager
def open_output(
    target: str | os.PathLike[str], *, replace_symlink: bool = False
) -> Iterator[Output]:
    """An :class:`Output` to write ``target`` piece by piece, as the module docstring describes:
    a regular file is replaced when the block ends without an error, never before.

    Raises :class:`~mrt_roadmap.errors.OutputError` on any failure of the output."""
    name = os.fspath(target)
    with _as_output_error(name):
        opener = _opener(name, replace_symlink)
    guard = _sigterm_cleans_up(name) if opener.atomic else contextlib.nullcontext()
    with guard:
        with _as_output_error(name):
            sink = opener.open()
        output = Output(name, sink)
        try:
            yield output
            with _as_output_error(name):
                sink.commit()
        except BaseException:
            sink.abort()
            raise
        finally:
            output._sink = _ClosedSink(sink.kind)


def _encoded(text: str, name: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise OutputError(_display(name), f"the text is not valid Unicode ({exc.reason})") from None


@contextmanager
def _as_output_error(name: str) -> Iterator[None]:
    """The system's errors while writing ``name`` as :class:`OutputError`."""
    try:
        yield
    except OSError as exc:
        raise OutputError(_display(name), exc.strerror or str(exc)) from None
    except ValueError as exc:  # a closed stream ("I/O operation on closed file")
        raise OutputError(_display(name), str(exc)) from None


def _display(name: str) -> str:
    """How error messages name the target."""
    return "standard output" if name == "-" else name


class _Opener(NamedTuple):
    """How a target is written, chosen by what it is before anything is opened."""

    open: Callable[[], _Sink]
    atomic: bool


def _opener(name: str, replace_symlink: bool) -> _Opener:
    """Choose how to write by what ``name`` is (see the module docstring); OSError escapes."""
    fd = _open_descriptor(name)
    if fd is not None:
        return _Opener(lambda: _StreamSink(fd), atomic=False)
    try:
        info: os.stat_result | None = os.lstat(name)
    except FileNotFoundError:
        info = None
    if info is None or (stat.S_ISLNK(info.st_mode) and replace_symlink):
        return _Opener(lambda: _FileSink(name, existing=None), atomic=True)
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(
            name, "it is a symbolic link; not replaced unless asked (--replace-symlink)"
        )
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    if stat.S_ISREG(info.st_mode):
        return _Opener(lambda: _FileSink(name, existing=info), atomic=True)
    return _Opener(lambda: _DeviceSink(name), atomic=False)


class _Sink(Protocol):
    kind: Written

    def write(self, data: bytes) -> None: ...

    def commit(self) -> None: ...

    def abort(self) -> None: ...


class _ClosedSink:
    """What an :class:`Output` writes to once its block has ended."""

    def __init__(self, kind: Written) -> None:
        self.kind = kind

    def write(self, data: bytes) -> None:
        raise ValueError("the output is closed: its block has ended")

    def commit(self) -> None:
        pass

    def abort(self) -> None:
        pass


class _StreamSink:
    """An already open descriptor; 1 and 2 through ``sys.stdout``/``sys.stderr``, so text they
    buffer comes first and a replaced stream (a test runner's) is honoured."""

    kind: Written = "stream"

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.stream = {1: sys.stdout, 2: sys.stderr}.get(fd)
        if self.stream is not None:
            self.stream.flush()

    def write(self, data: bytes) -> None:
        if self.stream is None:
            _write_all(self.fd, data)
            return
        buffer = getattr(self.stream, "buffer", None)
        if buffer is None:
            self.stream.write(data.decode("utf-8"))
        else:
            buffer.write(data)

    def commit(self) -> None:
        if self.stream is not None:
            buffer = getattr(self.stream, "buffer", None)
            if buffer is not None:
                buffer.flush()
            self.stream.flush()

    def abort(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.commit()  # what was written to a stream is out already


class _DeviceSink:
    """An existing FIFO or device, written in place (no temporary file, no rename)."""

    kind: Written = "stream"

    def __init__(self, name: str) -> None:
        self.fd: int | None = os.open(name, os.O_WRONLY | _NOCTTY | _NOFOLLOW | _CLOEXEC)
        if stat.S_ISREG(os.fstat(self.fd).st_mode):
            self.abort()
            raise OutputError(name, "it became a regular file while being opened; try again")

    def write(self, data: bytes) -> None:
        assert self.fd is not None
        _write_all(self.fd, data)

    def commit(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.commit()


class _FileSink:
    """A temporary file beside ``name``, with the replaced file's permissions, renamed over
    ``name`` once flushed to disk (:meth:`commit`), or removed (:meth:`abort`)."""

    kind: Written = "file"
    BUFFER = 1 << 18

    def __init__(self, name: str, existing: os.stat_result | None) -> None:
        self.name = name
        self.tmp, fd = _create_temp(name, mode=0o666 if existing is None else 0o600)
        self.fd: int | None = fd
        self.pending: list[bytes] = []
        self.size = 0
        if existing is not None:
            try:
                _copy_permissions(fd, existing)
            except BaseException:
                self.abort()
                raise

    def write(self, data: bytes) -> None:
        self.pending.append(data)
        self.size += len(data)
        if self.size >= self.BUFFER:
            self._flush()

    def _flush(self) -> None:
        assert self.fd is not None
        data, self.pending, self.size = b"".join(self.pending), [], 0
        _write_all(self.fd, data)

    def commit(self) -> None:
        self._flush()
        fd, self.fd = self.fd, None
        assert fd is not None
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(self.tmp, self.name)
        self.tmp = ""
        _sync_folder(os.path.dirname(self.name) or ".")

    def abort(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.tmp:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)


def _open_descriptor(name: str) -> int | None:
    """The file descriptor that ``name`` stands for (``-``, ``/dev/stdout``...), if any."""
    if name in _STANDARD_PATHS:
        return _STANDARD_PATHS[name]
    match = _FD_PATH.fullmatch(os.path.normpath(name))
    return int(match.group(1)) if match else None


def _create_temp(name: str, mode: int) -> tuple[str, int]:
    """A new temporary file ``.NAME.mrt-roadmap-XXXXXXXX.tmp`` beside ``name``, opened for
    writing; ``mode`` goes to ``open(2)``, which applies the umask."""
    folder, base = os.path.split(name)
    prefix = "." + _shorten(base) + TEMP_INFIX
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC
    for _ in range(100):
        tmp = os.path.join(folder, f"{prefix}{os.urandom(4).hex()}{TEMP_SUFFIX}")
        try:
            return tmp, os.open(tmp, flags, mode)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", folder)


def _shorten(base: str) -> str:
    """``base`` cut so that a temporary name built on it fits in a file name."""
    while len(os.fsencode(base)) > _MAX_NAME_BYTES:
        base = base[:-1]
    return base


def _copy_permissions(fd: int, existing: os.stat_result) -> None:
    """Owner and group where allowed (only root may give a file away), then the mode bits."""
    if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(PermissionError):
            os.fchown(fd, existing.st_uid, existing.st_gid)
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))


def _write_all(fd: int, data: bytes) -> None:
    """``os.write`` until all of ``data`` is written (a write may be partial)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _sync_folder(folder: str) -> None:
    """Flush the rename to disk (best effort: some file systems cannot sync a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _Terminated(BaseException):
    """Raised by the temporary SIGTERM handler, so that the clean-up of a write runs."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


@contextmanager
def _sigterm_cleans_up(name: str) -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`_Terminated` (so the block removes its
    temporary file); then the previous handler is restored and SIGTERM raised again, which ends
    the process if that handler is the default one. Only in the main thread (where Python runs
    signal handlers), and not if SIGTERM is ignored or has a handler Python cannot restore."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is None or previous == signal.SIG_IGN:
        yield
        return
    try:
        signal.signal(signal.SIGTERM, _raise_terminated)
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        signal.raise_signal(signal.SIGTERM)
        raise OutputError(name, "interrupted by SIGTERM") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
