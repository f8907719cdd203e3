"""The « fiches réflexes » as a PDF: one A4 portrait page per module, drawn with fpdf2.

Same fonts as the certificate (DejaVu when installed, else the core fonts with the nearest Latin-1
spelling). A page never spills onto a second one: the text is set smaller, step by step, until the
module fits; if it still does not at the smallest size, the last sources are left out and a note
says how many. fpdf2 is imported only when handouts are drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from trainer import __version__

# The certificate's fonts and helpers (the certificate's module may move: import from wherever
# it lives, these names stay).
from trainer.certificate.pdf import (
    CORE,
    GREY,
    INK,
    NAVY,
    STAND_INS,
    Typeface,
    _fpdf_silenced,
    find_typeface,
    to_latin_1,
)
from trainer.handouts.content import Handout
from trainer.i18n import _, ngettext
from trainer.inert import inert

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 14.0
BOTTOM = PAGE_H - MARGIN - 8.0
"""The lowest line the content may reach: the footer sits below it."""
SCALES = tuple(round(1.0 - 0.04 * step, 2) for step in range(10))
"""The text sizes tried, as a fraction of the full size, largest first (down to 64 %)."""
SMALLEST = 6.5
"""The smallest text size, in points: below it a pinned sheet can't be read."""
SMALLEST_SOURCE = 5.5
"""The sources, a reference list, may be set smaller."""
LIGHT = (236, 241, 248)


@dataclass(frozen=True)
class Fit:
    """How a handout was fitted on its page: the text scale and the sources left out."""

    scale: float
    sources_left_out: int = 0


def render(
    handouts: Sequence[Handout],
    language: str,
    created: datetime,
    typeface: Typeface | None = None,
) -> tuple[bytes, list[Fit]]:
    """The handouts as PDF bytes, one page each, and how each one was fitted."""
    with _fpdf_silenced():
        document = _Document(language, created, typeface or find_typeface())
        fits = [document.add(handout) for handout in handouts]
        return document.output(), fits


class _Document:
    """A PDF of handouts being drawn, and a scratch one to measure each page before drawing it."""

    def __init__(self, language: str, created: datetime, typeface: Typeface) -> None:
        self.typeface = typeface
        self.pdf = self._new_pdf(language, created)
        self.scratch = self._new_pdf(language, created)
        self.pdf.set_title(self.text(_("Reflex sheets")))

    def _new_pdf(self, language: str, created: datetime):
        from fpdf import FPDF

        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.c_margin = 0
        pdf.set_creation_date(created)
        pdf.set_lang(language)
        pdf.set_creator(f"trainer {__version__}")
        for role, path in self.typeface.files.items():
            pdf.add_font(role, "", str(path))
        return pdf

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    def text(self, value: str) -> str:
        """`value` as the chosen fonts can set it, its control characters shown as on screen."""
        value = inert(value)
        return value if self.typeface.unicode else to_latin_1(value)

    def add(self, handout: Handout) -> Fit:
        """Draw `handout` on a new page, at the largest size that fits."""
        fit = self.fit(handout)
        self.pdf.add_page()
        _Sheet(self, self.pdf, handout, fit).draw()
        return fit

    def fit(self, handout: Handout) -> Fit:
        """The largest scale at which the page fits; at the smallest, the fewest sources dropped."""
        # The text only grows taller as the scale grows: search for the largest scale that fits.
        low, high = 0, len(SCALES)  # SCALES[high:] fit, SCALES[:low] do not
        while low < high:
            middle = (low + high) // 2
            if self._bottom(handout, Fit(SCALES[middle])) <= BOTTOM:
                high = middle
            else:
                low = middle + 1
        if low < len(SCALES):
            return Fit(SCALES[low])
        smallest = SCALES[-1]
        for left_out in range(1, len(handout.sources) + 1):
            fit = Fit(smallest, left_out)
            if self._bottom(handout, fit) <= BOTTOM:
                return fit
        return Fit(smallest, len(handout.sources))

    def _bottom(self, handout: Handout, fit: Fit) -> float:
        self.scratch.add_page()
        return _Sheet(self, self.scratch, handout, fit).draw()


