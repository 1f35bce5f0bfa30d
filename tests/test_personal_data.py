"""Personal data in free text: found, redacted in reports and exports; quotes only once approved.

The demo programme holds an anonymous respondent's answer with their name, mobile number
and email, and interviewers' quotes of which about three in four are approved. The PDF is
read back page by page.
"""

from __future__ import annotations

import csv
import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from engagement_tui.cli import cli
from engagement_tui.demo import fill_with_demo
from engagement_tui.findings import compute_findings
from engagement_tui.findings.redaction import Redactor
from engagement_tui.store import Store

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+44|\b0)\d(?:[\s-]?\d){8,9}\b")


def test_redactor_finds_each_kind_of_personal_data():
    redactor = Redactor(["Dr Priya Shah"], ["Northdale NHS Foundation Trust"])
    text = (
        "Call Priya on 07700 900123 or +44 (0)20 7946 0958, priya.shah@nhs.net; NHS number"
        " 943 476 5919, LS1 4AP. Shah works at Northdale NHS Foundation Trust since 2019."
    )
    assert redactor.redact(text) == (
        "Call [name] on [phone] or [phone], [email]; NHS number [NHS number], [postcode]."
        " [name] works at [organisation] since 2019."
    )
    kinds = {kind for kind, _ in redactor.find(text)}
    assert kinds == {"name", "phone", "email", "NHS number", "postcode", "organisation"}
    assert Redactor(["Will Bell"]).redact("we will ring the bell") == "we will ring the bell"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = Store.open(path)
    fill_with_demo(store)
    store.close()
    return path


def _run(db, *args):
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_report_prints_no_email_phone_or_unapproved_quote(demo, tmp_path):
    pdf = tmp_path / "leaders.pdf"
    _run(demo, "report", "--questionnaire", "leaders_interview", "-o", str(pdf))
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    words = " ".join(" ".join(page.split()) for page in pages)
    assert not EMAIL.search(words), EMAIL.search(words)
    assert not PHONE.search(words), PHONE.search(words)
    assert "07700" not in words and "David Thompson" not in words
    store = Store.open(demo)
    try:
        candidates = store.quotes.candidates("leaders_interview", ["anything_else"])
    finally:
        store.close()
    unapproved = {" ".join(c["text"].split()) for c in candidates if not c["approved"]}
    approved = {" ".join(c["text"].split()) for c in candidates if c["approved"]}
    printed = set(re.findall(r"“([^”]+)”", words))
    assert printed, "the quote bank is empty: approved interviewer quotes should be printed"
    for quote in printed:
        assert quote in approved or quote not in unapproved, quote


def test_quotes_are_approved_interviewer_quotes_first_never_the_longest_answers(demo):
    store = Store.open(demo)
    try:
        findings = compute_findings(store, "leaders_interview")
        candidates = store.quotes.candidates("leaders_interview", [])
    finally:
        store.close()
    approved = {c["text"] for c in candidates if c["approved"]}
    quoted = [q for entry in findings["questions"] for q in entry.get("quotes") or []]
    assert quoted and all(q["text"] in approved for q in quoted)
    texts = [q["text"] for q in quoted]
    assert len(texts) == len(set(texts))  # the report quotes the same words once
    assert all(q["source"] == "interviewer" for q in quoted)
    system = next(e for e in findings["questions"] if e["name"] == "system_name")
    assert "quotes" not in system  # ICS names are facts about the respondent, not quotes


def test_quotes_cli_lists_flags_and_approves(demo, tmp_path):
    listed = _run(demo, "quotes", "list", "--questionnaire", "leaders_interview", "--pending")
    assert "personal data: email, name, phone (redacted in reports)" in listed
    key = re.search(r"^(N\d+)  pending", listed, re.MULTILINE).group(1)
    assert _run(demo, "quotes", "approve", key).strip() == "approved 1 quote"
    after = _run(demo, "quotes", "list", "--questionnaire", "leaders_interview")
    assert f"{key}  approved" in after
    assert _run(demo, "quotes", "revoke", key).strip() == "revoked 1 quote"
    bad = CliRunner().invoke(cli, ["--db", str(demo), "quotes", "approve", "N999999"])
    assert bad.exit_code == 1 and "no quote 'N999999'" in bad.output


def test_pseudonymised_exports_keep_no_contact_details_or_names(demo, tmp_path):
    _run(
        demo,
        "export",
        "--questionnaire",
        "leaders_interview",
        "--format",
        "csv",
        "-o",
        str(tmp_path),
    )
    wide = next(tmp_path.glob("*-wide.csv"))
    text = wide.read_text("utf-8-sig")
    assert not EMAIL.search(text) and "07700" not in text and "David Thompson" not in text
    assert "[phone]" in text and "[email]" in text
    rows = list(csv.DictReader(wide.open(encoding="utf-8-sig")))
    anonymous = [r for r in rows if r["attribution"] == "anonymous"]
    assert anonymous and all(r["role"] == "" for r in anonymous)
    assert all(r["organisation"].startswith(r["organisation_type"]) for r in anonymous)


def test_the_method_counts_demo_interviews_as_interviews_and_names_interviewers(demo, tmp_path):
    pdf = tmp_path / "leaders.pdf"
    _run(demo, "report", "--questionnaire", "leaders_interview", "-o", str(pdf))
    words = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "These findings draw on 48 completed interviews." in words
    assert "Interviews were carried out by 5 interviewers:" in words
    assert "0 interviews" not in words
