"""Provides MarkedRadioButton: a radio button whose state shows without colour.

Textual draws every radio button with the same ● and tells the chosen one only by colour,
which a monochrome terminal, `NO_COLOR=1` or a colour-blind officer cannot see. Here the
chosen button shows ● and the others ○, as the interview's own choice lists do.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton

CHOSEN = "●"
NOT_CHOSEN = "○"


class MarkedRadioButton(RadioButton):
    """A RadioButton drawn ● when chosen and ○ when not."""

    @property
    def _button(self) -> Content:
        # The parent draws BUTTON_INNER; choosing the glyph per state is all that differs.
        self.BUTTON_INNER = CHOSEN if self.value else NOT_CHOSEN
        return super()._button
