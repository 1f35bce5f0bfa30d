"""Native YAML questionnaires: the model built, problems located at FILE:LINE:COL, robustness."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagement_tui.interview.questionnaire import (
    Choice,
    ChoiceList,
    Location,
    Question,
    Questionnaire,
)
from engagement_tui.loaders import Problem, QuestionnaireError, check, check_questionnaire, load

VALID = """\
form_id: member_survey
title: Member survey on local system working
version: 2026110101
description: optional text
choices:
  agree5:
    - {name: strongly_agree, label: Strongly agree, positive: true}
    - {name: agree, label: Agree, positive: yes}
    - {name: neither, label: Neither agree nor disagree}
  yes_no:
    - {name: "yes", label: Yes}
    - {name: "no", label: no}
codebook:
  - {name: funding, description: Money and financial flows}
survey:
  - {type: note, name: intro, label: "Welcome"}
  - {type: select_one yes_no, name: member, label: Are you a member?}
  - group: system_working
    label: Local system working
    relevant: "${member} = 'yes'"
    appearance: field-list
    questions:
      - name: right_approach
        type: select_one agree5
        label: To what extent do you agree ...
        statement: STPs and ICSs represent the right approach to partnership working
        required: true
        hint: Read the statement aloud
        probe: "Ask for an example"
      - group: numbers
        questions:
          - {name: staff, type: integer, label: Staff, constraint: ". >= 0 and . < 100000",
             constraint_message: Too many}
          - {name: conf, type: range, label: Confidence, parameters: "start=1 end=10 step=1"}
          - {name: double, type: calculate, calculation: "${staff} * 2"}
  - {type: text, name: comments, label: "Anything else, ${member}?", appearance: multiline}
