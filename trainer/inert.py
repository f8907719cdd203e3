"""Text from a pack is content, never instructions to the terminal.

Control characters (escape sequences, OSC 8 hyperlinks, bells), and the Unicode controls that
reorder text (bidi overrides and isolates) are replaced by a visible, harmless form before
anything from a pack reaches a terminal. Rich markup needs no escaping here: the app hands text
to widgets as plain content, never as markup.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
"""C0 controls but tab and line feed, DEL, C1 controls, and the bidi overrides and isolates."""


def _visible(match: re.Match[str]) -> str:
    return visible(match.group())


def visible(character: str) -> str:
    """How one control character is shown: `\\x1b`, `\\u202e`."""
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`text` with every terminal control and bidi control shown as `\\xNN` or `\\uNNNN`."""
    return CONTROLS.sub(_visible, text)
