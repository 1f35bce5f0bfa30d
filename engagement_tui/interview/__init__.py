"""The interview core: the questionnaire model, answer parsing, relevance and the session.

Headless and storage-free: it knows what a questionnaire asks, which questions apply given the
answers so far, and what a typed answer means. The front ends (`tui`, `plain`), survey-return
import (`responses`) and findings all build on it; it imports nothing but `expressions`.
"""
