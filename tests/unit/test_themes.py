"""The high-contrast theme keeps text at 7:1 or more against its background (WCAG AAA)."""

from __future__ import annotations

import pytest
from textual.color import Color

from trainer.tui.themes import HIGH_CONTRAST


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(Color.parse(a)), luminance(Color.parse(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "foreground",
    [
        HIGH_CONTRAST.foreground,
        HIGH_CONTRAST.primary,
        HIGH_CONTRAST.secondary,
        HIGH_CONTRAST.success,
        HIGH_CONTRAST.warning,
        HIGH_CONTRAST.error,
        HIGH_CONTRAST.variables["text-muted"],
        HIGH_CONTRAST.variables["text-disabled"],
    ],
)
def test_text_colours_reach_7_to_1_on_the_background(foreground: str) -> None:
    assert contrast(foreground, HIGH_CONTRAST.background) >= 7.0
    assert contrast(foreground, HIGH_CONTRAST.panel) >= 7.0
