"""Provides `engage search`: full-text search of free-text answers, quotes and observations,
and coding every match into a theme in one step (`--code THEME`)."""

from __future__ import annotations

import click

from engagement_tui.commands.common import AppContext, fail, pass_app


@click.command("search")
@click.argument("query")
@click.option("--questionnaire", "form_id", help="Search only this questionnaire's interviews.")
@click.option(
    "--code",
    "theme",
    metavar="THEME",
    help="Code every match with this theme of the questionnaire's codebook (one transaction).",
)
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many matches.")
@pass_app
def search_command(
    app: AppContext, query: str, form_id: str | None, theme: str | None, limit: int | None
) -> None:
    """Search free-text answers, quotes and observations of completed interviews.

    Every word must appear (in any form: "workforce" finds "workforces"); word* matches
    a prefix and "two words" a phrase. Answers are searched only for the open questions a
    coder codes. With --code, every match (not only those shown) is coded with the theme.

    \b
    Example:
      engage search workforce --questionnaire member_survey
      engage search "digital" --questionnaire member_survey --code workforce
    """
    from engagement_tui.store.search import SearchError

    store = app.store
    questions = None
    if form_id is not None:
        questionnaire = store.forms.load(form_id)
        if questionnaire is None:
            fail(f"no questionnaire {form_id!r} (see: {app.command('questionnaire list')})")
        questions = [question.name for question in questionnaire.coded_questions()]
    elif theme is not None:
        fail("--code needs --questionnaire: themes belong to a questionnaire's codebook")
    try:
        hits = store.search.find(query, form_id=form_id, questions=questions)
    except SearchError as error:
        fail(str(error))
    if theme is not None:
        store.coding.seed_codebook(form_id, questionnaire.codebook)
        themes = {stored.name: stored for stored in store.coding.themes(form_id)}
        chosen = themes.get(theme) or next(
            (t for t in themes.values() if t.name.lower() == theme.lower()), None
        )
        if chosen is None:
            known = ", ".join(themes) or "none yet"
            fail(f"no theme {theme!r} in {form_id}'s codebook (themes: {known})")
        added = store.search.code_all(hits, chosen.id)
    for hit in hits[:limit] if limit else hits:
        where = hit.question or "interview"
        kind = "" if hit.kind == "answer" else f" ({hit.kind})"
        click.echo(f"{hit.form_id} · {hit.organisation or 'no organisation'} · {where}{kind}")
        click.echo(f"  {hit.snippet}")
    shown = min(len(hits), limit) if limit else len(hits)
    more = f", {shown} shown" if shown < len(hits) else ""
    click.echo(f"{len(hits)} match{'' if len(hits) == 1 else 'es'}{more}")
    if theme is not None:
        click.echo(
            f"Coded {added} new passage{'' if added == 1 else 's'} as {chosen.name!r}"
            f" ({len(hits) - added} already had it)"
        )
