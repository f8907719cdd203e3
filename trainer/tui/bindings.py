"""Key bindings whose descriptions follow the interface's language.

Descriptions are written in English with `N_()` in each class's BINDINGS and translated when a
screen or widget is built, so the footer and the help screen speak the learner's language. The
English is kept aside, so that switching language later translates from it again.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from trainer.i18n import _
from trainer.tui.compat import key_bindings


def translate_bindings(node: DOMNode) -> None:
    """Translate the descriptions of `node`'s bindings (its own copy, not the class's)."""
    bindings = key_bindings(node)  # this node's own copy of its class's map
    originals = node.__dict__.setdefault(
        "_english_bindings",
        {key: [(b.description, b.tooltip) for b in entries] for key, entries in bindings.items()},
    )
    for key, entries in bindings.items():
        english = originals.get(key, [])
        translated = []
        for index, binding in enumerate(entries):
            description, tooltip = (
                english[index] if index < len(english) else (binding.description, binding.tooltip)
            )
            translated.append(
                replace(
                    binding,
                    description=_(description) if description else description,
                    tooltip=_(tooltip) if tooltip else tooltip,
                )
            )
        bindings[key] = translated
