"""Provides `engage interview`: run an interview in the TUI, or line by line with --plain."""

from __future__ import annotations

import click

from engagement_tui.commands.common import AppContext, fail, in_language, language_option, pass_app


@click.command()
@click.option("--questionnaire", "form_id", required=True, help="Form id of the questionnaire.")
@click.option(
    "--plain",
    is_flag=True,
    help="Ask line by line (plain terminals, screen readers) instead of opening the app.",
)
@language_option
@pass_app
def interview(app: AppContext, form_id: str, plain: bool, language: str | None) -> None:
    """Run an interview: resume a draft of the questionnaire or start a new one.

    Every answer is saved the moment it is given; Ctrl-C stops and keeps a draft.

    \b
    Example:
      engage interview --questionnaire member_survey --plain
    """
    app.for_writing()
    questionnaire = app.store.forms.load(form_id)
    if questionnaire is None:
        fail(f"no questionnaire {form_id!r} (see: {app.command('questionnaire list')})")
    in_language(app, questionnaire, language)  # a language it lacks: one line naming those it has
    if not plain:
        from engagement_tui.tui.app import run_app

        app.close()  # the app opens its own store
        run_app(app.db_path, start_form=form_id, language=language or "")
        return
    from engagement_tui.plain.interview import run_plain
    from engagement_tui.store import InterviewLocked

    try:
        from engagement_tui.interview.translations import UnknownLanguage

        run_plain(app.store, form_id, language or "")
    except InterviewLocked as locked:
        fail(str(locked))
    except UnknownLanguage as error:  # a draft of an earlier revision without that language
        fail(str(error))
