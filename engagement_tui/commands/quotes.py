"""Provides `engage quotes`: list the quotes a report could use, and approve or revoke them.

A quote is printed in a report only once approved (the words as they read then), with
personal data redacted and attributed only as the respondent agreed.
"""

from __future__ import annotations

import click

from engagement_tui.commands.common import AppContext, fail, pass_app


@click.group()
def quotes() -> None:
    """Review quotes before they are published: list, approve, revoke.

    \b
    Example:
      engage quotes list --questionnaire leaders_interview
    """


def _form(app: AppContext, form_id: str):
    questionnaire = app.store.forms.load(form_id)
    if questionnaire is None:
        fail(f"no questionnaire {form_id!r} (see: {app.command('questionnaire list')})")
    return questionnaire


@quotes.command("list")
@click.option("--questionnaire", "form_id", required=True, help="The form_id of the questionnaire.")
@click.option("--pending", is_flag=True, help="Only quotes not yet approved.")
@pass_app
def list_quotes(app: AppContext, form_id: str, pending: bool) -> None:
    """Every candidate quote: key, status, who said it, personal data found, the words.

    Interviewers' quotes come first, then long free-text answers. Words are shown as
    stored (for review); reports print them redacted.

    \b
    Example:
      engage quotes list --questionnaire leaders_interview --pending
    """
    from engagement_tui.findings.quotes import attribution
    from engagement_tui.findings.redaction import Redactor
    from engagement_tui.findings.roles import report_role

    questionnaire = _form(app, form_id)
    texts = [
        q.name
        for q in questionnaire.coded_questions()
        if report_role(questionnaire, q) == "finding"
    ]
    rows = app.store.quotes.candidates(form_id, texts)
    organisations = [org.name for org in app.store.register.list()]
    shown = 0
    for row in rows:
        if pending and row["approved"]:
            continue
        shown += 1
        found = Redactor([row["respondent"]], organisations).find(row["text"])
        kinds = sorted({kind for kind, _ in found})
        status = "approved" if row["approved"] else "pending"
        who = attribution(row) or "unattributed"
        click.echo(f"{row['key']}  {status}  {row['source']}  {row['question'] or '-'}  ({who})")
        if kinds:
            click.echo(f"    personal data: {', '.join(kinds)} (redacted in reports)")
        click.echo(f"    {' '.join(str(row['text']).split())}")
    click.echo(f"{shown} quote{'' if shown == 1 else 's'}")


@quotes.command("approve")
@click.argument("keys", nargs=-1, required=True)
@pass_app
def approve(app: AppContext, keys: tuple[str, ...]) -> None:
    """Approve quotes by key (from `engage quotes list`), as they now read.

    \b
    Example:
      engage quotes approve N1 N2
    """
    from engagement_tui.store.quotes import QuoteNotFound

    try:
        count = app.store.quotes.approve(keys)
    except QuoteNotFound as error:
        fail(f"no quote {error.args[0]!r} (see: {app.command('quotes list --questionnaire ...')})")
    click.echo(f"approved {count} quote{'' if count == 1 else 's'}")


@quotes.command("revoke")
@click.argument("keys", nargs=-1, required=True)
@pass_app
def revoke(app: AppContext, keys: tuple[str, ...]) -> None:
    """Withdraw approval: the quotes are no longer published.

    \b
    Example:
      engage quotes revoke N1
    """
    count = app.store.quotes.revoke(keys)
    click.echo(f"revoked {count} quote{'' if count == 1 else 's'}")
