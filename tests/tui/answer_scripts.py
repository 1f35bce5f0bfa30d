"""Provides answer scripts for the differential test: what an officer does, screen by screen.

A script is drawn with hypothesis by walking a reference `InterviewSession`: at each screen
it draws what is given to every question the screen shows (a follow-up revealed by an
earlier answer on the same screen included), sometimes goes back a screen first, and at
the end may change answers from the review. Values are what a person types or picks
("March 2019", "15%", a choice name, a list of names, an order), always ones the
questionnaire accepts, so every path must end with the same store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from engagement_tui.interview.questionnaire import Question, Questionnaire
from engagement_tui.interview.session import InterviewSession
from engagement_tui.loaders import load

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 22)
"""The app's clock in the TUI tests; the reference walker and the other paths use it too."""

WORDS = ["care", "joint", "data", "budget", "staff", "place", "trust"]
TYPED_CANDIDATES = {
    "integer": ["2", "5", "12", "30", "1,250", "0", "45"],
    "decimal": ["0", "12.5", "15%", "40", "99.5"],
    "date": ["2019-03-01", "March 2019", "15/06/2020", "2016-01-31"],
}


@dataclass(frozen=True)
class Screen:
    """One visit to a screen: each question shown, in order, with what is given to it."""

    answers: tuple[tuple[str, Any], ...]
    """(question, raw) in the order asked; raw None leaves it empty (notes take None)."""
    save_all: bool = False
    """The app fills every field and presses ctrl+s, instead of Enter field by field."""


@dataclass(frozen=True)
class Back:
    """Go back one screen before answering this one (the previous screen is one question)."""


@dataclass(frozen=True)
class Edit:
    """At the review, change one answer."""

    question: str
    raw: Any


@dataclass
class Script:
    """A whole interview as an officer runs it, and what the store must hold afterwards."""

    form_id: str
    steps: list[Screen | Back | Edit] = field(default_factory=list)
    final: dict[str, Any] = field(default_factory=dict)
    """The reference session's answers (hidden leftovers too) and calculations."""
    effective: dict[str, Any] = field(default_factory=dict)
    """Answers of relevant questions and calculations with a value: what outputs see."""
    complete: bool = True


SYNTHETIC = """
form_id: paths_test
title: Answer paths test
choices:
  kind:
    - {name: trust, label: Trust}
    - {name: council, label: Council}
    - {name: charity, label: Charity}
    - {name: other, label: Other}
  topics:
    - {name: staff, label: Staff}
    - {name: money, label: Money}
    - {name: data, label: Data}
    - {name: none, label: None of these}
  yesno:
    - {name: "yes", label: "Yes"}
    - {name: "no", label: "No"}
  order3:
    - {name: first, label: First thing}
    - {name: second, label: Second thing}
    - {name: third, label: Third thing}
survey:
  - {type: note, name: hello, label: Welcome}
  - group: about
    label: About the organisation
    appearance: field-list
    questions:
      - {name: kind, type: select_one kind, label: Kind, required: true}
      - name: kind_other
        type: text
        label: Which kind?
        relevant: "${kind} = 'other'"
        required: true
      - {name: size, type: integer, label: Staff, constraint: ". >= 0 and . <= 5000"}
      - {name: topics, type: select_multiple topics, label: Topics, required: true,
         constraint: "not(selected(., 'none') and count-selected(.) > 1)"}
  - {name: topics_why, type: text, label: Why data?, relevant: "selected(${topics}, 'data')"}
  - {name: order, type: rank order3, label: Order these, required: true}
  - {name: happy, type: select_one yesno, label: Happy?}
  - group: unhappy
    label: Unhappy
    relevant: "${happy} = 'no'"
    questions:
      - {name: reason, type: text, label: Why not?, appearance: multiline, required: true}
      - {name: score, type: range, label: Score, parameters: "start=1 end=5 step=1"}
  - group: ending
    label: Ending
    appearance: field-list
    questions:
      - {name: when, type: date, label: Since when?, constraint: ". <= today()"}
      - {name: share, type: decimal, label: Share (%)}
      - {name: contact, type: acknowledge, label: Contact me}
  - {type: calculate, name: n_topics, calculation: "count-selected(${topics})"}
  - type: calculate
    name: happy_and_big
    calculation: "if(${happy} = 'yes' and ${size} > 10, 'yes', 'no')"
"""


def questionnaires(tmp: Path) -> dict[str, Questionnaire]:
    """The shipped questionnaires and the one built for this test, by form id."""
    synthetic = tmp / "paths-test.yaml"
    synthetic.write_text(SYNTHETIC, encoding="utf-8")
    forms = [load(ROOT / "questionnaires" / name) for name in ("member-survey.yaml",)]
    forms += [load(ROOT / "questionnaires" / "leaders-interview.yaml"), load(synthetic)]
    return {form.form_id: form for form in forms}


