"""The plain front end: a line-by-line interview through questionary, for plain terminals and
screen readers. It collects keystrokes only; the interview core and the store do the rest.
"""
