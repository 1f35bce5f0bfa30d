"""XLSForms as ODK and pyxform read them: pyxform's verdict, old spellings, translations,
the field types (time, geo, media...), choice_filter and read-only rows, in small forms
written for these tests."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.interview.session import InterviewSession
from engagement_tui.loaders import check, load


def md(tmp_path: Path, survey: str, choices: str = "", settings: str = "") -> Path:
    text = "| survey |\n" + survey
    if choices:
        text += "| choices |\n" + choices
    if settings:
        text += "| settings |\n" + settings
    path = tmp_path / "form.md"
    path.write_text(text, encoding="utf-8")
    return path


def located(path: Path) -> list[str]:
    return [str(problem).removeprefix(f"{path}:") for problem in check(path)]


YES_NO = """\
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
"""


def test_a_form_pyxform_refuses_is_refused_with_pyxform_s_words_at_its_row(tmp_path):
    path = md(tmp_path, "| | type | name | label |\n| | text | a | A |\n| | | b | B |\n")
    assert located(path) == ["survey:3: pyxform: Question with no type."]


def test_old_select_spellings_and_or_other_read_as_pyxform_reads_them(tmp_path):
    path = md(
        tmp_path,
        "| | type | name | label |\n"
        "| | select one from yn | a | A |\n"
        "| | select_one yn or_other | b | B |\n"
        "| | select all that apply yn or specify other | c | C |\n",
        YES_NO,
    )
    q = load(path)
    kinds = [(question.name, question.type, question.choice_list) for question in q.questions]
    assert kinds == [
        ("a", "select_one", "yn"),
        ("b", "select_one", "yn"),
        ("b_other", "text", ""),
        ("c", "select_multiple", "yn"),
        ("c_other", "text", ""),
    ]
    assert q.choice_list("yn").names == ("yes", "no", "other")  # added once, as pyxform does
    assert q.question("b_other").relevant == "selected(${b}, 'other')"
    session = InterviewSession(q)
    assert session.answer("b", "other").ok and session.is_relevant("b_other")


def test_single_colon_translations_and_default_language(tmp_path):
    survey = (
        "| | type | name | label:English | label:Francais | hint:English |\n"
        "| | select_one yn | a | Agree? | D'accord ? | Pick one |\n"
    )
    choices = (
        "| | list_name | name | label:English | label:Francais |\n"
        "| | yn | yes | Yes | Oui |\n"
        "| | yn | no | No | Non |\n"
    )
    english = load(md(tmp_path, survey, choices))
    assert english.question("a").label == "Agree?"
    assert english.question("a").hint == "Pick one"
    french = load(
        md(tmp_path, survey, choices, "| | form_id | default_language |\n| | f | Francais |\n")
    )
    assert french.question("a").label == "D'accord ?"  # not the first translation
    assert french.question("a").hint == "Pick one"  # no French hint: the one there is
    assert french.choice_list("yn").label_for("no") == "Non"


def test_rows_pyxform_skips_or_names_and_curly_quotes(tmp_path):
    path = md(
        tmp_path,
        "| | type | name | label | relevant |\n"
        "| | select_one yn | a | A | |\n"
        "| | | | | |\n"
        "| | note | | Thanks | ${a} = \u2018yes\u2019 |\n",
        YES_NO,
    )
    q = load(path)
    note = q.questions[1]
    assert (note.name, note.type) == ("generated_note_name_3", "note")  # .md drops blank rows
    assert note.relevant == "${a} = 'yes'"


def test_bind_headers_hidden_barcode_and_phone_number(tmp_path):
    path = md(
        tmp_path,
        "| | type | name | label | bind::relevant | bind::constraint | default |\n"
        "| | integer | n | N | | . > 1 | |\n"
        "| | barcode | code | Code | ${n} > 2 | | |\n"
        "| | hidden | source | | | | paper |\n"
        "| | phone number | phone | Phone | | | |\n",
    )
    q = load(path)
    assert q.question("n").constraint == ". > 1"
    assert q.question("code").relevant == "${n} > 2"
    assert q.question("code").type == "barcode"
    assert not q.question("source").answerable
    session = InterviewSession(q)
    assert not session.answer("n", "1").ok
    assert session.answer("n", "3").ok and session.answer("code", "ABC-123").ok
    assert "source" not in {question.name for question in session.visible()}
    assert not session.validate("phone", "12ab").ok and session.validate("phone", "0123").ok


def test_choice_names_with_spaces_and_allowed_duplicates(tmp_path):
    choices = (
        "| | list_name | name | label |\n| | c | a b | A B |\n| | c | x | X |\n| | c | x | X2 |\n"
    )
    survey = "| | type | name | label |\n| | select_one c | q | Q |\n"
    assert located(md(tmp_path, survey, choices)) == ["choices:4: duplicate choice 'x' in list 'c'"]
    allowed = md(
        tmp_path, survey, choices, "| | form_id | allow_choice_duplicates |\n| | f | yes |\n"
    )
    session = InterviewSession(load(allowed))
    assert session.answer("q", "a b").ok


def test_java_style_regex_in_a_constraint_is_translated(tmp_path):
    path = md(
        tmp_path,
        "| | type | name | label | constraint |\n"
        "| | text | email | E-mail | regex(., '^[\\w-\\.]+@[\\w-]+\\.[a-z]+$') |\n",
    )
    session = InterviewSession(load(path))
    assert session.validate("email", "first-name.last@nhs.uk").ok
    assert not session.validate("email", "not an address").ok


def test_time_datetime_and_geo_answers_are_typed_and_checked(tmp_path):
    path = md(
        tmp_path,
        "| | type | name | label |\n"
        "| | time | t | T |\n| | dateTime | dt | DT |\n| | gps | where | Where |\n"
        "| | geotrace | route | Route |\n| | geoshape | area | Area |\n",
    )
    q = load(path)
    assert [question.type for question in q.questions] == [
        "time",
        "datetime",
        "geopoint",
        "geotrace",
        "geoshape",
    ]
    session = InterviewSession(q)
    assert session.answer("t", "9:05").value == "09:05:00"
    assert not session.validate("t", "25:00").ok
    assert session.answer("dt", "01/03/2026 14:30").value == "2026-03-01T14:30:00"
    assert not session.validate("dt", "2026-02-30 10:00").ok
    assert session.answer("where", "51.5074 -0.1278 12 5").value == "51.5074 -0.1278 12 5"
    assert not session.validate("where", "91 0").ok
    assert session.answer("route", "1 2; 3 4").value == "1 2 0 0;3 4 0 0"
    assert not session.validate("route", "1 2").ok
    shape = session.answer("area", "0 0; 0 1; 1 1").value
    assert shape.split(";")[0] == shape.split(";")[-1]  # closed, as ODK stores a shape
    assert not session.validate("area", "0 0; 0 1").ok


def test_media_answers_record_the_path_and_sha256(tmp_path):
    path = md(
        tmp_path, "| | type | name | label |\n| | photo | p | Photo | \n| | audio | a | A |\n"
    )
    picture = tmp_path / "site visit.jpg"
    picture.write_bytes(b"not really a jpeg")
    session = InterviewSession(load(path))
    stored = session.answer("p", str(picture)).value
    assert stored == f"sha256:{hashlib.sha256(b'not really a jpeg').hexdigest()} {picture}"
    assert session.validate("p", stored).ok  # a stored answer checks again
    assert not session.validate("a", str(tmp_path / "missing.wav")).ok
    assert session.answer("a", "").ok  # skipped: left unanswered


CASCADE = """\
| | list_name | name | label | region |
| | region | bamako | Bamako | |
| | region | gao | Gao | |
| | district | commune_1 | Commune I | bamako |
| | district | commune_2 | Commune II | bamako |
| | district | ansongo | Ansongo | gao |
"""


def test_choice_filter_narrows_the_choices_and_refuses_others(tmp_path):
    path = md(
        tmp_path,
        "| | type | name | label | choice_filter |\n"
        "| | select_one region | region | Region | |\n"
        "| | select_one district | district | District | region=${region} |\n",
        CASCADE,
    )
    q = load(path)
    stored = Questionnaire.from_dict(json.loads(json.dumps(q.to_dict())))
    assert stored == q and stored.content_hash() == q.content_hash()  # as the store keeps it
    session = InterviewSession(stored)
    assert session.answer("region", "bamako").ok
    assert session.choices_for("district").names == ("commune_1", "commune_2")
    assert session.offered().choices(session.questionnaire.question("district")).names == (
        "commune_1",
        "commune_2",
    )
    refused = session.answer("district", "ansongo")  # a district of Gao: accepted before
    assert not refused.ok and "ansongo" in refused.message
    assert session.answer("district", "commune_2").ok


def test_read_only_and_matrix_header_rows_take_no_answer(tmp_path):
    path = md(
        tmp_path,
        "| | type | name | label | appearance | read_only | default |\n"
        "| | begin group | m | Matrix | field-list | | |\n"
        "| | select_one yn | header | Services | label | | |\n"
        "| | select_one yn | water | Water | list-nolabel | | |\n"
        "| | end group | | | | | |\n"
        "| | text | site | Site | | yes | HQ |\n",
        YES_NO,
    )
    q = load(path)
    session = InterviewSession(q)
    assert not q.question("header").answerable and not q.question("site").answerable
    assert q.question("water").answerable
    assert session.progress() == (0, 1)
    assert not session.answer("header", "yes").ok
    assert not session.answer("site", "elsewhere").ok


def test_date_arithmetic_counts_days(tmp_path):
    path = md(
        tmp_path,
        "| | type | name | label | relevant |\n"
        "| | date | visit | Visit | |\n"
        "| | text | why | Why so long ago? | today() - ${visit} > 30 |\n",
    )
    session = InterviewSession(load(path), today=date(2026, 3, 1))
    assert session.answer("visit", "2026-01-01").ok
    assert session.is_relevant("why")  # NaN before: never relevant
    assert session.answer("visit", "2026-02-20").ok
    assert not session.is_relevant("why")


def test_new_fields_leave_the_content_hash_of_older_forms_alone(tmp_path):
    q = load(md(tmp_path, "| | type | name | label |\n| | text | a | A |\n"))
    data = q.to_dict()
    assert "choice_filter" not in data["questions"][0] and "read_only" not in data["questions"][0]


def test_findings_count_the_answers_of_the_field_types(tmp_path, store):
    from engagement_tui.findings import compute_findings

    path = md(
        tmp_path, "| | type | name | label |\n| | time | t | T |\n| | geopoint | where | W |\n"
    )
    q = load(path)
    store.forms.save(q)
    for _ in range(5):
        interview = store.interviews.create(q.form_id)
        session = InterviewSession(q)
        for name, raw in (("t", "10:30"), ("where", "51.5 -0.12")):
            assert session.answer(name, raw).ok
            store.interviews.save_answers(interview.uuid, session.updates(), position=name)
        store.interviews.set_status(interview.uuid, "complete")
    found = {item["name"]: item for item in compute_findings(store, q.form_id)["questions"]}
    assert found["where"]["base"] == 5  # was 0: "too few to report"
    assert found["t"]["base"] == 5


def test_version_choice_name_property_and_parent_paths(tmp_path):
    path = md(
        tmp_path,
        "| | type | name | label | calculation | relevant |\n"
        "| | select_one yn | a | A | | |\n"
        "| | calculate | a_label | | jr:choice-name(${a}, '${a}') | |\n"
        "| | calculate | form_version | | version() | |\n"
        "| | calculate | device | | property('deviceid') | |\n"
        "| | text | why | Why? | | ../a = 'yes' |\n",
        YES_NO,
        "| | form_id | version |\n| | f | 2026.3 |\n",
    )
    session = InterviewSession(load(path))
    assert session.answer("a", "yes").ok
    assert session.calculations() == {
        "a_label": "Yes",
        "form_version": "2026.3",
        "device": None,  # a terminal has no ODK device properties
    }
    assert session.is_relevant("why")
    assert session.answer("a", "no").ok and not session.is_relevant("why")


def test_a_hidden_question_records_its_default(tmp_path, store):
    path = md(
        tmp_path,
        "| | type | name | label | default |\n| | text | a | A | |\n| | hidden | src | | paper |\n",
    )
    q = load(path)
    store.forms.save(q)
    interview = store.interviews.create(q.form_id)
    session = InterviewSession(q)
    assert session.calculations() == {"src": "paper"}
    assert session.answer("a", "x").ok
    store.interviews.save_answers(interview.uuid, session.updates(), position="a")
    assert store.interviews.answers(interview.uuid) == {"a": "x", "src": "paper"}


def test_the_same_name_in_two_groups_is_named_apart(tmp_path):
    survey = (
        "| | type | name | label | relevant |\n"
        "| | begin group | maize | Maize | |\n| | integer | price | Price | |\n"
        "| | end group | | | |\n"
        "| | begin group | rice | Rice | |\n| | integer | price | Price | |\n"
        "| | end group | | | |\n"
    )
    q = load(md(tmp_path, survey))
    assert [question.name for question in q.questions] == ["price", "rice.price"]
    ambiguous = md(tmp_path, survey + "| | text | why | Why? | ${price} > 10 |\n")
    assert check(ambiguous)  # which price? refused rather than guessed
