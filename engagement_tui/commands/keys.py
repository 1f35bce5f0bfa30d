"""Provides `engage keys`: the coordinator's age identity, which opens every bundle sent to it."""

from __future__ import annotations

from pathlib import Path

import click

from engagement_tui.commands.common import AppContext, fail, pass_app

IDENTITY_HELP = "Identity file (default: coordinator-identity.txt in the user data directory)."


@click.group()
def keys() -> None:
    """The coordinator's key: laptops encrypt their bundles to it, and only it opens them.

    \b
    Example:
      engage keys new --identity coordinator-key.txt
      engage keys show --identity coordinator-key.txt
    """


@keys.command("new")
@click.option("--identity", type=click.Path(dir_okay=False, path_type=Path), help=IDENTITY_HELP)
@pass_app
def new(app: AppContext, identity: Path | None) -> None:
    """Create the coordinator's identity (mode 0600) and print its public recipient.

    Kits exported from this database carry the recipient, so every laptop that merges
    one encrypts its bundles to it. An existing identity is never replaced.

    \b
    Example:
      engage keys new --identity coordinator-key.txt
    """
    from engagement_tui.bundles import RECIPIENT_SETTING, BundleError
    from engagement_tui.bundles.crypto import default_identity_path, new_identity

    path = identity or default_identity_path()
    try:
        recipient = new_identity(path)
    except BundleError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{path}: {error.strerror or error}")
    click.echo(f"identity   {path} (readable by you only)")
    click.echo(f"recipient  {recipient}")
    if app.db_path.exists():
        app.store.settings.set(RECIPIENT_SETTING, recipient)
        click.echo(f"kits exported from {app.db_path} now carry this recipient")
    click.echo(
        "BACK IT UP NOW: copy the identity file somewhere safe and offline (a password"
        " manager or an encrypted USB stick). Without it no bundle encrypted to this"
        " recipient can ever be opened; anyone who has it can open them all.",
        err=True,
    )


@keys.command("show")
@click.option("--identity", type=click.Path(dir_okay=False, path_type=Path), help=IDENTITY_HELP)
def show(identity: Path | None) -> None:
    """Print the public recipient of the coordinator's identity.

    \b
    Example:
      engage keys new --identity coordinator-key.txt
      engage keys show --identity coordinator-key.txt
    """
    from engagement_tui.bundles import BundleError
    from engagement_tui.bundles.crypto import default_identity_path, recipient_of

    path = identity or default_identity_path()
    try:
        click.echo(recipient_of(path))
    except BundleError as error:
        fail(str(error))
