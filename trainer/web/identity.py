"""Who is learning, when `trainer serve` runs behind the organisation's single sign-on.

The organisation's proxy (oauth2-proxy, Grafana's auth proxy, nginx or Apache with `auth_request`)
signs the agent in, then forwards each request with the account in a header, by convention
`X-Forwarded-User`. Anyone can write that header, so it is believed only on a request that comes
straight from one of the proxy's addresses (`--trusted-proxy`).

Each account gets its own data folder under `--data-root`, named so that:
- it cannot leave the root: only ASCII letters, digits and `-` reach the name (no `/`, no `..`);
- an account and the same account written in another case or Unicode form (`Élodie` in one or two
  code points, `EDupont` and `edupont`) share one folder, as a directory compares its accounts;
- two accounts never share one: the name ends with a hash of the whole account, and the folder keeps
  the account it was made for (`account` file), so that a collision is refused, not shared;
- a trainer can still find an agent's folder by eye: it starts with a readable slug of the account.
"""

from __future__ import annotations

import ipaddress
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from trainer.i18n import _
from trainer.progress.outbox import ACCOUNT_NAME_FILE

DEFAULT_TRUSTED = ("127.0.0.1/8", "::1/128")
"""The proxy runs on this machine unless the trainer says where it is."""
ACCOUNT_MAX = 256
"""Longer than any account a directory hands out; a longer header is not an account."""
SLUG_MAX = 40
HASH_CHARS = 16
"""64 bits of SHA-256: a collision among the accounts of any organisation is out of reach, and the
`account` file turns even that into a refusal."""
ACCOUNT_VARIABLE = "TRAINER_ACCOUNT"
"""How a session's process learns the account it is for: the server sets it, the app reads it."""
LESSON_VARIABLE = "TRAINER_LESSON"
"""The lesson a session's app opens first (a cmi5 launch of a module): the server sets it."""
ACCOUNT_FILE = "account"
"""The file in an account's folder that names the account it belongs to."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""An HTTP field name (RFC 9110's token)."""


class IdentityError(ValueError):
    """A trusted-proxy address that is not one, or an account folder that belongs to another."""


def is_header_name(name: str) -> bool:
    """True for a name an HTTP header can have (`X-Forwarded-User`, `Remote-User`)."""
    return _HEADER_NAME.fullmatch(name) is not None


def account_from_header(values: Sequence[str]) -> str | None:
    """The account a trusted proxy sent (the header's `values`, as many as the request has), or
    None when the header is missing or is not an account (empty, too long, control characters,
    bytes that are not UTF-8), or comes twice: a proxy that adds its header rather than replacing
    the browser's would send the browser's first."""
    if len(values) != 1:
        return None
    account = values[0].strip()
    if not account or len(account) > ACCOUNT_MAX:
        return None
    for character in account:
        # Cc: controls; Cs: the surrogates aiohttp leaves for bytes that are not UTF-8; Cf: format
        # characters (bidi overrides, zero-width joiners) that make two accounts look alike.
        if unicodedata.category(character) in ("Cc", "Cs", "Cf"):
            return None
    return account


def group_from_header(values: Sequence[str]) -> str | None:
    """The group a trusted proxy sent (the group header's `values`), or None: no header, sent
    twice, or not a group name. A proxy that lists several groups (oauth2-proxy's
    `X-Forwarded-Groups: a,b`) gives the first: the report counts a learner in one group."""
    from trainer.progress.groups import GroupError, clean_group

    if len(values) != 1:
        return None
    first = values[0].split(",")[0]
    try:
        return clean_group(first)
    except GroupError:
        return None


def account_key(account: str) -> str:
    """The account as the directory compares it: one Unicode form (NFKC), no case."""
    return unicodedata.normalize("NFKC", account).casefold()


def folder_name(account: str) -> str:
    """The name of the account's data folder: a readable slug, then a hash of the account."""
    import hashlib  # here: the app imports this module for two constants, and
    # hashlib (secrets too, through hmac) loads OpenSSL

    key = account_key(account)
    # The slug is for the eye only: accents dropped, anything but letters and digits becomes `-`.
    ascii_form = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_form).strip("-")[:SLUG_MAX].strip("-")
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:HASH_CHARS]
    return f"{slug}-{digest}" if slug else digest


def account_folder(root: Path, account: str) -> Path:
    """The account's data folder under `root`, made if new (readable by the server's user only).

    Refuses, with IdentityError, a folder that an `account` file gives to another account.
    """
    import secrets  # here: the app imports this module for two constants, and
    # hashlib (secrets too, through hmac) loads OpenSSL

    folder = root / folder_name(account)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    marker = folder / ACCOUNT_FILE
    key = account_key(account)
    # Written whole beside it, then linked into place: two first sessions of one account at once
    # never see a half-written file, and only one of them makes it.
    draft = folder / f".{ACCOUNT_FILE}.{secrets.token_hex(8)}"
    draft.write_text(key + "\n", encoding="utf-8")
    try:
        os.link(draft, marker)
    except FileExistsError:
        owner = marker.read_text(encoding="utf-8").rstrip("\n")
        if owner != key:
            raise IdentityError(
                _("the data folder {folder} belongs to another account").format(folder=folder)
            ) from None
    finally:
        draft.unlink()
    return folder


def keep_account_name(folder: Path, account: str) -> None:
    """Write the account, as the sign-on names it, in its folder (`ACCOUNT_NAME_FILE`), once:
    the statements sent from this folder name the agent by it."""
    import secrets  # here: the app imports this module for two constants, and
    # hashlib (secrets too, through hmac) loads OpenSSL

    path = folder / ACCOUNT_NAME_FILE
    if path.exists():
        return
    draft = folder / f".{ACCOUNT_NAME_FILE}.{secrets.token_hex(8)}"
    draft.write_text(account + "\n", encoding="utf-8")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another first session of the account wrote it: the same account
    finally:
        draft.unlink()


def trusted_networks(specs: Iterable[str]) -> tuple[Network, ...]:
    """The addresses a proxy may send the account from: IPs or CIDR ranges, comma-separated or
    given one by one. IdentityError names the first that is neither."""
    networks: list[Network] = []
    for spec in specs:
        for part in spec.split(","):
            part = part.strip()
            if not part:
                continue
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise IdentityError(
                    _(
                        "--trusted-proxy takes IP addresses or ranges such as 10.0.0.5 or "
                        "10.0.0.0/24, not {value}"
                    ).format(value=part)
                ) from None
    return tuple(networks)


def is_trusted(address: str | None, networks: Iterable[Network]) -> bool:
    """True when a request's peer `address` is one of the trusted proxies'."""
    if not address:
        return False  # a Unix socket or a closed connection: no address to trust
    try:
        peer = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped:
        peer = peer.ipv4_mapped  # ::ffff:10.0.0.5 is 10.0.0.5, on a dual-stack socket
    return any(peer.version == network.version and peer in network for network in networks)


def private_root(root: Path) -> Path:
    """Make the data root (readable by the server's user only) and return it, absolute."""
    root = root.expanduser().resolve()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not os.access(root, os.W_OK):
        raise IdentityError(_("cannot write in the data root {root}").format(root=root))
    return root
