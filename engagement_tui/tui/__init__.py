"""Provides the Textual front end: `run_app` in `engagement_tui.tui.app` opens it."""
