"""Allows `python -m engagement_tui`."""

from engagement_tui.cli import main

main()
