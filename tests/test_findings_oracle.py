"""An independent oracle: every figure of the findings JSON, recomputed with pandas from the CSV.

Hypothesis generates questionnaires (a gate question routing a follow-up and a whole
section, select_one with a favourable side, select_multiple, rank, integer, decimal, date,
an optional tick box) and interviews (answers to hidden questions stored too, drafts and
withdrawn ones, organisations of several types and none), stores them in a real SQLite
file, computes findings broken down by organisation type, writes the wide CSV export and
reads it back with pandas. The oracle then recounts every base, count, percentage, mean,
median, rank and suppression mark from the CSV alone, with its own half-up rounding
(`decimal.ROUND_HALF_UP`), and the two must agree exactly.

The export decides relevance per interview through the interview session; findings decide
it with skip masks in SQL: two paths to the same answers.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from engagement_tui.exports import export
from engagement_tui.findings import compute_findings
from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Group,
    Question,
    Questionnaire,
)
from engagement_tui.store import Store

EXAMPLES = 300
SCRATCH = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
"""Real files, on a RAM disk where there is one: 300 databases' fsyncs are not the point."""
TYPES = ("NHS trust", "Local authority", "Hospice", "ICB")
AGREE_LABELS = ("Strongly agree", "Agree", "Neither", "Disagree", "Strongly disagree")
OPTIONS = ("staff", "money", "data", "estates")
DATES = [dt.date(2020, 1, 1) + dt.timedelta(days=37 * k) for k in range(60)]  # up to 6 years


