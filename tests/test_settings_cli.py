"""`engage settings`: the report's branding kept in the database, used by every report."""

from __future__ import annotations

from click.testing import CliRunner

from engagement_tui.cli import cli
from tests.test_report import _fill_open_form, _pdf_text


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


def test_branding_is_stored_listed_and_used_by_the_report(store, db_path, tmp_path):
    _fill_open_form(store)
    assert (
        run(db_path, "settings", "set", "report.organisation", "NHS Confederation").exit_code == 0
    )
    assert run(db_path, "settings", "set", "report.primary_colour", "#005EB8").exit_code == 0
    listed = run(db_path, "settings", "list").stdout
    assert "NHS Confederation" in listed and "#005EB8" in listed and "(default)" in listed

    target = tmp_path / "report.pdf"
    result = run(db_path, "report", "--questionnaire", "views", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    _, words = _pdf_text(target.read_bytes())
    assert "NHS Confederation" in words

    overridden = run(
        db_path, "report", "--questionnaire", "views", "-o", str(target), "--organisation", "ADASS"
    )
    assert overridden.exit_code == 0
    _, words = _pdf_text(target.read_bytes())
    assert "ADASS" in words and "NHS Confederation" not in words


def test_bad_names_and_colours_are_refused_in_one_line(store, db_path):
    unknown = run(db_path, "settings", "set", "report.colour", "#005EB8")
    assert unknown.exit_code == 1 and "unknown setting 'report.colour'" in unknown.stderr
    bad = run(db_path, "settings", "set", "report.primary_colour", "blue")
    assert bad.exit_code == 1
    assert bad.stderr.strip() == (
        "engage: report.primary_colour: 'blue' is not a colour like #1F4E79"
    )
    assert store.settings.get("report.primary_colour") is None


def test_an_empty_value_goes_back_to_the_default(store, db_path):
    run(db_path, "settings", "set", "report.programme", "Spring listening exercise")
    assert run(db_path, "settings", "set", "report.programme", "").exit_code == 0
    listed = run(db_path, "settings", "list").stdout
    assert "Spring listening exercise" not in listed
    assert "report.programme       (default)" in listed
