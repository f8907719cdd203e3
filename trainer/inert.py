"""Text from a pack is content, never instructions to the terminal.

Control characters (escape sequences, OSC 8 hyperlinks, bells), and the Unicode controls that
reorder text (bidi overrides and isolates) are replaced by a visible, harmless form before
anything from a pack reaches a terminal. Rich markup needs no escaping here: the app hands text
to widgets as plain content, never as markup.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`text` with every terminal control and bidi control shown as `\\xNN` or `\\uNNNN`."""
    return _UNSAFE.sub(_visible, text)
