"""Real XLSForms others wrote, from the shared corpus beside the project (`../shared/xlsforms`).

Every form pyxform accepts must load and run a short interview through the session and the
store; a form that does not yet is an expected failure naming why (strict: when it starts
to pass, the test says so and the list must shrink). Forms pyxform refuses must be refused.
The forms stay in the shared folder; nothing here copies them. Skipped when it is absent.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from engagement_tui.interview.questionnaire import MEDIA_TYPES
from engagement_tui.interview.session import InterviewSession
from engagement_tui.loaders import check, load

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "xlsforms"
SUFFIXES = {".xlsx", ".xls", ".csv", ".md"}

PYXFORM_REFUSES = {
    "cad_uttaran.xlsx": "duplicate choice names without allow_choice_duplicates",
    "ceat_abidjan2022.xls": "the same name twice in one group",
    "ceat_nairobi2021.xls": "the same name twice in one group",
    "ciat_flarcollect.xlsx": "a list name missing from the choices sheet",
    "hot_buildings.xls": "a list name missing from the choices sheet",
    "hot_health.xls": "a list name missing from the choices sheet",
    "ona_enum_weekly.xlsx": "duplicate column header",
    "ona_mch_v1.xlsx": "unknown question type",
    "pyx_gps.csv": "a question with no label or hint",
    "pyx_include.xlsx": "an include section",
    "qgis_service_rating.xlsx": "unknown question type",
    "unhcr_demo.xlsx": "duplicate choice names without allow_choice_duplicates",
}
"""Forms pyxform 4.5 refuses: the app must refuse them too."""

BARE_NAME = (
    "a question's name without ${} in a relevant (an XPath child path, which ODK reads as"
    " always empty: the question is never asked) is refused"
)
NOT_YET = {
    "ciat_enc2020.xlsx": BARE_NAME,
    "ciat_flar_agro.xlsx": BARE_NAME + "; and a constraint calls time(), no ODK function",
    "pyx_spec_test.xlsx": "a form_id with a space; an image-only row",
    "pyx_ucl_biomass.xlsx": "`required` written as an expression",
}
"""Forms pyxform accepts that the app cannot run yet, and why."""


def _forms() -> list:
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no corpus at {CORPUS}"))]
    params = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix.lower() not in SUFFIXES or path.name == "index.csv":
            continue
        marks = []
        if path.name in NOT_YET:
            marks.append(pytest.mark.xfail(reason=NOT_YET[path.name], strict=True))
        params.append(pytest.param(path, marks=marks, id=path.name))
    return params


def _candidates(question, session: InterviewSession, media: Path) -> list:
    kind = question.type
    if kind in ("select_one", "select_multiple", "rank"):
        names = list(session.choices_for(question.name).names)
        if not names:
            return []
        return {"select_one": names[:3], "select_multiple": [[n] for n in names[:3]]}.get(
            kind, [names]
        )
    numbers = ["1", "0", "5", "10", "2", "18", "30", "100", "1000", "2000"]
    return {
        "text": ["Test answer", "1", "abc"],
        "barcode": ["12345"],
        "integer": numbers,
        "decimal": numbers,
        "range": [question.parameter("start", "0") or "0", "1", "5"],
        "date": ["2024-01-15", "2000-06-01"],
        "time": ["10:30"],
        "datetime": ["2024-01-15 10:30"],
        "geopoint": ["51.5 -0.12 10 5"],
        "geotrace": ["51.5 -0.12; 51.6 -0.13"],
        "geoshape": ["51.5 -0.12; 51.6 -0.13; 51.6 -0.12"],
        "acknowledge": [True],
    }.get(kind, [str(media)] if kind in MEDIA_TYPES else [])


@pytest.mark.parametrize("path", _forms())
def test_corpus_form(path: Path, store, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's complaints about the workbooks' styles
        problems = check(path)
        questionnaire = None if problems else load(path)
    if path.name in PYXFORM_REFUSES:
        assert problems, f"pyxform refuses {path.name} ({PYXFORM_REFUSES[path.name]})"
        return
    assert [str(problem) for problem in problems] == []
    assert questionnaire is not None
    store.forms.save(questionnaire)
    interview = store.interviews.create(questionnaire.form_id)
    session = InterviewSession(questionnaire)
    media = tmp_path / "photo.jpg"
    media.write_bytes(b"corpus")
    answered: dict = {}
    for _ in range(8):  # the first screens, answered with the first value that fits
        if session.current is None:
            break
        for question in session.screen():
            if not question.answerable:
                continue
            for raw in _candidates(question, session, media):
                if session.answer(question.name, raw).ok:
                    store.interviews.save_answers(
                        interview.uuid, session.updates(), position=question.name
                    )
                    answered[question.name] = session.answers[question.name]
                    break
        session.next()
    stored = store.interviews.answers(interview.uuid)
    assert {name: stored.get(name) for name in answered} == answered
    # an attachment that is not beside the form (the corpus keeps forms only) is named where
    # it is read; any other run-time error is a fault
    missing = [item.name for item in questionnaire.attachments if item.missing]
    for problem in session.expression_errors().values():
        assert any(f"'{name}' was not imported" in str(problem) for name in missing), problem
    if any(question.answerable for question in questionnaire.questions):
        assert answered, "no question of the first screens took an answer"
