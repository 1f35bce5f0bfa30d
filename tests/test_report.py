"""The PDF report read back as a person would: its words, through pypdf.

Most tests use a hand-built findings dict (the shape `engage findings --format json`
gives), so the report is checked apart from the findings engine.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from engagement_tui.findings.results import percent_of
from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.report import ReportSettings, write_report
from engagement_tui.report.metadata import gather
from engagement_tui.report.narrative import parse, to_flowables

ROOT = Path(__file__).resolve().parents[1]
MARKUP = '<img src="http://x/y.png"/> <b>not bold</b> Smith & Sons a < b'
WORLD = "Gwasanaeth ŵ ŷ · Zażółć gęślą jaźń · Ελληνικά · Кириллица"
SCALE = [
    ("sa", "Strongly agree", 20),
    ("a", "Agree", 41),
    ("n", "Neither agree nor disagree", 15),
    ("d", "Disagree", 14),
    ("sd", "Strongly disagree", 10),
]


def _results(items, base):
    return [
        {"value": v, "label": lab, "count": c, "percent": percent_of(c, base)}
        for v, lab, c in items
    ]


def findings_fixture() -> dict:
    return {
        "questionnaire": {
            "form_id": "member_survey",
            "version": "1",
            "title": "Member survey 2026",
        },
        "interviews": 112,
        "threshold": 5,
        "questions": [
            {
                "name": "right_approach",
                "label": f"Is this the right approach? {MARKUP}",
                "type": "select_one",
                "section": "Partnership",
                "base": 100,
                "results": _results(SCALE, 100),
                "headline": "Six in ten respondents (61%) agree that ICSs are the right approach",
                "breakdown": {
                    "organisation_type": {
                        "NHS trust": {"base": 60, "results": _results(SCALE, 100)},
                        "Local authority": {"base": 3, "suppressed": True},
                    }
                },
                "suppressed": False,
            },
            {
                "name": "priorities",
                "label": "Which are your priorities?",
                "type": "select_multiple",
                "section": "Partnership",
                "base": 90,
                "results": _results([("w", "Workforce", 70), ("f", WORLD, 50)], 90),
                "headline": "Most leaders (78%) name workforce as a priority",
                "breakdown": {},
                "suppressed": False,
            },
            {
                "name": "order",
                "label": "Rank these",
                "type": "rank",
                "section": "Priorities",
                "base": 50,
                "results": [
                    {
                        "value": "a",
                        "label": "Alpha",
                        "count": 20,
                        "percent": 40,
                        "mean_rank": 1.8,
                    },
                    {"value": "b", "label": "Beta", "count": 30, "percent": 60, "mean_rank": 1.2},
                ],
                "headline": "Three in five (60%) rank Beta first",
            },
            {
                "name": "staff",
                "label": "How many staff?",
                "type": "integer",
                "section": "About you",
                "base": 80,
                "summary": {"n": 80, "mean": 1234.5, "median": 900, "min": 3, "max": 12000},
                "results": [],
            },
            {
                "name": "tiny",
                "label": "A rarely asked question",
                "type": "select_one",
                "section": "About you",
                "base": 3,
                "results": [],
                "suppressed": True,
                "headline": "",
            },
            {
                "name": "why",
                "label": "Why do you say that?",
                "type": "text",
                "section": "Open",
                "base": 60,
                "themes": [
                    {"theme": "Funding", "description": "", "count": 20, "percent": 33},
                    {"theme": "Workforce", "description": "", "count": 12, "percent": 20},
                ],
                "quotes": [
                    {"text": "We need more money.", "attribution": "Jane Smith, Chief Executive"},
                    {"text": "Too much paperwork.", "attribution": "Director of Finance"},
                    {"text": "Quiet voice.", "attribution": ""},
                ],
            },
        ],
        "key_findings": [],
    }


META = {
    "interviews": 112,
    "survey_responses": 60,
    "modes": {"in person": 30, "phone": 22, "online survey": 60},
    "interviewers": ["Ann Lee", "Bob Roy"],
    "period": {"start": "2026-01-05", "end": "2026-03-30"},
    "organisations": {
        "engaged": 80,
        "register": 140,
        "by_type": [{"name": "NHS trust", "engaged": 40, "register": 60}],
        "by_region": [{"name": "North", "engaged": 50, "register": 70}],
    },
}

NARRATIVE = """# What we recommend

Partners should act **now** and *together*. <img src="http://x/n.png"/> & more

- Fund the workforce plan
- Share data across the system

## Next steps

