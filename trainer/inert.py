"""Text from a pack, a store or a name is content, never instructions to the terminal.

Control characters (escape sequences, OSC 8 hyperlinks, OSC 52 clipboard writes, bells), and the
Unicode controls that reorder text (bidi overrides and isolates) are replaced by a visible,
harmless form before anything from a pack, a progress file or a learner's name reaches a terminal.

`inert()` is the one function that does it. The commands reach the terminal through
`inert_terminal()`, which passes everything written to the standard output and error through it,
so that no print of any command (nor a library's warning, nor argparse's echo of an argument) can
forget it; JSON is escaped the JSON way (`json_text()`) so that it stays valid and lossless. Rich
markup needs no escaping here: the app hands text to widgets as plain content, never as markup.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
"""C0 controls but tab and line feed, DEL, C1 controls, and the bidi overrides and isolates."""

_LINE_CONTROLS = f"[\x00-\x1f\x7f-\x9f{_BIDI}]"
"""The same, with tab and line feed: what may not break a one-line message (compiled by `re`
when a first error message is written, not at every start)."""


def _visible(match: re.Match[str]) -> str:
    return visible(match.group())


def visible(character: str) -> str:
    """How one control character is shown: `\\x1b`, `\\u202e`."""
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """`text` with every terminal control and bidi control shown as `\\xNN` or `\\uNNNN`."""
    return CONTROLS.sub(_visible, text)


def inert_line(text: str) -> str:
    """`text` made inert and kept on one line: line feeds and tabs are shown as `\\x0a`, `\\x09`
    too, for a message that promises one line (an error quoting a name or an argument)."""
    return re.sub(_LINE_CONTROLS, _visible, text)


def json_text(data: object, indent: int | None = None) -> str:
    """`data` as JSON with no raw control: C0 controls are escaped by `json.dumps`, and C1 and
    bidi controls (which it leaves raw) as `\\u009b`, `\\u202e` — the same string once parsed."""
    import json  # only the commands that print JSON need it

    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class InertStream(io.TextIOBase):
    """A text stream that writes through another one, every write made inert first."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(inert(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.stream, "errors", None)

    def close(self) -> None:
        # The terminal's stream outlives the command: closing the wrapper leaves it open.
        pass


@contextmanager
def inert_terminal() -> Iterator[None]:
    """While it lasts, everything written to `sys.stdout` and `sys.stderr` is made inert."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = InertStream(out), InertStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
