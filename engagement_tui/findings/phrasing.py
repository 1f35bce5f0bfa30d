"""Provides numbers into words, the way membership bodies write findings.

    natural_frequency(61)   -> "six in ten"
    natural_frequency(58)   -> "almost six in ten"
    natural_frequency(63)   -> "just over six in ten"
    headline(61, "STPs and ICSs represent the right approach to partnership working")
        -> "Six in ten respondents (61%) agree that STPs and ICSs represent the right
            approach to partnership working."

The phrase table, taken from published member surveys (NHS Confederation, NHS Providers,
LGA): "Six in ten leaders (61%) agree ...", "Eight out of 10 agreed ...", "the vast
majority ...", "a third", "two thirds", "a quarter", "three quarters", "half".

| percent          | phrase                                                           |
|------------------|------------------------------------------------------------------|
| 0                | none                                                             |
| above 0, to 5    | very few                                                         |
| above 5, under 9 | a minority                                                       |
| 9 to under 90    | the nearest fraction of the ladder below, with a qualifier       |
| 90 to under 95   | the vast majority                                                |
| 95 to under 100  | almost all                                                       |
| 100              | all                                                              |

The ladder: one in ten (10), one in five (20), a quarter (25), three in ten (30), a third
(33.3), four in ten (40), half (50), six in ten (60), two thirds (66.7), seven in ten (70),
three quarters (75), eight in ten (80), nine in ten (90, reached only as "almost").
Qualifiers are honest about the value (the whole number printed in the brackets, so the
words and the figure always agree):

- within 1 point of a fraction: the fraction alone (61 -> "six in ten", 33 -> "a third");
- up to 3 points below the next fraction: "almost" (58 -> "almost six in ten");
- up to 3 points above a fraction: "just over" (63 -> "just over six in ten");
- further from both: "more than" the fraction below (44 -> "more than four in ten").

Small bases: one respondent moves a percentage by several points, so with fewer than 30
respondents the qualifier becomes "around" the nearest fraction, and with fewer than 10 a
headline counts people instead ("Four of the seven respondents (57%) ...").
The "out of" style writes "eight out of 10" for "eight in ten", as some bodies do.
Percentages in brackets are whole numbers, rounded half up; a share that rounds to 0 or 100
without being it is written "<1%" or ">99%", so no one reads "100%" that is not all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

SMALL_BASE = 30
"""Below this many respondents, qualifiers soften to "around"."""
COUNT_BASE = 10
"""Below this many respondents, headlines count people ("four of the seven")."""

_LADDER: tuple[tuple[float, str], ...] = (
    (10.0, "one in ten"),
    (20.0, "one in five"),
    (25.0, "a quarter"),
    (30.0, "three in ten"),
    (100 / 3, "a third"),
    (40.0, "four in ten"),
    (50.0, "half"),
    (60.0, "six in ten"),
    (200 / 3, "two thirds"),
    (70.0, "seven in ten"),
    (75.0, "three quarters"),
    (80.0, "eight in ten"),
    (90.0, "nine in ten"),
)
_PLAIN_WITHIN = 1.0
_QUALIFIED_WITHIN = 3.0

_WORDS = (
    "none one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty"
).split()

# Phrases after which "of" goes before the subject: "half of respondents".
_NEEDS_OF = ("half", "third", "thirds", "quarter", "quarters", "majority", "minority")


def round_half_up(value: float) -> int:
    """Whole number, halves rounded up (Python's round() rounds 60.5 to 60)."""
    return math.floor(value + 0.5)


def percent_text(percent: float, decimals: int = 0) -> str:
    """44.0 -> "44%"; 0.4 -> "<1%"; 99.6 -> ">99%"; with decimals=1, 44.25 -> "44.3%"."""
    if decimals:
        scaled = 10**decimals
        return f"{round_half_up(percent * scaled) / scaled:.{decimals}f}%"
    if 0 < percent < 0.5:
        return "<1%"
    if 99.5 <= percent < 100:
        return ">99%"
    return f"{round_half_up(percent)}%"


def number_text(value: float) -> str:
    """5.0 -> "5"; 5.824 -> "5.82"; 1234567 -> "1,234,567" (at most two decimals)."""
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return f"{int(rounded):,}"
    return f"{rounded:,.2f}".rstrip("0")


def number_word(number: int) -> str:
    """3 -> "three"; numbers past twenty stay as digits."""
    return _WORDS[number] if 0 <= number < len(_WORDS) else str(number)


def _styled(phrase: str, style: str) -> str:
    if style == "out of" and phrase.endswith(" in ten"):
        return phrase[: -len(" in ten")] + " out of 10"
    return phrase


def natural_frequency(percent: float, *, base: int | None = None, style: str = "in ten") -> str:
    """A percentage as words: 61 -> "six in ten", 50 -> "half", 92 -> "the vast majority".

    `base`, when given and small, softens qualifiers to "around"; `style="out of"` writes
    "six out of 10". See the module docstring for the table.
    """
    if percent <= 0:
        return "none"
    if percent >= 100:
        return "all"
    if percent <= 5:
        return "very few"
    if percent < 9:
        return "a minority"
    if percent >= 95:
        return "almost all"
    if percent >= 90:
        return "the vast majority"
    # Judge the whole number printed beside the words, so "(61%)" always reads "six in ten".
    percent = round_half_up(percent)
    nearest_value, nearest = min(_LADDER, key=lambda rung: abs(rung[0] - percent))
    if abs(nearest_value - percent) <= _PLAIN_WITHIN:
        return _styled(nearest, style)
    if base is not None and base < SMALL_BASE:
        return "around " + _styled(nearest, style)
    upper_value, upper = next(rung for rung in _LADDER if rung[0] > percent)
    if upper_value - percent <= _QUALIFIED_WITHIN:
        return "almost " + _styled(upper, style)
    lower_value, lower = [rung for rung in _LADDER if rung[0] < percent][-1]
    qualifier = "just over " if percent - lower_value <= _QUALIFIED_WITHIN else "more than "
    return qualifier + _styled(lower, style)


def count_phrase(count: int, base: int) -> str:
    """4 of 7 -> "four of the seven"; everyone -> "all seven"; nobody -> "none of the seven"."""
    if count == base:
        return "all " + number_word(base)
    if count == 0:
        return "none of the " + number_word(base)
    return f"{number_word(count)} of the {number_word(base)}"


def capitalise(text: str) -> str:
    """First letter upper-cased, the rest untouched ("eight out of 10" -> "Eight out of 10")."""
    return text[:1].upper() + text[1:]


def lower_first(label: str) -> str:
    """A choice label inside a sentence: "Moderate progress" -> "moderate progress".

    Acronyms and names that start with two capitals ("NHS trusts", "ICSs") are kept.
    """
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def with_article(noun_phrase: str) -> str:
    """ "chief executive" -> "a chief executive"; "NHS trust" -> "an NHS trust"."""
    phrase = noun_phrase.strip()
    if not phrase:
        return phrase
    first = phrase.split()[0]
    if first.isupper() and len(first) > 1:
        # Acronyms are read letter by letter: "an NHS trust", "a CCG", "an ICS".
        vowel_sound = first[0] in "AEFHILMNORSX"
    else:
        lowered = first.lower()
        vowel_sound = lowered[0] in "aeiou"
        if lowered.startswith(("uni", "use", "usu", "eu", "one", "once")):
            vowel_sound = False
        if lowered.startswith(("hour", "honest", "honour", "heir")):
            vowel_sound = True
    return ("an " if vowel_sound else "a ") + phrase


def subject_phrase(frequency: str, subject: str) -> str:
    """ "six in ten" + "respondents" -> "six in ten respondents"; "half" -> "half of ..."."""
    if frequency == "none":
        return f"none of the {subject}"
    if frequency.split()[-1] in _NEEDS_OF:
        return f"{frequency} of {subject}"
    return f"{frequency} {subject}"


def _sentence(text: str) -> str:
    text = capitalise(text.strip())
    return text if text.endswith((".", "?", "!")) else text + "."


def headline(
    percent: float,
    statement: str = "",
    *,
    subject: str = "respondents",
    verb: str = "agree that",
    count: int | None = None,
    base: int | None = None,
    style: str = "in ten",
) -> str:
    """One sentence: "Six in ten respondents (61%) agree that <statement>."

    With `count` and a `base` under COUNT_BASE the people are counted instead
    ("Four of the seven respondents (57%) ..."). Without a statement the verb ends it.
    """
    if count is not None and base is not None and 0 < base < COUNT_BASE:
        who = f"{count_phrase(count, base)} {subject}"
    else:
        who = subject_phrase(natural_frequency(percent, base=base, style=style), subject)
    rest = f"{verb} {statement.strip().rstrip('.')}" if statement.strip() else verb
    return _sentence(f"{who} ({percent_text(percent)}) {rest.strip()}")


def join_or(items: Sequence[str]) -> str:
    """["a", "b", "c"] -> "a, b or c" (no serial comma, as British house styles write)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def majority_quantifier(percent: float) -> str:
    """How much of the base a set of answers covers, to start a sentence with."""
    if percent >= 100:
        return "all"
    if percent >= 95:
        return "almost all"
    if percent >= 90:
        return "the vast majority of"
    if percent > 50:
        return "most"
    return subject_phrase(natural_frequency(percent), "").strip()


def distribution_headline(
    parts: Sequence[tuple[str, float]],
    tail: str = "",
    *,
    subject: str = "respondents",
    verb: str = "said",
) -> str:
    """ "Most respondents said only moderate progress (44%) or a little progress (42%) had
    been made." from [("only moderate progress", 44), ("a little progress", 42)] and the tail.
    """
    combined = sum(percent for _, percent in parts)
    quantifier = majority_quantifier(combined)
    if quantifier in ("all", "almost all", "most") or quantifier.endswith(" of"):
        who = f"{quantifier} {subject}"
    else:
        who = subject_phrase(quantifier, subject)
    answers = join_or([f"{label} ({percent_text(percent)})" for label, percent in parts])
    return _sentence(f"{who} {verb} {answers} {tail.strip().rstrip('.')}".rstrip())


def base_words(entry: dict) -> str:
    """A question's base in words: "112 respondents", or for a question inside a repeat the
    instances that answered it and their interviews: "57 household members in 20 interviews"."""
    base = entry.get("base", 0)
    if entry.get("unit"):
        asked = entry.get("interviews_base", 0)
        plural = "" if asked == 1 else "s"
        return f"{number_text(base)} {entry['unit']} in {number_text(asked)} interview{plural}"
    return f"{number_text(base)} respondent{'' if base == 1 else 's'}"