"""


def write(tmp_path: Path, text: str, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def located(path: Path) -> list[str]:
    """The problems of a file as 'LINE:COL: message', without the file name."""
    prefix = f"{path}:"
    return [str(problem).removeprefix(prefix) for problem in check(path)]


def test_valid_file_builds_the_whole_model(tmp_path):
    q = load(write(tmp_path, VALID))
    assert (q.form_id, q.title, q.version) == (
        "member_survey",
        "Member survey on local system working",
        "2026110101",
    )
    assert [question.name for question in q.questions] == [
        "intro",
        "member",
        "right_approach",
        "staff",
        "conf",
        "double",
        "comments",
    ]
    right = q.question("right_approach")
    assert (right.type, right.choice_list, right.required) == ("select_one", "agree5", True)
    assert right.statement.startswith("STPs and ICSs")
    assert (right.probe, right.hint) == ("Ask for an example", "Read the statement aloud")
    assert right.groups == ("system_working",)
    assert q.question("staff").groups == ("system_working", "numbers")
    assert q.question("conf").parameters == (("start", "1"), ("end", "10"), ("step", "1"))
    assert q.question("double").calculation == "${staff} * 2"
    assert q.question("comments").is_long_text
    assert q.group("numbers").parent == "system_working"
    assert q.group("system_working").relevant == "${member} = 'yes'"
    assert q.group("system_working").appearance == "field-list"
    agree = q.choice_list("agree5")
    assert agree.choices[0] == Choice("strongly_agree", "Strongly agree", True)
    assert agree.choices[1].positive is True and agree.choices[2].positive is None
    assert q.choice_list("yes_no").names == ("yes", "no")
    assert q.choice_list("yes_no").label_for("no") == "no"  # text as written, not False
    assert [theme.name for theme in q.codebook] == ["funding"]
    assert q.question("member").location == Location(str(tmp_path / "form.yaml"), 17, 5)


def test_same_content_hashes_the_same_and_round_trips(tmp_path):
    first = load(write(tmp_path, VALID, "a.yaml"))
    second = load(write(tmp_path, VALID.replace("# ", "#  "), "b.yml"))
    assert first.content_hash() == second.content_hash()
    assert Questionnaire.from_dict(first.to_dict()) == first


def test_title_defaults_to_form_id_and_required_accepts_yes_no(tmp_path):
    text = "form_id: f\nsurvey:\n  - {type: text, name: a, label: A, required: no}\n"
    q = load(write(tmp_path, text))
    assert q.title == "f" and q.question("a").required is False


def test_load_raises_with_every_problem_one_per_line(tmp_path):
    text = (
        "form_id: f\n"
        "titel: T\n"
        "survey:\n"
        "  - {type: text, name: a, label: A, lable: x}\n"
        "  - {type: integer, name: A, label: Again}\n"
        "  - {type: blob, name: b, label: B}\n"
    )
    with pytest.raises(QuestionnaireError) as raised:
        load(write(tmp_path, text))
    lines = str(raised.value).splitlines()
    assert len(lines) == len(raised.value.problems) == 4
    assert [line.split(": ", 1)[0].removeprefix(str(tmp_path / "form.yaml")) for line in lines] == [
        ":2:1",
        ":4:37",
        ":5:27",
        ":6:12",
    ]
    assert "unknown key 'titel'" in lines[0] and "did you mean 'title'" in lines[0]


def test_expression_problem_names_the_column_within_the_expression(tmp_path):
    text = "form_id: f\nsurvey:\n  - {type: integer, name: a, label: A, relevant: '1 + + 2'}\n"
    [problem] = located(write(tmp_path, text))
    assert problem.startswith("3:50: relevant: ")
    assert "(column 5 of the expression)" in problem


def test_missing_unreadable_and_empty_files_are_problems(tmp_path):
    assert [str(p) for p in check(tmp_path / "nope.yaml")] == [
        f"{tmp_path / 'nope.yaml'}:1:1: cannot read the file: No such file or directory"
    ]
    assert located(write(tmp_path, "  \n\n")) == ["1:1: the file is empty"]
    assert located(write(tmp_path, "# only a comment\n")) == ["1:1: the file is empty"]
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert "cannot read the file" in str(check(folder)[0])
    assert "unknown questionnaire format" in str(check(write(tmp_path, "x", "form.txt"))[0])


def test_not_utf8_is_located(tmp_path):
    path = tmp_path / "form.yaml"
    path.write_bytes(b"form_id: f\ntitle: caf\xe9\n")
    assert located(path) == ["2:11: the file is not UTF-8 text"]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "form.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert load(path).form_id == "member_survey"


def refusal_by_a_real_process(tmp_path: Path, text: str, name: str) -> str:
    """Import `text` with the real `engage` in a child process into a database that already
    holds a questionnaire; assert a located one-line refusal, exit 1, no traceback and the
    database as it was. Returns the refusal line."""
    import hashlib
    import subprocess
    import sys

    db = tmp_path / "store.db"
    good = write(tmp_path, VALID, "good.yaml")
    engage = [sys.executable, "-m", "engagement_tui", "--db", str(db)]
    subprocess.run([*engage, "questionnaire", "import", str(good)], check=True, capture_output=True)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    bad = write(tmp_path, text, name)
    done = subprocess.run(
        [*engage, "questionnaire", "import", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert lines and all(line.startswith(f"{bad}:") for line in lines)
    # FILE:LINE:COL: message, whatever words the YAML library or we use for the message.
    line, col = lines[0][len(str(bad)) + 1 :].split(":")[:2]
    assert line.isdigit() and col.isdigit()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    return lines[0]


def test_deep_nesting_is_refused_with_a_location_not_crashed(tmp_path):
    # libyaml's own composer segfaults on this; it must be a located problem instead.
    refusal_by_a_real_process(tmp_path, "[" * 50_000, "deep.yaml")


def test_alias_bomb_is_refused_with_a_location_not_expanded(tmp_path):
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)
    )
    refusal_by_a_real_process(tmp_path, bomb, "bomb.yaml")


def test_aliases_work_for_shared_choices(tmp_path):
    text = (
        "form_id: f\nchoices:\n  a: &shared\n    - {name: x, label: X}\n  b: *shared\n"
        "survey:\n  - {type: select_one b, name: q, label: Q}\n"
    )
    assert load(write(tmp_path, text)).choice_list("b").names == ("x",)


def test_check_questionnaire_on_a_model_built_in_code():
    q = Questionnaire(
        form_id="f",
        title="F",
        questions=(
            Question("a", "select_one", "A", choice_list="missing"),
            Question("A", "text", "Again", relevant="${ghost} = 1"),
            Question("m", "select_multiple", "M", choice_list="spare"),
        ),
        choice_lists=(ChoiceList("spare", (Choice("two words", "Two"),)),),
        source="built.yaml",
    )
    messages = [problem.message for problem in check_questionnaire(q)]
    assert "'a': choice list 'missing' is not defined" in messages
    assert "duplicate name 'A' (already used by 'a')" in messages
    assert "relevant: ${ghost} refers to no question" in messages
    assert any("contains a space" in message for message in messages)
    assert all(isinstance(problem, Problem) for problem in check_questionnaire(q))
    assert str(Problem(Location("x.yaml", 3, 4), "m")) == "x.yaml:3:4: m"


def test_long_calculation_chain_is_not_a_cycle_but_a_loop_is(tmp_path):
    lines = ["form_id: f", "survey:", "  - {type: integer, name: c0, label: C}"]
    lines += [
        f"  - {{type: calculate, name: c{i}, calculation: '${{c{i - 1}}} + 1'}}"
        for i in range(1, 300)
    ]
    assert load(write(tmp_path, "\n".join(lines) + "\n"))
    lines.append("  - {type: calculate, name: x, calculation: '${y}'}")
    lines.append("  - {type: calculate, name: y, calculation: '${x} + ${c5}'}")
    assert located(write(tmp_path, "\n".join(lines) + "\n")) == [
        "303:45: circular calculation: x -> y -> x"
    ]


def _check_text_never_crashes(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        problems = check(path)
        assert all(isinstance(problem, Problem) for problem in problems)
        assert all("\n" not in str(problem) for problem in problems)
        try:
            load(path)
        except QuestionnaireError as error:
            assert error.problems == problems


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_text_gives_problems_never_a_traceback(text):
    _check_text_never_crashes(text)


YAML_ALPHABET = st.sampled_from(list(" \n-:{}[],'\"&*!|>#%@`?$.abc01") + ["  ", "- ", ": "])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutations_of_a_valid_file_give_problems_never_a_traceback(data):
    text = VALID
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 12)))
        insert = data.draw(st.lists(YAML_ALPHABET, max_size=4).map("".join))
        text = text[:start] + insert + text[end:]
    _check_text_never_crashes(text)


def test_comma_in_an_unquoted_flow_label_gets_a_quoting_hint(tmp_path):
    text = (
        "form_id: f\nchoices:\n  p:\n    - {name: w, label: Workforce, retention and wellbeing}\n"
        "survey:\n  - {type: select_one p, name: a, label: A}\n"
    )
    assert located(write(tmp_path, text)) == [
        "4:35: unknown key 'retention and wellbeing' in a choice of list 'p'"
        " (a comma inside {...} starts a new key: quote the whole text)"
    ]


def test_a_problem_quoting_text_with_a_line_break_is_still_one_line(tmp_path):
    text = 'form_id: f\n"ti\\ntle": T\nsurvey:\n  - {type: text, name: a, label: A}\n'
    problems = check(write(tmp_path, text))
    assert len(problems) == 1
    assert len(str(problems[0]).splitlines()) == 1
