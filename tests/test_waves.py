"""Waves: this wave beside an earlier one. The arithmetic (percentage points, the two-proportion
z-test at 95%) and the words, then the same through a real SQLite store, a report and the CLI."""

from __future__ import annotations

import dataclasses
import math
import re

import pytest
from docx import Document
from pypdf import PdfReader

from engagement_tui.cli import main
from engagement_tui.findings import FindingsError
from engagement_tui.findings.waves import change, compare_waves, compare_with, sentence, z_score
from engagement_tui.report.publish import publish_report
from engagement_tui.store import Store
from tests.tui.insights_data import pulse_questionnaire, seed_pulse


def test_z_score_is_the_pooled_two_proportion_statistic():
    # 61/100 vs 52/100: pooled 0.565, se sqrt(.565 * .435 * (1/100 + 1/100)).
    expected = (0.61 - 0.52) / math.sqrt(0.565 * 0.435 * 0.02)
    assert z_score(61, 100, 52, 100) == pytest.approx(expected)
    assert z_score(61, 100, 52, 100) == pytest.approx(1.2837, abs=1e-4)
    assert z_score(244, 400, 208, 400) == pytest.approx(2.5674, abs=1e-4)
    assert z_score(5, 5, 5, 5) == 0.0 and z_score(1, 0, 1, 3) == 0.0


def test_up_and_down_only_beyond_the_margin_of_error():
    assert sentence(244, 400, 208, 400, "2018") == "61%, up from 52% in 2018"
    assert sentence(208, 400, 244, 400, "2018") == "52%, down from 61% in 2018"
    assert sentence(61, 100, 52, 100, "2018") == (
        "61% (52% in 2018, a change within the margin of error)"
    )
    assert change(61, 100, 52, 100) == {
        "change": 9.0, "z": 1.28, "significant": False, "direction": "within margin"
    }  # fmt: skip
    # Points from the exact shares, rounded once: 2/3 - 1/3 is 33.3, not 67% - 33% = 34.
    assert change(2, 3, 1, 3)["change"] == 33.3
    # Half-up from the counts: 1/8 = 12.5% shows as 13%, never 12%.
    assert sentence(1, 8, 1, 8, "2018").startswith("13% (13% in 2018")


def _findings(name_counts: dict[str, list[tuple[str, int]]], base: int, **extra) -> dict:
    questions = []
    for name, counts in name_counts.items():
        questions.append(
            {
                "name": name,
                "base": base,
                "suppressed": base < 5,
                "favourable": ["a"],
                "results": [
                    {
                        "value": v,
                        "label": v.upper(),
                        "count": c,
                        "percent": round(100 * c / base, 1),
                    }
                    for v, c in counts
                ],
                "headline": f"Most ({round(100 * counts[0][1] / base)}%) say A.",
            }
        )
    return {
        "questionnaire": {"form_id": "f"},
        "interviews": base,
        "questions": questions,
        "key_findings": [{"headline": questions[0]["headline"], "base": base}],
        **extra,
    }


def test_compare_waves_matches_by_name_and_rewrites_headlines():
    now = _findings({"q1": [("a", 244), ("b", 156)], "q2": [("a", 10), ("b", 390)]}, 400)
    then = _findings({"q1": [("a", 208), ("b", 192)], "old": [("a", 1), ("b", 1)]}, 400)
    result = compare_waves(now, then, "2018")
    q1, q2 = result["questions"]
    assert q1["comparison"]["results"][0] == {
        "value": "a", "label": "A", "percent": 61.0, "earlier_percent": 52.0,
        "change": 9.0, "z": 2.57, "significant": True, "direction": "up",
    }  # fmt: skip
    assert q1["headline"] == "Most (61%, up from 52% in 2018) say A."
    assert result["key_findings"][0]["headline"] == q1["headline"]
    assert "comparison" not in q2  # no q2 in the earlier wave
    assert "two-proportion z-test" in result["comparison"]["rule"]
    # Suppressed in the earlier wave: not compared.
    small = _findings({"q1": [("a", 2), ("b", 1)]}, 3)
    assert "comparison" not in compare_waves(now, small, "2018")["questions"][0]
    # A mapping matches a renamed question.
    renamed = compare_waves(now, then, "2018", mapping={"q2": "old"})["questions"][1]
    assert renamed["comparison"]["results"][0]["earlier_percent"] == 0.2  # 1 of 400


