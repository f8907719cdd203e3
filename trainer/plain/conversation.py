"""Plain mode's line-by-line exchange: lines written one after another, answers read a line at a
time. Nothing moves the cursor or colours anything, so a screen reader reads every line once and
a script can pipe its answers in.
"""

from __future__ import annotations

from typing import TextIO


class InputEnded(Exception):
    """The input has no more lines: the session ends, with everything answered so far kept."""


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Conversation:
    """Writes lines to the learner and reads their answers."""

    def __init__(self, input_stream: TextIO, output_stream: TextIO) -> None:
        self.input = input_stream
        self.output = output_stream
        self.echo = not _is_terminal(input_stream)
        """Piped answers are written back after their prompt, so that the output reads as the
        exchange it was; a terminal shows what is typed by itself."""

    def say(self, *lines: str) -> None:
        """Write lines, one after another."""
        for line in lines:
            self.output.write(line + "\n")
        self.output.flush()

    def blank(self) -> None:
        """An empty line, between parts."""
        self.say("")

    def ask(self, prompt: str) -> str:
        """Write `prompt` and read one line; `InputEnded` at the end of the input."""
        self.output.write(prompt + " ")
        self.output.flush()
        try:
            line = self.input.readline()
        except UnicodeDecodeError:
            line = "\ufffd\n"  # an unreadable line is answered as one, and asked again
        if not line:
            self.output.write("\n")
            self.output.flush()
            raise InputEnded
        line = line.rstrip("\r\n")
        if self.echo:
            self.output.write(line + "\n")
            self.output.flush()
        return line
