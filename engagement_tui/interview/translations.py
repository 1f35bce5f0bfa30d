"""Provides a questionnaire's texts in each of its languages, and the switch between them.

An XLSForm may write every text in several languages (`label::English`, `label::Swahili`).
The model holds one set of texts, those of `Questionnaire.language`, plus the other
languages' texts under keys naming where each belongs:

    "title", "description"             the form's
    "q/INDEX/FIELD"                    a question's label, hint, messages, statement, probe
    "g/INDEX/label"                    a group's label
    "c/LIST/INDEX/label"               a choice's label

Switching language replaces texts only: names, types, expressions and choices' names stay,
so an answer (stored by choice name) means the same in every language.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engagement_tui.interview.questionnaire import Questionnaire

TRANSLATED_QUESTION_FIELDS = (
    "label",
    "hint",
    "required_message",
    "constraint_message",
    "statement",
    "probe",
)
"""The question texts that a form may write in several languages."""


class UnknownLanguage(ValueError):
    """A language the questionnaire is not written in; the message lists those it has."""


def resolve_language(questionnaire: Questionnaire, given: str) -> str:
    """The form's name for the language `given`: itself, or as written with other case, or
    the code or name of pyxform's "Name (code)" spelling ("sw" for "Kiswahili (sw)")."""
    if given in questionnaire.languages:
        return given
    wanted = given.strip().casefold()
    for language in questionnaire.languages:
        name, _, code = language.partition("(")
        spellings = {language.casefold(), name.strip().casefold(), code.rstrip(")").casefold()}
        if wanted in spellings - {""}:
            return language
    return given


def language_problem(questionnaire: Questionnaire, language: str) -> str | None:
    """Why `language` cannot be used for this questionnaire, or None when it can."""
    language = resolve_language(questionnaire, language)
    if language in questionnaire.languages or (
        not questionnaire.languages and language in ("", questionnaire.language)
    ):
        return None
    if not questionnaire.languages:
        return (
            f"questionnaire '{questionnaire.form_id}' is written in one language only;"
            f" no --language '{language}'"
        )
    known = ", ".join(questionnaire.languages)
    return f"questionnaire '{questionnaire.form_id}' has no language '{language}' (it has: {known})"


def translated(questionnaire: Questionnaire, language: str) -> Questionnaire:
    """`questionnaire` with its texts in `language`; raises UnknownLanguage naming those it has."""
    problem = language_problem(questionnaire, language)
    if problem:
        raise UnknownLanguage(problem)
    language = resolve_language(questionnaire, language)
    if language == questionnaire.language or not questionnaire.languages:
        return questionnaire
    texts = dict(next((t for lang, t in questionnaire.translations if lang == language), ()))
    if not texts:
        return replace(questionnaire, language=language)

    def text(key: str, current: str) -> str:
        return texts.get(key, current)

    questions = tuple(
        replace(
            question,
            **{
                name: text(f"q/{index}/{name}", getattr(question, name))
                for name in TRANSLATED_QUESTION_FIELDS
            },
        )
        for index, question in enumerate(questionnaire.questions)
    )
    groups = tuple(
        replace(group, label=text(f"g/{index}/label", group.label))
        for index, group in enumerate(questionnaire.groups)
    )
    lists = tuple(
        replace(
            choice_list,
            choices=tuple(
                replace(choice, label=text(f"c/{choice_list.name}/{index}/label", choice.label))
                for index, choice in enumerate(choice_list.choices)
            ),
        )
        for choice_list in questionnaire.choice_lists
    )
    return replace(
        questionnaire,
        title=text("title", questionnaire.title),
        description=text("description", questionnaire.description),
        questions=questions,
        groups=groups,
        choice_lists=lists,
        language=language,
    )
