"""``write_output`` and ``-o``: atomic files, umask and kept modes, FIFOs and devices written
through, symlinks refused, every failure an ``OutputError`` with no temporary file left."""

from __future__ import annotations

import errno
import functools
import io
import json
import os
import select
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mrt_roadmap.cli import cli
from mrt_roadmap.errors import MrtRoadmapError, OutputError
from mrt_roadmap.output_file import TEMP_INFIX, open_output, write_output
from mrt_roadmap.pluginmanager import _cached_host

TEXT = "Roadmap ✓\nline two\n"
REAL_OPEN, REAL_WRITE = os.open, os.write


def temp_files(folder: Path) -> list[str]:
    """Names in ``folder`` that look like this module's temporary files."""
    return [p.name for p in folder.iterdir() if TEMP_INFIX in p.name]


def read_in_background(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    """A daemon thread reading ``fifo`` to its end (so a failing test cannot hang the run)."""
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    return reader, received


@pytest.fixture
def umask() -> Iterator[None]:
    """Restore the process's umask after a test that sets it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize(
    ("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)], ids=["022", "077", "002"]
)
def test_a_new_file_gets_0666_less_the_umask(tmp_path, mask, mode):
    os.umask(mask)
    target = tmp_path / "new.txt"
    assert write_output(TEXT, target) == "file"
    assert target.read_text("utf-8") == TEXT
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert temp_files(tmp_path) == []


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_a_replaced_file_keeps_its_mode_and_gets_a_new_inode(tmp_path, mode):
    target = tmp_path / "old.txt"
    target.write_text("old")
    target.chmod(mode)
    before = target.stat()
    assert write_output(TEXT, str(target)) == "file"
    after = target.stat()
    assert target.read_text("utf-8") == TEXT
    assert stat.S_IMODE(after.st_mode) == mode
    assert after.st_ino != before.st_ino  # renamed into place, not rewritten in place
    assert temp_files(tmp_path) == []


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, received = read_in_background(fifo)
    assert write_output(TEXT, fifo) == "stream"
    reader.join(timeout=10)
    assert received == [TEXT.encode("utf-8")]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert temp_files(tmp_path) == []


def test_dev_null_is_written_through_and_stays_a_device():
    assert write_output(TEXT, "/dev/null") == "stream"
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_are_standard_output(capsys, target):
    assert write_output(TEXT, target) == "stream"
    assert capsys.readouterr().out == TEXT


def test_dev_stderr_is_standard_error(capsys):
    write_output(TEXT, "/dev/stderr")
    assert capsys.readouterr().err == TEXT


@pytest.mark.parametrize("prefix", ["/dev/fd/", "/proc/self/fd/"])
def test_an_fd_path_writes_to_that_open_descriptor(prefix):
    read_end, write_end = os.pipe()
    try:
        assert write_output(TEXT, f"{prefix}{write_end}") == "stream"
        os.close(write_end)
        assert os.read(read_end, 1000) == TEXT.encode("utf-8")
    finally:
        os.close(read_end)
        if write_end in _open_fds():
            os.close(write_end)


def _open_fds() -> set[int]:
    return {int(n) for n in os.listdir("/proc/self/fd")}


def test_a_symlink_is_refused_and_both_ends_are_untouched(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("keep me")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="symbolic link") as caught:
        write_output(TEXT, link)
    assert str(link) in str(caught.value)
    assert link.is_symlink()
    assert real.read_text() == "keep me"
    assert temp_files(tmp_path) == []


@pytest.mark.usefixtures("umask")
def test_a_symlink_is_replaced_by_a_regular_file_when_asked(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("keep me")
    real.chmod(0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert write_output(TEXT, link, replace_symlink=True) == "file"
    assert not link.is_symlink()
    assert link.read_text("utf-8") == TEXT
    assert stat.S_IMODE(link.stat().st_mode) == 0o644  # a new file: 0o666 less the umask
    assert real.read_text() == "keep me"


def _failing(name: str, code: int):
    """A stand-in for ``os.NAME`` that fails with ``code`` on the temporary file only."""
    real = getattr(os, name)

    def fail(*args, **kwargs):
        if name == "write" and args[0] <= 2:
            return real(*args, **kwargs)
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("function", "code"),
    [
        ("write", errno.ENOSPC),  # a full disk
        ("fsync", errno.ENOSPC),  # a full disk found late (delayed allocation, NFS)
        ("fsync", errno.EIO),
        ("replace", errno.EROFS),
        ("replace", errno.EACCES),
    ],
)
def test_a_failure_names_the_path_and_reason_and_leaves_the_old_file(
    tmp_path, monkeypatch, function, code
):
    target = tmp_path / "out.txt"
    target.write_text("old content")
    monkeypatch.setattr(os, function, _failing(function, code))
    with pytest.raises(OutputError) as caught:
        write_output(TEXT, target)
    monkeypatch.undo()
    assert str(caught.value) == f"cannot write {target}: {os.strerror(code)}"
    assert isinstance(caught.value, MrtRoadmapError)
    assert target.read_text() == "old content"
    assert temp_files(tmp_path) == []


def test_no_permission_to_create_the_temporary_file(tmp_path, monkeypatch):
    def deny_create(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return REAL_OPEN(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny_create)
    with pytest.raises(OutputError, match="Permission denied"):
        write_output(TEXT, tmp_path / "out.txt")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="Permission denied"):
            write_output(TEXT, folder / "out.txt")
    finally:
        folder.chmod(0o755)
    assert list(folder.iterdir()) == []


def test_a_directory_target_is_refused(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "inside").write_text("x")
    with pytest.raises(OutputError, match="Is a directory"):
        write_output(TEXT, folder)
    assert [p.name for p in folder.iterdir()] == ["inside"]
    assert temp_files(tmp_path) == []


def test_a_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="No such file or directory") as caught:
        write_output(TEXT, tmp_path / "missing" / "out.txt")
    assert caught.value.path == str(tmp_path / "missing" / "out.txt")


def test_text_that_is_not_unicode_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="not valid Unicode"):
        write_output("lone \ud800 surrogate", tmp_path / "out.txt")
    assert list(tmp_path.iterdir()) == []


def test_the_sigterm_handler_is_restored_after_success_and_failure(tmp_path, monkeypatch):
    def mine(signum, frame):  # pragma: no cover - never called
        pass

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        write_output(TEXT, tmp_path / "ok.txt")
        assert signal.getsignal(signal.SIGTERM) is mine
        monkeypatch.setattr(os, "write", _failing("write", errno.ENOSPC))
        with pytest.raises(OutputError):
            write_output(TEXT, tmp_path / "full.txt")
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_writing_from_another_thread_works(tmp_path):
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(write_output(TEXT, tmp_path / "t")))
    worker.start()
    worker.join(timeout=10)
    assert results == ["file"]
    assert (tmp_path / "t").read_text("utf-8") == TEXT


# A child that starts writing, says so, then stalls inside os.write until it is signalled.
CHILD = """
import os, signal, sys, time
from mrt_roadmap.errors import OutputError
from mrt_roadmap.output_file import write_output

real_write = os.write

def stalling_write(fd, data):
    written = real_write(fd, data[:5])
    print("writing", flush=True)
    time.sleep(60)
    return written

if sys.argv[2] == "handler":
    signal.signal(signal.SIGTERM, lambda signum, frame: print("handler ran", flush=True))
os.write = stalling_write
try:
    write_output("x" * 100, sys.argv[1])
except OutputError as exc:
    print(exc, flush=True)
"""


def _start_stalled_writer(target: Path, mode: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target), mode], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], 30)
    assert ready, "the child did not start writing"
    assert child.stdout.readline() == "writing\n"
    return child


def test_sigterm_during_a_write_removes_the_temporary_file_and_ends_the_process(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old content")
    child = _start_stalled_writer(target, "default")
    try:
        assert len(temp_files(tmp_path)) == 1  # the write is under way
        child.send_signal(signal.SIGTERM)
        child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == -signal.SIGTERM
    assert temp_files(tmp_path) == []
    assert target.read_text() == "old content"


def test_sigterm_runs_the_previous_handler_after_cleaning_up(tmp_path):
    child = _start_stalled_writer(tmp_path / "out.txt", "handler")
    try:
        child.send_signal(signal.SIGTERM)
        out, _ = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 0
    assert out.splitlines() == [
        "handler ran",
        f"cannot write {tmp_path / 'out.txt'}: interrupted by SIGTERM",
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def run(monkeypatch):
    """The CLI with the built-in plugins only; hosts built here leave no process-wide cache."""
    monkeypatch.setenv("MRT_ROADMAP_LOAD_PLUGINS", "")
    monkeypatch.setattr(
        "mrt_roadmap.pluginmanager._cached_host", functools.cache(_cached_host.__wrapped__)
    )

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


def assert_one_line_error(result, *expected: str) -> None:
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: cannot write ")
    for part in expected:
        assert part in lines[0]


def test_cli_full_disk_exits_2_with_one_line(run, tmp_path, monkeypatch):
    monkeypatch.setattr(os, "write", _failing("write", errno.ENOSPC))
    target = tmp_path / "out.txt"
    assert_one_line_error(run("demo", "-o", str(target)), str(target), "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_cli_missing_folder_exits_2_with_one_line(run, tmp_path):
    target = tmp_path / "no" / "out.md"
    result = run("demo", "-f", "md", "-o", str(target))
    assert_one_line_error(result, str(target), "No such file or directory")


def test_cli_refuses_a_symlink_unless_asked(run, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("keep me")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert_one_line_error(run("demo", "-o", str(link)), "symbolic link")
    result = run("demo", "-o", str(link), "--replace-symlink")
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {link}\n"
    assert not link.is_symlink()
    assert link.read_text("utf-8").startswith("Roadmap for Demo")
    assert real.read_text() == "keep me"


def test_cli_plan_passes_replace_symlink_through(run, tmp_path):
    from example_files import EXAMPLES

    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "dangling")
    result = run("plan", str(EXAMPLES / "demo-new-learner.json"), "-o", str(link))
    assert_one_line_error(result, "symbolic link")
    result = run(
        "plan", str(EXAMPLES / "demo-new-learner.json"), "-o", str(link), "--replace-symlink"
    )
    assert result.exit_code == 0
    assert not link.is_symlink()
    assert not (tmp_path / "dangling").exists()


def test_cli_dash_writes_to_standard_output_without_wrote(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("demo", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("Roadmap for Demo")
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_a_closed_standard_output_is_an_output_error(monkeypatch):
    closed = io.TextIOWrapper(io.BytesIO())
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed)
    with pytest.raises(OutputError, match="standard output"):
        write_output("text", "-")


# -- open_output: the same rules, written piece by piece (batch) ------------------------------
def test_pieces_reach_a_regular_file_only_when_the_block_ends(tmp_path):
    target = tmp_path / "lines.jsonl"
    target.write_text("old content")
    with open_output(target) as out:
        for i in range(5000):  # more than the buffer holds: flushed to the temporary file
            out.write(f"line {i} ✓\n")
        assert target.read_text() == "old content"  # not yet replaced
        assert len(temp_files(tmp_path)) == 1
    assert out.kind == "file"
    assert target.read_text("utf-8").splitlines()[-1] == "line 4999 ✓"
    assert temp_files(tmp_path) == []


def test_an_error_inside_the_block_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "lines.jsonl"
    target.write_text("old content")

    def fail_halfway() -> None:
        with open_output(target) as out:
            out.write("half\n")
            raise KeyError("planning failed")

    with pytest.raises(KeyError):
        fail_halfway()
    assert target.read_text() == "old content"
    assert temp_files(tmp_path) == []


def test_a_failed_piece_is_an_output_error_and_nothing_is_replaced(tmp_path, monkeypatch):
    target = tmp_path / "lines.jsonl"
    target.write_text("old content")
    monkeypatch.setattr(os, "write", _failing("write", errno.ENOSPC))
    with pytest.raises(OutputError, match="No space left on device"), open_output(target) as out:
        out.write("x" * (1 << 19))
    monkeypatch.undo()
    assert target.read_text() == "old content"
    assert temp_files(tmp_path) == []


def test_pieces_go_through_a_fifo_as_they_are_written(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, received = read_in_background(fifo)
    with open_output(fifo) as out:
        out.write("one\n")
        out.write("two\n")
    reader.join(timeout=10)
    assert out.kind == "stream"
    assert received == [b"one\ntwo\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert temp_files(tmp_path) == []


def _cohort_file(folder: Path, size: int = 3) -> Path:
    from mrt_roadmap.testing import example_profile

    source = folder / "cohort.jsonl"
    data = example_profile("p5-working-rhit-to-rhia")
    source.write_text("".join(json.dumps({**data, "id": f"p{i}"}) + "\n" for i in range(size)))
    return source


def test_batch_writes_through_a_fifo_and_leaves_it_a_fifo(run, tmp_path):
    """A device or FIFO given to -o is written in place, never replaced by a regular file (a
    batch once replaced /dev/null with its results)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, received = read_in_background(fifo)
    result = run("batch", str(_cohort_file(tmp_path)), "-o", str(fifo), "--no-progress")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [json.loads(line)["profile_id"] for line in received[0].splitlines()] == [
        "p0",
        "p1",
        "p2",
    ]
    assert temp_files(tmp_path) == []


def _link_to_kept_file(folder: Path, name: str) -> tuple[Path, Path]:
    """A file holding "keep me" and a symbolic link ``name`` to it."""
    real = folder / f"real-{name}"
    real.write_text("keep me")
    link = folder / name
    link.symlink_to(real)
    return real, link


def test_batch_refuses_a_symlink_unless_asked(run, tmp_path):
    source = _cohort_file(tmp_path)
    real, link = _link_to_kept_file(tmp_path, "link.jsonl")
    refused = run("batch", str(source), "-o", str(link), "--no-progress")
    assert refused.exit_code == 2
    assert "symbolic link" in refused.stderr
    assert "Traceback" not in refused.output
    replaced = run("batch", str(source), "-o", str(link), "--no-progress", "--replace-symlink")
    assert replaced.exit_code == 0, replaced.output
    assert not link.is_symlink()
    assert len(link.read_text("utf-8").splitlines()) == 3
    assert real.read_text() == "keep me"


def test_writing_after_the_block_is_an_output_error(tmp_path):
    with open_output(tmp_path / "out.txt") as out:
        out.write("kept\n")
    with pytest.raises(OutputError, match="closed"):
        out.write("too late\n")
    assert (tmp_path / "out.txt").read_text() == "kept\n"


def test_batch_refuses_a_summary_symlink_before_any_work(run, tmp_path):
    source = _cohort_file(tmp_path)
    real, link = _link_to_kept_file(tmp_path, "summary.json")
    out = tmp_path / "out.jsonl"
    refused = run("batch", str(source), "-o", str(out), "--summary", str(link), "--no-progress")
    assert refused.exit_code == 2
    assert "symbolic link" in refused.stderr
    assert not out.exists()  # refused before planning, not after writing the results
    replaced = run(
        "batch", str(source), "-o", str(out), "--summary", str(link), "--replace-symlink"
    )
    assert replaced.exit_code == 0, replaced.output
    assert not link.is_symlink()
    assert json.loads(link.read_text("utf-8"))["profiles"] == 3
    assert real.read_text() == "keep me"
