"""A picture of a lesson or a question, drawn by textual-image, its alternative text as caption.

textual-image draws with the best the terminal has: sixel graphics or kitty's graphics protocol
where the terminal says it has them, coloured half cells (`▀`, a pixel above and one below)
anywhere else, in `trainer serve`'s browser too. It learns what the terminal has by asking it,
which can only be done before Textual takes the terminal over: `choose_renderer` does it, and the
commands that start an app call it first. $TRAINER_IMAGES picks a renderer by name (`halfcell` for
a terminal that claims sixel but draws it badly; `none` shows the alternative text alone).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from trainer.course.media import IMAGES_DIR, ImageRef, split_images
from trainer.i18n import _
from trainer.inert import inert

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

RENDERER_VARIABLE = "TRAINER_IMAGES"
RENDERERS = ("sixel", "tgp", "halfcell", "unicode", "none")

_chosen: str | None = None
"""The renderer chosen before the app started; None until `choose_renderer` runs."""


def choose_renderer(environ: dict[str, str] | None = None) -> str:
    """Choose, once, how pictures are drawn, asking the terminal when there is one.

    Call it before an app runs: textual-image asks the terminal on import, which Textual's input
    thread would otherwise swallow. Off a terminal (tests, `trainer serve`, a pipe) nothing is
    asked and pictures are drawn in half cells, the same on every machine.
    """
    global _chosen
    if _chosen is not None:
        return _chosen
    environ = dict(os.environ) if environ is None else environ
    wanted = environ.get(RENDERER_VARIABLE, "").strip().lower()
    if wanted == "none":
        _chosen = "none"
        return _chosen
    terminal = bool(sys.__stdout__ and sys.__stdout__.isatty())
    # textual-image logs a terminal that does not answer its questions as a warning with a
    # traceback, which Python would print on the learner's terminal: it is no error here.
    logging.getLogger("textual_image").addHandler(logging.NullHandler())
    logging.getLogger("textual_image").propagate = False
    if not terminal and wanted not in RENDERERS:
        # Nothing to ask (textual-image asks only a terminal): half cells, and textual-image,
        # Pillow and NumPy are imported when a picture is drawn, not before the first frame.
        has_library = all(find_spec(name) is not None for name in ("textual_image", "PIL"))
        _chosen = "halfcell" if has_library else "none"
        return _chosen
    try:
        # The import asks a terminal what it can draw (two short queries), once for the process.
        import textual_image.renderable as drawn
        import textual_image.widget  # noqa: F401  # measures the terminal's cells, likewise
    except Exception:  # a terminal that answers oddly: the alternative text still shows
        _chosen = "none"
        return _chosen
    if wanted in RENDERERS:
        _chosen = wanted
    elif terminal and drawn.Image is drawn.SixelImage:
        _chosen = "sixel"
    elif terminal and drawn.Image is drawn.TGPImage:
        _chosen = "tgp"
    else:
        _chosen = "halfcell"
    return _chosen


def _widget_class(renderer: str) -> Callable[..., Widget]:
    from textual_image import widget

    classes: dict[str, Callable[..., Widget]] = {
        "sixel": widget.SixelImage,
        "tgp": widget.TGPImage,
        "unicode": widget.UnicodeImage,
    }
    return classes.get(renderer, widget.HalfcellImage)


def prompt_text(prompt: str) -> str:
    """A prompt's Markdown without the paragraphs that hold only pictures (shown under it)."""
    if "![" not in prompt:
        return prompt
    return "\n".join(part for part in split_images(prompt) if isinstance(part, str))


def open_picture(folder: str | None, src: str) -> PILImage | None:
    """The picture at `src` in the pack's folder, decoded; None when it can't be shown (no folder,
    a path out of the pack's images folder, a file that is not a picture). `validate` reports
    each of these; the app then shows the alternative text rather than fail."""
    if folder is None:
        return None
    images = Path(folder, IMAGES_DIR).resolve()
    path = Path(folder, src).resolve()
    if not path.is_relative_to(images) or not path.is_file():
        return None
    from PIL import Image

    try:
        with Image.open(path) as picture:
            picture.load()
            return picture.copy()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


class Picture(Vertical):
    """One picture, its alternative text under it (and as its tooltip).

    The alternative text alone stands for a picture that cannot be drawn: no renderer chosen (an
    app started without `choose_renderer` on a terminal), $TRAINER_IMAGES=none, a missing file.
    """

    DEFAULT_CSS = """
    Picture {
        height: auto;
        margin: 1 0;
    }
    Picture > .picture {
        width: auto;
        height: 12;
    }
    Picture > .caption {
        width: 100%;
        color: $text-muted;
        text-style: italic;
    }
    """

    def __init__(
        self,
        image: ImageRef,
        folder: str | None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.image = image
        self.folder = folder

    def compose(self) -> ComposeResult:
        alt = inert(self.image.alt.strip())
        renderer = _chosen
        if renderer is None and not (sys.__stdout__ and sys.__stdout__.isatty()):
            renderer = choose_renderer()  # nothing to ask: tests, serve, a pipe
        picture = (
            open_picture(self.folder, self.image.src) if renderer not in (None, "none") else None
        )
        if picture is not None and renderer is not None:
            drawn = _widget_class(renderer)(picture, classes="picture")
            drawn.tooltip = alt or None
            yield drawn
            yield Static(Content(alt), classes="caption")
        else:
            words = _("image: {description}").format(description=alt) if alt else _("image")
            yield Static(Content(f"🖼 {words}"), classes="caption")
