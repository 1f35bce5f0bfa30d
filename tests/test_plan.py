"""Report plans: written by `engage report plan`, edited by hand, built into a PDF and a DOCX
with the same content; live figures; errors located at FILE:LINE:COL."""

from __future__ import annotations

import pytest
import yaml
from docx import Document
from pypdf import PdfReader

from engagement_tui.cli import main
from engagement_tui.findings import compute_findings
from engagement_tui.report.plan import figure
from engagement_tui.store import Store
from tests.tui.insights_data import seed_pulse


@pytest.fixture
def pulse_db(db_path):
    store = Store.open(db_path)
    seed_pulse(store)
    quotes = {n.text: n.id for u in store.interviews.list(form_id="pulse")
              for n in store.interviews.notes(u.uuid)}  # fmt: skip
    store.close()
    return db_path, quotes


def _engage(db_path, *args):
    main(["--db", str(db_path), *args])


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_automatic_plan_is_readable_yaml_of_todays_report(pulse_db, tmp_path):
    db_path, quotes = pulse_db
    target = tmp_path / "plan.yaml"
    _engage(db_path, "report", "plan", "--questionnaire", "pulse", "-o", str(target))
    plan = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert plan["questionnaire"] == "pulse" and plan["title"] == "System pulse survey"
    # Nothing approved yet: no quote is chosen, every one is listed (pending) to approve.
    assert plan["quotes"] == []
    assert all(f"#   N{n} pending: " in target.read_text() for n in quotes.values())
    assert plan["key_points"] == [{"question": "right_approach"}]
    assert plan["sections"] == [
        {"title": "Your views", "questions": ["right_approach"]},
        {"title": "The year ahead", "questions": ["biggest_difference"]},
    ]
    _engage(db_path, "quotes", "approve", *(f"N{n}" for n in sorted(quotes.values())[1:]))
    _engage(db_path, "report", "plan", "--questionnaire", "pulse", "-o", str(target))
    plan = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert plan["quotes"] == [f"N{n}" for n in sorted(quotes.values())[1:]]
    assert plan["introduction"] == [] and plan["recommendations"] == []


EDITED = """\
questionnaire: pulse
title: "Partners in the pulse"
subtitle: Member engagement 2026
date: 2026-11-30
key_points:
  - text: "Split: {right_approach.disagree:count} of the {right_approach:base} disagree."
  - question: right_approach
  - text: "Most ({right_approach.favourable}) back it; {right_approach.agree:pct1} agree."
introduction:
  - "We spoke to **{right_approach:base}** members."
sections:
  - title: The year ahead
    questions: [biggest_difference]
  - title: Views
    text: ["Views on the approach."]
    questions: [right_approach]
recommendations:
  - Fund the joint workforce plan
quotes: [QUOTE]
"""


def test_a_hand_edited_plan_builds_the_same_pdf_and_docx(pulse_db, tmp_path):
    db_path, quotes = pulse_db
    plan = tmp_path / "plan.yaml"
    chosen = quotes["Nobody knows who decides."]
    _engage(
        db_path, "quotes", "approve", f"N{chosen}", f"N{quotes['We compete for the same staff.']}"
    )
    plan.write_text(EDITED.replace("QUOTE", f"N{chosen}"), encoding="utf-8")
    pdf, docx = tmp_path / "r.pdf", tmp_path / "r.docx"
    _engage(db_path, "report", "--plan", str(plan), "-o", str(pdf))
    _engage(db_path, "report", "--plan", str(plan), "--format", "docx", "-o", str(docx))

    reader = PdfReader(pdf)
    cover = _flat(reader.pages[0].extract_text())
    assert "Partners in the pulse" in cover and "Member engagement 2026" in cover
    assert "30 November 2026" in cover
    words = _flat(" ".join(page.extract_text() for page in reader.pages))
    points = [
        "Split: 2 of the 8 disagree.",
        compute_findings_headline(db_path),
        "Most (63%) back it; 50.0% agree.",  # 5 of 8; 4 of 8
    ]
    # In the plan's order, on the key points page (after the contents, before the method).
    key_page = words.split("Key points", 2)[2].split("Method")[0]
    assert [key_page.index(point) for point in points] == sorted(
        key_page.index(point) for point in points
    )
    assert "We spoke to 8 members." in words
    # The plan's section title and paragraph; "The year ahead" holds only an open question
    # with no themes coded and no quote chosen from it, so it has nothing to show.
    assert "Findings Views Views on the approach." in words and "The year ahead" not in words
    assert "“Nobody knows who decides.” — a respondent from an NHS trust" in words
    assert "Money follows organisations" not in words  # not chosen
    assert "Fund the joint workforce plan" in words

    document = Document(str(docx))
    assert document.core_properties.title == "Partners in the pulse"
    paragraphs = [p.text for p in document.paragraphs]
    bullets = [p.text.rsplit(" (Base:", 1)[0] for p in document.paragraphs
               if p.style.name == "List Bullet"]  # fmt: skip
    assert bullets[:3] == points
    for text in ("We spoke to 8 members.", "Views on the approach.",
                 "Fund the joint workforce plan"):  # fmt: skip
        assert any(text in p for p in paragraphs), text
    assert any("Nobody knows who decides." in p for p in paragraphs)
    assert not any("Money follows organisations" in p for p in paragraphs)
    sections = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert sections == ["Views"]