def _valid(session: InterviewSession, question: Question, raws: list[Any]) -> list[Any]:
    return [raw for raw in raws if session.validate(question.name, raw).ok]


def draw_raw(data: st.DataObject, session: InterviewSession, question: Question) -> Any:
    """What the officer gives `question`: a valid raw answer, or None (left empty)."""
    if not question.answerable:
        return None
    kind = question.type
    had = session.answers.get(question.name) is not None and session.is_relevant(question.name)
    # Lists and ranks cannot be emptied by a key once chosen, so only a first visit skips.
    can_skip = not question.required and not (had and kind in ("select_one", "rank"))
    if can_skip and data.draw(st.integers(0, 3), label=f"skip {question.name}") == 0:
        return None
    names = list(session.questionnaire.choices(question).names)
    if kind == "select_one":
        return data.draw(st.sampled_from(names), label=question.name)
    if kind == "select_multiple":
        picked = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
        picked = [name for name in names if name in picked]
        if not session.validate(question.name, picked).ok:
            singles = _valid(session, question, [[name] for name in names])
            picked = data.draw(st.sampled_from(singles), label=question.name)
        return picked
    if kind == "rank":
        return data.draw(st.permutations(names), label=question.name)
    if kind == "acknowledge":
        return "OK"
    if kind == "range":
        start = int(float(question.parameter("start", "0") or 0))
        end = int(float(question.parameter("end", "10") or 10))
        candidates = [str(n) for n in range(min(start, end), max(start, end) + 1)]
    elif kind in TYPED_CANDIDATES:
        candidates = TYPED_CANDIDATES[kind]
    else:
        words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
        return data.draw(words, label=question.name)
    valid = _valid(session, question, candidates)
    assert valid, f"no candidate fits {question.name}"
    return data.draw(st.sampled_from(valid), label=question.name)


def draw_script(data: st.DataObject, questionnaire: Questionnaire) -> Script:
    """Walk an interview of `questionnaire` drawing what is given; see the module."""
    session = InterviewSession(questionnaire, today=TODAY)
    script = Script(questionnaire.form_id)
    backs = 0
    for _ in range(80):  # a bound, not a limit reached: every walk ends well before it
        if session.at_end:
            break
        if script.steps and backs < 2 and data.draw(st.integers(0, 5), label="back") == 0:
            here = session.current
            session.back()
            # Plain mode stops at questions, not notes: going back is drawn only between
            # a question and a previous screen of exactly one question.
            screen = session.screen()
            if (
                here.answerable
                and session.current != here
                and len(screen) == 1
                and screen[0].answerable
            ):
                script.steps.append(Back())
                backs += 1
                continue
            session.go_to(here.name)
        given: list[tuple[str, Any]] = []
        many = len(session.screen()) > 1
        save_all = many and data.draw(st.booleans(), label="save all")
        while True:
            done = {name for name, _ in given}
            pending = [q for q in session.screen() if q.name not in done]
            if not pending:
                break
            question = pending[0]
            raw = draw_raw(data, session, question)
            if question.answerable:
                assert session.answer(question.name, raw).ok, (question.name, raw)
            given.append((question.name, raw))
        script.steps.append(Screen(tuple(given), save_all))
        session.next()
    assert session.at_end, "the walk did not reach the end"
    edits = data.draw(st.integers(0, 2), label="edits")
    for _ in range(edits):
        editable = [
            q for q in session.visible() if q.type in ("select_one", "select_multiple", "text")
        ]
        if not editable:
            break
        question = data.draw(st.sampled_from(editable), label="edit")
        raw = draw_raw(data, session, question)
        trial = InterviewSession(questionnaire, dict(session.answers), today=TODAY)
        # An edit that opens new required questions is a walk of its own, not a review edit.
        if trial.answer(question.name, raw).ok and not trial.missing_required():
            assert session.answer(question.name, raw).ok
            script.steps.append(Edit(question.name, raw))
    script.complete = session.is_complete
    script.final = dict(session.answers)
    script.effective = effective_answers(questionnaire, session.answers)
    return script


def effective_answers(questionnaire: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """Relevant answers plus calculations with a value: what findings and exports use."""
    session = InterviewSession(questionnaire, answers, today=TODAY)
    values = {
        name: value
        for name, value in session.answers.items()
        if questionnaire.has_question(name)
        and questionnaire.question(name).answerable
        and session.is_relevant(name)
    }
    values.update({k: v for k, v in session.calculations().items() if v is not None})
    return values


def csv_text(value: Any) -> str:
    """A canonical answer as a survey-return cell (ODK: lists space-separated)."""
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
