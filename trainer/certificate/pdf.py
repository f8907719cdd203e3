"""The certificate as a one-page A4 landscape PDF, drawn with fpdf2.

French needs more than the Latin-1 of the PDF core fonts (œ, ’, the narrow no-break space), so the
certificate is set in DejaVu, a Unicode TrueType family, when one is installed (Debian's
fonts-dejavu-core); otherwise it falls back to the core fonts and spells what Latin-1 lacks with
the nearest letters (œ as oe). fpdf2 is imported only when a certificate is drawn.
"""

from __future__ import annotations

import logging
import math
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from trainer import __version__
from trainer.certificate.award import Award
from trainer.i18n import _
from trainer.inert import inert

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/dejavu-serif-fonts"),
    Path("/usr/share/fonts/dejavu-sans-mono-fonts"),
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path("/Library/Fonts"),
)
"""Where to look for the DejaVu files, in order."""

DEJAVU = {
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "serif": "DejaVuSerif.ttf",
    "serif-bold": "DejaVuSerif-Bold.ttf",
    "serif-italic": "DejaVuSerif-Italic.ttf",
    "mono": "DejaVuSansMono-Bold.ttf",
}
CORE = {
    "sans": ("helvetica", ""),
    "sans-bold": ("helvetica", "B"),
    "serif": ("times", ""),
    "serif-bold": ("times", "B"),
    "serif-italic": ("times", "I"),
    "mono": ("courier", "B"),
}
"""The core font standing in for each role when no TrueType font is found."""
STAND_INS = {
    "serif": "sans",
    "serif-bold": "sans-bold",
    "serif-italic": "sans",
    "mono": "sans-bold",
}
"""The role to use when a role's own file is missing: only the two sans files are required."""

NAVY = (26, 48, 84)
GOLD = (178, 142, 64)
INK = (33, 37, 41)
GREY = (105, 110, 118)
PAPER = (253, 251, 246)
ROW = (244, 239, 226)
PAGE_W, PAGE_H = 297.0, 210.0
ONE_COLUMN_MODULES = 8
"""More modules than this are set in two columns."""

LATIN_1_STAND_INS = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "‘": "'",
        "’": "'",
        "‚": ",",
        "“": '"',
        "”": '"',
        "„": '"',
        "‹": "<",
        "›": ">",
        "–": "-",
        "—": "-",
        "‑": "-",
        "…": "...",
        "€": "EUR",
        "•": "-",
        "\u202f": "\u00a0",
        "\u2009": " ",
        "\u2007": " ",
        "\u200b": "",
    }
)
"""Characters outside Latin-1 with their closest Latin-1 spelling (« », é, à, ç are in it)."""


@dataclass(frozen=True)
class Typeface:
    """The fonts a certificate is set in: TrueType files by role, or none for the core fonts."""

    files: dict[str, Path] = field(default_factory=dict)

    @property
    def unicode(self) -> bool:
        """True when the text is set in a Unicode font, False for the Latin-1 core fonts."""
        return bool(self.files)

    @property
    def name(self) -> str:
        """What the certificate is set in, to tell the user."""
        if not self.files:
            return "PDF core fonts (Latin-1, other letters transliterated)"
        return "DejaVu (" + ", ".join(sorted({p.name for p in self.files.values()})) + ")"


def find_typeface(dirs: tuple[Path, ...] | list[Path] = FONT_DIRS) -> Typeface:
    """DejaVu when its two sans files are found in `dirs` (serif and mono if they are too); else
    the core fonts."""
    files: dict[str, Path] = {}
    for role, file_name in DEJAVU.items():
        found = next((d / file_name for d in dirs if (d / file_name).is_file()), None)
        if found is not None:
            files[role] = found
    if "sans" not in files or "sans-bold" not in files:
        return Typeface()
    return Typeface(files)


def long_date(day: date) -> str:
    """A date in words, in the interface's language: 2 March 2026."""
    from trainer.i18n import long_date as in_words

    return in_words(day)


def percent(score: float) -> str:
    """A score as a whole percentage, with a no-break space before the sign: `93 %`."""
    return f"{round(score * 100)}\u00a0%"


