"""Records: small classes of named fields, what `@dataclass(frozen=True)` gives without its cost
at import.

A dataclass writes and compiles its `__init__`, `__eq__`, `__hash__`, `__repr__` and, frozen,
`__setattr__` and `__delattr__` when its module is imported (about 0.7 ms a class on the machine
the benchmarks run on), and `dataclasses` imports `inspect` (about 6 ms). The model, its
diagnostics, the loaded pack, the store's rows, the engine's results and the session's runs made
forty such classes on the path of every start: a third of what `trainer validate` spent before
reading a file (see bench/RESULTS.md).

A record names its fields in `__slots__` and takes them, in order, as the parameters of its own
`__init__` (so that its signature is plain Python, read by mypy and by the reader), which hands
them to `init`; the rest is here, read from the fields, once for all records:

    class Tally(Record):
        __slots__ = ("count", "name")
        name: str
        count: int

        def __init__(self, name: str, count: int = 0) -> None:
            init(self, name, count)

A class whose `__init__` parameters are not its slots is refused when it is defined.

A record is frozen: assigning a field after `__init__` raises `AttributeError`, as a frozen
dataclass's would (`init` sets the fields). `Record(mutable=True)` in the class line makes one
whose fields can be assigned; like a dataclass with `eq`, it then has no hash. Two records are
equal when they are of the same class and their compared fields are equal (every field, or those
named in `_compared`); `replace(record, **changes)` is `dataclasses.replace`. Records copy, deep
copy and pickle.

Classes off every start's path (the report's analysis, the LRS client, the certificate) stay
dataclasses: they cost only the commands that use them; so do the app's messages, as STYLE.md
asks (Textual has imported `dataclasses` by then).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

_R = TypeVar("_R", bound="Record")


def init(record: Record, *values: object) -> None:
    """Set `record`'s fields to `values`, in the order of the parameters of its `__init__`.

    Through the slots' own setters, which `__setattr__` (frozen) does not stop: as fast as a
    frozen dataclass's `__init__`."""
    for setter, value in zip(record._setters, values, strict=True):
        setter(record, value)


class Record:
    """Named fields, compared, hashed and shown by value; frozen unless declared `mutable=True`."""

    __slots__ = ()

    _fields: ClassVar[tuple[str, ...]] = ()
    """Every field, in the order of the parameters of `__init__`."""
    _setters: ClassVar[tuple[Callable[[Any, Any], None], ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()
    """The fields `==` and the hash read (default: every field)."""

    def __init_subclass__(cls, mutable: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        slots: set[str] = set()
        for klass in cls.__mro__:
            declared = klass.__dict__.get("__slots__", ())
            slots.update((declared,) if isinstance(declared, str) else declared)
        code = cls.__init__.__code__
        fields = code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount]
        if set(fields) != slots:
            raise TypeError(
                f"{cls.__name__}: the parameters of __init__ {sorted(fields)} are not the fields"
                f" of __slots__ {sorted(slots)}"
            )
        cls._fields = fields
        cls._setters = tuple(getattr(cls, name).__set__ for name in fields)
        if "_compared" not in cls.__dict__:
            cls._compared = cls._fields
        if mutable:
            cls.__setattr__ = object.__setattr__  # type: ignore[method-assign, assignment]
            cls.__delattr__ = object.__delattr__  # type: ignore[method-assign, assignment]
            cls.__hash__ = None  # type: ignore[assignment]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a {type(self).__name__}")

    def _key(self) -> tuple[object, ...]:
        return tuple([getattr(self, name) for name in self._compared])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuilt, (type(self), tuple(getattr(self, name) for name in self._fields)))


def _rebuilt(cls: type[_R], values: tuple[object, ...]) -> _R:
    record = cls.__new__(cls)
    init(record, *values)
    return record


def replace(record: _R, **changes: object) -> _R:
    """A copy of `record` with the fields named in `changes` changed, made by its `__init__`."""
    unknown = set(changes) - set(record._fields)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r}")
    values = {name: getattr(record, name) for name in record._fields}
    values.update(changes)
    return type(record)(**values)
