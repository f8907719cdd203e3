"""The interface's message catalogs: find what the code marks for translation, check the French
catalog covers it, and compile `.po` into the `.mo` that gettext reads.

    python scripts/catalog.py check     # exit 1 when a message has no French translation
    python scripts/catalog.py compile   # write trainer/locale/*/LC_MESSAGES/trainer.mo

Compiled catalogs are committed, so installing trainer needs no gettext tools.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "trainer"
LOCALE = PACKAGE / "locale"
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}


def marked_messages(package: Path = PACKAGE) -> set[str | tuple[str, str]]:
    """Every literal passed to `_()`, `N_()` (a string) or `ngettext()` (a singular-plural pair)."""
    found: set[str | tuple[str, str]] = set()
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            count = MARKERS.get(node.func.id)
            if count is None or len(node.args) < count:
                continue
            literals = [
                a.value
                for a in node.args[:count]
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if len(literals) == count:
                found.add(literals[0] if count == 1 else (literals[0], literals[1]))
    return found


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def read_po(path: Path) -> dict[str | tuple[str, str], str | list[str]]:
    """msgid (or (singular, plural)) → msgstr (or the list of plural forms); the header is kept
    under ''."""
    entries: dict = {}
    current: dict[str, str] = {}
    key = None

    def flush() -> None:
        if "msgid" in current:
            if "msgid_plural" in current:
                forms = [current[k] for k in sorted(k for k in current if k.startswith("msgstr["))]
                entries[(current["msgid"], current["msgid_plural"])] = forms
            else:
                entries[current["msgid"]] = current.get("msgstr", "")
        current.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line:
                flush()
            continue
        if line.startswith('"'):
            current[key] += _unquote(line)
            continue
        key, _, rest = line.partition(" ")
        if (
            key == "msgid"
            and "msgid" in current
            and ("msgstr" in current or "msgstr[0]" in current)
        ):
            flush()
        current[key] = _unquote(rest)
    flush()
    return entries


def compile_mo(entries: dict) -> bytes:
    """The GNU .mo bytes for the entries (plural forms joined with NUL, as gettext expects)."""
    pairs: list[tuple[bytes, bytes]] = []
    for key, value in entries.items():
        if isinstance(key, tuple):
            if not all(value):
                continue
            pairs.append(("\0".join(key).encode(), "\0".join(value).encode()))
        elif value or key == "":
            pairs.append((key.encode(), value.encode()))
    pairs.sort()
    count = len(pairs)
    ids = b"".join(k + b"\0" for k, _ in pairs)
    strs = b"".join(v + b"\0" for _, v in pairs)
    header = 7 * 4
    key_table = header
    value_table = key_table + count * 8
    ids_start = value_table + count * 8
    strs_start = ids_start + len(ids)
    offsets_ids, offsets_strs = [], []
    position = 0
    for k, _ in pairs:
        offsets_ids += [len(k), ids_start + position]
        position += len(k) + 1
    position = 0
    for _, v in pairs:
        offsets_strs += [len(v), strs_start + position]
        position += len(v) + 1
    return (
        struct.pack("Iiiiiii", 0x950412DE, 0, count, key_table, value_table, 0, 0)
        + struct.pack(f"{2 * count}i", *offsets_ids)
        + struct.pack(f"{2 * count}i", *offsets_strs)
        + ids
        + strs
    )


def catalogs() -> list[Path]:
    """Every .po file under trainer/locale."""
    return sorted(LOCALE.glob("*/LC_MESSAGES/trainer.po"))


def missing(po: Path) -> list[str | tuple[str, str]]:
    """Marked messages with no translation in `po`."""
    entries = read_po(po)
    return sorted((m for m in marked_messages() if not entries.get(m)), key=str)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    status = 0
    for po in catalogs():
        if command == "compile":
            po.with_suffix(".mo").write_bytes(compile_mo(read_po(po)))
            print(f"wrote {po.with_suffix('.mo').relative_to(ROOT)}")
        for message in missing(po):
            print(f"{po.relative_to(ROOT)}: no translation for {message!r}")
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
