"""Images in lessons and prompts, and what a terminal can't show: one mistake, one diagnostic.

Each case writes the minimal valid pack (tests/helpers/validation.py) with one image or one block
changed, and expects exactly one diagnostic, at the image's line and column.
"""

from __future__ import annotations

import gettext
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.validation import E, W, check, expect, with_question
from trainer.course.media import MAX_IMAGE_BYTES, ImageRef, image_refs, split_images
from trainer.i18n import DOMAIN, LOCALE_DIR


def picture(kind: str = "PNG", size: tuple[int, int] = (8, 6)) -> bytes:
    """A small picture of `kind`, as its file holds it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, kind)
    return buffer.getvalue()


def lesson(line: str) -> dict[str, str]:
    """The minimal pack's lesson with `line` as the third line of its body (line 6 of the file)."""
    return {"lessons/one.md": f"---\ntitle: One\n---\nText.\n\n{line}\n\nMore text.\n"}


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "WEBP"])
def test_an_image_in_each_format_is_clean(tmp_path: Path, kind: str) -> None:
    name = f"images/fake.{kind.lower()}"
    assert check(tmp_path, {**lesson(f"![A fake profile]({name})"), name: picture(kind)}) == []


def test_an_image_in_a_prompt_is_clean(tmp_path: Path) -> None:
    question = with_question(
        """
        id: q
        type: true_false
        prompt: "Is this profile real? ![A fake profile](images/fake.png)"
        answer: false
        explanation: Because.
        """
    )
    assert check(tmp_path, {**question, "images/fake.png": picture()}) == []


def test_a_missing_image_names_the_file_and_the_nearest_one(tmp_path: Path) -> None:
    expect(
        check(
            tmp_path,
            {
                **lesson("See ![A fake profile](images/faux-profl.png)."),
                "images/faux-profil.png": picture(),
            },
        ),
        (
            "lessons/one.md",
            6,
            5,
            E,
            "image-missing",
            "image `images/faux-profl.png` does not exist in the pack (did you mean "
            "`images/faux-profil.png`?)",
        ),
    )


@pytest.mark.parametrize(
    "src",
    [
        pytest.param("../secret.png", id="parent"),
        pytest.param("images/../../secret.png", id="parent inside"),
        pytest.param("/etc/secret.png", id="absolute"),
        pytest.param("https://example.org/x.png", id="address"),
        pytest.param("lessons/x.png", id="not in images"),
        pytest.param("C:/x.png", id="drive"),
    ],
)
def test_an_image_outside_the_images_folder(tmp_path: Path, src: str) -> None:
    expect(
        check(tmp_path, lesson(f"![A picture]({src})")),
        ("lessons/one.md", 6, 1, E, "image-outside-pack", "is not in the pack's `images/` folder"),
    )


def test_a_symbolic_link_leading_out_of_the_pack(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(picture())
    pack = tmp_path / "pack"
    (pack / "images").mkdir(parents=True)
    os.symlink(outside, pack / "images" / "x.png")
    expect(
        check(pack, lesson("![A picture](images/x.png)")),
        ("lessons/one.md", 6, 1, E, "image-outside-pack", "symbolic link leading out"),
    )


def test_a_symbolic_link_inside_the_images_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "real.png").write_bytes(picture())
    os.symlink("real.png", tmp_path / "images" / "alias.png")
    assert check(tmp_path, lesson("![A picture](images/alias.png)")) == []


@pytest.mark.parametrize(
    ("content", "gist"),
    [
        pytest.param(b"not a picture at all", "not a picture the trainer can read", id="text"),
        pytest.param(picture()[:40], "not a picture the trainer can read", id="truncated"),
        pytest.param(picture("BMP"), "is a BMP picture: save it as PNG", id="bmp"),
        pytest.param(
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
            "is an SVG drawing, which a terminal cannot show",
            id="svg",
        ),
    ],
)
def test_an_image_in_a_format_the_terminal_cannot_show(
    tmp_path: Path, content: bytes, gist: str
) -> None:
    expect(
        check(tmp_path, {**lesson("![A picture](images/x.png)"), "images/x.png": content}),
        ("lessons/one.md", 6, 1, E, "image-format", gist),
    )


