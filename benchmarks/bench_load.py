"""Times questionnaire loading: native YAML and XLSForm, beside pyxform's own conversion.

Run from the repository root:

    python benchmarks/bench_load.py [--runs N]

It writes, in a temporary folder, a 1,000-question native YAML questionnaire and a
200-question XLSForm (.xlsx) with groups, choice lists, relevance and constraints. After
every import is done (pyxform's ~0.75 s import is not counted), it times `load()` of each
(reading, building the model and every check, with the expression cache emptied
before each run), the median of N runs, and prints them beside
pyxform's `parse_file_to_json` on the same XLSForm, measured in the same run, with ratios.
Goal: the 1,000-question YAML in under 150 ms. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engagement_tui.expressions import parse  # noqa: E402
from engagement_tui.loaders import load  # noqa: E402

AGREE = [
    ("strongly_agree", "Strongly agree"),
    ("agree", "Agree"),
    ("neither", "Neither agree nor disagree"),
    ("disagree", "Disagree"),
    ("strongly_disagree", "Strongly disagree"),
]


def question_rows(count: int, per_group: int = 20):
    """(group or None, type, name, label, relevant, constraint) for `count` questions."""
    for index in range(count):
        group = f"section_{index // per_group}"
        kind = ("select_one agree5", "integer", "text", "select_multiple topics")[index % 4]
        name = f"q{index}"
        relevant = f"${{q{index - 1}}} != ''" if index % 4 == 2 else ""
        constraint = ". >= 0 and . < 100000" if kind == "integer" else ""
        yield group, kind, name, f"Question {index}: to what extent ...?", relevant, constraint


def write_yaml(path: Path, count: int) -> None:
    lines = [
        "form_id: bench_survey",
        "title: Benchmark survey",
        'version: "1"',
        "choices:",
        "  agree5:",
        *[f"    - {{name: {name}, label: {label}}}" for name, label in AGREE],
        "  topics:",
        *[f"    - {{name: topic_{i}, label: Topic {i}}}" for i in range(8)],
        "codebook:",
        "  - {name: funding, description: Money and financial flows}",
        "survey:",
    ]
    current = None
    for group, kind, name, label, relevant, constraint in question_rows(count):
        if group != current:
            current = group
            lines += [f"  - group: {group}", f"    label: Section {group}", "    questions:"]
        lines += [f"      - name: {name}", f"        type: {kind}", f'        label: "{label}"']
        if relevant:
            lines.append(f'        relevant: "{relevant}"')
        if constraint:
            lines.append(f'        constraint: "{constraint}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_xlsform(path: Path, count: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "relevant", "constraint"])
    current = None
    for group, kind, name, label, relevant, constraint in question_rows(count):
        if group != current:
            if current:
                survey.append(["end group"])
            current = group
            survey.append(["begin group", group, f"Section {group}"])
        survey.append([kind, name, label, relevant or None, constraint or None])
    survey.append(["end group"])
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for name, label in AGREE:
        choices.append(["agree5", name, label])
    for i in range(8):
        choices.append(["topics", f"topic_{i}", f"Topic {i}"])
    settings = workbook.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["bench_xlsform", "Benchmark XLSForm", "1"])
    workbook.save(path)


def write_repeat_xlsform(path: Path, count: int, per_repeat: int = 20) -> None:
    """A repeat-heavy XLSForm: every block of `per_repeat` questions is a repeat (open-ended
    or counted by an earlier answer), every other one nesting a repeat of 5 questions, with
    relevance inside the instance, position(..), ../ paths, count(), sum() and
    indexed-repeat() outside."""
    from openpyxl import Workbook

    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(
        ["type", "name", "label", "relevant", "constraint", "calculation", "repeat_count"]
    )
    survey.append(["integer", "visits", "How many visits?", None, ". <= 10", None, None])
    written = 1
    block = 0
    while written < count:
        repeat = f"r{block}"
        counted = "${visits}" if block % 2 else None
        survey.append(["begin repeat", repeat, f"Repeat {block}", None, None, None, counted])
        inside = min(per_repeat, count - written)
        for index in range(inside):
            name = f"{repeat}_q{index}"
            if index % 5 == 0:
                row = ["integer", name, f"Number {index}", None, ". >= 0", None]
            elif index % 5 == 1:
                row = ["select_one agree5", name, f"View {index}", f"../{repeat}_q{index - 1} > 0"]
                row += [None, None]
            elif index % 5 == 2:
                row = ["calculate", name, None, None, None, "position(..) * 2"]
            elif index == 3 and block % 2 == 0:
                nested = f"{repeat}_n"
                survey.append(["begin repeat", nested, "Nested", None, None, None, None])
                survey.append(["text", f"{nested}_t", "Nested text", None, None, None, None])
                survey.append(["end repeat"])
                row = ["text", name, f"Text {index}", f"${{{repeat}_q0}} != ''", None, None]
            else:
                row = ["text", name, f"Text {index}", f"${{{repeat}_q0}} != ''", None, None]
            survey.append([*row, None])
        survey.append(["end repeat"])
        survey.append(
            [
                "calculate",
                f"{repeat}_total",
                None,
                None,
                None,
                f"sum(${{{repeat}_q0}}) + count(${{{repeat}}})"
                f" + string-length(indexed-repeat(${{{repeat}_q3}}, ${{{repeat}}}, 1))",
                None,
            ]
        )
        written += inside + 1
        block += 1
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for name, label in AGREE:
        choices.append(["agree5", name, label])
    settings = workbook.create_sheet("settings")
    settings.append(["form_id", "form_title", "version"])
    settings.append(["bench_repeats", "Benchmark repeats", "1"])
    workbook.save(path)


def open_instances(questionnaire, instances: int):
    """An interview session with `instances` of every repeat, each instance's number given."""
    from engagement_tui.interview.session import InterviewSession

    answers: dict = {"visits": instances}
    for group in questionnaire.groups:
        if group.repeat and not group.repeat_count and group.parent is None:
            for index in range(1, instances + 1):
                answers[f"{group.name}[{index}]/@add"] = "yes"
                answers[f"{group.name}[{index}]/{group.name}_q0"] = index
            answers[f"{group.name}[{instances + 1}]/@add"] = "no"
    session = InterviewSession(questionnaire, answers)
    assert session.give({"visits": str(instances)})["visits"].ok
    return session


