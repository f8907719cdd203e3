"""Certificates an organisation signs: Ed25519 keys, the signed statement, and its check.

A certificate the learner's own computer writes (`trainer certificate`) is a local attestation: its
code is a hash of a record the learner holds and can change, so it proves nothing to anyone else.
A signed certificate is made where the learner does not hold the data (progress files the
organisation collected, `trainer certificate issue`) and signed with the organisation's private
key; anyone with the public key can check it, and no change to a store, a PDF or the statement
gets past the check without that private key.

What is signed is a statement: the learner's name, the course (id, title, version), when it was
completed, the score of each module and overall, when it was issued, and the id of the signing key.
It travels as one line of text, the *verification string*:

    TRC1.<statement>.<signature>

`<statement>` is the statement as canonical JSON, compressed with zlib, in URL-safe base64 without
padding; `<signature>` is the Ed25519 signature of the ASCII bytes `TRC1.<statement>`, in the same
base64. The signature covers the bytes as sent, so checking needs no canonical form, and nothing
is decompressed before its signature is found good. The string is written beside the PDF (`.txt`)
and inside the PDF's XMP metadata, so the PDF itself can be checked.

Everything here is a pure function of its arguments: keys, statements and bytes in, bytes and
statements out; no file is read or written.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from trainer.certificate.award import Award

PREFIX = "TRC1"
"""Marks a verification string, and its version: a later format gets another prefix."""
FORMAT = "trainer-certificate/1"
MAX_STRING = 64 * 1024
"""The longest verification string read (a course of 100 modules makes about 8 kB)."""
MAX_STATEMENT = 256 * 1024
"""The most a statement may decompress to: a signed one never comes near, a crafted one stops
here."""
STRING = re.compile(rb"TRC1\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{86}(?![A-Za-z0-9_-])")
"""A verification string where it stands in a text or a PDF (an Ed25519 signature: 86
characters)."""
XMP_NAMESPACE = "https://trainer.invalid/ns/certificate/1.0/"


class SignatureProblem(Exception):
    """A verification string that does not vouch for anything: see the subclasses."""


class NotSigned(SignatureProblem):
    """The text holds no verification string, or one whose parts cannot be read."""


class SignedByAnotherKey(SignatureProblem):
    """The statement names another signing key than the one it is checked with."""

    def __init__(self, signer: str, expected: str) -> None:
        super().__init__(signer, expected)
        self.signer, self.expected = signer, expected


class Tampered(SignatureProblem):
    """The signature does not match the statement: one of them was changed after signing."""


@dataclass(frozen=True)
class ModuleLine:
    """A module as the statement states it."""

    module_id: str
    title: str
    score: float | None
    """The mean of the best scores of its quizzes; None when the module has no quiz."""


@dataclass(frozen=True)
class Statement:
    """What a signed certificate vouches for."""

    learner: str
    course_id: str
    course_title: str
    version: str | None
    completed_at: str
    """When the last lesson became complete (ISO 8601, as the store recorded it)."""
    modules: tuple[ModuleLine, ...]
    overall: float | None
    issued_at: str
    key_id: str
    """The id of the key that signs it (`key_id`), so a check with another key can say so."""

    @property
    def completed_on(self) -> date:
        return datetime.fromisoformat(self.completed_at).date()

    @property
    def issued_on(self) -> date:
        return datetime.fromisoformat(self.issued_at).date()


# keys -------------------------------------------------------------------------------------------


def new_key() -> Ed25519PrivateKey:
    """A new signing key."""
    return Ed25519PrivateKey.generate()


def private_pem(key: Ed25519PrivateKey) -> bytes:
    """The private key as PKCS #8 PEM, unencrypted: the file that holds it is the secret (0600)."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_pem(key: Ed25519PublicKey) -> bytes:
    """The public key as SubjectPublicKeyInfo PEM, the form OpenSSL and most tools read."""
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


class KeyProblem(Exception):
    """A key file cannot be used; `reason` is one of the `KeyProblem.*` values."""

    NOT_A_KEY = "not a key"
    NOT_ED25519 = "not ed25519"
    ENCRYPTED = "encrypted"
    PUBLIC_NOT_PRIVATE = "public, not private"
    PRIVATE_NOT_PUBLIC = "private, not public"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def load_private_key(data: bytes) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM bytes; `KeyProblem` says why not."""
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:  # a passphrase is needed
        raise KeyProblem(KeyProblem.ENCRYPTED) from None
    except (ValueError, binascii.Error, AssertionError, IndexError):
        raise KeyProblem(
            _which_instead(data, KeyProblem.PUBLIC_NOT_PRIVATE, serialization.load_pem_public_key)
        ) from None
    except Exception:  # cryptography's UnsupportedAlgorithm and the like: not a key we can use
        raise KeyProblem(KeyProblem.NOT_A_KEY) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(KeyProblem.NOT_ED25519)
    return key


def load_public_key(data: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM bytes; `KeyProblem` says why not."""
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, binascii.Error, AssertionError, IndexError):
        loader = lambda d: serialization.load_pem_private_key(d, password=None)  # noqa: E731
        raise KeyProblem(_which_instead(data, KeyProblem.PRIVATE_NOT_PUBLIC, loader)) from None
    except Exception:
        raise KeyProblem(KeyProblem.NOT_A_KEY) from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyProblem(KeyProblem.NOT_ED25519)
    return key