def test_an_image_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "images" / "x.png").mkdir(parents=True)
    expect(
        check(tmp_path, lesson("![A picture](images/x.png)")),
        ("lessons/one.md", 6, 1, E, "image-format", "is not a file"),
    )


def test_an_image_file_too_large(tmp_path: Path) -> None:
    big = picture() + b"\0" * MAX_IMAGE_BYTES
    expect(
        check(tmp_path, {**lesson("![A picture](images/x.png)"), "images/x.png": big}),
        ("lessons/one.md", 6, 1, E, "image-too-large", "more than the 2 MB an image may be"),
    )


def test_an_image_of_too_many_pixels(tmp_path: Path) -> None:
    huge = picture("PNG", (5000, 4000))  # a few kB of one colour
    expect(
        check(tmp_path, {**lesson("![A picture](images/x.png)"), "images/x.png": huge}),
        ("lessons/one.md", 6, 1, E, "image-too-large", "5000×4000 pixels"),
    )


def test_an_image_without_alternative_text_is_a_warning(tmp_path: Path) -> None:
    expect(
        check(tmp_path, {**lesson("![](images/x.png)"), "images/x.png": picture()}),
        ("lessons/one.md", 6, 1, W, "image-alt", "has no alternative text"),
    )


def test_a_missing_image_in_a_block_prompt_is_placed_on_its_line(tmp_path: Path) -> None:
    question = with_question(
        """
        id: q
        type: true_false
        prompt: |
          Is this profile real?

          ![A fake profile](images/nowhere.png)
        answer: false
        explanation: Because.
        """
    )
    expect(
        check(tmp_path, question),
        ("quizzes/one.yaml", 8, 1, E, "image-missing", "`images/nowhere.png` does not exist"),
    )


def test_an_html_block_is_a_warning(tmp_path: Path) -> None:
    expect(
        check(tmp_path, lesson("<details>\n<summary>Answer</summary>\nHidden.\n</details>")),
        ("lessons/one.md", 6, 1, W, "html-block", "HTML is not shown in the terminal: `<details>`"),
    )


def test_a_table_wider_than_the_terminal_is_a_warning(tmp_path: Path) -> None:
    cells = " | ".join(["Responsabilité publique"] * 4)
    table = f"| {cells} |\n|{'---|' * 4}\n| {' | '.join(['x'] * 4)} |"
    expect(
        check(tmp_path, lesson(table)),
        ("lessons/one.md", 6, 1, W, "wide-table", "this table is 105 columns wide"),
    )


def test_a_table_that_fits_is_clean(tmp_path: Path) -> None:
    assert check(tmp_path, lesson("| Network | Public |\n|---|---|\n| X | yes |")) == []


def test_the_messages_are_in_french(tmp_path: Path) -> None:
    french = gettext.translation(DOMAIN, LOCALE_DIR, languages=["fr"]).gettext
    [missing] = check(tmp_path, lesson("![Un faux profil](images/absent.png)"))
    assert missing.shown(french) == "l'image `images/absent.png` n'existe pas dans le cours"


def test_split_images_puts_a_lone_image_in_place_of_its_paragraph() -> None:
    text = (
        "Before.\n\n![A fake profile](images/a.png)\n\nSee ![the sign](images/b.png) here.\n\n"
        "After."
    )
    assert split_images(text) == [
        "Before.\n",
        ImageRef("images/a.png", "A fake profile", 2, 1),
        "\nSee ![the sign](images/b.png) here.",
        ImageRef("images/b.png", "the sign", 4, 5),
        "\nAfter.",
    ]
    assert split_images("No image.") == ["No image."]
    assert image_refs("* ![in a list](images/c.png)") == [
        ImageRef("images/c.png", "in a list", 0, 3)
    ]


def test_a_handout_says_a_pictures_alternative_text() -> None:
    from trainer.handouts.content import plain_text

    assert plain_text("See ![a fake profile](images/x.png) and [the law](https://x.fr).") == (
        "See a fake profile and the law."
    )
