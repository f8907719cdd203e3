"""trainer's own theme: high contrast, for learners with low vision.

Its colours were chosen for contrast ratios of at least 7:1 (WCAG AAA) between text and background;
tests/unit/test_themes.py computes them.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="trainer-high-contrast",
    primary="#FFD700",
    secondary="#00FFFF",
    accent="#FFD700",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#7CFC00",
    warning="#FFD700",
    error="#FF8080",
    boost="#333333",
    dark=True,
    variables={
        "text-muted": "#E0E0E0",
        "text-disabled": "#BFBFBF",
        "footer-key-foreground": "#FFD700",
        "input-selection-background": "#FFD700 40%",
    },
)
"""Yellow, cyan and white on black."""
