"""`trainer certificate keygen | issue | verify --public-key` end to end, through
`trainer.cli.main`, on progress files made with the Store API; and the security review's forged
store."""

from __future__ import annotations

import base64
import json
import sqlite3
import stat
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.cli import main as trainer_main
from trainer.i18n import set_language
from trainer.progress.records import Kind
from trainer.progress.store import Store

KEYS = "trainer-signing-key.pem", "trainer-signing-key.pub.pem"


@pytest.fixture(scope="module")
def bundled():
    from trainer.locations import bundled_course
    from trainer.quiz.pack_check import check_pack

    pack, _ = check_pack(bundled_course())
    return pack.course("fr")


@pytest.fixture(autouse=True)
def english():
    yield
    set_language("en")


def main(argv: list[str]) -> int:
    """`trainer` with these arguments, in English unless they say otherwise (the bundled course
    is French, and chooses French otherwise)."""
    return trainer_main(argv if "--lang" in argv else [*argv, "--lang", "en"])


def complete(path: Path, name: str, course, skip_last: bool = False) -> None:
    """A learner who took the course in the app: every lesson opened, every quiz passed."""
    store = Store.open(path)
    clock = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    learner = store.learner(name) or store.add_learner(name, clock)
    lessons = course.lessons[:-1] if skip_last else course.lessons
    for index, lesson in enumerate(lessons):
        clock += timedelta(minutes=5)
        store.record_lesson_opened(learner, course.id, lesson.id, "fr", clock)
        quiz = course.quiz_of(lesson)
        if quiz is not None:
            attempt = store.start_attempt(learner, course.id, lesson.id, quiz.id, 1, "fr", clock)
            store.finish_attempt(
                learner, course.id, attempt, 0.8 + 0.05 * (index % 3), True, "fr", clock
            )
    store.close()


def forge(path: Path, name: str, course) -> None:
    """The review's forgery: plain SQL INSERTs into a fresh store, every lesson "opened" and every
    quiz "passed 1.0" on 5 January 2026, no quiz ever taken."""
    Store.open(path).close()
    connection = sqlite3.connect(path)
    with connection:
        learner = connection.execute(
            "INSERT INTO learners (name, created_at) VALUES (?, ?)",
            (name, "2026-01-05T09:00:00+00:00"),
        ).lastrowid
        for lesson in course.lessons:
            connection.execute(
                "INSERT INTO events (uuid, learner_id, course_id, kind, lesson_id, language, "
                "at) VALUES (?, ?, ?, ?, ?, 'fr', ?)",
                (
                    str(uuid.uuid4()),
                    learner,
                    course.id,
                    Kind.LESSON_OPENED,
                    lesson.id,
                    "2026-01-05T09:00:00+00:00",
                ),
            )
            quiz = course.quiz_of(lesson)
            if quiz is not None:
                connection.execute(
                    "INSERT INTO events (uuid, learner_id, course_id, kind, quiz_id, attempt_id, "
                    "language, payload, at) VALUES (?, ?, ?, ?, ?, ?, 'fr', ?, ?)",
                    (
                        str(uuid.uuid4()),
                        learner,
                        course.id,
                        Kind.ATTEMPT_FINISHED,
                        quiz.id,
                        str(uuid.uuid4()),
                        json.dumps({"score": 1.0, "passed": True}),
                        "2026-01-05T09:00:00+00:00",
                    ),
                )
    connection.close()


