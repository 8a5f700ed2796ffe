"""Contains calls into plugin code: whatever a plugin raises (``SystemExit`` and
``KeyboardInterrupt`` included) and a time budget per call.

* Every ``BaseException`` raised by plugin code becomes a :class:`PluginCallFailed`, except a
  real Ctrl-C. A real SIGINT is recognised by a marking handler that counts it before raising
  ``KeyboardInterrupt``: ``mrt-roadmap``'s ``main()`` installs it for the whole process
  (:func:`install_interrupt_marker`); other programs get it during plugin calls in the main
  thread, but only while SIGINT has Python's default handler (it is put back once no plugin
  runs). Under any other SIGINT handler a ``KeyboardInterrupt`` cannot be told apart and is
  re-raised: a possibly real Ctrl-C is never swallowed. Outside the main thread a
  ``KeyboardInterrupt`` never comes from a signal, so it is always the plugin's.
* The budget (:data:`HOOK_TIME_BUDGET` seconds, ``MRT_ROADMAP_HOOK_TIMEOUT``). In the main
  thread on POSIX, if SIGALRM has its default disposition and no other ``ITIMER_REAL`` timer
  runs, the first plugin call installs a SIGALRM handler (kept) and starts a repeating
  ``setitimer`` tick (at most 4 a second); a tick inside a call that overran raises a private
  ``BaseException`` there, which interrupts ``time.sleep``, blocking I/O and pure-Python loops.
  The first tick after the last call stops the timer. A call costs no system call, only two
  clock reads. Elsewhere (a web server's worker thread, Windows) a call cannot be interrupted:
  it is timed, and one that overran is reported the same way once it returns; the embedding
  application limits the time of a whole request (``examples/webapp`` does, with its worker
  pool).
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

HOOK_TIME_BUDGET = 10.0
"""Seconds one call into a plugin may take before it is stopped and the plugin disabled."""

ENV_HOOK_TIMEOUT = "MRT_ROADMAP_HOOK_TIMEOUT"
"""Overrides :data:`HOOK_TIME_BUDGET` (seconds; ``0`` switches the budget off)."""

T = TypeVar("T")
_HAS_ITIMER = hasattr(signal, "setitimer") and hasattr(signal, "SIGALRM")
_MAIN_IDENT = threading.main_thread().ident


class _BudgetExceeded(BaseException):
    """Raised inside an overrunning plugin call (private: plugin code cannot catch it by name)."""


class PluginCallFailed(Exception):
    """A call into plugin code raised, or overran its time budget.

    ``error`` describes it (``SystemExit: 0``, ``exceeded its 10 s time budget``); ``timed_out``
    says which; ``cause`` is what the plugin raised, if anything."""

    def __init__(self, error: str, *, timed_out: bool, cause: BaseException | None) -> None:
        super().__init__(error)
        self.error = error
        self.timed_out = timed_out
        self.cause = cause


def budget_from_env(value: str | None) -> float | None:
    """The budget in seconds from ``MRT_ROADMAP_HOOK_TIMEOUT`` (``None``: unset; ``0``: off).

    Raises ``ValueError`` for anything but a non-negative number."""
    if value is None or not value.strip():
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):
        raise ValueError(f"{ENV_HOOK_TIMEOUT} must be a number of seconds >= 0, not {value!r}")
    return seconds


def describe_budget(seconds: float) -> str:
    return f"exceeded its {seconds:g} s time budget"


# -- real interrupts ----------------------------------------------------------------------------
def _mark_interrupt(signum: int, frame: FrameType | None) -> None:
    _main.interrupts += 1
    raise KeyboardInterrupt


def install_interrupt_marker() -> bool:
    """Have Ctrl-C recorded before it raises ``KeyboardInterrupt`` (so it is told apart from a
    plugin raising one). Only replaces Python's default SIGINT handler, in the main thread;
    returns whether the marker is in place."""
    if threading.get_ident() != _MAIN_IDENT:
        return False
    current = signal.getsignal(signal.SIGINT)
    if current is signal.default_int_handler:
        signal.signal(signal.SIGINT, _mark_interrupt)
        return True
    return current is _mark_interrupt


# -- the main thread's guard -----------------------------------------------------------------
class _Main:
    """Plugin calls in the main thread: nesting depth, when the outermost began, its budget,
    and what this module changed (a ticking ``ITIMER_REAL``, the SIGINT marker)."""

    __slots__ = ("depth", "interrupts", "restore_int", "seconds", "started", "tick")

    def __init__(self) -> None:
        self.depth = 0
        self.started = 0.0
        self.seconds: float | None = None
        self.tick = 0.0  # interval of our timer; 0: not running
        self.restore_int: Any = None  # the SIGINT handler to put back once idle
        self.interrupts = 0  # real SIGINTs since the outermost call began


_main = _Main()


def _forked() -> None:
    _main.tick = 0.0  # a child process does not inherit the timer


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


def _tick_for(seconds: float | None) -> float:
    return max(0.01, min(0.25, seconds / 4)) if seconds else 0.25


def _on_tick(signum: int, frame: FrameType | None) -> None:
    """The timer's handler: stops the timer once no plugin runs (at most one tick after the
    last call); raises inside a plugin call that overran its budget."""
    m = _main
    if m.depth == 0:
        _idle()
        return
    if not m.seconds or time.perf_counter() - m.started <= m.seconds:
        return
    if frame is not None and frame.f_code in _OWN_CODE:
        return  # the plugin already returned: the elapsed-time check reports it
    raise _BudgetExceeded


def _begin(seconds: float | None) -> None:
    """Start the outermost main-thread plugin call: swap the SIGINT marker in if SIGINT has
    Python's default handler; run the timer if SIGALRM is free (default disposition, or ours,
    and no other ``ITIMER_REAL`` timer)."""
    m = _main
    m.interrupts = 0
    m.seconds = seconds
    m.started = time.perf_counter()
    tick = _tick_for(seconds)
    if m.tick and m.tick <= tick:
        return  # already set up, precise enough
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        m.restore_int = signal.signal(signal.SIGINT, _mark_interrupt)
    if not _HAS_ITIMER:
        return
    handler = signal.getsignal(signal.SIGALRM)
    if handler is signal.SIG_DFL:
        # installed for good: never put back, as a tick still in flight would kill the process
        signal.signal(signal.SIGALRM, _on_tick)
    elif handler is not _on_tick:
        return
    previous = signal.setitimer(signal.ITIMER_REAL, tick, tick)
    if previous[0] and not m.tick:  # somebody else's timer: put it back, do without ours
        signal.setitimer(signal.ITIMER_REAL, *previous)
        return
    if not m.tick:
        # the interpreter puts SIGALRM back to its default (kill) as it exits: stop first
        atexit.register(_idle)
    m.tick = tick


def _idle() -> None:
    """Undo :func:`_begin` once no plugin call runs."""
    m = _main
    if m.tick:
        signal.setitimer(signal.ITIMER_REAL, 0)
        m.tick = 0.0
        atexit.unregister(_idle)
    if m.restore_int is not None:
        if signal.getsignal(signal.SIGINT) is _mark_interrupt:
            signal.signal(signal.SIGINT, m.restore_int)
        m.restore_int = None


def _real_interrupt(exc: BaseException) -> bool:
    """Whether a ``KeyboardInterrupt`` out of a main-thread plugin call is a real Ctrl-C."""
    if not isinstance(exc, KeyboardInterrupt):
        return False
    if _main.interrupts:
        _main.interrupts = 0
        return True
    return signal.getsignal(signal.SIGINT) is not _mark_interrupt  # cannot tell: assume real


def call(seconds: float | None, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, contained: raises :class:`PluginCallFailed` if plugin code raised anything
    (``SystemExit`` and ``KeyboardInterrupt`` included) or took more than ``seconds``; re-raises
    a real Ctrl-C. ``seconds`` ``None`` or ``0``: no budget."""
    start = time.perf_counter()
    if threading.get_ident() != _MAIN_IDENT:
        try:
            result = fn(*args)
        except BaseException as exc:
            raise PluginCallFailed(
                f"{type(exc).__name__}: {exc}", timed_out=False, cause=exc
            ) from exc
    else:
        m = _main
        outermost = m.depth == 0
        if outermost:
            _begin(seconds)
        m.depth += 1
        try:
            try:
                result = fn(*args)
            finally:
                m.depth -= 1
                if outermost and not m.tick:
                    _idle()  # no timer to do it later
        except _BudgetExceeded:
            if not outermost:
                raise  # the outer call's budget ran out
            raise PluginCallFailed(
                describe_budget(seconds or 0), timed_out=True, cause=None
            ) from None
        except BaseException as exc:
            if _real_interrupt(exc):
                raise
            raise PluginCallFailed(
                f"{type(exc).__name__}: {exc}", timed_out=False, cause=exc
            ) from exc
    if seconds and time.perf_counter() - start > seconds:
        raise PluginCallFailed(describe_budget(seconds), timed_out=True, cause=None)
    return result


_OWN_CODE = frozenset({call.__code__, _begin.__code__, _idle.__code__, _real_interrupt.__code__})


def env_budget(default: float = HOOK_TIME_BUDGET) -> float:
    """The budget from the environment, or ``default`` (an invalid value raises ValueError)."""
    value = budget_from_env(os.environ.get(ENV_HOOK_TIMEOUT))
    return default if value is None else value


__all__ = [
    "ENV_HOOK_TIMEOUT",
    "HOOK_TIME_BUDGET",
    "PluginCallFailed",
    "call",
    "install_interrupt_marker",
]
