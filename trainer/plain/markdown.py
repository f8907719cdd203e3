"""Markdown as plain lines, for plain mode: what a screen reader reads and a pipe can hold.

No colour, no box drawing, no cursor movement: a heading is its text on its own line after a blank
line, list items start with "- " or their number, a table is one line a row with its cells joined
by " | ", a link is its text followed by its address in brackets.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from trainer.i18n import _, ngettext
from trainer.inert import inert

WIDTH = 78
"""Lines are wrapped here: short enough for any terminal, so that none wraps mid-word."""

_PARSER = MarkdownIt("commonmark").enable("table")


def wrap(text: str, indent: str = "", first: str | None = None, width: int = WIDTH) -> list[str]:
    """`text` wrapped to `width`, each line after the first indented by `indent`; hard line breaks
    (newlines) kept. Words and addresses are never cut."""
    lines: list[str] = []
    first = indent if first is None else first
    for number, part in enumerate(text.split("\n")):
        lead = first if number == 0 else indent
        wrapped = textwrap.wrap(
            part,
            width,
            initial_indent=lead,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.extend(wrapped or [lead.rstrip()])
    return lines


def item(marker: str, text: str, width: int = WIDTH) -> list[str]:
    """A numbered or dashed line, "1. text" or "- text", wrapped under its text."""
    return wrap(text, " " * len(marker), marker, width)


def inline_text(token: Token) -> str:
    """The text of an inline token: emphasis dropped, links as "text (address)", images as
    their description."""
    parts: list[str] = []
    links: list[tuple[str, int]] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "link_open":
            links.append((str(child.attrs.get("href", "")), len(parts)))
        elif child.type == "link_close" and links:
            href, start = links.pop()
            label = "".join(parts[start:])
            # An autolink's text is its address already: saying it twice helps nobody.
            if href and href != label and href.removeprefix("mailto:") != label:
                parts.append(f" ({href})")
        elif child.type == "image":
            description = child.content or str(child.attrs.get("alt", ""))
            parts.append(
                _("image: {description}").format(description=description)
                if description
                else _("image")
            )
    return inert("".join(parts))


@dataclass
class _List:
    ordered: bool
    number: int


class _Renderer:
    """Walks markdown-it's block tokens and writes lines."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []
        self.lists: list[_List] = []
        self.pads: list[int] = []
        """The width of each open list item's marker: its lines after the first are indented so."""
        self.indent = ""
        self.marker: str | None = None
        """The marker of a list item whose first line is not written yet."""
        self.labelled = False
        """A label such as "Quotation:" was just written: the next block follows it directly."""

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def block(self, text: str) -> None:
        if self.marker is not None:
            first = self.indent[: len(self.indent) - self.pads[-1]] + self.marker
            self.marker = None
        else:
            first = self.indent
            if not self.lists and not self.labelled:
                self.blank()
        self.labelled = False
        self.lines.extend(wrap(text, self.indent, first, self.width))

    def render(self, tokens: list[Token]) -> list[str]:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind in ("heading_open", "paragraph_open"):
                text = inline_text(tokens[index + 1])
                if kind == "heading_open":
                    self.blank()
                    self.lines.extend(wrap(text, self.indent, width=self.width))
                    self.lines.append("")
                else:
                    self.block(text)
                index += 3
                continue
            if kind == "table_open":
                index = self.table(tokens, index)
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                if not self.lists:
                    self.blank()
                start = token.attrs.get("start", 1)
                self.lists.append(_List(kind == "ordered_list_open", int(start) if start else 1))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
                if not self.lists:
                    self.lines.append("")
            elif kind == "list_item_open":
                current = self.lists[-1]
                self.marker = f"{current.number}. " if current.ordered else "- "
                current.number += 1
                self.pads.append(len(self.marker))
                self.indent += " " * len(self.marker)
            elif kind == "list_item_close":
                self.indent = self.indent[: len(self.indent) - self.pads.pop()]
                self.marker = None
            elif kind == "blockquote_open":
                self.blank()
                self.lines.append(self.indent + _("Quotation:"))
                self.labelled = True
                self.indent += "  "
            elif kind == "blockquote_close":
                self.indent = self.indent[:-2]
                self.lines.append("")
            elif kind in ("fence", "code_block"):
                self.blank()
                self.lines.extend(
                    self.indent + "    " + inert(line)
                    for line in token.content.rstrip("\n").split("\n")
                )
                self.lines.append("")
            elif kind == "hr":
                self.blank()
            elif kind == "html_block":
                self.block(inert(token.content.strip()))
            index += 1
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        while self.lines and self.lines[0] == "":
            self.lines.pop(0)
        return [line.rstrip() for line in self.lines]

    def table(self, tokens: list[Token], index: int) -> int:
        """Write a table, one row a line; return the index after it."""
        rows: list[list[str]] = []
        row: list[str] = []
        while tokens[index].type != "table_close":
            kind = tokens[index].type
            if kind == "tr_open":
                row = []
            elif kind in ("th_open", "td_open"):
                row.append(inline_text(tokens[index + 1]).strip())
            elif kind == "tr_close":
                rows.append(row)
            index += 1
        columns = max((len(r) for r in rows), default=0)
        self.blank()
        self.lines.append(
            self.indent
            + _("Table of {rows} and {columns}:").format(
                rows=ngettext("{n} row", "{n} rows", len(rows)).format(n=len(rows)),
                columns=ngettext("{n} column", "{n} columns", columns).format(n=columns),
            )
        )
        self.lines.extend(self.indent + " | ".join(row).strip() for row in rows)
        self.lines.append("")
        return index + 1


def markdown_lines(text: str, width: int = WIDTH) -> list[str]:
    """Markdown `text` as plain lines: blank lines between blocks, none at either end."""
    return _Renderer(width).render(_PARSER.parse(text))
