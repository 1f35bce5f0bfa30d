"""Provides stored text made inert for the screen: what a respondent, an import or a register
file put into the database is shown as typed, never obeyed.

`inert` replaces control characters (the ESC of terminal escape sequences, NUL, and the rest
of C0 and C1 but line breaks) with U+FFFD, so nothing stored can move the cursor, retitle the
terminal or clear it; `inert_markup` also escapes Textual markup, for the widgets that parse
it (an OptionList's string prompts), so "[bold]" in a name is shown, not applied, and "[/x]"
cannot break the screen.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def inert(text: object) -> str:
    """`text` with every control character but line breaks shown as U+FFFD (tabs as spaces)."""
    return _CONTROL.sub("\ufffd", str(text).replace("\t", " ").replace("\r\n", "\n"))


def inert_markup(text: object) -> str:
    """`inert(text)` with markup escaped, for widgets that parse markup."""
    from textual.markup import escape

    return escape(inert(text))