def to_latin_1(text: str) -> str:
    """`text` in the characters of a PDF core font: œ as oe, ’ as ', accents kept where Latin-1
    has them, dropped where it does not, anything else as ?."""
    text = unicodedata.normalize("NFC", text).translate(LATIN_1_STAND_INS)
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        out.append(bare if bare and all(ord(c) < 256 for c in bare) else "?")
    return "".join(out)


@dataclass(frozen=True)
class Signature:
    """What a certificate signed by an organisation carries instead of the local code."""

    key_id: str
    verification: str
    """The verification string (`certificate_signing`), kept in the PDF's metadata."""


def render(
    award: Award,
    issued: datetime,
    language: str,
    typeface: Typeface | None = None,
    signature: Signature | None = None,
) -> bytes:
    """The certificate as PDF bytes; `issued` is when it is printed (the PDF's creation date).
    Without `signature` it is a local attestation, with the local verification code."""
    with _fpdf_silenced():
        return _Page(award, issued, language, typeface or find_typeface(), signature).draw()


@contextmanager
def _fpdf_silenced() -> Iterator[None]:
    """fpdf2's own reports (a glyph missing from the font, through `logging`; deprecations, through
    `warnings`) kept off the terminal while a certificate is drawn: they quote the text raw, on
    several lines, in English, where the learner was promised one clear line. What they would say
    is said by the command (no Unicode font), and the text drawn holds no control any more."""
    logger = logging.getLogger("fpdf")
    handler = logging.NullHandler()
    propagate = logger.propagate
    logger.addHandler(handler)  # with a handler of its own, logging's last resort stays quiet
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.propagate = propagate
        logger.removeHandler(handler)