def percent(count: int, base: int) -> int:
    """The oracle's own rounding: exact decimal, half up, to a whole number."""
    if not base:
        return 0
    value = Decimal(100 * count) / Decimal(base)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def two_places(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@st.composite
def questionnaires(draw) -> Questionnaire:
    scale = draw(st.integers(2, 5))
    favourable = draw(st.integers(0, scale - 1))
    agree = ChoiceList(
        "agree",
        tuple(
            Choice(f"c{i}", AGREE_LABELS[i], positive=(i < favourable) if favourable else None)
            for i in range(scale)
        ),
    )
    options = ChoiceList(
        "opts", tuple(Choice(o, o.title()) for o in OPTIONS[: draw(st.integers(2, 4))])
    )
    yes_no = ChoiceList("yn", (Choice("yes", "Yes"), Choice("no", "No")))
    questions = [
        Question("gate", "select_one", label="Is there a partnership?", choice_list="yn"),
        Question(
            "view",
            "select_one",
            label="Is it working?",
            choice_list="agree",
            statement="it is working" if draw(st.booleans()) else "",
            relevant="${gate} = 'yes'" if draw(st.booleans()) else "",
        ),
        Question("barriers", "select_multiple", label="Barriers?", choice_list="opts"),
        Question("order", "rank", label="Rank them", choice_list="opts"),
        Question("staff", "integer", label="Staff?", groups=("more",)),
        Question("share", "decimal", label="Share pooled?", groups=("more",)),
        Question("formed", "date", label="Formed when?"),
        Question("contact", "acknowledge", label="Happy to be contacted."),
        Question("comments", "text", label="Anything else?", appearance="multiline"),
    ]
    section = Group("more", "More", relevant="${gate} != 'no'" if draw(st.booleans()) else "")
    return Questionnaire(
        form_id="oracle",
        title="Oracle",
        questions=tuple(questions),
        groups=(section,),
        choice_lists=(agree, options, yes_no),
    )


def answers_for(draw, questionnaire: Questionnaire) -> dict:
    """Answers to every question, hidden ones included (the store keeps what it is given)."""
    agree = questionnaire.choice_list("agree").names
    options = list(questionnaire.choice_list("opts").names)
    maybe = st.booleans()
    answers = {
        "gate": draw(st.sampled_from(["yes", "no", None])),
        "view": draw(st.sampled_from([*agree, None])),
        "barriers": draw(st.lists(st.sampled_from(options), unique=True)) or None,
        "order": draw(st.permutations(options)) if draw(maybe) else None,
        "staff": draw(st.integers(0, 60)) if draw(maybe) else None,
        "share": float(Decimal(draw(st.integers(0, 999))) / 10) if draw(maybe) else None,
        "formed": draw(st.sampled_from(DATES)).isoformat() if draw(maybe) else None,
        "contact": "OK" if draw(maybe) else None,
        "comments": draw(st.sampled_from(["Fine.", "More money please.", None])),
    }
    return {name: value for name, value in answers.items() if value is not None}


@st.composite
def datasets(draw):
    questionnaire = draw(questionnaires())
    interviews = draw(
        st.lists(
            st.tuples(
                st.sampled_from([*TYPES, None]),
                st.sampled_from(["complete"] * 4 + ["draft", "withdrawn"]),
                st.just(None),
            ),
            max_size=40,
        )
    )
    filled = [(kind, status, answers_for(draw, questionnaire)) for kind, status, _ in interviews]
    return questionnaire, filled, draw(st.integers(1, 6))


def _store(path: Path, questionnaire: Questionnaire, interviews) -> Store:
    store = Store.open(path)
    store.db.conn.execute("PRAGMA synchronous=OFF")  # speed only: the figures are the point
    store.forms.save(questionnaire)
    orgs = {kind: store.register.add(f"Org {kind}", type=kind, region="North").id for kind in TYPES}
    for index, (kind, status, answers) in enumerate(interviews):
        interview = store.interviews.create(
            "oracle",
            organisation_id=orgs[kind] if kind else None,
            respondent=f"R{index}",
            status=status,
        )
        store.interviews.save_answers(interview.uuid, answers)
    return store


def blank(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value == ""


def group_of(organisation_type) -> str:
    return "Not recorded" if blank(organisation_type) else str(organisation_type)


def expected_entry(
    questionnaire: Questionnaire,
    question: Question,
    rows: pd.DataFrame,
    threshold,
    favourable,
    resolution="month",
    hidden=False,
    band=1,
):
    """What findings must say about `question` over the CSV rows `rows`.

    `favourable` is the choices the findings say they count as the favourable side (a
    definition the JSON states, inferred from labels when not marked): the oracle recounts
    the share itself.
    """
    column = "/".join((*question.groups, question.name))
    answered = rows[[not blank(value) for value in rows[column]]]
    base = len(rows) if question.type == "acknowledge" else len(answered)
    if base < threshold or hidden:
        return {"base": base, "suppressed": True}
    entry: dict = {"base": base, "suppressed": False}
    if question.type == "select_one":
        counts = answered[column].astype(str).value_counts()
        names = questionnaire.choices(question).names
        entry["results"] = [
            (name, int(counts.get(name, 0)), percent(int(counts.get(name, 0)), base))
            for name in names
        ]
        if favourable:
            count = int(sum(counts.get(name, 0) for name in favourable))
            entry["favourable_percent"] = percent(count, base)
    elif question.type == "select_multiple":
        names = questionnaire.choices(question).names
        entry["results"] = []
        for name in names:
            count = int(pd.to_numeric(answered[f"{column}/{name}"]).fillna(0).sum())
            entry["results"].append((name, count, percent(count, base)))
    elif question.type == "rank":
        names = questionnaire.choices(question).names
        entry["results"], entry["rank"] = [], []
        for name in names:
            places = pd.to_numeric(answered[f"{column}/{name}"]).dropna()
            first = int((places == 1).sum())
            entry["results"].append((name, first, percent(first, base)))
            mean = (
                two_places(Decimal(int(places.sum())) / Decimal(len(places)))
                if len(places)
                else None
            )
            entry["rank"].append((name, len(places), mean))
    elif question.type in ("integer", "decimal"):
        values = [Decimal(str(v)) for v in answered[column].astype(str)]
        values.sort()
        n = len(values)
        median = (values[(n - 1) // 2] + values[n // 2]) / 2
        bands: dict[int, int] = {}
        for value in values:
            start = int((value / band).to_integral_value(rounding=ROUND_FLOOR)) * band
            bands[start] = bands.get(start, 0) + 1
        entry["results"] = [
            (f"{start}-{start + band}", count, percent(count, base))
            for start, count in sorted(bands.items())
        ]
        entry["summary"] = {
            "n": n,
            "mean": two_places(sum(values) / n),
            "median": float(median),
            "min": float(values[0]),
            "max": float(values[-1]),
        }
    elif question.type == "date":
        bins = pd.to_datetime(answered[column]).map(lambda day: date_key(day, resolution))
        counts = bins.value_counts()
        entry["results"] = sorted(
            (value, int(count), percent(int(count), base)) for value, count in counts.items()
        )
    elif question.type == "acknowledge":
        counts = answered[column].astype(str).value_counts()
        entry["results"] = sorted(
            (value, int(count), percent(int(count), base)) for value, count in counts.items()
        )
    return entry


def base_of(question: Question, rows: pd.DataFrame) -> int:
    """Who the question counts: those who answered (a tick box: everyone it was put to)."""
    if question.type == "acknowledge":
        return len(rows)
    column = "/".join((*question.groups, question.name))
    return sum(not blank(value) for value in rows[column])


def band_of(rows: pd.DataFrame, column: str) -> int:
    """The published band width: the first of 1, 2, 5, 10, 20, 50 ... giving at most 8 bands."""
    values = [Decimal(v) for v in rows[column] if not blank(v)]
    if not values:
        return 1
    width = 1
    while True:
        for step in (1, 2, 5):
            size = step * width
            floor = lambda v, size=size: int((v / size).to_integral_value(rounding=ROUND_FLOOR))  # noqa: E731
            if floor(max(values)) - floor(min(values)) + 1 <= 8:
                return size
        width *= 10


def resolution_of(dates: pd.Series) -> str:
    """Years over a 3-year span, quarters over 1 year, else months (the published rule)."""
    days = pd.to_datetime(dates.dropna())
    span = (days.max() - days.min()).days if len(days) else 0
    return "year" if span > 3 * 366 else "quarter" if span > 366 else "month"


def date_key(day, resolution: str) -> str:
    if resolution == "year":
        return f"{day.year}"
    if resolution == "quarter":
        return f"{day.year}-Q{day.quarter}"
    return f"{day.year}-{day.month:02d}"


def hidden_groups(bases: dict[str, int], threshold: int) -> set[str]:
    """Primary suppression, then the smallest shown groups until the hidden reach threshold."""
    hidden = {group for group, base in bases.items() if base < threshold}
    order = sorted(bases, key=lambda group: (bases[group], list(bases).index(group)))
    for group in order:
        total = sum(bases[g] for g in hidden)
        if total == 0 or total >= threshold:
            break
        hidden.add(group)
    return hidden


def actual_entry(question: Question, entry: dict) -> dict:
    """The same figures, read from a findings entry."""
    if entry.get("suppressed"):
        assert "results" not in entry or not entry["results"], "suppressed group shows results"
        return {"base": entry["base"], "suppressed": True}
    out: dict = {"base": entry["base"], "suppressed": False}
    results = entry.get("results") or []
    if question.type in ("select_one", "select_multiple", "rank"):
        out["results"] = [(r["value"], r["count"], r["percent"]) for r in results]
        if question.type == "rank":
            out["rank"] = [(r["value"], r["ranked"], r["mean_rank"]) for r in results]
        if "favourable_percent" in entry:
            out["favourable_percent"] = entry["favourable_percent"]
    elif question.type in ("integer", "decimal"):
        out["results"] = [(r["value"], r["count"], r["percent"]) for r in results]
        summary = entry["summary"]
        out["summary"] = {key: summary[key] for key in ("n", "mean", "median", "min", "max")}
        out["summary"] = {
            key: (float(value) if key != "n" else value) for key, value in out["summary"].items()
        }
    elif question.type in ("date", "acknowledge"):
        out["results"] = sorted((str(r["value"]), r["count"], r["percent"]) for r in results)
    return out


def expected_headline_percent(question: Question, entry: dict) -> int | None:
    """The share a headline names, from the oracle's own rows."""
    results = entry.get("results") or []
    if entry.get("suppressed") or not entry["base"]:
        return None
    if "favourable_percent" in entry:
        return entry["favourable_percent"]
    if question.type == "select_one" and results:
        ranked = sorted(results, key=lambda row: -row[1])
        top = [row for row in ranked[:2] if row[1]]
        if ranked[0][2] >= 50:
            top = top[:1]
        return sum(row[2] for row in top)
    if question.type in ("select_multiple", "rank") and any(row[1] for row in results):
        return max(results, key=lambda row: row[1])[2]
    if question.type == "acknowledge" and results:
        return percent(sum(row[1] for row in results), entry["base"])
    return None


def check_dataset(questionnaire: Questionnaire, interviews, threshold: int) -> int:
    """Compare every figure; return how many were compared."""
    with tempfile.TemporaryDirectory(dir=SCRATCH) as folder:
        store = _store(Path(folder) / "oracle.db", questionnaire, interviews)
        try:
            findings = compute_findings(
                store, "oracle", by="organisation_type", threshold=threshold
            )
            paths = export(store, questionnaire, "csv", Path(folder))
        finally:
            store.close()
        wide = next(p for p in paths if p.name.endswith("-wide.csv"))
        frame = pd.read_csv(wide, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert findings["interviews"] == len(frame)
    groups = sorted({group_of(t) for t in frame["organisation_type"]})
    entries = {entry["name"]: entry for entry in findings["questions"]}
    kinds = [group_of(t) for t in frame["organisation_type"]]
    group_rows = {group: frame[[kind == group for kind in kinds]] for group in groups}
    compared = 0
    for question in questionnaire.questions:
        if question.type == "text":
            column = "/".join((*question.groups, question.name))
            assert entries[question.name]["base"] == sum(not blank(v) for v in frame[column])
            continue
        entry = entries[question.name]
        favourable = entry.get("favourable") or []
        marked = [c.name for c in questionnaire.choices(question).choices if c.positive]
        assert not marked or favourable == marked, question.name
        column = "/".join((*question.groups, question.name))
        resolution = (
            resolution_of(frame[column].replace("", None)) if question.type == "date" else ""
        )
        band = band_of(frame, column) if question.type in ("integer", "decimal") else 1
        args = (questionnaire, question)
        expected = expected_entry(*args, frame, threshold, favourable, resolution, band=band)
        assert actual_entry(question, entry) == expected, question.name
        assert entry["headline_percent"] == expected_headline_percent(question, expected)
        if entry["headline"] and entry["headline_percent"] is not None:
            assert f"({entry['headline_percent']}%)" in entry["headline"] or question.type in (
                "select_one",
            )
        breakdown = entry["breakdown"]["organisation_type"]
        assert sorted(breakdown) == groups
        bases = {group: base_of(question, group_rows[group]) for group in groups}
        hidden = hidden_groups(bases, threshold)
        for group in groups:
            expected_group = expected_entry(
                *args, group_rows[group], threshold, favourable, resolution, group in hidden, band
            )
            assert actual_entry(question, breakdown[group]) == expected_group, (
                question.name,
                group,
            )
            compared += 1
        compared += 1
    by_name = {name: entry for name, entry in entries.items()}
    for key in findings["key_findings"]:
        entry = by_name[key["question"]]
        assert key["percent"] == entry["headline_percent"] and key["base"] == entry["base"]
        assert entry["role"] == "finding"
    return compared


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    # A failure is reported as found: shrinking a dataset through SQLite takes minutes.
    phases=[Phase.explicit, Phase.generate],
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(datasets())
def test_every_figure_matches_an_independent_recount_from_the_csv(dataset):
    questionnaire, interviews, threshold = dataset
    check_dataset(questionnaire, interviews, threshold)
