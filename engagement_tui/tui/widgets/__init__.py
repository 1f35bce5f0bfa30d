"""Provides the widgets of the interview screen: question inputs, outline and probes."""