class _Page:
    """One certificate being drawn."""

    def __init__(
        self,
        award: Award,
        issued: datetime,
        language: str,
        typeface: Typeface,
        signature: Signature | None = None,
    ) -> None:
        from fpdf import FPDF

        self.award = award
        self.signature = signature
        self.issued = issued
        self.typeface = typeface
        self.pdf = FPDF(orientation="L", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margin(0)
        self.pdf.c_margin = 0  # text starts exactly where the rules do
        self.pdf.set_creation_date(issued)
        self.pdf.set_lang(language)
        self.pdf.set_creator(f"trainer {__version__}")
        self.pdf.set_title(self.text(f"{_('Certificate of completion')}: {award.learner}"))
        self.pdf.set_subject(self.text(award.course_title))
        self.pdf.set_author(self.text(award.learner))
        for role, path in typeface.files.items():
            self.pdf.add_font(role, "", str(path))
        if signature is not None:
            from trainer.certificate.signing import xmp_metadata

            self.pdf.set_xmp_metadata(xmp_metadata(signature.verification))

    def text(self, value: str) -> str:
        """`value` as the chosen fonts can set it, its control characters shown as on screen."""
        value = inert(value)
        return value if self.typeface.unicode else to_latin_1(value)

    def font(self, role: str, size: float, colour: tuple[int, int, int] = INK) -> None:
        if self.typeface.unicode:
            self.pdf.set_font(role if role in self.typeface.files else STAND_INS[role], size=size)
        else:
            family, style = CORE[role]
            self.pdf.set_font(family, style, size)
        self.pdf.set_text_color(*colour)

    def line(
        self,
        y: float,
        height: float,
        value: str,
        role: str,
        size: float,
        colour=INK,
        width: float = 250.0,
        x: float | None = None,
        align: str = "C",
        spacing: float = 0.0,
        shrink: bool = True,
    ) -> None:
        """One line of text, shrunk (if `shrink`) then cut with … until it fits `width`."""
        value = self.text(value)
        self.pdf.set_char_spacing(spacing)
        self.font(role, size, colour)
        while shrink and size > 7 and self.pdf.get_string_width(value) > width:
            size -= 0.5
            self.font(role, size, colour)
        ellipsis = self.text("…")
        while self.pdf.get_string_width(value) > width and len(value) > 1:
            value = value[:-2].rstrip() + ellipsis
        self.pdf.set_xy((PAGE_W - width) / 2 if x is None else x, y)
        self.pdf.cell(width, height, value, align=align)
        self.pdf.set_char_spacing(0)

    def draw(self) -> bytes:
        pdf = self.pdf
        pdf.add_page()
        self.frame()
        award = self.award
        self.line(
            22, 14, _("Certificate of completion").upper(), "serif-bold", 27, NAVY, spacing=1.2
        )
        self.rule(40)
        self.line(44, 7, _("awarded to"), "serif-italic", 13, GREY)
        self.line(52, 15, award.learner, "serif-bold", 30, INK, width=240)
        self.line(70, 6, _("for completing the course"), "sans", 10.5, GREY)
        self.line(77, 10, award.course_title, "sans-bold", 17, NAVY, width=250)
        if award.version:
            self.line(
                87, 6, _("Version {version}").format(version=award.version), "sans", 9.5, GREY
            )
        self.scores(top=98, bottom=160)
        self.footer()
        return bytes(pdf.output())

    def frame(self) -> None:
        """The paper, a navy border, a gold inner border and corner marks."""
        pdf = self.pdf
        pdf.set_fill_color(*PAPER)
        pdf.rect(0, 0, PAGE_W, PAGE_H, style="F")
        pdf.set_draw_color(*NAVY)
        pdf.set_line_width(1.6)
        pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
        pdf.set_draw_color(*GOLD)
        pdf.set_line_width(0.4)
        pdf.rect(12, 12, PAGE_W - 24, PAGE_H - 24)
        pdf.set_fill_color(*GOLD)
        for x in (12, PAGE_W - 12):
            for y in (12, PAGE_H - 12):
                self.diamond(x, y, 2.6)

    def rule(self, y: float, half: float = 32.0) -> None:
        """A short gold rule under the title, with a diamond in its middle."""
        pdf = self.pdf
        pdf.set_draw_color(*GOLD)
        pdf.set_line_width(0.5)
        pdf.line(PAGE_W / 2 - half, y, PAGE_W / 2 - 3, y)
        pdf.line(PAGE_W / 2 + 3, y, PAGE_W / 2 + half, y)
        pdf.set_fill_color(*GOLD)
        self.diamond(PAGE_W / 2, y, 1.8)

    def diamond(self, x: float, y: float, radius: float) -> None:
        """A filled diamond centred on (x, y), in the current fill colour."""
        self.pdf.polygon(
            [(x, y - radius), (x + radius, y), (x, y + radius), (x - radius, y)], style="F"
        )

    def scores(self, top: float, bottom: float) -> None:
        """The table of module scores, a bar each, then the overall score; in two columns when
        there are more modules than one column holds legibly."""
        award = self.award
        modules = [(m.title, m.score) for m in award.modules]
        columns = 1 if len(modules) <= ONE_COLUMN_MODULES else 2
        per_column = math.ceil(len(modules) / columns)
        rows = per_column + (award.overall is not None)
        height = min(7.0, (bottom - top - 7) / max(rows, 1))
        size = max(7.0, min(10.5, height * 1.5))
        total_width, gap = (180.0, 0.0) if columns == 1 else (250.0, 12.0)
        width = (total_width - gap * (columns - 1)) / columns
        left = (PAGE_W - total_width) / 2
        bar_width = min(40.0, width * 0.24)
        for column in range(columns):
            x = left + column * (width + gap)
            self.table_head(x, width, top)
            for row, (title, score) in enumerate(
                modules[column * per_column : (column + 1) * per_column]
            ):
                self.score_row(
                    x,
                    top + 7 + row * height,
                    width,
                    bar_width,
                    height,
                    size,
                    title,
                    score,
                    shaded=row % 2 == 0,
                )
        if award.overall is not None:
            y = top + 7 + per_column * height
            self.pdf.set_draw_color(*NAVY)
            self.pdf.set_line_width(0.35)
            self.pdf.line(left, y, left + total_width, y)
            self.score_row(
                left,
                y,
                total_width,
                bar_width,
                height,
                size,
                _("Overall"),
                award.overall,
                total=True,
            )

    def table_head(self, x: float, width: float, y: float) -> None:
        """The column titles of the score table, over a gold rule."""
        self.line(
            y,
            5,
            _("Module").upper(),
            "sans-bold",
            7.5,
            GREY,
            width=width / 2,
            x=x + 2,
            align="L",
            spacing=0.8,
        )
        self.line(
            y,
            5,
            _("Score").upper(),
            "sans-bold",
            7.5,
            GREY,
            width=width / 2 - 4,
            x=x + width / 2 + 2,
            align="R",
            spacing=0.8,
        )
        self.pdf.set_draw_color(*GOLD)
        self.pdf.set_line_width(0.35)
        self.pdf.line(x, y + 6, x + width, y + 6)

    def score_row(
        self,
        x: float,
        y: float,
        width: float,
        bar_width: float,
        height: float,
        size: float,
        title: str,
        score: float | None,
        shaded: bool = False,
        total: bool = False,
    ) -> None:
        """One module (or the overall score): title, bar and percentage, all in one size."""
        pct_width = 18.0
        if shaded:
            self.pdf.set_fill_color(*ROW)
            self.pdf.rect(x, y, width, height, style="F")
        colour = NAVY if total else INK
        title_width = width - bar_width - pct_width - 8
        self.line(
            y,
            height,
            title,
            "sans-bold" if total else "sans",
            size,
            colour,
            width=title_width,
            x=x + 2,
            align="L",
            shrink=False,
        )
        if score is None:
            self.line(
                y,
                height,
                _("no quiz"),
                "sans",
                size,
                GREY,
                width=pct_width + bar_width,
                x=x + width - pct_width - bar_width - 2,
                align="R",
            )
            return
        self.line(
            y,
            height,
            percent(score),
            "sans-bold",
            size,
            colour,
            width=pct_width,
            x=x + width - pct_width - 2,
            align="R",
        )
        self.bar(
            x + width - bar_width - pct_width - 2, y + height / 2 - 1.1, bar_width - 4, 2.2, score
        )

    def bar(self, x: float, y: float, width: float, height: float, score: float) -> None:
        pdf = self.pdf
        pdf.set_fill_color(222, 214, 196)
        pdf.rect(x, y, width, height, style="F")
        pdf.set_fill_color(*GOLD)
        pdf.rect(x, y, width * max(0.0, min(1.0, score)), height, style="F")

    def footer(self) -> None:
        """The completion date, a seal, the verification code and how to check it."""
        pdf = self.pdf
        award = self.award
        y = 168
        self.line(
            y,
            5,
            _("Completed on").upper(),
            "sans-bold",
            7.5,
            GREY,
            width=80,
            x=34,
            align="L",
            spacing=0.8,
        )
        self.line(
            y + 6,
            8,
            long_date(award.completed_on),
            "serif-bold",
            13,
            INK,
            width=80,
            x=34,
            align="L",
        )
        pdf.set_draw_color(*GREY)
        pdf.set_line_width(0.2)
        pdf.line(34, y + 15, 104, y + 15)

        right = PAGE_W - 34 - 90
        if self.signature is None:
            heading, code, command = (
                _("Verification code"),
                award.code,
                f"trainer certificate verify {award.code}",
            )
            what = _(
                "A local attestation: the learner's own computer issued it from a record the "
                "learner holds. It is not proof."
            )
        else:
            heading, code = _("Signed by the organisation's key"), self.signature.key_id
            command = _("trainer certificate verify THIS-PDF --public-key KEY.pem")
            what = _(
                "Signed with the organisation's Ed25519 key: the signature covers the name, the "
                "course, the date and the scores."
            )
        self.line(
            y, 5, heading.upper(), "sans-bold", 7.5, GREY, width=90, x=right, align="R", spacing=0.8
        )
        self.line(y + 6, 8, code, "mono", 13, NAVY, width=90, x=right, align="R", spacing=0.6)
        pdf.line(right + 20, y + 15, right + 90, y + 15)
        self.line(y + 16.5, 5, command, "sans", 7.5, GREY, width=90, x=right, align="R")

        self.seal(PAGE_W / 2, y + 8)
        issued = _("Issued on {date} by trainer {version}").format(
            date=long_date(self.issued.date()), version=__version__
        )
        self.line(PAGE_H - 21, 4, issued, "sans", 7, GREY, width=200)
        self.line(PAGE_H - 17, 4, what, "sans", 7, GREY, width=230)

    def seal(self, x: float, y: float) -> None:
        """A gold rosette with a star."""
        pdf = self.pdf
        pdf.set_fill_color(*GOLD)
        pdf.star(x, y, 11.0, 13.0, 24, style="F")
        pdf.set_draw_color(*PAPER)
        pdf.set_line_width(0.5)
        pdf.circle(x, y, 9.5, style="D")  # fpdf2 2.8: (x, y) is the centre
        pdf.set_fill_color(*PAPER)
        pdf.star(x, y, 2.6, 6.0, 5, rotate_degrees=36, style="F")  # a point upwards
