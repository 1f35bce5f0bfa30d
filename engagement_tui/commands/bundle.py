"""Provides `engage bundle`: kits out to field laptops, encrypted bundles back, merged, and the
conflicts merges surface (listed and resolved)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from engagement_tui.commands.common import AppContext, fail, pass_app

PASSPHRASE_ENV = "ENGAGE_PASSPHRASE"


def _passphrase(wanted: bool, *, confirm: bool) -> str | None:
    """The passphrase from $ENGAGE_PASSPHRASE, else asked for without echo; None if not wanted."""
    if not wanted:
        return None
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    text = click.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm)
    if len(text) < 8:
        fail("a passphrase needs at least 8 characters")
    return text


@click.group()
def bundle() -> None:
    """Move a programme between laptops and the coordinator: no server, any USB stick.

    The round trip: the coordinator makes a key and a kit; each laptop merges the kit,
    interviews, and exports a bundle encrypted to the coordinator; the coordinator merges.

    \b
    Example:
      engage keys new --identity coordinator-key.txt
      engage bundle export --kit -o kit.engage
      engage bundle merge kit.engage
      engage bundle export -o laptop.engage
      engage bundle merge laptop.engage --identity coordinator-key.txt
    """


@bundle.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--kit", is_flag=True, help="A kit for field laptops instead of a bundle.")
@click.option("--include-contacts", is_flag=True, help="Kit: contacts' personal data too.")
@click.option("--recipient", help="Encrypt to this age recipient (default: the kit's).")
@click.option("--passphrase", is_flag=True, help=f"Encrypt with a passphrase (${PASSPHRASE_ENV}).")
@click.option("--no-encrypt", is_flag=True, help="Bundle: write it unencrypted (not advised).")
@pass_app
def export(
    app: AppContext,
    output: Path,
    kit: bool,
    include_contacts: bool,
    recipient: str | None,
    passphrase: bool,
    no_encrypt: bool,
) -> None:
    """Write a bundle of this laptop's interviews, or with --kit a kit for the laptops.

    A bundle holds every interview (drafts marked as drafts, completed, withdrawn) with
    its answers, answer history and notes, and the organisations added here; it is
    encrypted to the coordinator's key from the merged kit, or with --passphrase. A kit
    holds every questionnaire revision, the member register, the theme codebook and the
    coordinator's recipient; contacts only with --include-contacts (and a passphrase).

    \b
    Example:
      engage keys new --identity coordinator-key.txt
      engage bundle export --kit -o kit.engage
      engage bundle export -o laptop.engage
    """
    from engagement_tui.bundles import BundleError, write_bundle, write_kit

    if include_contacts and not kit:
        fail("--include-contacts is for kits (--kit)")
    if no_encrypt and (passphrase or recipient):
        fail("--no-encrypt cannot go with --passphrase or --recipient")
    secret = _passphrase(passphrase, confirm=True)
    if kit and not recipient:
        recipient = _own_recipient(app)
    try:
        if kit:
            written = write_kit(
                app.store,
                output,
                recipient=recipient,
                passphrase=secret,
                include_contacts=include_contacts,
            )
        else:
            written = write_bundle(
                app.store,
                output,
                recipient=recipient,
                passphrase=secret,
                encrypt=not no_encrypt,
            )
    except BundleError as error:
        fail(str(error))
    manifest = written.manifest
    counts = ", ".join(f"{n} {table}" for table, n in manifest.counts.items() if n)
    click.echo(f"{output}: {manifest.kind} from {manifest.device_name}: {counts or 'empty'}")
    click.echo(f"  encrypted: {written.encryption}")
    if kit and manifest.recipient:
        click.echo(f"  laptops will encrypt their bundles to {manifest.recipient}")
    elif kit:
        click.echo("  carries no coordinator key: laptops will need --recipient or --passphrase")


def _own_recipient(app: AppContext) -> str | None:
    """The recipient kits carry: the database's, else that of the identity `keys new` made."""
    from engagement_tui.bundles import RECIPIENT_SETTING, BundleError
    from engagement_tui.bundles.crypto import default_identity_path, recipient_of

    if app.store.settings.get(RECIPIENT_SETTING):
        return None  # write_kit takes it from the database
    if not default_identity_path().exists():
        return None
    try:
        return recipient_of(default_identity_path())
    except BundleError as error:
        fail(str(error))


