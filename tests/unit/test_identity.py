"""The sign-on rules of `trainer serve`: which account a header names, which folder it gets, and
which addresses may send it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from trainer.web.identity import (
    ACCOUNT_MAX,
    DEFAULT_TRUSTED,
    IdentityError,
    account_folder,
    account_from_header,
    folder_name,
    is_header_name,
    is_trusted,
    trusted_networks,
)

SAFE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@pytest.mark.parametrize(
    "account",
    [
        "edupont",
        "Élodie.Bernard@example.org",
        "../../etc/passwd",
        "..",
        ".",
        "/",
        "C:\\Windows",
        "名前",
        "\u202eevil",  # a bidi override: refused at the header, and named safely here
        "a" * ACCOUNT_MAX,
        "-rf",
        "CON",
        "x" + "\u0301" * 50,
    ],
)
def test_a_folder_name_stays_in_the_root_and_is_plain_ascii(account: str, tmp_path: Path) -> None:
    name = folder_name(account)
    assert SAFE_NAME.fullmatch(name), name
    assert len(name) <= 40 + 1 + 16
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_a_folder_name_is_readable_and_ends_with_a_hash() -> None:
    name = folder_name("Élodie.Bernard@example.org")
    assert re.fullmatch(r"elodie-bernard-example-org-[0-9a-f]{16}", name)
    assert re.fullmatch(r"[0-9a-f]{16}", folder_name("名前"))  # nothing readable: the hash alone


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("edupont", "EDupont"),
        ("Élodie", "E\u0301lodie"),  # one code point, or E and a combining accent
        ("ﬁlou", "filou"),  # a ligature, as NFKC reads it
        ("STRASSE", "straße"),  # casefold, not lower
    ],
)
def test_the_same_account_in_another_case_or_unicode_form_has_one_folder(
    one: str, other: str
) -> None:
    assert folder_name(one) == folder_name(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("e.dupont", "e-dupont"),  # one slug, two accounts
        ("élodie", "elodie"),  # the accent is dropped from the slug only
        ("a/b", "a\\b"),
        (
            "x",
            "x ",
        ),  # (the header's spaces are trimmed before; the folder rule does not merge them)
    ],
)
def test_two_accounts_with_one_slug_never_share_a_folder(one: str, other: str) -> None:
    assert folder_name(one) != folder_name(other)


def test_a_folder_is_made_private_and_keeps_its_account(tmp_path: Path) -> None:
    folder = account_folder(tmp_path, "EDupont")
    assert folder.parent == tmp_path
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "account").read_text() == "edupont\n"
    assert account_folder(tmp_path, "edupont") == folder  # the same account, again
    assert sorted(path.name for path in folder.iterdir()) == ["account"]  # no draft left


def test_a_folder_that_belongs_to_another_account_is_refused(tmp_path: Path) -> None:
    folder = account_folder(tmp_path, "edupont")
    (folder / "account").write_text("someone else\n")  # as a hash collision would leave it
    with pytest.raises(IdentityError, match="belongs to another account"):
        account_folder(tmp_path, "edupont")


@pytest.mark.parametrize(
    ("header", "account"),
    [
        ("edupont", "edupont"),
        ("  edupont \t", "edupont"),
        ("Élodie Bernard", "Élodie Bernard"),
        (None, None),
        ("", None),
        ("   ", None),
        ("a" * (ACCOUNT_MAX + 1), None),
        ("ed\x00upont", None),
        ("ed\nupont", None),
        ("\x1b[31medupont", None),
        ("ed\u202eupont", None),  # bidi override: looks like another account
        ("ed\u200dupont", None),  # zero-width joiner
        ("ed\udcffupont", None),  # a byte that was not UTF-8, as aiohttp leaves it
    ],
)
def test_the_account_a_header_names(header: str | None, account: str | None) -> None:
    assert account_from_header([] if header is None else [header]) == account


def test_a_header_sent_twice_names_no_account() -> None:
    # The browser's own, then the proxy's added after it: neither is believed.
    assert account_from_header(["victim", "edupont"]) is None


def test_every_character_an_account_keeps_is_printable() -> None:
    assert all(
        unicodedata.category(c)[0] != "C" for c in account_from_header(["Zoë O'Brien-名前"]) or "-"
    )


@pytest.mark.parametrize(
    ("address", "specs", "trusted"),
    [
        ("127.0.0.1", DEFAULT_TRUSTED, True),
        ("127.0.0.2", DEFAULT_TRUSTED, True),
        ("::1", DEFAULT_TRUSTED, True),
        ("10.0.0.5", DEFAULT_TRUSTED, False),
        ("10.0.0.5", ["10.0.0.5"], True),
        ("10.0.0.6", ["10.0.0.5"], False),
        ("10.0.0.200", ["10.0.0.0/24"], True),
        ("10.0.1.1", ["10.0.0.0/24"], False),
        ("10.0.1.1", ["10.0.0.0/24, 10.0.1.0/24"], True),  # comma-separated
        ("10.0.1.1", ["10.0.0.0/24", "10.0.1.1"], True),  # repeated
        ("::ffff:10.0.0.5", ["10.0.0.5"], True),  # IPv4 on a dual-stack socket
        ("2001:db8::7", ["2001:db8::/64"], True),
        ("fe80::1%eth0", ["fe80::/10"], True),
        ("127.0.0.1", ["10.0.0.5"], False),  # loopback is trusted by default only
        (None, DEFAULT_TRUSTED, False),  # no peer address (a closed connection)
        ("", DEFAULT_TRUSTED, False),
        ("not an address", DEFAULT_TRUSTED, False),
    ],
)
def test_the_header_is_believed_only_from_a_trusted_proxy(
    address: str | None, specs, trusted: bool
) -> None:
    assert is_trusted(address, trusted_networks(specs)) is trusted


@pytest.mark.parametrize("spec", ["proxy.example.org", "10.0.0.0/33", "10.0.0.300", "*"])
def test_a_trusted_proxy_that_is_not_an_address_is_refused_by_name(spec: str) -> None:
    with pytest.raises(IdentityError, match=re.escape(spec)):
        trusted_networks([spec])


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("X-Forwarded-User", True),
        ("Remote-User", True),
        ("X-Auth-Request-Email", True),
        ("X Forwarded User", False),
        ("X-User:", False),
        ("", False),
        ("X-Üser", False),
    ],
)
def test_a_trusted_header_is_a_header_name(name: str, valid: bool) -> None:
    assert is_header_name(name) is valid


def test_first_sessions_of_one_account_at_once_share_its_folder(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(16) as pool:
        folders = list(pool.map(lambda _: account_folder(tmp_path, "edupont"), range(64)))
    assert len(set(folders)) == 1
    assert sorted(path.name for path in folders[0].iterdir()) == ["account"]
