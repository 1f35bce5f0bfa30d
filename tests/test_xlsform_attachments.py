"""XLSForm data from outside the survey sheet: pulldata() and select_*_from_file attachments
beside the form, and select_one_external's external_choices sheet, in small forms written
for these tests: read, checked, stored with the revision, carried in a kit, and used by
interviews and survey-return import alike."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engagement_tui.interview.session import InterviewSession
from engagement_tui.loaders import check, load
from engagement_tui.loaders.xlsform_external import read_csv_rows
from engagement_tui.store import Store

SURVEY = """\
| survey |
| | type | name | label | calculation | choice_filter |
| | text | person_id | Person's id | | |
| | calculate | person_name | | pulldata('people', 'name', 'key', ${person_id}) | |
| | select_one_from_file regions.csv | region | Region | | |
| | select_one_from_file districts.csv | district | District | | region=${region} |
| | select_multiple_from_file crops.xml | crops | Crops | | |
| | select_one_external towns | town | Town | | district=${district} |
| | note | hello | Hello ${person_name} | | |
| settings |
| | form_id | version |
| | places | 1 |
| external_choices |
| | list_name | name | label | district |
| | towns | t1 | Kati | kati |
| | towns | t2 | Koulikoro town | koulikoro |
| | towns | t3 | Timbuktu town | timbuktu |
"""

FILES = {
    "people.csv": "key,name\n1,Awa\n2,Bakary\n",
    "regions.csv": "name,label\nbamako,Bamako\ntimbuktu,Timbuktu\n",
    "districts.csv": "name,label,region\nkati,Kati,bamako\nkoulikoro,Koulikoro,bamako\n"
    "timbuktu,Timbuktu,timbuktu\n",
    "crops.xml": "<root><item><name>millet</name><label>Millet</label></item>"
    "<item><name>rice</name><label>Rice</label></item></root>",
}


def form(tmp_path: Path, skip: str = "", **replaced: str) -> Path:
    folder = tmp_path / "form"
    folder.mkdir(exist_ok=True)
    for name, text in {**FILES, **replaced}.items():
        if name != skip:
            (folder / name).write_text(text, encoding="utf-8")
    path = folder / "places.md"
    path.write_text(SURVEY, encoding="utf-8")
    return path


def engage(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engagement_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )


def test_pulldata_looks_up_the_row_of_the_key(tmp_path):
    session = InterviewSession(load(form(tmp_path)))
    assert session.answer("person_id", "2").ok
    assert session.calculations()["person_name"] == "Bakary"
    assert session.answer("person_id", "9").ok
    assert session.calculations()["person_name"] in ("", None)  # no row: empty, as in ODK


def test_choices_from_files_and_external_choices_follow_their_choice_filter(tmp_path):
    questionnaire = load(form(tmp_path))
    session = InterviewSession(questionnaire)
    assert list(session.choices_for("region").names) == ["bamako", "timbuktu"]
    assert session.answer("region", "bamako").ok
    assert list(session.choices_for("district").names) == ["kati", "koulikoro"]
    assert not session.answer("district", "timbuktu").ok  # a district of another region
    assert session.answer("district", "kati").ok
    assert list(session.choices_for("town").names) == ["t1"]
    assert not session.answer("town", "t3").ok
    assert list(session.choices_for("crops").names) == ["millet", "rice"]
    assert session.answer("crops", ["rice", "millet"]).ok


def test_attachments_are_stored_with_the_revision_and_a_changed_file_is_a_new_one(tmp_path):
    db = tmp_path / "engage.db"
    path = form(tmp_path)
    first = engage(db, "questionnaire", "import", str(path))
    assert first.returncode == 0, first.stderr
    (path.parent / "people.csv").write_text("key,name\n1,Awa\n2,Binta\n", encoding="utf-8")
    second = engage(db, "questionnaire", "import", str(path))
    assert "revision 2" in second.stdout
    # the files' content lives in the database: the folder can go
    for name in FILES:
        (path.parent / name).unlink()
    with Store.open(db) as store:
        stored = store.forms.load("places")
    people = stored.attachment("people.csv")
    assert people is not None and people.rows[-1] == ("2", "Binta")
    session = InterviewSession(stored)
    session.answer("person_id", "2")
    assert session.calculations()["person_name"] == "Binta"
    assert list(session.choices_for("region").names) == ["bamako", "timbuktu"]


def test_attachments_travel_in_a_kit_to_a_laptop(tmp_path):
    from engagement_tui.bundles import merge_files, write_kit

    coordinator, laptop = tmp_path / "coordinator.db", tmp_path / "laptop.db"
    assert engage(coordinator, "questionnaire", "import", str(form(tmp_path))).returncode == 0
    with Store.open(coordinator) as store:
        write_kit(store, tmp_path / "kit.engage", passphrase="correct horse battery")
    with Store.open(laptop) as store:
        merge_files(store, [tmp_path / "kit.engage"], passphrase="correct horse battery")
        carried = store.forms.load("places")
    assert carried is not None
    session = InterviewSession(carried)
    session.answer("person_id", "1")
    assert session.calculations()["person_name"] == "Awa"
    session.answer("region", "timbuktu")
    assert list(session.choices_for("district").names) == ["timbuktu"]


def test_a_missing_attachment_is_one_line_naming_it_and_reading_it_says_so(tmp_path):
    db = tmp_path / "engage.db"
    path = form(tmp_path, skip="people.csv")
    result = engage(db, "questionnaire", "import", str(path))
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "'people.csv' was not found beside the form" in lines[0]
    with Store.open(db) as store:
        session = InterviewSession(store.forms.load("places"))
    session.answer("person_id", "1")
    errors = session.expression_errors()
    assert "people.csv" in str(errors["person_name"])


def test_bad_attachment_content_is_one_line_at_its_file_and_row(tmp_path):
    db = tmp_path / "engage.db"
    engage(db, "init")
    before = db.read_bytes()
    path = form(tmp_path, **{"districts.csv": "name,label,region\nkati,Kati,bamako,extra\n"})
    result = engage(db, "questionnaire", "import", str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"{path.parent / 'districts.csv'}:2:4: the row has 4 cells, the header 3"
    )
    assert db.read_bytes() == before
    bad_xml = form(tmp_path, **{"crops.xml": "<root><item>"})
    assert [str(p).split(": ", 1)[0] for p in check(bad_xml)] == [
        f"{bad_xml.parent / 'crops.xml'}:1:13"
    ]


def test_a_file_list_without_its_columns_or_with_a_nameless_row_is_refused(tmp_path):
    no_label = form(tmp_path, **{"regions.csv": "name,title\nbamako,Bamako\n"})
    assert [str(p) for p in check(no_label)] == [
        f"{no_label}:survey:4: attachment 'regions.csv' has no column 'label' (its columns:"
        " name, title)"
    ]
    nameless = form(tmp_path, **{"regions.csv": "name,label\nbamako,Bamako\n\n,Gao\n"})
    assert [str(p) for p in check(nameless)] == [
        f"{nameless.parent / 'regions.csv'}:4:1: a choice in list 'regions.csv' has no name"
    ]


def test_survey_returns_are_checked_against_the_choices_of_a_file(tmp_path):
    db = tmp_path / "engage.db"
    assert engage(db, "questionnaire", "import", str(form(tmp_path))).returncode == 0
    returns = tmp_path / "returns.csv"
    returns.write_text("person_id,region,district\n1,bamako,timbuktu\n", encoding="utf-8")
    refused = engage(db, "responses", "import", str(returns), "--questionnaire", "places")
    assert refused.returncode == 1
    assert f"{returns}:2:district" in refused.stderr
    returns.write_text("person_id,region,district\n1,bamako,kati\n", encoding="utf-8")
    taken = engage(db, "responses", "import", str(returns), "--questionnaire", "places")
    assert taken.returncode == 0, taken.stderr
    with Store.open(db) as store:
        (interview,) = store.interviews.list(form_id="places")
        assert store.interviews.answers(interview.uuid)["person_name"] == "Awa"


def test_the_definition_keeps_the_files_as_json(tmp_path):
    questionnaire = load(form(tmp_path))
    data = json.loads(json.dumps(questionnaire.to_dict()))
    names = [item["name"] for item in data["attachments"]]
    assert sorted(names) == ["crops.xml", "districts.csv", "people.csv", "regions.csv"]
    assert all(len(item["sha256"]) == 64 for item in data["attachments"])


def test_parameters_name_the_value_and_label_columns_and_osm_is_a_file_question(tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "sites.csv").write_text("code,title\ns1,Site one\ns2,Site two\n", encoding="utf-8")
    path = folder / "sites.md"
    path.write_text(
        "| survey |\n"
        "| | type | name | label | parameters |\n"
        "| | select_one_from_file sites.csv | site | Site | value=code label=title |\n"
        "| | osm buildings | building | Building | |\n"
        "| osm |\n"
        "| | list_name | name | label |\n"
        "| | buildings | roof | Roof |\n",
        encoding="utf-8",
    )
    questionnaire = load(path)
    site = questionnaire.choices(questionnaire.question("site"))
    assert [(c.name, c.label) for c in site.choices] == [("s1", "Site one"), ("s2", "Site two")]
    assert questionnaire.question("building").type == "file"  # the path of the .osm file


CELLS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=3, max_size=3), max_size=12))
def test_a_csv_attachment_reads_back_every_row_as_written(rows):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["key", "name", "label"], *rows])
    columns, read, problems = read_csv_rows("people.csv", buffer.getvalue().encode("utf-8"))
    assert problems == []
    assert columns == ("key", "name", "label")
    assert list(read) == [tuple(cell.strip() for cell in row) for row in rows]


def test_a_select_from_a_missing_file_offers_nothing_and_says_why(tmp_path):
    questionnaire = load(form(tmp_path, skip="regions.csv"))
    session = InterviewSession(questionnaire)
    assert list(session.choices_for("region").names) == []
    assert session.expression_errors() == {
        "region": "choices: attachment 'regions.csv' was not imported"
    }
    assert not session.answer("region", "bamako").ok


def test_external_choices_keep_their_translations_and_rows(tmp_path):
    path = tmp_path / "ext.md"
    path.write_text(
        "| survey |\n"
        "| | type | name | label::en | label::fr |\n"
        "| | select_one_external towns | town | Town | Ville |\n"
        "| choices |\n"  # pyxform wants a translated list named on the choices sheet too
        "| | list_name | name | label::en | label::fr |\n"
        "| | towns | x | X | X |\n"
        "| external_choices |\n"
        "| | list_name | name | label::en | label::fr |\n"
        "| | towns | a | Lakeside | Bord du lac |\n"
        "| | towns | b | Hilltop | Colline |\n",
        encoding="utf-8",
    )
    french = load(path).in_language("fr")
    towns = french.choices(french.question("town"))
    assert [choice.label for choice in towns.choices] == ["Bord du lac", "Colline"]
    session = InterviewSession(french)
    assert session.answer("town", "b").ok and not session.answer("town", "Colline").ok
