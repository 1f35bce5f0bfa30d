"""Provides the app's screens: home, start, interview, review, and the modal dialogs."""
