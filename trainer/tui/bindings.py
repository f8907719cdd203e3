"""Key bindings whose descriptions follow the interface's language.

Descriptions are written in English with `N_()` in each class's BINDINGS and translated when a
screen or widget is built, so the footer and the help screen speak the learner's language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from trainer.i18n import _


def translate_bindings(node: DOMNode) -> None:
    """Translate the descriptions of `node`'s bindings in place (its own copy, not the class's)."""
    bindings = node._bindings.key_to_bindings  # Textual keeps a per-instance copy of the class's map.
    for key, entries in bindings.items():
        bindings[key] = [
            replace(b, description=_(b.description) if b.description else b.description, tooltip=_(b.tooltip) if b.tooltip else b.tooltip)
            for b in entries
        ]