@bundle.command("merge")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--identity",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The coordinator's identity (default: the one from engage keys new).",
)
@click.option(
    "--passphrase", is_flag=True, help=f"Files encrypted with a passphrase (${PASSPHRASE_ENV})."
)
@pass_app
def merge(
    app: AppContext, files: tuple[Path, ...], identity: Path | None, passphrase: bool
) -> None:
    """Merge kits or bundles: each whole or not at all; merging again changes nothing.

    Conflicts (an interview changed on two devices, one organisation name with two
    UUIDs, two questionnaires under one revision number) are kept, never settled
    silently: see engage bundle conflicts. A bad file (damaged, tampered with, the
    wrong key, not a bundle, a newer format) is refused in one line and changes nothing.

    \b
    Example:
      engage bundle export --kit -o kit.engage
      engage bundle merge kit.engage
    """
    from engagement_tui.bundles import BundleError, Merged, merge_files
    from engagement_tui.bundles.crypto import default_identity_path

    for path in files:
        if not path.exists():
            fail(f"{path}: no such file")  # before a database is made for nothing
    app.allow_create()  # a new laptop's first kit makes its database
    secret = _passphrase(passphrase, confirm=False)

    def report(merged: Merged) -> None:
        m, r = merged.manifest, merged.result
        click.echo(
            f"{merged.path}: {m.kind} from {m.device_name} ({m.created_at}):"
            f" {r.interviews_added} interviews added, {r.interviews_updated} updated,"
            f" {r.interviews_unchanged} unchanged; {r.organisations_added} organisations,"
            f" {r.questionnaires_added} questionnaire revisions added"
        )
        if r.erased:
            click.echo(f"  {r.erased} records erased, as tombstones from an erasure asked")
        for conflict in r.conflicts:
            click.echo(f"  conflict: {conflict}")

    try:
        merged = merge_files(
            app.store,
            files,
            identity=identity or default_identity_path(),
            passphrase=secret,
            on_merged=report,
        )
    except BundleError as error:
        fail(str(error))
    found = sum(len(m.result.conflicts) for m in merged)
    if found:
        click.echo(f"{found} conflicts to settle: {app.command('bundle conflicts')}")


@bundle.command("conflicts")
@click.option("--all", "show_all", is_flag=True, help="Resolved ones too.")
@pass_app
def conflicts(app: AppContext, show_all: bool) -> None:
    """List the conflicts merges found, each version with the label --keep takes.

    \b
    Example:
      engage bundle conflicts --all
    """
    from engagement_tui.store.conflicts import describe

    found = app.store.conflicts.list(None if show_all else "open")
    if not found:
        click.echo("no conflicts" if show_all else "no open conflicts")
    me = app.store.devices.identity()
    names = {me.uuid: me.name, **{d.uuid: d.name for d in app.store.devices.known()}}
    for conflict in found:
        held = app.store.conflicts.held(conflict)
        click.echo(f"{conflict.id:>4}  {conflict.kind} {conflict.subject}  [{conflict.status}]")
        for version in conflict.versions:
            mark = "current" if version is held else "       "
            about = describe(conflict.kind, version, conflict.versions, names)
            click.echo(f"      {conflict.label(version)} {mark}  {about}")
        if conflict.resolution:
            click.echo(f"      {conflict.resolution} at {conflict.resolved_at}")


@bundle.command("resolve")
@click.argument("conflict_id", type=int)
@click.option("--keep", required=True, help="current, other, or a version's label.")
@pass_app
def resolve(app: AppContext, conflict_id: int, keep: str) -> None:
    """Settle a conflict by keeping one version; the choice is recorded in the history.

    \b
    Example:
      engage --db other.db demo --seed 7
      engage --db other.db bundle export --kit -o other.engage
      engage bundle merge other.engage
      engage bundle resolve 1 --keep current
    """
    from engagement_tui.store.conflicts import ConflictError

    me = app.store.devices.identity()
    try:
        label = app.store.conflicts.resolve(conflict_id, keep, me.uuid)
    except ConflictError as error:
        fail(str(error))
    click.echo(f"conflict {conflict_id}: kept {label}")


@bundle.command("device")
@click.option("--name", help="Give this database a new device name.")
@pass_app
def device(app: AppContext, name: str | None) -> None:
    """Show (or with --name change) this database's device identity.

    \b
    Example:
      engage bundle device --name "Amira's laptop"
    """
    if name is not None:
        try:
            app.store.devices.rename(name)
        except ValueError as error:
            fail(str(error))
    me = app.store.devices.identity()
    click.echo(f"{me.name} ({me.uuid})")
