"""Provides the questionnaire model: frozen dataclasses shared by both source formats.

A `Questionnaire` is what the loaders produce from native YAML or an XLSForm, what the
store keeps (as JSON, through `to_dict`/`from_dict`) and what an interview session runs.
Questions are kept flat, in order; each knows the groups that enclose it, so skipping a
whole group is a matter of checking every enclosing group's `relevant`.

Answer values have one Python shape per type, used everywhere (session, store, findings):
select_one/text/date/barcode -> str, select_multiple/rank -> list[str], integer -> int,
decimal -> float, range -> int or float, acknowledge -> "OK", time -> "HH:MM:SS",
datetime -> "YYYY-MM-DDTHH:MM:SS", geopoint -> "lat lon alt acc", geotrace/geoshape ->
points "lat lon alt acc" joined by ";" (ODK's text form), image/audio/video/file ->
"sha256:HEX PATH", calculate -> what the expression gives (str, bool, or a number: whole
numbers as int); unanswered -> None.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import Any

from engagement_tui.interview.attachments import Attachment

QUESTION_TYPES = frozenset(
    {
        "select_one",
        "select_multiple",
        "rank",
        "text",
        "integer",
        "decimal",
        "range",
        "date",
        "time",
        "datetime",
        "geopoint",
        "geotrace",
        "geoshape",
        "image",
        "audio",
        "video",
        "file",
        "barcode",
        "hidden",
        "note",
        "calculate",
        "acknowledge",
    }
)
"""Every question type the app can run; anything else is refused at load time."""

MEDIA_TYPES = frozenset({"image", "audio", "video", "file"})
"""Types answered with a file: the answer records its path and sha256."""

CHOICE_TYPES = frozenset({"select_one", "select_multiple", "rank"})
"""Types whose answers come from a choice list."""

NO_ANSWER_TYPES = frozenset({"note", "calculate", "hidden"})
"""Types the respondent never answers (calculate is computed, note is only read, hidden
holds its default and is never shown)."""

OPTIONAL_FIELDS = frozenset({"choice_filter", "read_only", "filters", "repeat", "repeat_count"})
"""Fields added after questionnaires were first stored: left out of `to_dict` while empty,
so the content hash of a questionnaire that does not use them is unchanged."""

QUESTION_TEXT_FIELDS = (
    "label",
    "hint",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "default",
    "appearance",
    "statement",
    "probe",
    "report",
)
"""The Question fields that hold text as written, in the order a form author reads them.

Both source formats read exactly these (as YAML keys or XLSForm columns).
"""

ATTRIBUTIONS = ("named", "role_only", "anonymous")
"""How a respondent agreed to be attributed in outputs."""


@dataclass(frozen=True)
class Location:
    """Where something was defined, for messages a user can act on.

    YAML sources give a line and column; XLSForm sources give a sheet and row.
    """

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}:{self.row if self.row is not None else 1}"
        return f"{self.file}:{self.line or 1}:{self.column or 1}"


@dataclass(frozen=True)
class Choice:
    """One option of a choice list."""

    name: str
    label: str
    positive: bool | None = None
    """True if it counts toward the favourable side of a headline; None means infer from label."""
    filters: tuple[tuple[str, str], ...] = ()
    """Other columns of the choice's row (XLSForm), which a question's choice_filter reads."""

    def column(self, key: str) -> str | None:
        """The value of a column of this choice's row (name, label or another), else None."""
        if key == "name":
            return self.name
        if key == "label":
            return self.label
        return next((value for column, value in self.filters if column == key), None)


@dataclass(frozen=True)
class ChoiceList:
    """A named list of choices, shared by any select or rank question that names it."""

    name: str
    choices: tuple[Choice, ...]

    def label_for(self, choice_name: str) -> str:
        return self._labels.get(choice_name, choice_name)

    @cached_property
    def _labels(self) -> dict[str, str]:
        labels: dict[str, str] = {}
        for choice in self.choices:
            labels.setdefault(choice.name, choice.label)  # the first, if a name repeats
        return labels

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(choice.name for choice in self.choices)

    @cached_property
    def name_set(self) -> frozenset[str]:
        """The names, for membership tests in constant time (a list may hold 200,000)."""
        return frozenset(self.names)


