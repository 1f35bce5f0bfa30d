"""Provides the tokenizer: expression text into a list of tokens with their columns.

Whether a name such as `div` or `and` is an operator depends on where it stands (the XPath
rule), so names are left as NAME tokens here and the parser decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ExpressionError

NUMBER = "number"
STRING = "string"
REFERENCE = "reference"
CURRENT = "current"
NAME = "name"
SYMBOL = "symbol"
END = "end"

_SYMBOLS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "(", ")", ",")
"""Longest first, so `<=` is never read as `<` then `=`."""

_HINTS = {
    "==": "use '=' to compare, not '=='",
    "/": "use 'div' to divide; paths with '/' are not supported",
    "|": "use 'or' to combine conditions; '|' (union) is not supported",
    "&": "use 'and' to combine conditions",
    "!": "use not(...) for negation",
    "..": "'..' (the parent) is not supported; refer to questions as ${name}",
}
"""Friendlier messages for what people coming from other languages tend to type."""


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    value: str
    """The meaning: the number's digits, the string without quotes, the ${...} name."""
    column: int
    """1-based column of the first character."""
    source: str
    """The characters as written, for messages."""


def is_name_start(char: str) -> bool:
    return char.isalpha() or char == "_"


def is_name_char(char: str) -> bool:
    # NCName characters; ':' too so prefixed names like jr:choice-name read as one word.
    return char.isalnum() or (len(char) == 1 and char in "_-.:")  # ("" is in every string)


def _is_digit(char: str) -> bool:
    # ASCII only: Python's isdigit() also accepts digits that XPath numbers do not.
    return "0" <= char <= "9"


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens, ending with an END token; raise ExpressionError if it can't."""
    tokens: list[Token] = []
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        start = position
        if char in "'\"":
            closing = text.find(char, position + 1)
            if closing < 0:
                raise ExpressionError("unterminated string", start + 1, text)
            position = closing + 1
            tokens.append(Token(STRING, text[start + 1 : closing], start + 1, text[start:position]))
        elif char == "$":
            position = _reference_end(text, start)
            name = text[start + 2 : position - 1]
            tokens.append(Token(REFERENCE, name, start + 1, text[start:position]))
        elif _is_digit(char) or (char == "." and _is_digit(_at(text, position + 1))):
            position = _number_end(text, position)
            digits = text[start:position]
            tokens.append(Token(NUMBER, digits, start + 1, digits))
        elif char == ".":
            if _at(text, position + 1) == ".":
                # ../name (../../name...) is a sibling or cousin question: names are unique
                end = position
                while text.startswith("../", end):
                    end += 3
                name_end = end
                while name_end < length and is_name_char(text[name_end]):
                    name_end += 1
                name = text[end:name_end]
                if end == position or not name or not is_name_start(name[0]) or ":" in name:
                    raise ExpressionError(_HINTS[".."], start + 1, text)
                position = name_end
                tokens.append(Token(REFERENCE, name, start + 1, text[start:position]))
                continue
            position += 1
            tokens.append(Token(CURRENT, ".", start + 1, "."))
        elif is_name_start(char):
            position += 1
            while position < length and is_name_char(text[position]):
                position += 1
            word = text[start:position]
            tokens.append(Token(NAME, word, start + 1, word))
        else:
            symbol = _symbol_at(text, position)
            position += len(symbol)
            tokens.append(Token(SYMBOL, symbol, start + 1, symbol))
    tokens.append(Token(END, "", length + 1, "the end"))
    return tokens


def _at(text: str, position: int) -> str:
    return text[position] if position < len(text) else ""


def _number_end(text: str, position: int) -> int:
    while _is_digit(_at(text, position)):
        position += 1
    if _at(text, position) == ".":
        position += 1
        while _is_digit(_at(text, position)):
            position += 1
    return position


INSTANCE_CHARS = "[]/@"
"""Also read inside ${...}: a repeat instance's answer is named like `member[2]/age`."""


def _reference_end(text: str, start: int) -> int:
    """Check the `${name}` starting at `start` and return the position after its `}`."""
    if _at(text, start + 1) != "{":
        raise ExpressionError("'$' must start a reference like ${name}", start + 1, text)
    position = start + 2
    first = _at(text, position)
    if first == "}":
        raise ExpressionError("empty reference ${}", start + 1, text)
    if first == "":
        raise ExpressionError("unclosed reference '${'", start + 1, text)
    if not is_name_start(first):
        raise ExpressionError(
            f"a question name must start with a letter or '_', not {first!r}", position + 1, text
        )
    while (is_name_char(_at(text, position)) and _at(text, position) != ":") or (
        _at(text, position) in INSTANCE_CHARS and _at(text, position)
    ):
        position += 1
    char = _at(text, position)
    if char == "}":
        return position + 1
    if char == "":
        raise ExpressionError("unclosed reference '${'", start + 1, text)
    if char == "#" and text[start + 2 : position] == "last-saved":
        raise ExpressionError("${last-saved#...} is not supported", start + 1, text)
    raise ExpressionError(f"{char!r} cannot appear in a question name", position + 1, text)


def _symbol_at(text: str, position: int) -> str:
    for hint in ("==", "/", "|", "&"):
        if text.startswith(hint, position):
            raise ExpressionError(_HINTS[hint], position + 1, text)
    for symbol in _SYMBOLS:
        if text.startswith(symbol, position):
            return symbol
    char = text[position]
    if char == "!":
        raise ExpressionError(_HINTS["!"], position + 1, text)
    raise ExpressionError(f"unexpected character {char!r}", position + 1, text)
