"""Plain mode's choices: nothing chosen by default, shared details, an empty register.

Driven by scripted prompts (tests/test_prompts.py) against a real store on disk.
"""

from __future__ import annotations

import questionary

from engagement_tui.interview.details import (
    ATTRIBUTION_CHOICES,
    CONSENT_CHOICES,
    DEFAULT_ATTRIBUTION,
)
from engagement_tui.plain.interview import new_interview, run_plain
from tests.test_prompts import FORM, ScriptedPrompts


def test_the_details_offer_the_shared_choices_starting_on_the_defaults(store, monkeypatch):
    """Attribution starts on Anonymous and consent offers public task, as in the app."""
    store.forms.save(FORM)
    offered: dict[str, tuple[list, object]] = {}
    answers = {"Mode": "phone", "Consent basis": "public task", "Attribution": None}

    def select(message, choices, default=None, **_):
        values = [choice.value for choice in choices]
        offered[message] = (values, getattr(default, "value", default))
        picked = answers[message] or offered[message][1]  # Enter on the pointer's start
        return type("Asked", (), {"unsafe_ask": lambda self: picked})()

    def text(message, default="", **_):
        offered[message] = ([], default)
        typed = "" if message.startswith("Organisation") else default or "x"
        return type("Asked", (), {"unsafe_ask": lambda self: typed})()

    monkeypatch.setattr(questionary, "select", select)
    monkeypatch.setattr(questionary, "text", text)
    interview = new_interview(store, "members")  # the register is empty: no traceback
    assert "Organisation (the register is empty; empty for none)" in offered
    assert offered["Attribution"] == ([name for name, _ in ATTRIBUTION_CHOICES], "anonymous")
    assert offered["Consent basis"][0] == [name for name, _ in CONSENT_CHOICES]
    stored = store.interviews.get(interview.uuid)
    assert (stored.attribution, stored.consent_basis) == (DEFAULT_ATTRIBUTION, "public task")
    assert stored.organisation_id is None


def test_enter_on_an_untouched_list_chooses_nothing_and_required_refuses(
    store, monkeypatch, capsys
):
    store.forms.save(FORM)
    uuid = store.interviews.create("members").uuid
    prompts = ScriptedPrompts(
        [
            ("Resume a draft", uuid),
            ("right approach", "\x00unchosen"),  # Enter where the pointer starts
            ("right approach", "agree"),
            ("How many staff", KeyboardInterrupt),
        ]
    )
    prompts.install(monkeypatch)
    run_plain(store, "members")
    assert "This question is required" in capsys.readouterr().out
    assert store.interviews.answers(uuid) == {"approach": "agree"}