def median_ms(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        parse.cache_clear()  # every run parses its expressions afresh, as a first load would
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median)")
    runs = parser.parse_args().runs

    started = time.perf_counter()
    from pyxform.xls2json import parse_file_to_json

    pyxform_import_ms = (time.perf_counter() - started) * 1000

    with tempfile.TemporaryDirectory() as folder:
        yaml_path = Path(folder) / "bench.yaml"
        xlsx_path = Path(folder) / "bench.xlsx"
        repeats_path = Path(folder) / "repeats.xlsx"
        write_yaml(yaml_path, 1000)
        write_xlsform(xlsx_path, 200)
        write_repeat_xlsform(repeats_path, 500)
        assert len(load(yaml_path).questions) == 1000
        assert len(load(xlsx_path).questions) == 200
        repeat_form = load(repeats_path)
        assert len(repeat_form.questions) >= 500 and repeat_form.has_repeats
        parse_file_to_json(str(xlsx_path))  # warm both paths once before timing

        yaml_ms = median_ms(lambda: load(yaml_path), runs)
        xlsx_ms = median_ms(lambda: load(xlsx_path), runs)
        pyxform_ms = median_ms(lambda: parse_file_to_json(str(xlsx_path)), runs)
        repeats_ms = median_ms(lambda: load(repeats_path), runs)
        pyxform_repeats_ms = median_ms(lambda: parse_file_to_json(str(repeats_path)), runs)
        session = open_instances(repeat_form, 3)
        shown = len(session.questionnaire.questions)
        session_ms = median_ms(lambda: open_instances(repeat_form, 3), runs)
        first = next(q for q in session.visible() if q.name.endswith("]/r0_q4"))
        answer_ms = median_ms(lambda: session.give({first.name: "an answer"}), runs)

    print(f"median of {runs} runs, after imports (pyxform import took {pyxform_import_ms:.0f} ms)")
    print(f"{'what':<52} {'ms':>8}  ratio")
    print(f"{'pyxform parse_file_to_json, 200-question XLSForm':<52} {pyxform_ms:8.1f}  1.00")
    print(f"{'load + check, 200-question XLSForm':<52} {xlsx_ms:8.1f}  {xlsx_ms / pyxform_ms:.2f}")
    print(f"{'load + check, 1,000-question YAML':<52} {yaml_ms:8.1f}  {yaml_ms / pyxform_ms:.2f}")
    repeats_label = f"{len(repeat_form.questions)}-question repeat-heavy XLSForm"
    print(f"{'pyxform parse_file_to_json, ' + repeats_label:<52} {pyxform_repeats_ms:8.1f}  1.00")
    ratio = repeats_ms / pyxform_repeats_ms
    print(f"{'load + check, ' + repeats_label:<52} {repeats_ms:8.1f}  {ratio:.2f}")
    print(f"{f'open an interview, 3 instances each ({shown} questions)':<52} {session_ms:8.1f}")
    print(f"{'one answer inside an instance (give)':<52} {answer_ms:8.1f}")
    verdict = "met" if yaml_ms < 150 else "NOT met"
    print(f"goal: 1,000-question YAML under 150 ms: {verdict} ({yaml_ms:.1f} ms)")


if __name__ == "__main__":
    main()