def compute_findings_headline(db_path) -> str:
    store = Store.open(db_path)
    try:
        findings = compute_findings(store, "pulse")
    finally:
        store.close()
    return next(q["headline"] for q in findings["questions"] if q["name"] == "right_approach")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{right_approach.favourable}", "{right_aproach.favourable}",
         "plan.yaml:8:18: unknown question 'right_aproach'"),
        ("{right_approach.agree:pct1}", "{right_approach.agre:pct1}",
         "plan.yaml:8:56: {right_approach.agre:pct1}: right_approach has no choice 'agre'"),
        ("{right_approach:base}**", "{right_approach:bse}**",
         "plan.yaml:10:20: {right_approach:bse}: unknown format 'bse'"),
        ("[biggest_difference]", "[biggest_diff]",
         "plan.yaml:13:17: unknown question 'biggest_diff'"),
        ("quotes: [QUOTE]", "quotes: [999]", "plan.yaml:19:10: no quote 999"),
        ("quotes: [QUOTE]", "quotes: [N1, QUOTE]", "plan.yaml:19:14: quote N2 is not approved"),
        ("title: \"Partners", "titel: \"Partners", "plan.yaml:2:1: unknown part 'titel'"),
    ],
)  # fmt: skip
def test_a_bad_plan_is_one_located_line(pulse_db, tmp_path, capsys, monkeypatch, old, new,
                                        message):  # fmt: skip
    db_path, quotes = pulse_db
    monkeypatch.chdir(tmp_path)
    _engage(db_path, "quotes", "approve", "N1")
    text = EDITED.replace(old, new).replace("QUOTE", "N2")
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        _engage(db_path, "report", "--plan", "plan.yaml", "-o", "r.pdf")
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"engage: {message}") and len(err.splitlines()) == 1
    assert not (tmp_path / "r.pdf").exists()


def test_figures_are_rounded_once_from_the_counts():
    question = {
        "name": "q", "base": 7, "favourable": ["a", "b"],
        "results": [{"value": "a", "count": 3}, {"value": "b", "count": 1},
                    {"value": "c", "count": 3}],
    }  # fmt: skip
    assert figure(question, "a", "") == "43%"  # 42.857
    assert figure(question, "a", "pct1") == "42.9%"
    assert figure(question, "a+b", "") == "57%"  # 57.14, not 43% + 14% = 57% by luck:
    assert figure(dict(question, base=8), "a+b", "") == "50%"
    assert figure(question, "favourable", "count") == "4"
    assert figure(question, "", "base") == "7"
    with pytest.raises(ValueError, match="suppressed"):
        figure(dict(question, suppressed=True), "a", "")
    summary = {"name": "n", "base": 5, "summary": {"mean": 13.88, "n": 5}}
    assert figure(summary, "mean", "") == "13.9" and figure(summary, "n", "") == "5"


def test_a_planned_quote_is_printed_redacted(pulse_db, tmp_path):
    db_path, _ = pulse_db
    store = Store.open(db_path)
    uuid = store.interviews.list(form_id="pulse")[0].uuid
    note = store.interviews.add_note(uuid, "Ask Jane Smith: jane.smith@example.nhs.uk.")
    store.close()
    key = f"N{note.id}"
    _engage(db_path, "quotes", "approve", key)
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"questionnaire: pulse\nquotes: [{key}]\n", encoding="utf-8")
    docx = tmp_path / "r.docx"
    _engage(db_path, "report", "--plan", str(plan), "--format", "docx", "-o", str(docx))
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "“Ask [name]: [email].”" in text
    assert "jane.smith@" not in text and "Jane Smith" not in text