class _Sheet:
    """One module's page, drawn on `pdf` at `fit`'s scale; `draw` returns where the text ends."""

    def __init__(self, document: _Document, pdf, handout: Handout, fit: Fit) -> None:
        self.document = document
        self.pdf = pdf
        self.handout = handout
        self.fit = fit
        self.width = PAGE_W - 2 * MARGIN

    def font(self, role: str, size: float, colour: tuple[int, int, int] = INK) -> None:
        typeface = self.document.typeface
        if typeface.unicode:
            self.pdf.set_font(role if role in typeface.files else STAND_INS[role], size=size)
        else:
            family, style = CORE[role]
            self.pdf.set_font(family, style, size)
        self.pdf.set_text_color(*colour)

    def size(self, points: float, smallest: float = SMALLEST) -> float:
        """`points` at the page's scale, never below a size still readable on paper."""
        return max(round(points * self.fit.scale, 2), smallest)

    def paragraph(
        self,
        value: str,
        role: str,
        points: float,
        colour=INK,
        indent: float = 0.0,
        smallest: float = SMALLEST,
        width: float | None = None,
    ) -> None:
        """Text wrapped to `width` (default: the page's, less `indent`), from the current line
        down, starting `indent` from the left margin."""
        size = self.size(points, smallest)
        self.font(role, size, colour)
        self.pdf.set_x(MARGIN + indent)
        self.pdf.multi_cell(
            width if width is not None else self.width - indent,
            size * 0.45,
            self.document.text(value),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def service(self, name: str, details: str) -> None:
        """A service on one line when it fits: its name in bold, then its contact and use."""
        size = self.size(9.5)
        self.font("sans-bold", size, INK)
        label = self.document.text(name) + "  "
        indent = min(self.pdf.get_string_width(label), self.width / 3)
        y = self.pdf.get_y()
        self.pdf.set_xy(MARGIN, y)
        self.pdf.cell(indent, size * 0.45, label)
        self.pdf.set_y(y)
        self.paragraph(details, "sans", 9.5, GREY, indent=indent)

    def columns(self, entries: list[str], points: float, smallest: float) -> None:
        """`entries` in two columns, the first half on the left, from the current line down."""
        half = (len(entries) + 1) // 2
        gutter = 4.0
        column = (self.width - gutter) / 2
        top = self.pdf.get_y()
        bottoms = []
        for index, part in enumerate((entries[:half], entries[half:])):
            self.pdf.set_y(top)
            for entry in part:
                self.paragraph(
                    entry,
                    "sans",
                    points,
                    GREY,
                    indent=index * (column + gutter),
                    smallest=smallest,
                    width=column,
                )
            bottoms.append(self.pdf.get_y())
        self.pdf.set_y(max(bottoms))

    def bullet(self, value: str, points: float) -> None:
        size = self.size(points)
        self.font("sans", size, NAVY)
        y = self.pdf.get_y()
        self.pdf.set_xy(MARGIN + 1.5, y)
        self.pdf.cell(3.5, size * 0.45, self.document.text("•"))
        self.pdf.set_xy(MARGIN + 5, y)
        self.paragraph(value, "sans", points, indent=5)

    def gap(self, points: float) -> None:
        self.pdf.set_y(self.pdf.get_y() + points * self.fit.scale * 0.35)

    def heading(self, value: str) -> None:
        self.gap(7)
        y = self.pdf.get_y()
        self.pdf.set_fill_color(*LIGHT)
        height = self.size(11.5) * 0.55
        self.pdf.rect(MARGIN, y - 0.6, self.width, height + 1.2, style="F")
        self.font("sans-bold", self.size(11.5), NAVY)
        self.pdf.set_xy(MARGIN + 2, y)
        self.pdf.cell(self.width - 4, height, self.document.text(value.upper()))
        self.pdf.set_y(y + height + 2)

    def draw(self) -> float:
        handout = self.handout
        pdf = self.pdf
        pdf.set_y(MARGIN)
        self.paragraph(
            _("Reflex sheet · module {number}").format(number=handout.number)
            + f" · {handout.course_title}",
            "sans",
            9,
            GREY,
        )
        self.gap(2)
        self.paragraph(handout.module_title, "serif-bold", 21, NAVY)
        y = pdf.get_y() + 1.5
        pdf.set_draw_color(*NAVY)
        pdf.set_line_width(0.6)
        pdf.line(MARGIN, y, PAGE_W - MARGIN, y)
        pdf.set_y(y + 1)
        self.heading(_("Key points"))
        for lesson in handout.lessons:
            self.gap(3)
            self.paragraph(lesson.title, "sans-bold", 11, NAVY)
            self.gap(1)
            if not lesson.points:
                self.paragraph(_("(this lesson has no key points yet)"), "sans", 9.5, GREY)
            for point in lesson.points:
                self.bullet(point, 10)
        if handout.services:
            self.heading(_("Numbers and services"))
            for service in handout.services:
                self.gap(1)
                contact = f"{service.contact} — " if service.contact else ""
                self.service(service.name, contact + service.what)
        shown = handout.sources[: len(handout.sources) - self.fit.sources_left_out]
        if handout.sources:
            self.heading(_("Sources"))
            entries = [
                "– " + source.title + (f" — {source.url}" if source.url else "") for source in shown
            ]
            self.columns(entries, 7.5, SMALLEST_SOURCE)
            if self.fit.sources_left_out:
                self.gap(1)
                self.paragraph(
                    ngettext(
                        "… and {n} more source: see the lessons in the course.",
                        "… and {n} more sources: see the lessons in the course.",
                        self.fit.sources_left_out,
                    ).format(n=self.fit.sources_left_out),
                    "serif-italic",
                    8,
                    GREY,
                )
        bottom = pdf.get_y()
        self.footer()
        return bottom

    def footer(self) -> None:
        handout = self.handout
        parts = [f"trainer {__version__}", handout.course_title]
        if handout.version:
            parts.append(_("Version {version}").format(version=handout.version))
        parts.append(handout.module_id)
        self.font("sans", 7.5, GREY)
        self.pdf.set_xy(MARGIN, PAGE_H - MARGIN - 4)
        self.pdf.cell(self.width, 4, self.document.text(" · ".join(parts)), align="C")
