"""Headlines over generated results: every percentage a headline prints is the figure
`findings.results` gives for the category it names, and no headline quotes the question."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from engagement_tui.findings.headlines import favourable_choices, question_headline
from engagement_tui.findings.phrasing import lower_first, percent_text
from engagement_tui.findings.results import choice_results, percent_of
from engagement_tui.findings.tally import Tally
from engagement_tui.interview.questionnaire import Choice, ChoiceList, Question, Questionnaire

WORDS = (
    "care funding staff system board local council trust money data plan voice budget"
    " primary community health social joint partner region place service people leaders"
).split()
DEGREES = ["Significant", "Moderate", "A little", "No", "Some", "Very little"]
ENDS = r"( when|,| first|\.)"  # what follows a category named after its figure
FIGURE = re.compile(r"\((<1|>99|\d+)%\)")


def _sentence(words: list[str]) -> str:
    return " ".join(words).capitalize()


@st.composite
def generated(draw):
    kind = draw(st.sampled_from(["select_one", "select_multiple", "rank"]))
    if kind == "select_one" and draw(st.booleans()):  # a scale of degree: "Moderate progress"
        noun = draw(st.sampled_from(WORDS))
        labels = [f"{degree} {noun}" for degree in draw(
            st.lists(st.sampled_from(DEGREES), min_size=3, max_size=5, unique=True))]  # fmt: skip
    else:
        labels = draw(
            st.lists(
                st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(_sentence),
                min_size=2,
                max_size=6,
                unique_by=str.lower,
            )
        )
    positive = draw(st.integers(0, len(labels) - 1)) if kind == "select_one" else 0
    choices = tuple(
        Choice(f"c{n}", label, positive=(n < positive) if positive else None)
        for n, label in enumerate(labels)
    )
    counts = draw(st.lists(st.integers(0, 60), min_size=len(labels), max_size=len(labels)))
    if not any(counts):
        counts[0] = 1
    label = _sentence(draw(st.lists(st.sampled_from(WORDS), min_size=5, max_size=14))) + "?"
    statement = draw(st.sampled_from(["", "partners work well together in the system"]))
    name = draw(st.from_regex(r"[a-z]{3,9}(_[a-z]{3,9})?", fullmatch=True))
    question = Question(name, kind, label, choice_list="c", statement=statement)
    form = Questionnaire("f", "F", questions=(question,), choice_lists=(ChoiceList("c", choices),))
    extra = draw(st.integers(0, 20))
    base = sum(counts) if kind == "select_one" else max(counts) + extra
    if kind == "rank":
        base = sum(counts) + extra  # each respondent ranks one option first
    tally = Tally(columns=1, base=[base])
    for choice, count in zip(choices, counts, strict=True):
        tally.values[choice.name] = [count + (extra if kind == "rank" else 0)]
        tally.first[choice.name] = [count]
        tally.rank_total[choice.name] = [count]
    return form, question, {"base": base, "results": choice_results(form, question, tally)}


@settings(max_examples=400, deadline=None)
@given(generated())
def test_every_figure_is_its_categorys_and_the_question_is_never_quoted(case):
    form, question, entry = case
    sentence, _, _ = question_headline(form, question, entry)
    assert sentence is not None
    assert question.label.rstrip("?").lower() not in sentence.lower()
    assert '"' not in sentence
    rows = entry["results"]
    favourable = {choice.name for choice in favourable_choices(form, question)}
    share = percent_of(sum(r["count"] for r in rows if r["value"] in favourable), entry["base"])
    for match in FIGURE.finditer(sentence):
        printed = f"{match.group(1)}%"
        before = sentence[: match.start()].rstrip().lower()
        after = sentence[match.end() :].lower()
        named_before = [
            row
            for row in rows
            if before.endswith(lower_first(row["label"]).lower())
            or (" " in row["label"] and before.endswith(row["label"].lower().rsplit(" ", 1)[0]))
        ]  # fmt: skip  (a scale's shared last word is said once: "moderate (44%) or ...")
        named_after = [
            row for row in rows
            if re.match(rf" (chose|ranked|answered) {re.escape(row['label'].lower())}{ENDS}", after)
        ]  # fmt: skip
        if favourable and not named_before:
            assert printed == percent_text(share), sentence
        else:
            named = named_before or named_after
            assert named, f"no category named beside {printed}: {sentence}"
            assert printed in {percent_text(row["percent"]) for row in named}, sentence


def _headline(question: Question, labels: list[str], counts: list[int], **entry) -> str:
    choices = tuple(Choice(f"c{n}", label) for n, label in enumerate(labels))
    form = Questionnaire("f", "F", questions=(question,), choice_lists=(ChoiceList("c", choices),))
    tally = Tally(columns=1, base=[sum(counts)])
    tally.values = {choice.name: [count] for choice, count in zip(choices, counts, strict=True)}
    rows = choice_results(form, question, tally)
    return question_headline(form, question, {"base": sum(counts), "results": rows, **entry})[0]


def test_a_scale_without_a_statement_joins_its_leading_categories():
    progress = Question(
        "progress", "select_one", "How much progress has your system made over the past year?",
        choice_list="c",
    )  # fmt: skip
    labels = ["Significant progress", "Only moderate progress", "A little progress",
              "No progress", "Don't know"]  # fmt: skip
    assert _headline(progress, labels, [10, 44, 42, 3, 1]) == (
        "Most respondents said only moderate (44%) or a little progress (42%)."
    )


def test_a_list_without_a_statement_names_its_topic_not_its_wording():
    status = Question(
        "system_status", "select_one",
        "Which best describes the partnership that covers your organisation's area?",
        choice_list="c",
    )  # fmt: skip
    labels = ["An integrated care system (ICS)", "A sustainability and transformation"
              " partnership (STP)", "Don't know"]  # fmt: skip
    assert _headline(status, labels, [48, 19, 5]) == (
        "Two thirds of respondents (67%) chose an integrated care system (ICS) when asked"
        " about system status."
    )
    assert _headline(status, labels, [30, 28, 14]) == (
        "The most common answers on system status were an integrated care system (ICS) (42%)"
        " and a sustainability and transformation partnership (STP) (39%)."
    )


def test_a_number_headline_carries_the_unit_its_question_names():
    share = Question("pooled_budget", "decimal", "What share of spending is pooled? (%)")
    summary = {"n": 5, "mean": 15.37, "median": 12.9, "min": 0, "max": 39.1}
    form = Questionnaire("f", "F", questions=(share,))
    assert question_headline(form, share, {"base": 5, "summary": summary})[0] == (
        "Pooled budget: a mean of 15.37% and a median of 12.9% (range 0% to 39.1%)."
    )
    partners = Question("partners", "integer", "How many organisations are partners?")
    summary = {"n": 5, "mean": 13.88, "median": 9, "min": 2, "max": 41}
    assert question_headline(form, partners, {"base": 5, "summary": summary})[0] == (
        "Partners: a mean of 13.88 and a median of 9 (range 2 to 41)."
    )
