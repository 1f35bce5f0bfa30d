"""Provides kits and bundles: moving a programme between laptops and a coordinator, no server.

    write_kit(store, "kit.engage")                         # coordinator -> laptops
    merge_files(store, ["kit.engage"])                     # on a laptop: idempotent
    write_bundle(store, "amira.engage")                    # laptop -> coordinator, encrypted
    merge_files(store, ["amira.engage"], identity=path)    # on the coordinator

A bundle is an SQLite file (see `format`) encrypted with age (see `crypto`): to the
coordinator's recipient, which a merged kit leaves in the laptop's database, or with a
passphrase. Each file is decrypted into a private temporary folder, checked whole (format,
manifest, checksum) and merged in one transaction (`store.bundle_merge`); a file that fails
any check is refused with one line and the database is left as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from engagement_tui.bundles import crypto
from engagement_tui.bundles.crypto import BundleError
from engagement_tui.bundles.format import FORMAT_VERSION, Manifest, create_empty, seal, verify
from engagement_tui.files.atomic import atomic_write
from engagement_tui.store import Store
from engagement_tui.store.bundle_merge import merge_file
from engagement_tui.store.clock import new_uuid, now

__all__ = [
    "FOLDER_PREFIX",
    "RECIPIENT_SETTING",
    "BundleError",
    "Merged",
    "Written",
    "merge_files",
    "sweep_stale_folders",
    "write_bundle",
    "write_kit",
]

from engagement_tui.store.bundle_merge import RECIPIENT_SETTING


@dataclass(frozen=True)
class Written:
    path: Path
    manifest: Manifest
    encryption: str
    """'recipient age1...', 'passphrase' or 'none'."""


@dataclass(frozen=True)
class Merged:
    path: Path
    manifest: Manifest
    result: object


FOLDER_PREFIX = "engage-bundle-"


@contextmanager
def _private_folder() -> Iterator[Path]:
    """A temporary folder only this user can read: decrypted bundles never sit anywhere else.

    Its name carries this process's id, so that folders left by a process that was killed
    (SIGKILL skips every clean-up) are removed by the next one.
    """
    sweep_stale_folders()
    with tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{os.getpid()}-") as folder:
        os.chmod(folder, 0o700)
        yield Path(folder)


def sweep_stale_folders() -> int:
    """Remove this user's bundle folders whose process is gone; how many were removed."""
    import shutil

    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*-*"):
        try:
            pid = int(folder.name[len(FOLDER_PREFIX) :].split("-", 1)[0])
            if folder.stat().st_uid != os.getuid():
                continue
        except (ValueError, OSError):
            continue
        try:
            os.kill(pid, 0)
            continue  # still running (or reused by another process: leave it)
        except ProcessLookupError:
            pass
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _write(
    store: Store,
    output: Path,
    kind: str,
    *,
    recipient: str | None,
    passphrase: str | None,
    include_contacts: bool = False,
    recipient_in_manifest: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> Written:
    from engagement_tui.store.bundle_export import fill

    def step(what: str, done: int) -> None:
        if progress is not None:
            progress(what, done, 4)

    me = store.devices.identity()
    manifest = Manifest(
        FORMAT_VERSION, kind, new_uuid(), me.uuid, me.name, now(), {}, "", recipient_in_manifest
    )
    with _private_folder() as folder:
        plain = folder / "bundle.sqlite"
        step("copying the records", 0)
        create_empty(plain)
        fill(
            store.db,
            plain,
            kind=kind,
            device=me.uuid,
            bundle=manifest.uuid,
            include_contacts=include_contacts,
        )
        step("sealing: counts and checksum", 1)
        manifest = seal(plain, manifest)
        data = plain.read_bytes()
    step("encrypting", 2)
    if passphrase is not None:
        data, encryption = crypto.encrypt(data, passphrase=passphrase), "passphrase"
    elif recipient is not None:
        data, encryption = crypto.encrypt(data, recipient=recipient), f"recipient {recipient}"
    else:
        encryption = "none"
    step("writing the file", 3)
    with atomic_write(output) as handle:
        handle.write(data)
    step("done", 4)
    return Written(Path(output), manifest, encryption)


def write_kit(
    store: Store,
    output: str | Path,
    *,
    recipient: str | None = None,
    passphrase: str | None = None,
    include_contacts: bool = False,
) -> Written:
    """The kit for field laptops: questionnaires, register, codebook, the coordinator's recipient.

    Contacts' personal data only with `include_contacts`, and then only encrypted with a
    passphrase (laptops hold no identity to decrypt anything else).
    """
    carried = recipient or store.settings.get(RECIPIENT_SETTING) or ""
    if carried:
        crypto.check_recipient(carried)
    if include_contacts and passphrase is None:
        raise BundleError("a kit with contacts' personal data must have a passphrase")
    return _write(
        store,
        Path(output),
        "kit",
        recipient=None,
        passphrase=passphrase,
        include_contacts=include_contacts,
        recipient_in_manifest=carried,
    )


def write_bundle(
    store: Store,
    output: str | Path,
    *,
    recipient: str | None = None,
    passphrase: str | None = None,
    encrypt: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> Written:
    """This laptop's bundle for the coordinator, encrypted to the kit's recipient by default.

    `progress(what, done, total)` is told each step as it starts (the app's progress bar).
    """
    if encrypt and passphrase is None:
        recipient = recipient or store.settings.get(RECIPIENT_SETTING)
        if not recipient:
            raise BundleError(
                "no coordinator key to encrypt to: merge the coordinator's kit first,"
                " or give --recipient or --passphrase"
            )
        crypto.check_recipient(recipient)
    if not encrypt:
        recipient = passphrase = None
    return _write(
        store,
        Path(output),
        "bundle",
        recipient=recipient,
        passphrase=passphrase,
        progress=progress,
    )


def open_file(
    path: Path, plain: Path, *, identity: Path | None, passphrase: str | None
) -> tuple[Path, Manifest]:
    """Decrypt (when encrypted) into the new file `plain` and check it; its path and manifest."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"{name}: no such file") from None
    except OSError as error:
        raise BundleError(f"{name}: {error.strerror}") from None
    if crypto.is_encrypted(data):
        data = crypto.decrypt(data, name, identity=identity, passphrase=passphrase)
    elif not data.startswith(b"SQLite format 3\x00"):
        raise BundleError(f"{name}: not an engage bundle or kit")
    fd = os.open(plain, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return plain, verify(plain, name)


def merge_files(
    store: Store,
    paths: Sequence[str | Path],
    *,
    identity: Path | None = None,
    passphrase: str | None = None,
    on_merged=None,
) -> list[Merged]:
    """Merge kits and bundles one by one, each in one transaction; stop at the first bad one.

    Every file merged before a bad one stays merged (each is whole on its own); the bad one
    changes nothing. A kit's recipient is kept so that bundles are encrypted to it.

    While one file merges, the next is decrypted and checked whole on a second thread (age
    and SQLite work outside Python's lock, so on two cores the checks take little time of
    their own); a bad file is still refused only after the files before it are merged.
    """
    from concurrent.futures import ThreadPoolExecutor

    me = store.devices.identity()
    files = [Path(path) for path in paths]
    done: list[Merged] = []
    with _private_folder() as folder, ThreadPoolExecutor(max_workers=1) as checker:

        def check(index: int):
            plain = folder / f"{index}.sqlite"
            return checker.submit(
                open_file, files[index], plain, identity=identity, passphrase=passphrase
            )

        upcoming = check(0) if files else None
        with store.db.one_checkpoint():
            for index, path in enumerate(files):
                plain, manifest = upcoming.result()
                upcoming = check(index + 1) if index + 1 < len(files) else None
                result = merge_file(store.db, plain, manifest, me.uuid)
                plain.unlink()
                merged = Merged(path, manifest, result)
                done.append(merged)
                if on_merged is not None:
                    on_merged(merged)
    return done


def bundle_file_name(store: Store, when: str | None = None) -> str:
    """A file name that says whose bundle it is and when: amiras-laptop-2026-11-30T1402.engage."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", store.devices.identity().name.lower()).strip("-")
    stamp = (when or now())[:16].replace(":", "")
    return f"{slug or 'laptop'}-{stamp}.engage"