@pytest.fixture
def keys(tmp_path: Path, capsys) -> tuple[Path, Path]:
    assert main(["certificate", "keygen", "--out", str(tmp_path / "keys")]) == 0
    capsys.readouterr()
    return tmp_path / "keys" / KEYS[0], tmp_path / "keys" / KEYS[1]


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_replaces_one(
    tmp_path, capsys
) -> None:
    assert main(["certificate", "keygen", "--out", str(tmp_path / "keys")]) == 0
    private, public = tmp_path / "keys" / KEYS[0], tmp_path / "keys" / KEYS[1]
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(private.parent.stat().st_mode) == 0o700
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    out = capsys.readouterr().out
    assert "Key id: " in out and "keep it secret" in out
    before = private.read_bytes()
    assert main(["certificate", "keygen", "--out", str(private.parent)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert private.read_bytes() == before


def test_issue_signs_each_learner_who_completed_and_verify_prints_what_it_vouches_for(
    tmp_path, bundled, keys, capsys
) -> None:
    private, public = keys
    complete(tmp_path / "a.sqlite3", "Agnès Lœvenbruck", bundled)
    complete(tmp_path / "b.sqlite3", "Bruno Martin", bundled)
    complete(tmp_path / "b.sqlite3", "Chloé Pas-Finie", bundled, skip_last=True)
    stores = [tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"]
    untouched = {path: path.read_bytes() for path in stores}
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    capsys.readouterr()

    issue = [
        "certificate",
        "issue",
        "--store",
        *map(str, stores),
        "--key",
        str(private),
        "--out",
        str(out_dir),
    ]
    assert main([*issue, "--lang", "fr"]) == 0  # the course in French, as the learners took it
    out = capsys.readouterr().out
    assert "2 attestations signées écrites\u00a0; 1 apprenant n'a pas terminé le cours" in out
    assert {path: path.read_bytes() for path in stores} == untouched  # read-only, as report --store
    pdf = out_dir / "certificat-signe-reseaux-sociaux-agnes-loevenbruck.pdf"
    txt = pdf.with_suffix(".txt")
    assert pdf.read_bytes().startswith(b"%PDF") and stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert not (out_dir / "certificat-signe-reseaux-sociaux-chloe-pas-finie.pdf").exists()

    for given in (str(pdf), str(txt), txt.read_text().strip()):
        assert main(["certificate", "verify", given, "--public-key", str(public)]) == 0
        said = capsys.readouterr().out
        assert "Valid signature by the key" in said
        assert "Learner: Agnès Lœvenbruck" in said
        assert "Les réseaux sociaux dans les collectivités" in said and "reseaux-sociaux" in said
        assert "Completed on: 2 November 2026" in said
        for module in bundled.modules:
            assert module.title in said
        assert "Overall" in said


def test_issue_for_one_learner_and_for_an_unknown_one(tmp_path, bundled, keys, capsys) -> None:
    private, _public = keys
    complete(tmp_path / "a.sqlite3", "Agnès", bundled)
    complete(tmp_path / "a.sqlite3", "Bruno", bundled)
    args = [
        "certificate",
        "issue",
        "--store",
        str(tmp_path / "a.sqlite3"),
        "--key",
        str(private),
        "--out",
        str(tmp_path),
    ]
    assert main([*args, "--learner", "Bruno"]) == 0
    assert "1 signed certificate written" in capsys.readouterr().out
    assert main([*args, "--learner", "Zoé"]) == 1
    assert capsys.readouterr().err == "trainer: no learner named Zoé in these progress files\n"
    private.chmod(0o644)  # a key others can read still signs, with a warning
    assert main([*args, "--learner", "Bruno"]) == 0
    assert capsys.readouterr().err == (
        f"trainer: warning: other users of this machine can read the private key {private}: "
        "`chmod 600` it\n"
    )


def _tampered(text: str, old: bytes, new: bytes) -> str:
    prefix, body, signature = text.split(".")
    facts = zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))).replace(
        old, new
    )
    return ".".join(
        [prefix, base64.urlsafe_b64encode(zlib.compress(facts)).rstrip(b"=").decode(), signature]
    )