@dataclass(frozen=True)
class Group:
    """A section of the questionnaire; `relevant` false skips every question inside it."""

    name: str
    label: str = ""
    relevant: str = ""
    appearance: str = ""
    """`field-list` asks for the group's questions to be shown together."""
    parent: str | None = None
    repeat: bool = False
    """A repeat (`begin repeat`): its questions are asked once per instance."""
    repeat_count: str = ""
    """How many instances (an expression); empty = open-ended, "Add another?" after each."""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Question:
    """One question (or note/calculation) of a questionnaire."""

    name: str
    type: str
    label: str = ""
    hint: str = ""
    required: bool = False
    required_message: str = ""
    relevant: str = ""
    constraint: str = ""
    constraint_message: str = ""
    calculation: str = ""
    default: str = ""
    appearance: str = ""
    choice_list: str = ""
    """Name of the choice list, for select_one, select_multiple and rank."""
    parameters: tuple[tuple[str, str], ...] = ()
    """XLSForm `parameters` as pairs, e.g. (("start", "1"), ("end", "10"), ("step", "1"))."""
    statement: str = ""
    """The proposition a headline finding states."""
    probe: str = ""
    """Prompts for the interviewer, shown beside the question, never asked aloud."""
    report: str = ""
    """What the question is for in a report: finding, profile or admin ("" = inferred)."""
    groups: tuple[str, ...] = ()
    """Names of the enclosing groups, outermost first."""
    choice_filter: str = ""
    """An expression choosing which choices are offered; bare names are the choice's columns."""
    read_only: bool = False
    """Shown but never answered (XLSForm read_only, or a matrix header row: appearance label)."""
    location: Location | None = field(default=None, compare=False)

    def parameter(self, key: str, default: str = "") -> str:
        for name, value in self.parameters:
            if name == key:
                return value
        return default

    @property
    def is_long_text(self) -> bool:
        return self.type == "text" and "multiline" in self.appearance

    @cached_property
    def answerable(self) -> bool:
        # Asked dozens of times per interview checked (per survey return on import).
        return self.type not in NO_ANSWER_TYPES and not self.read_only


@dataclass(frozen=True)
class Theme:
    """A theme of the codebook used to code free-text answers."""

    name: str
    description: str = ""


