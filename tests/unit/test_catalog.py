"""The French interface catalog covers every message the code marks, and its .mo is up to date."""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import catalog  # noqa: E402


def test_every_marked_message_has_a_french_translation() -> None:
    (french,) = [po for po in catalog.catalogs() if po.parts[-3] == "fr"]
    assert catalog.missing(french) == []


def test_compiled_catalogs_match_their_sources() -> None:
    for po in catalog.catalogs():
        assert po.with_suffix(".mo").read_bytes() == catalog.compile_mo(catalog.read_po(po)), (
            f"{po} changed: run `python scripts/catalog.py compile`"
        )


def test_gettext_reads_the_compiled_catalog_with_plurals() -> None:
    translation = gettext.translation("trainer", ROOT / "trainer" / "locale", languages=["fr"])
    assert translation.gettext("Hint:") == "Indice\u00a0:"
    assert translation.ngettext("{n} minute", "{n} minutes", 2) == "{n} minutes"
    assert translation.ngettext("{n} minute", "{n} minutes", 1) == "{n} minute"
