"""What a lesson's or a prompt's Markdown holds besides text: images, and what terminals lose.

An image is written `![alternative text](images/faux-profil.png)`; its path is read from the pack's
folder (like `course.yaml`), and the file must be in the pack's `images/` folder: that is the folder
the wheel ships, the pack cache watches and `trainer new` explains. `validate` makes each image
that cannot be shown an error naming it (missing, outside `images/`, too large, not a PNG, JPEG, GIF
or WebP picture) and missing alternative text a warning: plain mode, screen readers and the
handouts say that text instead of the picture.

Content the lesson reader can't show is a warning rather than a silent loss: an HTML block (Rich
draws nothing of it) and a table wider than a terminal of 80 columns (its cells are cut with "…").

Everything here is pure but for reading the image files, which is bounded like every pack file:
regular files only, at most `MAX_IMAGE_BYTES`, never through a link leading out of the pack.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Iterator
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from trainer.course.diagnostics import Mark, Report, Text, phrase
from trainer.i18n import N_
from trainer.inert import inert
from trainer.records import Record, init

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from trainer.course.loader import Pack

IMAGES_DIR = "images"
"""The folder of a pack that holds its images."""
MAX_IMAGE_BYTES = 2 * 1024 * 1024
"""The largest image file (2 MB): a screenshot saved as PNG is a few hundred kB."""
MAX_IMAGE_PIXELS = 4096 * 4096
"""The most pixels an image may have once decoded: a small file may hide a huge picture."""
IMAGE_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})
"""The formats of pictures shown (as Pillow names them): what screenshots and drawings are saved
as, and what every renderer of textual-image, and a PDF, can take."""
TERMINAL_COLUMNS = 80
"""The width a lesson must fit: the smallest terminal the app is made for."""


class ImageRef(Record):
    """An image written in Markdown: its path as written, its alternative text, and where."""

    __slots__ = ("alt", "column", "line", "src")
    src: str
    alt: str
    line: int
    """The line of the text it is on, 0-based."""
    column: int

    def __init__(self, src: str, alt: str, line: int = 0, column: int = 1) -> None:
        init(self, src, alt, line, column)


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # What Rich's Markdown (the lesson reader) and plain mode read: CommonMark and tables.
    return MarkdownIt("commonmark").enable("table")


_BLOCK_HINT = re.compile(r"^ {0,3}<[A-Za-z!?/]|^(?=[^\n]*\|)[ \t|:-]*-[ \t|:-]*$", re.MULTILINE)
"""A line that may open an HTML block, or a table's delimiter row (`|---|---|`): only a text
holding one is parsed for them."""


def _might_hold_media(text: str) -> bool:
    """False for text that cannot hold an image, HTML or a table: most prompts, skipped unparsed
    (a pack of 19,000 questions is checked at every launch)."""
    return "![" in text or (("<" in text or "|" in text) and _BLOCK_HINT.search(text) is not None)


def _images_of(inline: Token, lines: list[str]) -> Iterator[ImageRef]:
    start = inline.map[0] if inline.map else 0
    end = inline.map[1] if inline.map else start + 1
    searched = start
    for child in inline.children or ():
        if child.type != "image":
            continue
        src = str(child.attrs.get("src", ""))
        alt = child.content or ""
        # The inline token knows its paragraph's lines, not each image's: find the `![` there.
        line, column = start, 1
        for number in range(searched, max(end, searched + 1)):
            text = lines[number] if number < len(lines) else ""
            at = text.find("![")
            if at >= 0 and (src in text or not src):
                line, column, searched = number, at + 1, number
                break
        yield ImageRef(src, alt, line, column)


def image_refs(text: str, tokens: list[Token] | None = None) -> list[ImageRef]:
    """Every image of Markdown `text`, in reading order (`tokens`: the text already parsed)."""
    if "![" not in text:
        return []
    lines = text.split("\n")
    return [
        image
        for token in (tokens if tokens is not None else _parser().parse(text))
        if token.type == "inline"
        for image in _images_of(token, lines)
    ]


def split_images(text: str) -> list[str | ImageRef]:
    """`text` cut where its images stand: Markdown parts and images, in reading order.

    A paragraph holding nothing but images gives way to them; an image inside a sentence stays in
    its text (a reader shows its alternative text there) and is shown after its paragraph. Text
    without images comes back whole, as one part.
    """
    if "![" not in text:
        return [text] if text.strip() else []
    lines = text.split("\n")
    parts: list[str | ImageRef] = []
    done = 0  # the lines already given out
    tokens = _parser().parse(text)
    for token in tokens:
        if token.type != "inline" or token.map is None or token.level != 1:
            continue  # images in lists, quotes and tables stay in their text
        images = list(_images_of(token, lines))
        if not images:
            continue
        start, end = token.map
        alone = all(
            child.type in ("image", "softbreak", "hardbreak")
            or (child.type == "text" and not child.content.strip())
            for child in token.children or ()
        )
        before = "\n".join(lines[done : start if alone else end])
        if before.strip():
            parts.append(before)
        parts.extend(images)
        done = end
    after = "\n".join(lines[done:])
    if after.strip():
        parts.append(after)
    return parts


# checking -----------------------------------------------------------------------------------------


class _Place:
    """Where a text stands in its file, to turn a line of the text into a line of the file."""

    def __init__(self, path: str, first_line: int, column: int = 0) -> None:
        self.path = path
        self.first_line = first_line
        self.column = column
        """The column of a text that is one line of YAML; 0 for a block (each line its own)."""

    def mark(self, line: int, column: int) -> Mark:
        if self.column and line == 0:
            return Mark(self.first_line, self.column + column - 1)
        return Mark(self.first_line + line, column)


def check_text(text: str, place: _Place, root: Path, report: Report) -> None:
    """Report the images of Markdown `text` that cannot be shown, and what a terminal loses."""
    if not _might_hold_media(text):
        return
    tokens = _parser().parse(text)  # once, for the images and the blocks
    for image in image_refs(text, tokens):
        _check_image(image, place, root, report)
    if ("<" in text or "|" in text) and _BLOCK_HINT.search(text):
        _check_blocks(tokens, place, report)


def _check_blocks(tokens: list[Token], place: _Place, report: Report) -> None:
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "html_block" and token.map is not None:
            tag = token.content.strip().split("\n")[0][:40]
            report.warning(
                place.path,
                place.mark(token.map[0], 1),
                "html-block",
                phrase(
                    N_(
                        "HTML is not shown in the terminal: `{tag}` and what it holds are lost "
                        "for the learner; write it in Markdown (a heading, a list, a quotation)"
                    ),
                    tag=inert(tag),
                ),
            )
        elif token.type == "table_open" and token.map is not None:
            width, index = _table_width(tokens, index)
            if width > TERMINAL_COLUMNS:
                report.warning(
                    place.path,
                    place.mark(token.map[0], 1),
                    "wide-table",
                    phrase(
                        N_(
                            "this table is {width} columns wide: a terminal of {limit} columns "
                            "cuts its cells with « … »; shorten its cells, split it, or write it "
                            "as a list"
                        ),
                        width=width,
                        limit=TERMINAL_COLUMNS,
                    ),
                )
        index += 1


def _table_width(tokens: list[Token], index: int) -> tuple[int, int]:
    """The columns a table needs drawn with borders (as Rich draws it, one space each side of a
    cell), and the index of its `table_close`."""
    widths: list[int] = []
    column = 0
    while tokens[index].type != "table_close":
        kind = tokens[index].type
        if kind == "tr_open":
            column = 0
        elif kind in ("th_open", "td_open"):
            cell = tokens[index + 1].content.strip()
            if column == len(widths):
                widths.append(0)
            widths[column] = max(widths[column], len(cell))
            column += 1
        index += 1
    return sum(widths) + 3 * len(widths) + 1, index


def _check_image(image: ImageRef, place: _Place, root: Path, report: Report) -> None:
    mark = place.mark(image.line, image.column)
    name = inert(image.src)
    problem = _image_problem(image.src, root)
    if problem is not None:
        code, message = problem
        report.error(place.path, mark, code, message)
    if not image.alt.strip():
        report.warning(
            place.path,
            mark,
            "image-alt",
            phrase(
                N_(
                    "image `{image}` has no alternative text: write what it shows between the "
                    "brackets, `![what it shows]({image})`; plain mode and screen readers say it"
                ),
                image=name,
            ),
        )


def _image_problem(src: str, root: Path) -> tuple[str, Text] | None:
    """(code, message) saying why the image at `src` can't be shown, or None when it can."""
    name = inert(src)
    if not src:
        return "image-missing", phrase(
            N_("an image has no file: write its path in the parentheses, `![…](images/x.png)`")
        )
    relative = PurePosixPath(src)
    if (
        "://" in src
        or src.startswith(("/", "\\"))
        or relative.is_absolute()
        or ":" in relative.parts[0]
        or ".." in relative.parts
        or relative.parts[0] != IMAGES_DIR
        or len(relative.parts) < 2
    ):
        return "image-outside-pack", phrase(
            N_(
                "image `{image}` is not in the pack's `{folder}/` folder: copy the file there and "
                "write `{folder}/` and its name (the path starts at the pack's folder)"
            ),
            image=name,
            folder=IMAGES_DIR,
        )
    path = root / Path(*relative.parts)
    folder = root / IMAGES_DIR
    try:
        escapes = not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
        escapes = True
    if escapes and (path.is_symlink() or folder.is_symlink() or path.exists()):
        return "image-outside-pack", phrase(
            N_(
                "image `{image}` is a symbolic link leading out of the pack's `{folder}/` "
                "folder: copy the picture itself there"
            ),
            image=name,
            folder=IMAGES_DIR,
        )
    return _read_problem(path, relative, root)