Plain closing words.
"""


def _pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def report() -> tuple[PdfReader, str]:
    buffer = io.BytesIO()
    settings = ReportSettings(organisation="NHS Confederation", programme="Member engagement")
    write_report(findings_fixture(), META, buffer, narrative_md=NARRATIVE, settings=settings)
    return _pdf_text(buffer.getvalue())


def _flat(value: str) -> str:
    return " ".join(value.split())


def test_cover_contents_and_page_numbers(report):
    reader, words = report
    assert "Member survey 2026" in words and "NHS Confederation" in words
    assert "Page 1 of" in words and f"Page {len(reader.pages)} of {len(reader.pages)}" in words
    contents = reader.pages[1].extract_text()
    for part in ("Contents", "Key points", "Method", "Findings", "Themes and quotes", "Appendix"):
        assert part in contents


def test_headlines_and_bases(report):
    _, words = report
    flat = _flat(words)
    assert "Six in ten respondents (61%) agree that ICSs are the right approach" in flat
    assert "Base: 100 respondents" in flat and "Base: 90 respondents" in flat
    assert "Most leaders (78%) name workforce as a priority" in flat


def test_user_markup_appears_literally(report):
    reader, words = report
    flat = _flat(words)
    assert '<img src="http://x/y.png"/>' in flat and "<b>not bold</b>" in flat
    assert "Smith & Sons a < b" in flat
    assert '<img src="http://x/n.png"/> & more' in flat  # in the narrative too
    assert all(not page.images for page in reader.pages)  # nothing was fetched and drawn


def test_non_latin_text_comes_back(report):
    _, words = report
    for fragment in ("ŵ ŷ", "Zażółć gęślą jaźń", "Ελληνικά", "Кириллица"):
        assert fragment in words


def test_suppressed_cells_are_marked_with_a_footnote(report):
    _, words = report
    assert "(base 3)" in _flat(words)
    assert "* not shown: a base under 5" in words
    assert "Fewer than 5 respondents answered, so results are not shown." in _flat(words)


def test_quotes_carry_only_the_given_attribution(report):
    _, words = report
    assert words.count("Jane Smith") == 1
    assert "— Jane Smith, Chief Executive" in words
    role_only = next(line for line in words.splitlines() if "Director of Finance" in line)
    assert role_only.strip() == "— Director of Finance"
    assert "Quiet voice." in words


def test_theme_counts(report):
    _, words = report
    assert "Funding 20 33%" in _flat(words) and "Workforce 12 20%" in _flat(words)


def test_narrative_bold_bullets_and_headings(report):
    _, words = report
    assert "What we recommend" in words and "Next steps" in words
    assert "Fund the workforce plan" in words
    assert "**" not in words


def test_method_states_register_coverage_and_interviewers(report):
    _, words = report
    flat = _flat(words)
    assert "80 of the 140 organisations in the member register took part." in flat
    assert "Ann Lee, Bob Roy" in flat and "52 interviews and 60 online survey responses" in flat


def test_appendix_lists_every_question(report):
    reader, _ = report
    appendix = _flat(reader.pages[-1].extract_text())
    for name in ("right_approach", "priorities", "order", "staff", "tiny", "why"):
        assert name in appendix


def test_write_to_a_path(tmp_path):
    target = tmp_path / "report.pdf"
    write_report(findings_fixture(), {}, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Engagement programme" in _pdf_text(target.read_bytes())[1]


def test_markdown_parser_escapes_and_formats():
    blocks = parse("# Title <x>\n\nA **bold** and *it* & 2 * 3\n\n- one\n  more\n* two\n")
    assert blocks == [
        ("h1", "Title &lt;x&gt;"),
        ("para", "A <b>bold</b> and <i>it</i> &amp; 2 * 3"),
        ("bullet", "one more"),
        ("bullet", "two"),
    ]


def test_gather_metadata_from_the_store(store):
    store.forms.save(
        Questionnaire(
            "f",
            "F",
            questions=(Question("q", "select_one", "Q", choice_list="yn"),),
            choice_lists=(ChoiceList("yn", (Choice("y", "Yes"),)),),
        )
    )
    trust = store.register.add("Trust A", "NHS trust", "North")
    store.register.add("Council B", "Local authority", "South")
    store.interviews.create("f", organisation_id=trust.id, interviewer="Ann", status="complete")
    store.interviews.create("f", organisation_id=trust.id, mode="online survey", status="complete")
    store.interviews.create("f", interviewer="Drafty", status="draft")
    meta = gather(store, "f")
    assert meta["interviews"] == 2 and meta["survey_responses"] == 1
    assert meta["interviewers"] == ["Ann"]
    assert meta["organisations"]["engaged"] == 1 and meta["organisations"]["register"] == 2
    assert {"name": "NHS trust", "engaged": 1, "register": 1} in meta["organisations"]["by_type"]
    assert meta["period"]["start"] <= meta["period"]["end"]


def _engage(db_path, *args, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "engagement_tui", "--db", str(db_path), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_command_unknown_form(db_path):
    _engage(db_path, "init")
    done = _engage(db_path, "report", "--questionnaire", "nope")
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("engage: no questionnaire 'nope' (see: ")
    assert line.endswith(f"engage --db {db_path} questionnaire list)")


def test_report_command_unreadable_narrative(store, db_path, tmp_path):
    store.forms.save(Questionnaire("f", "F"))
    done = _engage(db_path, "report", "--questionnaire", "f", "--narrative", str(tmp_path / "x.md"))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"engage: {tmp_path / 'x.md'}: No such file or directory"]


OPEN_FORM = Questionnaire(
    "views",
    "Views of partnership",
    groups=(Group("open", "In your words"),),
    questions=(
        Question("agree", "select_one", "Do you agree?", choice_list="yn", groups=("open",)),
        Question("why", "text", "Why do you say that?", groups=("open",)),
    ),
    choice_lists=(ChoiceList("yn", (Choice("yes", "Yes"), Choice("no", "No"))),),
)


def _fill_open_form(store) -> None:
    store.forms.save(OPEN_FORM)
    trust = store.register.add("Northshire NHS Trust", "NHS trust", "North")
    funding = store.coding.add_theme("views", "Funding and planning")
    people = [
        ("Jane Smith", "Chief Executive", "named", "Named view: the plan works well for us."),
        ("Omar Khan", "Director of Finance", "role_only", "Role-only view: money is too tight."),
        ("Ann Other", "Chair", "anonymous", "Anonymous view: we were never asked."),
    ] + [(f"Person {i}", "Manager", "anonymous", "OK.") for i in range(4)]
    for name, role, attribution, why in people:
        interview = store.interviews.create(
            "views",
            organisation_id=trust.id,
            respondent=name,
            role=role,
            attribution=attribution,
            status="complete",
            interviewer="Ann Lee",
        )
        store.interviews.save_answers(interview.uuid, {"agree": "yes", "why": why or None})
        if "money" in why or "plan" in why:
            store.coding.code(funding.id, interview.uuid, question="why")


def test_quotes_from_the_store_honour_attribution(store):
    from engagement_tui.findings import compute_findings

    _fill_open_form(store)
    # Quotes are published once approved; Ann Other's is not approved, so never printed.
    candidates = store.quotes.candidates("views", ["why"])
    store.quotes.approve(c["key"] for c in candidates if c["respondent"] != "Ann Other")
    buffer = io.BytesIO()
    write_report(
        compute_findings(store, "views", by="organisation_type"), gather(store, "views"), buffer
    )
    _, words = _pdf_text(buffer.getvalue())
    flat = _flat(words)
    assert "we were never asked" not in flat
    assert "Named view: the plan works well for us." in flat and "Jane Smith" in flat
    assert "Role-only view: money is too tight." in flat
    assert "Omar Khan" not in flat and "Ann Other" not in flat
    assert "Director of Finance".lower() in flat.lower()
    assert "(base 7)" in flat  # the breakdown by member type
    assert "Funding and planning 2 29%" in flat  # theme counts from coding


def test_report_command_writes_the_default_path(store, db_path, tmp_path):
    _fill_open_form(store)
    narrative = tmp_path / "recs.md"
    narrative.write_text("# Recommendations\n\n- Ask **everyone**\n", encoding="utf-8")
    done = _engage(
        db_path, "report", "--questionnaire", "views", "--narrative", str(narrative), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    printed = Path(done.stdout.strip())
    assert printed.parent == Path("exports") and printed.name.startswith("views-")
    assert printed.suffix == ".pdf"
    _, words = _pdf_text((tmp_path / printed).read_bytes())
    assert "Ask everyone" in words and "Views of partnership" in words
    assert [p.name for p in (tmp_path / "exports").iterdir()] == [printed.name]


def test_failed_report_leaves_the_previous_pdf_whole(store, db_path, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from engagement_tui.cli import cli

    _fill_open_form(store)
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF- previous report")

    def half_then_fail(findings, meta, out, **kwargs):
        out.write(b"%PDF- half of a new one")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("engagement_tui.report.write_report", half_then_fail)
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "report", "--questionnaire", "views", "-o", str(target)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == f"engage: could not write {target}: No space left on device"
    assert target.read_bytes() == b"%PDF- previous report"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.pdf")]


def test_report_command_unknown_breakdown_field(store, db_path):
    _fill_open_form(store)
    done = _engage(db_path, "report", "--questionnaire", "views", "--by", "shoe_size")
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 and "shoe_size" in done.stderr


TOKENS = ["a", "b", " ", "\n", "<", ">", "&", "*", "**", "#", "- ", "1. ", "<b>", "</i>", "ŵ", '"']


def _build(markdown: str) -> bytes:
    from reportlab.platypus import SimpleDocTemplate

    from engagement_tui.report.styles import make_styles

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build(to_flowables(markdown, make_styles(ReportSettings())))
    return buffer.getvalue()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), min_size=1).map("".join))
def test_any_narrative_builds_without_fetching_anything(markdown):
    if not markdown.strip():
        return
    reader, _ = _pdf_text(_build(markdown))
    assert all(not page.images for page in reader.pages)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", " ", "<", ">", "&", "<b>", "</i>", "ŵ", '"']), min_size=1
    ).map("".join)
)
def test_plain_narrative_text_comes_back_literally(markdown):
    if not markdown.strip():
        return
    assert _flat(_pdf_text(_build(markdown))[1]).replace(" ", "") == markdown.replace(" ", "")


def test_a_breakdown_that_only_restates_its_grouping_is_left_out():
    from engagement_tui.report.tables import restates_grouping

    def group(**counts):
        total = sum(counts.values())
        return {
            "base": total,
            "results": [
                {"label": label, "count": n, "percent": percent_of(n, total)}
                for label, n in counts.items()
            ],
        }

    by_type = {
        "NHS trust": group(**{"NHS trust": 6, "Council": 0}),
        "council": group(**{"NHS trust": 0, "Council": 9}),
    }
    polarised = {"NHS trust": group(Agree=6, Disagree=0), "Council": group(Agree=0, Disagree=9)}
    assert restates_grouping(by_type)
    assert not restates_grouping(polarised)
    assert not restates_grouping({"Council": {"base": 2, "suppressed": True}})


def test_a_narrative_titled_by_its_author_is_not_titled_twice():
    buffer = io.BytesIO()
    narrative = "# Recommendations\n\n- Fund multi-year settlements\n"
    write_report(findings_fixture(), META, buffer, narrative_md=narrative)
    _, words = _pdf_text(buffer.getvalue())
    body = words.split("Fund multi-year settlements")[0].rsplit("Page", 1)[-1]
    assert body.count("Recommendations") == 1


def test_a_question_nobody_answered_is_only_in_the_appendix():
    from engagement_tui.report.sections import reportable

    nobody = {"name": "org_other", "type": "text", "base": 0, "suppressed": True}
    few = {"name": "tiny", "type": "select_one", "base": 3, "suppressed": True}
    assert not reportable(nobody)
    assert reportable(few)  # asked, but too few answered: shown as suppressed


def test_a_numbered_list_comes_out_numbered():
    assert parse("Intro\n\n1. First\n2. Second\n   more\n- a bullet\n") == [
        ("para", "Intro"),
        ("number", "First"),
        ("number", "Second more"),
        ("bullet", "a bullet"),
    ]
    words = _flat(_pdf_text(_build("1. First\n\n2. Second\n\nA paragraph\n\n1. Again\n"))[1])
    assert words == "1. First 2. Second A paragraph 1. Again"


def test_a_mean_is_printed_as_the_headline_gives_it():
    """The table said 13.9 under a headline saying 13.88: one number, printed once."""
    findings = {
        "questionnaire": {"form_id": "n", "title": "Numbers"},
        "interviews": 67,
        "threshold": 5,
        "questions": [
            {
                "name": "partners",
                "label": "How many partners?",
                "type": "integer",
                "role": "finding",
                "section": "S",
                "base": 67,
                "suppressed": False,
                "headline": '"How many partners?": a mean of 13.88 and a median of 9.',
                "results": [{"value": "0-10", "label": "0 to 9", "count": 67, "percent": 100}],
                "summary": {"n": 67, "mean": 13.88, "median": 9, "min": 2, "max": 41},
            }
        ],
    }
    buffer = io.BytesIO()
    write_report(findings, {}, buffer)
    flat = _flat(_pdf_text(buffer.getvalue())[1])
    assert "67 13.88 9 2 41" in flat and "13.9 " not in flat


def test_headline_chart_and_table_print_the_same_percentage(store):
    """30 of 48 is 62.5%: 63% in the headline sat above a 62% bar; now 63% everywhere."""
    from engagement_tui.findings import compute_findings

    store.forms.save(OPEN_FORM)
    for index in range(48):
        interview = store.interviews.create("views", status="complete")
        store.interviews.save_answers(interview.uuid, {"agree": "yes" if index < 30 else "no"})
    buffer = io.BytesIO()
    write_report(compute_findings(store, "views"), gather(store, "views"), buffer)
    flat = _flat(_pdf_text(buffer.getvalue())[1])
    assert "(63%)" in flat and "Yes 30 63%" in flat  # headline and table
    assert flat.count("63%") == 4  # key point, headline, chart bar label, table
    assert "62%" not in flat and "62.5" not in flat
