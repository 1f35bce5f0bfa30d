"""Provides ExpressionError, the only exception the expression language raises."""

from __future__ import annotations


class ExpressionError(ValueError):
    """A problem in an expression, with the 1-based column where it was found.

    Raised for syntax errors, unknown functions and wrong argument counts when parsing, and
    for the few problems only evaluation can find (a regular expression built at run time).
    """

    def __init__(self, message: str, column: int, text: str) -> None:
        # All three go to ValueError so the error pickles and copies intact.
        super().__init__(message, column, text)
        self.message = message
        self.column = column
        self.text = text

    def __str__(self) -> str:
        return f"{self.message} (column {self.column})"
