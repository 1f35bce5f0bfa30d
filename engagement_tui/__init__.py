"""Structured stakeholder engagement in the terminal."""

__version__ = "0.1.0"
