"""Text bound for a spreadsheet stays text: no cell of a CSV the trainer writes is a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return before
one) as a formula, and such a cell can reach the data through a learner's typed answer, a pack's
prompt or an id written into a progress file. A cell can also hold line breaks: a bare carriage
return is one for a spreadsheet, so it could start a new row whose first cell is a formula.
`text_cell()` makes every line break a line feed, which the CSV writer then quotes, and puts a `'`
before every line that starts like a formula, the first and each one after a break.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from typing import Any, TextIO

from trainer.inert import inert

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP's list)."""

_BREAKS = re.compile(r"\r\n?")
_FORMULA_LINE = re.compile(r"^(?=[=+\-@\t])", re.MULTILINE)


def text_cell(value: str) -> str:
    """`value` as a CSV cell a spreadsheet shows as text: breaks as `\\n`, formulas quoted with
    `'`."""
    return _FORMULA_LINE.sub("'", _BREAKS.sub("\n", value))


def csv_writer(output: TextIO) -> Any:
    """A CSV writer whose line terminator is a line feed, so that any cell holding one is quoted."""
    return csv.writer(output, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def table_writer(output: TextIO, header: Sequence[str], excel: bool = False) -> Any:
    """A CSV writer with `header` written: plain CSV for scripts (commas, line feeds), or with
    `excel` for a spreadsheet (semicolons, CRLF, as Excel reads a file in a French locale)."""
    writer = (
        csv.writer(output, delimiter=";", lineterminator="\r\n") if excel else csv_writer(output)
    )
    writer.writerow(header)
    return writer


def excel_cell(value: str) -> str:
    """`text_cell` for a spreadsheet file, which is written past the terminal's inert stream:
    its cells are made inert here."""
    return inert(text_cell(value))