def _which_instead(data: bytes, other_kind: str, other_loader) -> str:
    """`other_kind` when the bytes are the other half of a key pair, else "not a key"."""
    try:
        other_loader(data)
    except Exception:
        return KeyProblem.NOT_A_KEY
    return other_kind


def key_id(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """A short, printable id of a key pair: the first 64 bits of the SHA-256 of the raw public key,
    in hex, in groups of four (`3F2A-9C1B-07DE-5A40`)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


# the statement ----------------------------------------------------------------------------------


def statement_of(award: Award, issued: datetime, signer: str) -> Statement:
    """What a certificate of `award`, issued at `issued` and signed by the key `signer`, states."""
    return Statement(
        learner=unicodedata.normalize("NFC", award.learner),
        course_id=award.course_id,
        course_title=award.course_title,
        version=award.version,
        completed_at=award.completed_at,
        modules=tuple(ModuleLine(m.module_id, m.title, _rounded(m.score)) for m in award.modules),
        overall=_rounded(award.overall),
        issued_at=issued.isoformat(timespec="seconds"),
        key_id=signer,
    )


def _rounded(score: float | None) -> float | None:
    # Six places: the same record gives the same statement whatever prints the float.
    return None if score is None else round(float(score), 6)


def _as_json(statement: Statement) -> bytes:
    facts = {
        "format": FORMAT,
        "learner": statement.learner,
        "course": {
            "id": statement.course_id,
            "title": statement.course_title,
            "version": statement.version,
        },
        "completed_at": statement.completed_at,
        "modules": [
            {"id": m.module_id, "title": m.title, "score": m.score} for m in statement.modules
        ],
        "overall": statement.overall,
        "issued_at": statement.issued_at,
        "key": statement.key_id,
    }
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _from_json(data: bytes) -> Statement:
    """The statement in signed bytes. They were signed by the key, so they are well formed unless
    that key signed something else: anything unexpected is `NotSigned`."""
    try:
        facts = json.loads(data)
        if facts["format"] != FORMAT:
            raise NotSigned("format")
        course = facts["course"]
        return Statement(
            learner=_text(facts["learner"]),
            course_id=_text(course["id"]),
            course_title=_text(course["title"]),
            version=None if course["version"] is None else _text(course["version"]),
            completed_at=datetime.fromisoformat(_text(facts["completed_at"])).isoformat(),
            modules=tuple(
                ModuleLine(_text(m["id"]), _text(m["title"]), _score(m["score"]))
                for m in facts["modules"]
            ),
            overall=_score(facts["overall"]),
            issued_at=datetime.fromisoformat(_text(facts["issued_at"])).isoformat(),
            key_id=_text(facts["key"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise NotSigned("statement") from error


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _score(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError("not a score")
    return float(value)


# signing and checking ---------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(statement: Statement, key: Ed25519PrivateKey) -> str:
    """The verification string of `statement`, signed with `key` (whose id it must name)."""
    if statement.key_id != key_id(key):
        raise ValueError("the statement names another key than the one signing it")
    signed = f"{PREFIX}.{_b64(zlib.compress(_as_json(statement), 9))}"
    return f"{signed}.{_b64(key.sign(signed.encode('ascii')))}"


def find_string(data: bytes) -> str:
    """The verification string in a text, a `.txt` file or a certificate's PDF; `NotSigned` when
    there is none."""
    found = STRING.search(data[: 16 * 1024 * 1024])
    if found is None or len(found.group()) > MAX_STRING:
        raise NotSigned("no string")
    return found.group().decode("ascii")


def check(text: str, key: Ed25519PublicKey) -> Statement:
    """What the verification string `text` vouches for, if `key` signed it.

    Raises `NotSigned` (no string, or one that cannot be read), `SignedByAnotherKey` (its
    statement names another key: someone else signed it, or the statement was changed),
    or `Tampered` (the statement names this key but the signature does not match).
    """
    text = text.strip()
    if len(text) > MAX_STRING or not STRING.fullmatch(text.encode("ascii", "replace")):
        raise NotSigned("shape")
    parts = text.split(".")
    try:
        compressed, signature = _unb64(parts[1]), _unb64(parts[2])
    except (binascii.Error, ValueError):
        raise NotSigned("base64") from None
    try:
        key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature:
        raise _why_not(compressed, key) from None
    return _from_json(_decompress(compressed))


def _why_not(compressed: bytes, key: Ed25519PublicKey) -> SignatureProblem:
    """Why a signature failed, as far as the unsigned statement can say: it names another key, or
    it names this one and was changed (or the signature was)."""
    try:
        claimed = _from_json(_decompress(compressed)).key_id
    except NotSigned:
        return Tampered()
    return Tampered() if claimed == key_id(key) else SignedByAnotherKey(claimed, key_id(key))


def _decompress(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_STATEMENT)
    except zlib.error:
        raise NotSigned("zlib") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise NotSigned("size")
    return out


def xmp_metadata(text: str) -> str:
    """The PDF's XMP packet carrying the verification string, where `find_string` finds it."""
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:trainer="{XMP_NAMESPACE}" '
        f'trainer:verification="{text}"/>'
        "</rdf:RDF></x:xmpmeta>"
    )
