"""Characters that must never reach a terminal, a Markdown viewer or an XML parser.

One rule serves every text format: each *unsafe* character is replaced by its visible escape,
the way Python's ``repr`` shows it (``ESC`` becomes the four characters ``\\x1b``, the 8-bit CSI
``\\x9b``, a lone surrogate ``\\udc80``). Unsafe are:

* C0 controls except tab and newline (ESC starts terminal escape sequences, CR and backspace
  can overwrite what was printed, NUL and most others are not allowed in XML 1.0);
* DEL and the C1 controls U+0080-U+009F (CSI, OSC and friends in 8-bit terminals);
* lone surrogates U+D800-U+DFFF (not encodable as UTF-8; invalid in XML);
* the noncharacters U+FFFE and U+FFFF (invalid in XML 1.0).

What is left is printable in a terminal, valid in XML 1.0 and in HTML, and encodable as UTF-8.
Replacing (rather than dropping) keeps the damage visible to whoever wrote the profile.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible_controls(text: str) -> str:
    """``text`` with every unsafe character (see the module docstring) shown as its escape."""
    return _UNSAFE.sub(_escape, text)
