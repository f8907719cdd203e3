"""The one function between a pack, a store or a name and the terminal, and the CSV cells."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest

from trainer.inert import InertStream, inert, inert_line, inert_terminal, json_text
from trainer.report.spreadsheet import csv_writer, text_cell

HOSTILE = "a\x1b]52;c;SGk=\x07b \x9b2J \u202ec \x1b]0;T\x07\td\ne\rf"


def test_inert_shows_every_control_but_tab_and_line_feed() -> None:
    assert inert(HOSTILE) == "a\\x1b]52;c;SGk=\\x07b \\x9b2J \\u202ec \\x1b]0;T\\x07\td\ne\\x0df"
    assert inert(inert(HOSTILE)) == inert(HOSTILE)


def test_inert_line_keeps_a_message_on_one_line() -> None:
    assert inert_line("no learner named a\nb\tc\x1b") == "no learner named a\\x0ab\\x09c\\x1b"


def test_json_text_parses_back_to_the_same_text_with_no_raw_control() -> None:
    text = json_text({"learner": HOSTILE, "é": "ok"}, indent=2)
    assert not any(c in text for c in "\x1b\x07\x9b\u202e\r")
    assert json.loads(text) == {"learner": HOSTILE, "é": "ok"}


def test_the_terminal_stream_makes_every_write_inert(capsys) -> None:
    with inert_terminal():
        assert isinstance(sys.stdout, InertStream) and isinstance(sys.stderr, InertStream)
        print(HOSTILE)
        print(HOSTILE, file=sys.stderr)
    out, err = capsys.readouterr()
    assert out == inert(HOSTILE) + "\n"
    assert err == inert(HOSTILE) + "\n"
    assert not isinstance(sys.stdout, InertStream)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("Pariser\r=cmd|' /C calc'!A0", "Pariser\n'=cmd|' /C calc'!A0"),
        ("\r=1+1", "\n'=1+1"),
        ("=1+1", "'=1+1"),
        ("a\r\n@SUM(A1)", "a\n'@SUM(A1)"),
        ("ok\n-2", "ok\n'-2"),
        ("\t=1", "'\t=1"),
        ("plain text", "plain text"),
        ("x-y = z", "x-y = z"),
    ],
)
def test_a_cell_never_starts_a_line_like_a_formula(value: str, cell: str) -> None:
    assert text_cell(value) == cell


def test_a_cell_with_a_line_break_is_quoted_and_stays_one_cell() -> None:
    output = io.StringIO()
    csv_writer(output).writerow([text_cell("Pariser\r=cmd|x"), "1"])
    assert output.getvalue() == '"Pariser\n\'=cmd|x",1\n'
    assert list(csv.reader(io.StringIO(output.getvalue(), newline=""))) == [
        ["Pariser\n'=cmd|x", "1"]
    ]
