"""A questionnaire in several languages: every language kept, the default_language shown,
texts switched without touching answers, and plain mode, findings, report and export in
any language the form has (one the form lacks refused in one line naming those it has)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engagement_tui.interview.session import InterviewSession
from engagement_tui.interview.translations import UnknownLanguage
from engagement_tui.loaders import load
from engagement_tui.plain.interview import run_plain
from engagement_tui.store import Store
from tests.test_prompts import ScriptedPrompts

COUNCIL = """\
| survey |
| | type | name | label::English (en) | label::Kiswahili (sw) | hint::English (en) | hint::Kiswahili (sw) | calculation |
| | begin group | intro | About you | Kuhusu wewe | | | |
| | select_one yn | works | Do you work with the council? | Je, unafanya kazi na halmashauri? | Choose one | Chagua moja | |
| | select_multiple topics | topics | Which topics matter most? | Mada gani ni muhimu zaidi? | | | |
| | calculate | works_label | | | | | jr:choice-name(${works}, '${works}') |
| | end group | | | | | | |
| choices |
| | list_name | name | label::English (en) | label::Kiswahili (sw) |
| | yn | yes | Yes | Ndiyo |
| | yn | no | No | Hapana |
| | topics | water | Water | Maji |
| | topics | roads | Roads | Barabara |
| settings |
| | form_id | form_title | default_language |
| | council | Council survey | Kiswahili (sw) |
"""  # noqa: E501 (a table reads best one row a line)


@pytest.fixture
def council(tmp_path) -> Path:
    path = tmp_path / "council.md"
    path.write_text(COUNCIL, encoding="utf-8")
    return path


def engage(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engagement_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=180,
    )


def test_every_language_is_kept_and_the_default_language_is_shown(council):
    questionnaire = load(council)
    assert questionnaire.languages == ("Kiswahili (sw)", "English (en)")
    assert questionnaire.language == "Kiswahili (sw)"
    works = questionnaire.question("works")
    assert (works.label, works.hint) == ("Je, unafanya kazi na halmashauri?", "Chagua moja")
    english = questionnaire.in_language("English (en)")
    assert (english.question("works").label, english.question("works").hint) == (
        "Do you work with the council?",
        "Choose one",
    )
    assert english.groups[0].label == "About you"
    assert [c.label for c in english.choices(english.question("topics")).choices] == [
        "Water",
        "Roads",
    ]
    # names, expressions and choice names are the same in every language
    assert [q.name for q in english.questions] == [q.name for q in questionnaire.questions]
    assert english.choice_lists[0].names == questionnaire.choice_lists[0].names
    assert english.in_language("sw") == questionnaire


def test_a_language_is_named_by_name_or_code_and_an_unknown_one_lists_those_there_are(council):
    questionnaire = load(council)
    assert questionnaire.in_language("en").language == "English (en)"
    assert questionnaire.in_language("english").language == "English (en)"
    with pytest.raises(UnknownLanguage) as refused:
        questionnaire.in_language("fr")
    assert str(refused.value) == (
        "questionnaire 'council' has no language 'fr' (it has: Kiswahili (sw), English (en))"
    )


def test_switching_language_changes_texts_never_answers_or_calculations(council):
    session = InterviewSession(load(council))
    assert session.answer("works", "yes").ok
    assert session.calculations()["works_label"] == "Ndiyo"
    stored = dict(session.answers)
    session.switch_language("en")
    assert session.current.label == "Do you work with the council?"
    assert session.answers == stored
    assert session.calculations()["works_label"] == "Ndiyo"  # as stored, whatever is shown
    assert session.answer("topics", ["roads"]).ok
    assert session.answers == {**stored, "topics": ["roads"]}


def test_plain_mode_asks_in_the_language_given(council, store, monkeypatch, capsys):
    store.forms.save(load(council))
    uuid = store.interviews.create("council").uuid
    prompts = ScriptedPrompts(
        [
            ("Resume a draft", uuid),
            ("Do you work with the council?", "no"),
            ("Which topics matter most?", ["water"]),
            ("complete?", KeyboardInterrupt),
        ]
    )
    prompts.install(monkeypatch)
    run_plain(store, "council", language="en")
    assert store.interviews.answers(uuid) == {
        "works": "no",
        "topics": ["water"],
        "works_label": "Hapana",
    }
    assert not any("halmashauri" in message for message in prompts.asked)
    resume = [line for line in capsys.readouterr().out.splitlines() if "resume with" in line]
    assert resume and "--plain --language" in resume[0]  # to come back in the same language


def _with_returns(db: Path, council: Path) -> None:
    assert engage(db, "questionnaire", "import", str(council)).returncode == 0
    with Store.open(db) as store:
        for index in range(6):
            uuid = store.interviews.create("council", status="complete").uuid
            answers = {"works": "yes" if index % 3 else "no", "topics": ["water", "roads"]}
            store.interviews.save_answers(uuid, answers)


def test_report_findings_and_export_in_a_second_language(council, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    db = tmp_path / "engage.db"
    _with_returns(db, council)
    pdf = tmp_path / "council-en.pdf"
    made = engage(db, "report", "--questionnaire", "council", "--language", "en", "-o", str(pdf))
    assert made.returncode == 0, made.stderr
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Which topics matter most?" in text and "Water" in text
    assert "Mada gani" not in text and "Maji" not in text
    default = tmp_path / "council.pdf"
    engage(db, "report", "--questionnaire", "council", "-o", str(default))
    assert "Mada gani ni muhimu zaidi?" in " ".join(
        page.extract_text() for page in PdfReader(default).pages
    )
    found = engage(
        db, "findings", "--questionnaire", "council", "--format", "json", "--language", "en"
    )
    assert found.returncode == 0, found.stderr
    labels = json.dumps(json.loads(found.stdout), ensure_ascii=False)
    assert "Do you work with the council?" in labels and "Halmashauri" not in labels
    out = tmp_path / "exports"
    exported = engage(
        db, "export", "--questionnaire", "council", "--format", "xlsx", "--language", "en",
        "-o", str(out),
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    (workbook_path,) = out.glob("*.xlsx")
    workbook = load_workbook(workbook_path, read_only=True)
    cells = {str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row}
    assert "Yes" in cells and "Ndiyo" not in cells


def test_a_language_the_form_lacks_is_one_line_and_nothing_is_written(council, tmp_path):
    db = tmp_path / "engage.db"
    _with_returns(db, council)
    pdf = tmp_path / "council-fr.pdf"
    expected = "questionnaire 'council' has no language 'fr' (it has: Kiswahili (sw), English (en))"
    for args in (
        ("report", "--questionnaire", "council", "-o", str(pdf)),
        ("export", "--questionnaire", "council", "--format", "csv", "-o", str(tmp_path / "x")),
        ("findings", "--questionnaire", "council"),
        ("interview", "--questionnaire", "council", "--plain"),
    ):
        result = engage(db, *args, "--language", "fr")
        assert result.returncode == 1, args
        assert result.stderr.strip().splitlines() == [f"engage: {expected}"], args
    assert not pdf.exists() and not (tmp_path / "x").exists()
