"""The base of the attrs classes of this package: one shared ``__repr__``.

attrs generates and compiles a ``__repr__`` for every class, which is a large part of importing
some sixty classes; the classes here are declared ``@attrs.frozen(repr=False)`` and inherit this
one, which prints the same ``Name(field=value, ...)`` form.
"""

from __future__ import annotations

import attrs


class Model:
    """Mixin for attrs classes: the ``repr`` attrs would generate, computed from the fields."""

    __slots__ = ()

    def __repr__(self) -> str:
        parts = []
        for field in attrs.fields(type(self)):  # type: ignore[arg-type]
            if field.repr is False:
                continue
            value = getattr(self, field.name)
            text = field.repr(value) if callable(field.repr) else repr(value)
            parts.append(f"{field.name}={text}")
        return f"{type(self).__qualname__}({', '.join(parts)})"
