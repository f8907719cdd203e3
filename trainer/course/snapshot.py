"""A loaded pack as JSON text and back, so that a pack checked clean need not be parsed again.

Loading a pack (reading its YAML and Markdown, placing every key for diagnostics, reading every
field) is most of what the app does before its first screen. Once a pack has been checked with no
error, `pack_cache` keeps this snapshot of the loaded model beside the pack's fingerprint, and the
next start restores the model from it instead of reading the files again.

Only the model's own classes are ever made from a snapshot: the records of `model`, the
loader's `Pack` and `ModuleSpec`, and `Mark`, each from the list of its fields' values, in the
order of its fields (names would make the text larger and its reading slower; a record of a pack
keeps the fingerprint of the checking code, `course/` among it, so that no snapshot is read by
code whose fields differ), holding only JSON's strings, numbers, booleans and null, and tuples,
dicts and paths of them. A value of any other type
is refused when taking the snapshot, and a snapshot that does not restore (damaged, or written by
other code) is refused too (`SnapshotError`): the pack is then loaded from its files as usual.
The YAML documents the loader keeps for placing the validator's diagnostics are left out: only
checking needs them, and a remembered pack is not checked.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path, PurePath
from typing import Any

from trainer.course import model
from trainer.course.diagnostics import Mark
from trainer.course.pack import ModuleSpec, Pack
from trainer.records import Record, init

_LEFT_OUT = ("root", "documents")
"""The Pack's fields not kept: its folder is the one it is restored for, its documents are only
for checking."""


class SnapshotError(ValueError):
    """The pack cannot be kept as a snapshot, or the snapshot cannot be restored."""


def _classes() -> dict[str, type[Record]]:
    found: dict[str, type[Record]] = {
        cls.__name__: cls
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, Record) and cls.__module__ == model.__name__
    }
    for cls in (Pack, ModuleSpec, Mark):
        found[cls.__name__] = cls
    return found


_CLASSES = _classes()

_PLAIN = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple:
        return {"~t": [_plain(item) for item in value]}
    if kind is dict:
        return {"~d": [[_plain(key), _plain(item)] for key, item in value.items()]}
    if isinstance(value, PurePath):
        return {"~p": str(value)}
    if _CLASSES.get(kind.__name__) is kind:
        values = [
            None if kind is Pack and name in _LEFT_OUT else _plain(getattr(value, name))
            for name in value._fields
        ]
        return {"~c": kind.__name__, "~v": values}
    raise SnapshotError(f"cannot keep a {kind.__name__}")


def take(pack: Pack) -> str:
    """The pack as JSON text (ASCII); SnapshotError when it holds a value of another type."""
    try:
        return json.dumps(_plain(pack), separators=(",", ":"), allow_nan=False)
    except ValueError as error:  # a NaN or an infinity, which JSON cannot hold
        raise SnapshotError(str(error)) from None


def restore(text: str, root: Path) -> Pack:
    """The pack of the snapshot `text`, for the folder `root`; SnapshotError when it is not one."""

    def made(fields: dict[str, Any]) -> Any:
        if "~t" in fields:
            return tuple(fields["~t"])
        if "~c" in fields:
            cls = _CLASSES[fields["~c"]]
            values = fields["~v"]
            if type(values) is not list:
                raise SnapshotError("a record's fields are not a list")
            record = cls.__new__(cls)
            # Straight into the fields, which hold what the snapshot took from them: no
            # `__init__` to run again, and a list of the wrong length is refused (ValueError).
            init(record, *values)
            if cls is Pack:
                object.__setattr__(record, "root", root)
                object.__setattr__(record, "documents", {})
            return record
        if "~d" in fields:
            return dict(fields["~d"])
        if "~p" in fields:
            return Path(fields["~p"])
        raise SnapshotError("an object of no known kind")

    # As loading the files (see `loader.load_pack`): many objects that live as long as the pack,
    # and no cycles, which the cyclic collector would only scan again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        pack = json.loads(text, object_hook=made)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        raise SnapshotError(str(error)) from None
    finally:
        if collecting:
            gc.enable()
    if type(pack) is not Pack:
        raise SnapshotError("not a pack")
    return pack