def test_a_tampered_or_foreign_certificate_is_not_valid(tmp_path, bundled, keys, capsys) -> None:
    private, public = keys
    complete(tmp_path / "a.sqlite3", "Bruno Martin", bundled)
    assert (
        main(
            [
                "certificate",
                "issue",
                "--store",
                str(tmp_path / "a.sqlite3"),
                "--key",
                str(private),
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    text = (tmp_path / "certificat-signe-reseaux-sociaux-bruno-martin.txt").read_text().strip()
    capsys.readouterr()

    assert (
        main(
            [
                "certificate",
                "verify",
                _tampered(text, b"Bruno Martin", b"Eve Fraudeuse"),
                "--public-key",
                str(public),
            ]
        )
        == 1
    )
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == "trainer: NOT VALID: the signature does not match: the certificate was changed after "
        "it was signed\n"
    )

    assert main(["certificate", "keygen", "--out", str(tmp_path / "other")]) == 0
    capsys.readouterr()
    assert (
        main(["certificate", "verify", text, "--public-key", str(tmp_path / "other" / KEYS[1])])
        == 1
    )
    err = capsys.readouterr().err
    assert (
        err.startswith("trainer: NOT VALID: this certificate was not signed by the key in")
        and err.count("\n") == 1
    )


def test_the_forged_store_of_the_review_gives_no_signed_certificate(
    tmp_path, bundled, keys, capsys
) -> None:
    """94 INSERTs made a local code that `verify` called valid. They still make a local
    attestation, which now says what it is; but no certificate the organisation's key vouches
    for comes out of them unless the organisation signs that very store."""
    private, public = keys
    forged_dir = tmp_path / "forger"
    forge(forged_dir / "progress.sqlite3", "Forged Learner", bundled)

    # The local attestation: made, and called what it is.
    assert (
        main(
            [
                "certificate",
                "--data-dir",
                str(forged_dir),
                "--learner",
                "Forged Learner",
                "-o",
                str(tmp_path),
            ]
        )
        == 0
    )
    code = capsys.readouterr().out.rsplit("verification code ", 1)[1].rstrip(")\n")
    assert main(["certificate", "verify", code, "--data-dir", str(forged_dir)]) == 0
    said = capsys.readouterr().out
    assert "valid local attestation" in said and "it is not proof" in said

    # The local PDF holds no signature: verify with the organisation's key refuses it.
    local_pdf = tmp_path / "certificat-reseaux-sociaux-forged-learner.pdf"
    assert main(["certificate", "verify", str(local_pdf), "--public-key", str(public)]) == 1
    assert "holds no signed certificate" in capsys.readouterr().err

    # The forger signs with a key of their own: another key.
    assert main(["certificate", "keygen", "--out", str(tmp_path / "forger-keys")]) == 0
    assert (
        main(
            [
                "certificate",
                "issue",
                "--store",
                str(forged_dir / "progress.sqlite3"),
                "--key",
                str(tmp_path / "forger-keys" / KEYS[0]),
                "--out",
                str(forged_dir),
            ]
        )
        == 0
    )
    capsys.readouterr()
    forged_pdf = forged_dir / "certificat-signe-reseaux-sociaux-forged-learner.pdf"
    assert main(["certificate", "verify", str(forged_pdf), "--public-key", str(public)]) == 1
    assert "NOT VALID: this certificate was not signed by the key" in capsys.readouterr().err

    # The forger edits a genuine signed certificate of a colleague: tampered.
    complete(tmp_path / "collected" / "colleague.sqlite3", "Alice Genuine", bundled)
    assert (
        main(
            [
                "certificate",
                "issue",
                "--store",
                str(tmp_path / "collected" / "colleague.sqlite3"),
                "--key",
                str(private),
                "--out",
                str(tmp_path / "collected"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    genuine = (
        (tmp_path / "collected" / "certificat-signe-reseaux-sociaux-alice-genuine.txt")
        .read_text()
        .strip()
    )
    assert main(["certificate", "verify", genuine, "--public-key", str(public)]) == 0
    capsys.readouterr()
    assert (
        main(
            [
                "certificate",
                "verify",
                _tampered(genuine, b"Alice Genuine", b"Forged Learner"),
                "--public-key",
                str(public),
            ]
        )
        == 1
    )
    assert "the certificate was changed after it was signed" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["certificate", "verify", "TRC1.abc.def", "--public-key", "{public}"],
            "holds no signed certificate trainer can read",
        ),
        (["certificate", "verify", "{missing}", "--public-key", "{public}"], "no such file"),
        (
            ["certificate", "verify", "abcd-efgh-jk23", "--public-key", "{public}"],
            "ABCD-EFGH-JK23 is the code of a local attestation: check it without --public-key",
        ),
        (
            ["certificate", "verify", "{txt}", "--public-key", "{private}"],
            "is a private key: checking needs only the public key",
        ),
        (["certificate", "verify", "{txt}", "--public-key", "{txt}"], "is not a key in PEM form"),
        (
            ["certificate", "issue", "--store", "{store}", "--key", "{public}"],
            "is a public key: signing needs the private key",
        ),
        (
            ["certificate", "issue", "--store", "{missing}", "--key", "{private}"],
            "no such progress file",
        ),
        (
            ["certificate", "issue", "--store", "{txt}", "--key", "{private}"],
            "is not a trainer progress file",
        ),
        (
            [
                "certificate",
                "issue",
                "--store",
                "{store}",
                "--key",
                "{private}",
                "--out",
                "{missing}",
            ],
            "no such folder",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_1(tmp_path, bundled, keys, capsys, argv, message) -> None:
    private, public = keys
    complete(tmp_path / "a.sqlite3", "Agnès", bundled)
    (tmp_path / "x.txt").write_text("not a certificate\n")
    names = {
        "public": public,
        "private": private,
        "store": tmp_path / "a.sqlite3",
        "missing": tmp_path / "nope.pdf",
        "txt": tmp_path / "x.txt",
    }
    capsys.readouterr()
    assert main([part.format(**names) for part in argv]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_french_messages(tmp_path, bundled, keys, capsys) -> None:
    private, public = keys
    complete(tmp_path / "a.sqlite3", "Agnès", bundled)
    assert (
        main(
            [
                "certificate",
                "issue",
                "--store",
                str(tmp_path / "a.sqlite3"),
                "--key",
                str(private),
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    capsys.readouterr()
    pdf = str(tmp_path / "certificat-signe-reseaux-sociaux-agnes.pdf")
    assert main(["--lang", "fr", "certificate", "verify", pdf, "--public-key", str(public)]) == 0
    said = capsys.readouterr().out
    assert "Signature valide" in said and "Terminé le\u00a0: 2 novembre 2026" in said
