"""Provides age encryption of bundles (through pyrage): the coordinator's identity, recipients,
passphrases, and reading which of them a file was encrypted for.

No home-made cryptography: age's X25519 recipients, or its scrypt passphrase mode for teams
without keys. The identity file is written once (never overwritten), readable by its owner
only, in the age-keygen format (`# public key: age1...` then `AGE-SECRET-KEY-1...`).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

AGE_HEADER = b"age-encryption.org/v1\n"
IDENTITY_FILE = "coordinator-identity.txt"


class BundleError(Exception):
    """A problem with a bundle, a kit or a key that the user can act on (one line)."""


def default_identity_path() -> Path:
    """The coordinator's identity file in the user data directory (platformdirs)."""
    from platformdirs import user_data_path

    from engagement_tui.files.paths import APP_NAME

    return user_data_path(APP_NAME, appauthor=False) / IDENTITY_FILE


def new_identity(path: Path) -> str:
    """Create an identity file at `path` (mode 0600, never over an existing one); its recipient."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise BundleError(
            f"{path}: an identity is already there; it was not replaced"
            " (bundles encrypted to it can only be opened with it)"
        ) from None
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f"# created: {created}\n# public key: {recipient}\n{identity}\n")
        handle.flush()
        os.fsync(handle.fileno())
    return recipient


def read_identity(path: Path):
    """The x25519 identity in an age identity file."""
    from pyrage import x25519

    try:
        lines = path.read_text(encoding="ascii").splitlines()
    except FileNotFoundError:
        raise BundleError(
            f"{path}: no identity file (the coordinator's, from `engage keys new`;"
            " name another with --identity)"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BundleError(f"{path}: cannot read the identity ({error})") from None
    keys = [line.strip() for line in lines if line.strip().startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise BundleError(f"{path}: not an age identity file (no AGE-SECRET-KEY line)")
    try:
        return x25519.Identity.from_str(keys[0])
    except Exception:  # pyrage raises its own IdentityError, or ValueError for bad text
        raise BundleError(f"{path}: the identity in it is damaged") from None


def recipient_of(path: Path) -> str:
    return str(read_identity(path).to_public())


def check_recipient(text: str) -> str:
    """`text` if it is an age X25519 recipient (age1...), else BundleError."""
    from pyrage import x25519

    try:
        x25519.Recipient.from_str(text.strip())
    except Exception:
        raise BundleError(f"{text!r} is not an age recipient (age1...)") from None
    return text.strip()


def encrypt(data: bytes, *, recipient: str | None = None, passphrase: str | None = None) -> bytes:
    """Encrypt to the recipient, or with the passphrase (exactly one of them)."""
    import pyrage

    if passphrase is not None:
        return pyrage.passphrase.encrypt(data, passphrase)
    assert recipient is not None
    return pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(recipient)])


def is_encrypted(data: bytes) -> bool:
    return data.startswith(AGE_HEADER)


def needs_passphrase(data: bytes) -> bool:
    """True when the age file was encrypted with a passphrase (an scrypt stanza)."""
    header = data[: data.find(b"\n---") if b"\n---" in data[:4096] else 4096]
    return b"\n-> scrypt " in header


def decrypt(
    data: bytes, name: str, *, identity: Path | None = None, passphrase: str | None = None
) -> bytes:
    """The plaintext of an age file, or one clear BundleError naming `name`."""
    import pyrage

    try:
        if needs_passphrase(data):
            if passphrase is None:
                raise BundleError(f"{name}: encrypted with a passphrase; give it (--passphrase)")
            return pyrage.passphrase.decrypt(data, passphrase)
        if identity is None:
            raise BundleError(f"{name}: encrypted to a key; give its identity (--identity)")
        return pyrage.decrypt(data, [read_identity(identity)])
    except pyrage.DecryptError as error:
        text = str(error)
        if "No matching keys" in text:
            raise BundleError(f"{name}: not encrypted to this identity ({identity})") from None
        if passphrase is not None and needs_passphrase(data) and "failed" in text.lower():
            raise BundleError(f"{name}: wrong passphrase, or the file is damaged") from None
        raise BundleError(f"{name}: damaged or tampered with (decryption failed)") from None