def _earlier_wave(store: Store) -> None:
    """pulse_2018: the same questions, eight returns in 2018, two fewer agreeing."""
    seed_pulse(store)
    earlier = dataclasses.replace(pulse_questionnaire(), form_id="pulse_2018")
    store.forms.save(earlier)
    answers = ["agree", "neutral", "disagree", "agree", "neutral", "disagree", "agree", "agree"]
    for number, (organisation, value) in enumerate(
        zip(store.register.list(), answers, strict=False)
    ):
        uuid = store.interviews.create(
            "pulse_2018",
            organisation_id=organisation.id,
            status="complete",
            started_at=f"2018-10-0{number + 1}T10:00:00",
        ).uuid
        store.interviews.save_answers(uuid, {"right_approach": value})


def test_compare_with_an_earlier_form_in_the_store(store):
    _earlier_wave(store)
    result = compare_with(store, "pulse", "pulse_2018")
    right = next(q for q in result["questions"] if q["name"] == "right_approach")
    comparison = right["comparison"]
    # Now 5 of 8 agree (62.5%); in 2018 4 of 8 (50%): +12.5 points, far within the margin.
    assert comparison["change"] == 12.5 and not comparison["significant"]
    assert comparison["sentence"] == "63% (50% in 2018, a change within the margin of error)"
    assert right["headline"].startswith(
        "Five of the eight respondents (63%; 50% in 2018, a change within the margin of error)"
        " agree that"
    )
    assert result["comparison"]["with"] == "2018"


def test_compare_with_an_earlier_revision(store):
    seed_pulse(store)  # eight returns on revision 1
    revised = dataclasses.replace(pulse_questionnaire(), version="2")
    store.forms.save(revised)
    for organisation in store.register.list()[:6]:
        uuid = store.interviews.create(
            "pulse", organisation_id=organisation.id, status="complete"
        ).uuid
        store.interviews.save_answers(uuid, {"right_approach": "strongly_agree"})
    result = compare_with(store, "pulse", "1")
    assert result["interviews"] == 6 and result["comparison"]["interviews"] == 8
    right = next(q for q in result["questions"] if q["name"] == "right_approach")
    # 6 of 6 now against 5 of 8: pooled 11/14, z = 0.375 / 0.2216 = 1.69, short of 1.96.
    assert right["comparison"]["z"] == 1.69 and not right["comparison"]["significant"]
    with pytest.raises(FindingsError, match="earlier revision than 2"):
        compare_with(store, "pulse", "2")
    with pytest.raises(FindingsError, match="neither a questionnaire nor a revision"):
        compare_with(store, "pulse", "nope")


def test_the_report_states_the_rule_and_the_change(store, tmp_path):
    _earlier_wave(store)
    pdf = publish_report(store, "pulse", tmp_path / "r.pdf", compare="pulse_2018")
    words = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "called up or down only where a two-proportion z-test finds it significant" in words
    assert "(63%; 50% in 2018, a change within the margin of error) agree that" in words
    docx = publish_report(store, "pulse", tmp_path / "r.docx", compare="pulse_2018", fmt="docx")
    document = Document(str(docx))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "two-proportion z-test" in text and "50% in 2018" in text
    # Each answer's earlier share and change in points, in the PDF's table and Word's alike.
    results = next(t for t in document.tables if t.rows[0].cells[0].text == "Answer")
    assert [c.text for c in results.rows[0].cells][-1] == "2018, change"
    changes = {row.cells[0].text: row.cells[-1].text for row in results.rows[1:]}
    for label, cell in changes.items():
        assert re.fullmatch(r"\d+%, [+-]\d+\.\d (up|down|within margin)", cell), (label, cell)
        assert cell in words


def test_engage_findings_compare(db_path, capsys):
    store = Store.open(db_path)
    _earlier_wave(store)
    store.close()
    main(["--db", str(db_path), "findings", "--questionnaire", "pulse", "--compare", "pulse_2018"])
    out = capsys.readouterr().out
    assert "Compared with 2018 (8 returns)." in out and "50% in 2018" in out
    with pytest.raises(SystemExit) as done:
        main(["--db", str(db_path), "findings", "--questionnaire", "pulse", "--compare", "x"])
    assert done.value.code == 1
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_a_headline_without_the_compared_figure_is_not_given_a_stray_change():
    now = _findings({"q1": [("a", 244), ("b", 156)]}, 400)
    then = _findings({"q1": [("a", 208), ("b", 192)]}, 400)
    now["questions"][0]["headline"] = "Partners: a mean of 13.88 and a median of 9."
    result = compare_waves(now, then, "2018")
    assert result["questions"][0]["headline"] == "Partners: a mean of 13.88 and a median of 9."
    assert result["questions"][0]["comparison"]["significant"]  # still in the tables
