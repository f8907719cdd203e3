"""Signed certificates: the statement, its signature and its check, as pure functions."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import UTC, datetime

import pytest

from trainer.certificate.award import Award, ModuleScore
from trainer.certificate.pdf import Signature, render
from trainer.certificate.signing import (
    KeyProblem,
    NotSigned,
    SignedByAnotherKey,
    Tampered,
    check,
    find_string,
    key_id,
    load_private_key,
    load_public_key,
    new_key,
    private_pem,
    public_pem,
    sign,
    statement_of,
)

ISSUED = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
AWARD = Award(
    course_id="reseaux-sociaux",
    course_title="Les réseaux sociaux dans les collectivités",
    version="2026.1",
    learner="Agnès Lœvenbruck",
    completed_at="2026-11-02T10:15:00+00:00",
    modules=(ModuleScore("web", "Comprendre le web", 0.85), ModuleScore("fin", "Pour finir", None)),
    attempts=(),
)


@pytest.fixture(scope="module")
def key():
    return new_key()


def signed(key, award: Award = AWARD) -> str:
    return sign(statement_of(award, ISSUED, key_id(key)), key)


def _parts(text: str) -> tuple[str, dict, str]:
    prefix, body, signature = text.split(".")
    facts = json.loads(zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))
    return prefix, facts, signature


def _rebuilt(prefix: str, facts: dict, signature: str) -> str:
    body = json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return ".".join(
        [prefix, base64.urlsafe_b64encode(zlib.compress(body)).rstrip(b"=").decode(), signature]
    )


def test_round_trip_vouches_for_the_name_course_date_and_scores(key) -> None:
    statement = check(signed(key), key.public_key())
    assert statement.learner == "Agnès Lœvenbruck"
    assert (statement.course_id, statement.course_title, statement.version) == (
        "reseaux-sociaux",
        "Les réseaux sociaux dans les collectivités",
        "2026.1",
    )
    assert statement.completed_on.isoformat() == "2026-11-02"
    assert [(m.module_id, m.title, m.score) for m in statement.modules] == [
        ("web", "Comprendre le web", 0.85),
        ("fin", "Pour finir", None),
    ]
    assert statement.issued_on.isoformat() == "2026-12-06"
    assert statement.key_id == key_id(key)


def test_the_keys_go_through_pem_and_back(key) -> None:
    private = load_private_key(private_pem(key))
    public = load_public_key(public_pem(key.public_key()))
    assert key_id(private) == key_id(public) == key_id(key)
    assert check(signed(private), public).learner == AWARD.learner


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda f: f.update(learner="Eve Fraudeuse"), "learner"),
        (lambda f: f["modules"][0].update(score=1.0), "score"),
        (lambda f: f.update(completed_at="2025-01-05T09:00:00+00:00"), "date"),
        (lambda f: f["course"].update(title="Un autre cours"), "course"),
    ],
)
def test_a_changed_statement_is_tampered(key, change, field: str) -> None:
    prefix, facts, signature = _parts(signed(key))
    change(facts)
    with pytest.raises(Tampered):
        check(_rebuilt(prefix, facts, signature), key.public_key())


def test_a_changed_signature_is_tampered(key) -> None:
    text = signed(key)
    flipped = text[:-3] + ("A" if text[-3] != "A" else "B") + text[-2:]
    with pytest.raises(Tampered):
        check(flipped, key.public_key())


def test_another_key_says_so_and_names_both(key) -> None:
    other = new_key()
    with pytest.raises(SignedByAnotherKey) as problem:
        check(signed(other), key.public_key())
    assert (problem.value.signer, problem.value.expected) == (key_id(other), key_id(key))


def test_a_statement_relabelled_with_the_right_key_id_is_still_refused(key) -> None:
    """A forger who signs with their own key and writes the organisation's key id in the text."""
    forger = new_key()
    prefix, facts, signature = _parts(signed(forger))
    facts["key"] = key_id(key)
    with pytest.raises(Tampered):
        check(_rebuilt(prefix, facts, signature), key.public_key())


@pytest.mark.parametrize(
    "text",
    [
        "",
        "TRC1",
        "TRC1.a.b",
        "TRC2.abc.def",
        "not a certificate at all",
        "TRC1.!!!!.????",
        "TRC1." + "A" * 100_000 + ".x",
    ],
)
def test_garbage_is_not_signed(key, text: str) -> None:
    with pytest.raises(NotSigned):
        check(text, key.public_key())


def test_a_decompression_bomb_signed_or_not_stops_at_the_bound(key) -> None:
    bomb = base64.urlsafe_b64encode(zlib.compress(b"{" + b" " * 50_000_000)).rstrip(b"=").decode()
    text = f"TRC1.{bomb}.{'A' * 86}"
    with pytest.raises((NotSigned, Tampered)):
        check(text, key.public_key())


@pytest.mark.parametrize(
    ("pem", "reason"),
    [
        (b"hello", KeyProblem.NOT_A_KEY),
        (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", KeyProblem.NOT_A_KEY),
    ],
)
def test_a_bad_private_key_is_a_key_problem(pem: bytes, reason: str) -> None:
    with pytest.raises(KeyProblem) as problem:
        load_private_key(pem)
    assert problem.value.reason == reason


def test_the_halves_of_a_pair_are_told_apart(key) -> None:
    with pytest.raises(KeyProblem) as public_for_private:
        load_private_key(public_pem(key.public_key()))
    assert public_for_private.value.reason == KeyProblem.PUBLIC_NOT_PRIVATE
    with pytest.raises(KeyProblem) as private_for_public:
        load_public_key(private_pem(key))
    assert private_for_public.value.reason == KeyProblem.PRIVATE_NOT_PUBLIC


def test_an_rsa_or_encrypted_key_is_refused() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    plain = rsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(KeyProblem) as problem:
        load_private_key(plain)
    assert problem.value.reason == KeyProblem.NOT_ED25519
    locked = new_key().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    with pytest.raises(KeyProblem) as problem:
        load_private_key(locked)
    assert problem.value.reason == KeyProblem.ENCRYPTED


def test_the_signed_pdf_carries_its_verification_string(key) -> None:
    text = signed(key)
    pdf = render(AWARD, ISSUED, "fr", signature=Signature(key_id(key), text))
    assert find_string(pdf) == text
    assert check(find_string(pdf), key.public_key()).learner == AWARD.learner
    with pytest.raises(NotSigned):  # a local attestation carries none
        find_string(render(AWARD, ISSUED, "fr"))


def test_signing_refuses_a_statement_naming_another_key(key) -> None:
    with pytest.raises(ValueError):
        sign(statement_of(AWARD, ISSUED, "0000-0000-0000-0000"), key)