def _read_problem(path: Path, relative: PurePosixPath, root: Path) -> tuple[str, Text] | None:
    name = inert(str(relative))
    try:
        # O_NONBLOCK: a FIFO named like an image must not block the check on open.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        # Here, not at the top: `fields` imports YAML, which the app's path to its first frame
        # (a pack restored from its snapshot) does not need.
        from trainer.course.fields import suggestion

        known = _known_images(root)
        return "image-missing", phrase(
            N_("image `{image}` does not exist in the pack{suggestion}"),
            image=name,
            suggestion=suggestion(str(relative), known),
        )
    except OSError as error:
        return "image-format", phrase(
            N_("image `{image}` cannot be read: {reason}"),
            image=name,
            reason=str(error.strerror),
        )
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        return "image-format", phrase(
            N_("image `{image}` is not a file: name a PNG, JPEG, GIF or WebP picture"),
            image=name,
        )
    with os.fdopen(descriptor, "rb") as file:
        if info.st_size > MAX_IMAGE_BYTES:
            return "image-too-large", _too_large(name, info.st_size)
        data = file.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        return "image-too-large", _too_large(name, len(data))
    return _format_problem(name, data)


def _too_large(name: str, size: int) -> Text:
    return phrase(
        N_(
            "image `{image}` is {size} MB, more than the {limit} MB an image may be: make it "
            "smaller (fewer pixels, or saved as JPEG)"
        ),
        image=name,
        size=f"{size / (1024 * 1024):.1f}",
        limit=MAX_IMAGE_BYTES // (1024 * 1024),
    )


