"""trainer's own theme: high contrast, for learners with low vision.

Its colours were chosen for contrast ratios of at least 7:1 (WCAG AAA) between text and background;
tests/unit/test_themes.py computes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.theme import Theme

from trainer.i18n import N_, _

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

THEME_NAMES = {
    HIGH_CONTRAST.name: N_("High contrast: yellow and white on black"),
    "textual-dark": N_("Dark (the usual one)"),
    "textual-light": N_("Light"),
    "solarized-light": N_("Light, soft colours"),
    "solarized-dark": N_("Dark, soft colours"),
    "ansi-dark": N_("The terminal's own colours, dark"),
    "ansi-light": N_("The terminal's own colours, light"),
}
"""The themes offered first, high contrast at the top, in words a learner uses."""


def theme_choices(available: Iterable[str]) -> list[tuple[str, str]]:
    """(what the learner reads, theme name) for each theme: the named ones first, then the rest
    as « Other: <name> »."""
    available = set(available)
    named = [(_(label), name) for name, label in THEME_NAMES.items() if name in available]
    others = [
        (_("Other: {name}").format(name=name), name)
        for name in sorted(available - THEME_NAMES.keys())
    ]
    return named + others
