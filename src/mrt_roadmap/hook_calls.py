"""Hook calls through pluggy, with each plugin's implementation contained.

Runtime hooks are called the pluggy way (``pm.hook.NAME(**kwargs)``), so ``tryfirst`` and
``trylast``, ``specname``, ``wrapper=True`` implementations and call monitoring
(``pm.add_hookcall_monitoring``) behave as pluggy documents. What makes one plugin's failure
take out only that plugin is done once, when a plugin is registered: :func:`contain` replaces
each of its implementations' functions with one that

* runs the plugin's code through :func:`~mrt_roadmap.hook_budget.call` (anything raised,
  ``SystemExit`` included, and the time budget),
* checks the result against the hook's contract (:mod:`mrt_roadmap.hook_results`),
* and, on any failure, records it in the current call's :class:`CallRecord` and returns
  ``None``, which pluggy treats as "no result": a ``firstresult`` hook asks the next plugin, a
  collecting hook leaves the result out.

A ``wrapper=True`` implementation is contained the same way around its ``yield``: if it fails
before or after, the inner result passes through unchanged, and what it returns in place of the
inner result is checked like a result. Old-style ``hookwrapper=True`` implementations (which
pluggy deprecates) are refused when the plugin is loaded: their result object lets a plugin
replace the outcome without any checkpoint to contain it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Collection, Generator, Mapping
from typing import Any

import pluggy

from mrt_roadmap import hook_budget, hook_results
from mrt_roadmap.hook_budget import PluginCallFailed
from mrt_roadmap.hook_results import BadResult, CallArgs

RUNTIME_HOOKS = frozenset(hook_results.CHECKS)
_COLLECTING = frozenset(
    {"mrt_roadmap_maintenance", "mrt_roadmap_milestones", "mrt_roadmap_notices"}
)
"""Hooks called while planning; their implementations are contained by :func:`contain`."""


class CallRecord:
    """One hook call: its arguments, the failures of the plugins it reached, and which plugin
    each result came from (results are held, so their identities stay valid)."""

    __slots__ = ("args", "failures", "origins", "replaced_by")

    def __init__(self, hook: str, kwargs: Mapping[str, Any]) -> None:
        self.args = CallArgs(hook, kwargs)
        self.failures: list[tuple[str, PluginCallFailed]] = []
        self.origins: list[tuple[Any, str]] = []
        self.replaced_by: list[str] = []
        """Wrappers that returned something else than the result they were given."""

    def fail(self, plugin: str, failure: PluginCallFailed) -> None:
        self.failures.append((plugin, failure))

    def credit(self, plugin: str, result: Any) -> None:
        self.origins.append((result, plugin))

    def returned(self, result: Any) -> str | None:
        """The plugin that returned ``result`` itself, if any."""
        for value, plugin in self.origins:
            if value is result:
                return plugin
        return None

    def origin(self, result: Any) -> str | None:
        """The plugin ``result`` came from: the one that returned it, else the last wrapper
        that replaced the inner result."""
        found = self.returned(result)
        if found is None and self.replaced_by:
            return self.replaced_by[-1]
        return found


_current: contextvars.ContextVar[CallRecord | None] = contextvars.ContextVar(
    "mrt_roadmap_hook_call", default=None
)


def call(pm: pluggy.PluginManager, hook: str, kwargs: Mapping[str, Any]) -> tuple[Any, CallRecord]:
    """``pm.hook.<hook>(**kwargs)`` and the record of what each plugin did in it."""
    record = CallRecord(hook, kwargs)
    token = _current.set(record)
    try:
        result = getattr(pm.hook, hook)(**kwargs)
    finally:
        _current.reset(token)
    return result, record


def _record() -> CallRecord:
    """The current call's record (a throwaway one when a hook is called outside :func:`call`,
    e.g. directly through ``pm.hook``: failures are then contained but not reported)."""
    return _current.get() or CallRecord("?", {})


def contain(
    impl: Any,
    hook: str,
    namespaces: Mapping[str, str],
    budget: Callable[[], float | None],
    disabled: Collection[str],
    owner: Callable[[str, str], str | None] = lambda what, name: None,
) -> None:
    """Replace ``impl.function`` (a pluggy ``HookImpl`` of a runtime hook) by a contained one;
    ``namespaces`` gives each plugin's milestone-id namespace, ``owner(what, name)`` the
    plugin that declared a ``requirement_kind`` or a ``notice_code`` (only it may answer
    ``mrt_roadmap_requirement_status`` for that kind, or raise that notice)."""
    function = impl.function
    plugin = impl.plugin_name
    if impl.wrapper:
        impl.function = _contained_wrapper(function, plugin, hook, namespaces, budget, disabled)
    else:
        impl.function = _contained_impl(function, plugin, hook, namespaces, budget, disabled, owner)


def _failed(error: str) -> PluginCallFailed:
    return PluginCallFailed(error, timed_out=False, cause=None)


def _contained_impl(
    function: Callable[..., Any],
    plugin: str,
    hook: str,
    namespaces: Mapping[str, str],
    budget: Callable[[], float | None],
    disabled: Collection[str],
    owner: Callable[[str, str], str | None],
) -> Callable[..., Any]:
    own = (namespaces.get(plugin, plugin),)
    owned = _OWNED.get(hook)

    def contained(*args: Any) -> Any:
        if plugin in disabled:
            return None
        record = _record()
        try:
            result = hook_budget.call(budget(), function, *args)
            result = hook_results.check(hook, result, own, record.args)
            if owned is not None and result is not None:
                owned(result, record.args, plugin, owner)
        except PluginCallFailed as failure:
            record.fail(plugin, failure)
            return None
        except BadResult as bad:
            record.fail(plugin, _failed(f"returned a wrong result: {bad}"))
            return None
        if result is not None:
            record.credit(plugin, result)
        return result

    contained.__wrapped__ = function  # type: ignore[attr-defined]
    return contained


def _check_kind_owner(
    result: Any, call: CallArgs, plugin: str, owner: Callable[[str, str], str | None]
) -> None:
    """Only the plugin that declared a requirement kind may answer for it."""
    kind = getattr(call.kwargs.get("requirement"), "kind", None)
    if not isinstance(kind, str):
        return
    declared_by = owner("requirement_kind", kind)
    if declared_by is None:
        raise BadResult(
            f"answered requirement kind {kind!r}, which it has not declared "
            "(registry.add_requirement_kind)"
        )
    if declared_by != plugin:
        raise BadResult(f"answered requirement kind {kind!r}, which plugin {declared_by} declared")


def _check_notice_owner(
    result: Any, call: CallArgs, plugin: str, owner: Callable[[str, str], str | None]
) -> None:
    """Only the plugin that declared a notice code may raise that notice."""
    for notice in result:
        if owner("notice_code", notice.code) != plugin:
            raise BadResult(
                f"raised notice {notice.code!r}, which it has not declared "
                "(registry.add_notice_code)"
            )


_OWNED: dict[str, Callable[[Any, CallArgs, str, Callable[[str, str], str | None]], None]] = {
    "mrt_roadmap_requirement_status": _check_kind_owner,
    "mrt_roadmap_notices": _check_notice_owner,
}
"""Hooks whose results must be things the answering plugin declared."""


def _contained_wrapper(
    function: Callable[..., Generator[None, Any, Any]],
    plugin: str,
    hook: str,
    namespaces: Mapping[str, str],
    budget: Callable[[], float | None],
    disabled: Collection[str],
) -> Callable[..., Generator[None, Any, Any]]:
    """A ``wrapper=True`` implementation, contained before and after its ``yield``."""

    def contained(*args: Any) -> Generator[None, Any, Any]:
        if plugin in disabled:
            return (yield)
        record = _record()
        try:
            inner = hook_budget.call(budget(), function, *args)
            hook_budget.call(budget(), next, inner)
        except PluginCallFailed as failure:
            if isinstance(failure.cause, StopIteration):
                failure = _failed("a wrapper=True implementation must yield exactly once")
            record.fail(plugin, failure)
            return (yield)
        result = yield
        try:
            hook_budget.call(budget(), inner.send, result)
        except PluginCallFailed as failure:
            if not isinstance(failure.cause, StopIteration):
                record.fail(plugin, failure)
                return result
            replaced = failure.cause.value
        else:
            inner.close()
            record.fail(plugin, _failed("a wrapper=True implementation must yield exactly once"))
            return result
        if replaced is result:
            return result
        return _checked_replacement(replaced, result, plugin, hook, namespaces, record)

    contained.__wrapped__ = function  # type: ignore[attr-defined]
    return contained


def _checked_replacement(
    replaced: Any,
    result: Any,
    plugin: str,
    hook: str,
    namespaces: Mapping[str, str],
    record: CallRecord,
) -> Any:
    """What a wrapper returned instead of the inner result, if it keeps the hook's contract:
    one checked result for a ``firstresult`` hook, a list of checked results otherwise. Its
    milestone ids may be the wrapper's own or those of the plugin whose result it wraps."""

    def spaces(original: Any) -> tuple[str, ...]:
        inner = record.returned(original)
        found = (namespaces.get(plugin, plugin),)
        return found if inner is None else (*found, namespaces.get(inner, inner))

    try:
        if hook in ("mrt_roadmap_maintenance", "mrt_roadmap_milestones"):
            if not isinstance(replaced, list):
                raise BadResult(f"{hook}: a wrapper must return a list of results")
            originals = list(result) if isinstance(result, list) else []
            own = spaces(None)
            inner = sorted({s for o in originals for s in spaces(o)} - set(own))
            inner_spaces = (*own, *inner)
            checked = [hook_results.check(hook, r, inner_spaces, record.args) for r in replaced]
            kept = [c for c in checked if c is not None]
            for original, new in zip(replaced, checked, strict=True):
                if new is not None:
                    record.credit(record.returned(original) or plugin, new)
            record.replaced_by.append(plugin)
            return kept
        checked = hook_results.check(hook, replaced, spaces(result), record.args)
    except BadResult as bad:
        record.fail(plugin, _failed(f"returned a wrong result: {bad}"))
        return result
    if checked is not None:
        record.credit(plugin, checked)
    record.replaced_by.append(plugin)
    return checked