def _format_problem(name: str, data: bytes) -> tuple[str, Text] | None:
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096].lower()):
        return "image-format", phrase(
            N_(
                "image `{image}` is an SVG drawing, which a terminal cannot show: convert it to "
                "PNG (for instance `rsvg-convert -o {png} {image}`) and name the PNG"
            ),
            image=name,
            png=str(PurePosixPath(name).with_suffix(".png")),
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            kind = picture.format or ""
            width, height = picture.size
            if kind in IMAGE_FORMATS and width * height <= MAX_IMAGE_PIXELS:
                picture.verify()  # a truncated or damaged file fails here, not on screen
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return "image-format", phrase(
            N_(
                "image `{image}` is not a picture the trainer can read: save it as PNG, JPEG, "
                "GIF or WebP"
            ),
            image=name,
        )
    if kind not in IMAGE_FORMATS:
        return "image-format", phrase(
            N_("image `{image}` is a {format} picture: save it as PNG, JPEG, GIF or WebP"),
            image=name,
            format=inert(kind),
        )
    if width * height > MAX_IMAGE_PIXELS:
        return "image-too-large", phrase(
            N_(
                "image `{image}` is {width}×{height} pixels, more than a terminal or a page can "
                "use: make it at most {side}×{side}"
            ),
            image=name,
            width=width,
            height=height,
            side=int(MAX_IMAGE_PIXELS**0.5),
        )
    return None


def _known_images(root: Path) -> list[str]:
    """The files of the pack's images folder, as Markdown names them, for a did-you-mean."""
    folder = root / IMAGES_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    found: list[str] = []
    for current, folders, files in os.walk(folder):
        folders.sort()
        for file in sorted(files):
            found.append((Path(current) / file).relative_to(root).as_posix())
        if len(found) > 1000:
            break
    return found


def has_pictures(pack: Pack) -> bool:
    """True when a lesson or a prompt of `pack`, in any language, may show a picture."""
    return any(
        "![" in lesson.body for lessons in pack.lessons.values() for lesson in lessons.values()
    ) or any(
        "![" in question.prompt
        for quizzes in pack.quizzes.values()
        for quiz in quizzes.values()
        for question in quiz.questions
    )


def check_media(pack: Pack, report: Report) -> None:
    """Check the images, HTML and tables of every lesson body and question prompt of `pack`."""
    from trainer.course.yamlmarks import MarkedMap

    for lessons in pack.lessons.values():
        for lesson in lessons.values():
            check_text(lesson.body, _Place(lesson.path, lesson.body_line), pack.root, report)
    for quizzes in pack.quizzes.values():
        for quiz in quizzes.values():
            document = pack.documents.get(quiz.path)
            items: dict[str, MarkedMap] = {}
            if isinstance(document, MarkedMap):
                for item in document.get("questions") or ():
                    if isinstance(item, MarkedMap) and isinstance(item.get("id"), str):
                        items.setdefault(item["id"], item)
            for question in quiz.questions:
                if not _might_hold_media(question.prompt):
                    continue
                item = items.get(question.id)
                if item is None:
                    place = _Place(quiz.path, question.line or 1)
                else:
                    mark = item.value_mark("prompt")
                    if "\n" in question.prompt.strip():
                        # A block scalar (`|`): its text starts on the line after the key.
                        place = _Place(quiz.path, mark.line + 1)
                    else:
                        place = _Place(quiz.path, mark.line, mark.column)
                check_text(question.prompt, place, pack.root, report)
