"""Provides this database's device identity and the devices and bundles merged into it.

The identity (a UUID made by the schema migration, and a human name such as "Amira's
laptop") is what every exported bundle is signed off as. The name is set on first use
from the user and host (or `$ENGAGE_DEVICE_NAME`) and can be changed at any time.
"""

from __future__ import annotations

import getpass
import os
import socket
from dataclasses import dataclass

from engagement_tui.store.database import Database

DEVICE_NAME_ENV = "ENGAGE_DEVICE_NAME"


@dataclass(frozen=True)
class DeviceIdentity:
    uuid: str
    name: str


@dataclass(frozen=True)
class KnownDevice:
    """A device whose bundles were merged here, with the last of them."""

    uuid: str
    name: str
    bundles: int
    interviews: int
    last_bundle: str | None
    last_bundle_created: str | None


def default_device_name() -> str:
    """`$ENGAGE_DEVICE_NAME`, else "USER's HOST" (e.g. "amira's amira-thinkpad")."""
    if os.environ.get(DEVICE_NAME_ENV, "").strip():
        return os.environ[DEVICE_NAME_ENV].strip()
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "someone"
    return f"{user}'s {socket.gethostname().split('.')[0]}"


class Devices:
    """This database's identity, and the devices that sent it bundles."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def identity(self) -> DeviceIdentity:
        """This database's identity; its name is given on first use."""
        row = self.db.query("SELECT uuid, name FROM device_identity WHERE id = 1")[0]
        if not row["name"]:
            if getattr(self.db, "read_only", False):
                # A read-only database keeps its identity unnamed; the name is only shown.
                return DeviceIdentity(row["uuid"], default_device_name())
            self.rename(default_device_name())
            row = self.db.query("SELECT uuid, name FROM device_identity WHERE id = 1")[0]
        return DeviceIdentity(row["uuid"], row["name"])

    def rename(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise ValueError("a device name cannot be empty")
        with self.db.transaction() as conn:
            conn.execute("UPDATE device_identity SET name = ? WHERE id = 1", (name,))

    def known(self) -> list[KnownDevice]:
        """Devices whose bundles were merged here, most recent bundle first."""
        rows = self.db.query(
            "SELECT d.uuid, d.name, d.last_bundle, d.last_bundle_created,"
            " (SELECT count(*) FROM bundles b WHERE b.device_uuid = d.uuid) AS bundles,"
            " (SELECT count(*) FROM interviews i WHERE i.origin_device = d.uuid) AS interviews"
            " FROM devices d ORDER BY d.last_bundle_created DESC, d.name"
        )
        return [KnownDevice(**row) for row in rows]

    def collected(self, form_id: str) -> int:
        """How many devices the completed interviews of a form were collected on."""
        return self.db.scalar(
            "SELECT count(DISTINCT coalesce(origin_device, (SELECT uuid FROM device_identity)))"
            " FROM interviews WHERE form_id = ? AND status = 'complete'",
            (form_id,),
        )
