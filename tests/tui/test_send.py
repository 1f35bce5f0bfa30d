""" "Send to coordinator" in the app: the bundle lands in the folder typed, encrypted to the
coordinator's key, with its steps shown; a folder that is not there is said so, not created."""

from __future__ import annotations

import asyncio

import pyrage
from textual.widgets import Input, ProgressBar, Static

from engagement_tui.bundles import RECIPIENT_SETTING, merge_files
from engagement_tui.store import Store
from tests.tui.conftest import make_app, new_interview


async def _until(condition, pilot, seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


async def test_send_to_coordinator_writes_an_encrypted_bundle_to_the_folder(
    seeded: Store, tmp_path
):
    identity = pyrage.x25519.Identity.generate()
    seeded.settings.set(RECIPIENT_SETTING, str(identity.to_public()))
    uuid = new_interview(seeded)
    seeded.interviews.save_answer(uuid, "years", 12)
    usb = tmp_path / "usb"
    usb.mkdir()
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p", *"send to coordinator", "enter")
        await _until(lambda: app.screen.query("#send-folder"), pilot)
        folder = app.screen.query_one("#send-folder", Input)
        folder.value = str(tmp_path / "not-plugged-in")
        await pilot.press("enter")
        await pilot.pause()
        assert "No folder" in str(app.screen.query_one("#send-status", Static).render())
        assert not (tmp_path / "not-plugged-in").exists()
        folder.value = str(usb)
        await pilot.press("enter")
        await _until(lambda: list(usb.glob("*.engage")), pilot)
        await _until(lambda: not app.screen.query("#send-progress"), pilot)
    (bundle,) = usb.glob("*.engage")
    data = bundle.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    plain = tmp_path / "plain.engage"
    plain.write_bytes(pyrage.decrypt(data, [identity]))
    with Store.open(tmp_path / "coordinator.db") as coordinator:
        merge_files(coordinator, [plain])
        assert coordinator.interviews.answers(uuid) == {"years": 12}


async def test_progress_shows_each_step(seeded: Store, tmp_path, monkeypatch):
    seeded.settings.set(RECIPIENT_SETTING, str(pyrage.x25519.Identity.generate().to_public()))
    seen: list[float] = []
    original = ProgressBar.update

    def spy(self, *args, **kwargs):
        if "progress" in kwargs:
            seen.append(kwargs["progress"])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ProgressBar, "update", spy)
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_send_to_coordinator()
        await pilot.pause()
        app.screen.query_one("#send-folder", Input).value = str(tmp_path)
        await pilot.press("enter")
        await _until(lambda: list(tmp_path.glob("*.engage")), pilot)
        await asyncio.sleep(0.2)
        await pilot.pause()
    assert seen[:1] == [0] and 4 in seen