def theme_label(name: str) -> str:
    """A codebook name as a reader sees it: 'funding_flows' -> 'Funding flows'."""
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Questionnaire:
    """A whole questionnaire, as loaded from either source format."""

    form_id: str
    title: str
    version: str = ""
    description: str = ""
    questions: tuple[Question, ...] = ()
    groups: tuple[Group, ...] = ()
    choice_lists: tuple[ChoiceList, ...] = ()
    codebook: tuple[Theme, ...] = ()
    languages: tuple[str, ...] = ()
    """The languages the form is written in (XLSForm `label::LANGUAGE`); () for one."""
    language: str = ""
    """The language the texts above are in ("" when the form has one)."""
    translations: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """(language, ((key, text), ...)) for every translated text; see interview.translations."""
    attachments: tuple[Attachment, ...] = ()
    """Data files the form reads (pulldata, select_one_from_file), stored with the revision."""
    source: str = field(default="", compare=False)

    @cached_property
    def _questions_by_name(self) -> dict[str, Question]:
        return {question.name: question for question in self.questions}

    @cached_property
    def _groups_by_name(self) -> dict[str, Group]:
        return {group.name: group for group in self.groups}

    @cached_property
    def _lists_by_name(self) -> dict[str, ChoiceList]:
        return {choice_list.name: choice_list for choice_list in self.choice_lists}

    def question(self, name: str) -> Question:
        """The question called `name`; KeyError if there is none."""
        return self._questions_by_name[name]

    def has_question(self, name: str) -> bool:
        return name in self._questions_by_name

    def has_group(self, name: str) -> bool:
        return name in self._groups_by_name

    def group(self, name: str) -> Group:
        return self._groups_by_name[name]

    def choices(self, question: Question) -> ChoiceList:
        """The choice list of a select or rank question (empty for other types)."""
        return self._lists_by_name.get(question.choice_list, ChoiceList(question.choice_list, ()))

    def choice_list(self, name: str) -> ChoiceList | None:
        return self._lists_by_name.get(name)

    def attachment(self, name: str) -> Attachment | None:
        return next((item for item in self.attachments if item.name == name), None)

    def in_language(self, language: str) -> Questionnaire:
        """The same questionnaire with its texts in `language` (one of `languages`); names,
        expressions and choices' names are unchanged, so answers read the same."""
        from engagement_tui.interview.translations import translated

        return translated(self, language)

    def coded_questions(self) -> list[Question]:
        """The open questions whose answers are coded into themes: the long (multiline) texts.

        Short texts ("Which system are you part of?") are facts, not views to code.
        """
        return [question for question in self.questions if question.is_long_text]

    @cached_property
    def has_repeats(self) -> bool:
        return any(group.repeat for group in self.groups)

    def repeats_of(self, question: Question) -> tuple[str, ...]:
        """The repeats enclosing the question, outermost first."""
        return tuple(
            name for name in question.groups if self.has_group(name) and self.group(name).repeat
        )

    def section_of(self, question: Question) -> Group | None:
        """The outermost group holding the question: the 'section' shown in outlines."""
        return self._groups_by_name.get(question.groups[0]) if question.groups else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict holding everything but source locations."""
        # Choices are converted by hand: `asdict` deep-copies every field of every choice,
        # which for a list of 200,000 choices costs seconds. The result is the same.
        data = asdict(replace(self, choice_lists=()))
        data.pop("source", None)
        data["choice_lists"] = [
            {"name": choice_list.name, "choices": [_choice_dict(c) for c in choice_list.choices]}
            for choice_list in self.choice_lists
        ]
        for item in (*data["questions"], *data["groups"]):
            item.pop("location", None)
        # Choices come from `_choice_dict`, which already leaves out empty optional fields.
        for item in (*data["questions"], *data["groups"]):
            for key in OPTIONAL_FIELDS & item.keys():
                if not item[key]:
                    del item[key]
        for key in ("languages", "language", "translations", "attachments"):
            if not data[key]:
                del data[key]  # left out when unused: older revisions keep their hash
        for item in data["questions"]:
            # Left out when unstated, so questionnaires stored before roles keep their hash.
            if not item.get("report"):
                item.pop("report", None)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Questionnaire:
        """Rebuild a questionnaire stored with `to_dict`."""
        questions = tuple(
            Question(
                **{
                    **item,
                    "parameters": tuple(tuple(pair) for pair in item.get("parameters", ())),
                    "groups": tuple(item.get("groups", ())),
                }
            )
            for item in data.get("questions", ())
        )
        return cls(
            form_id=data["form_id"],
            title=data.get("title", data["form_id"]),
            version=data.get("version", ""),
            description=data.get("description", ""),
            questions=questions,
            groups=tuple(Group(**item) for item in data.get("groups", ())),
            choice_lists=tuple(
                ChoiceList(item["name"], tuple(_choice(choice) for choice in item["choices"]))
                for item in data.get("choice_lists", ())
            ),
            codebook=tuple(Theme(**item) for item in data.get("codebook", ())),
            languages=tuple(data.get("languages", ())),
            language=data.get("language", ""),
            translations=tuple(
                (language, tuple((key, text) for key, text in texts))
                for language, texts in data.get("translations", ())
            ),
            attachments=tuple(Attachment.from_dict(item) for item in data.get("attachments", ())),
        )

    def content_hash(self, definition: dict[str, Any] | None = None) -> str:
        """sha256 of the canonical JSON form: equal for equal content, whatever the format.

        `definition` is this questionnaire's `to_dict()` when the caller has it already."""
        definition = self.to_dict() if definition is None else definition
        canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _choice_dict(choice: Choice) -> dict[str, Any]:
    """A choice as `asdict` gives it, without the fields added later while they are empty."""
    item: dict[str, Any] = {"name": choice.name, "label": choice.label, "positive": choice.positive}
    if choice.filters:
        item["filters"] = [list(pair) for pair in choice.filters]
    return item


def _choice(item: dict[str, Any]) -> Choice:
    filters = tuple(tuple(pair) for pair in item.get("filters", ()))
    return Choice(**{**item, "filters": filters})
