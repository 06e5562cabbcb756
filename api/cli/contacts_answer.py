"""`wijkgraph analyse contacts "GGZ in Meerzicht"` as a table: what the search understood, how far it looked, the
ranked contacts with their roles and reasons, and, when nobody in or around the wijk has the expertise, the
statement and the routes. The rows are the same as ``--format json`` and ``csv`` (and the web app's twins); only
this table is in the user's language.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from api.cli.output import console
from api.i18n import gettext as _
from api.labels import label
from api.spreadsheet import cell

# Message fields that hold a code: shown as its label.
CODED_FIELDS = {"expertise": "expertise"}


def say(message: Any) -> str:
    """A message of the search (a ``Message`` or its dict) in the user's language."""
    data = message if isinstance(message, dict) else message.to_dict()
    fields = {key: label(CODED_FIELDS[key], value) if key in CODED_FIELDS else ("" if value is None else value)
              for key, value in data["fields"].items()}
    return _(data["template"]).format(**fields)


def roles_text(roles: list[dict[str, Any]]) -> str:
    parts = []
    for role in roles:
        where = role["wijk_name"] or role["municipality"]
        team = f" ({role['team']})" if role["team"] else ""
        parts.append(f"{label('group', role['tier'])}, {where}{team}")
    return "; ".join(parts)


def print_answer(answer: Any) -> None:
    """The answer of :func:`queries.who_to_call.search` as the CLI shows it."""
    understood = answer.understood
    parts = [*(w["name"] for w in understood.wijken), *(m["name"] for m in understood.municipalities),
             *(label("expertise", code) for code in understood.expertise), *understood.functions,
             *(o["name"] for o in understood.organisations), *(f'"{word}"' for word in understood.words)]
    if parts:
        console.print(escape(_("Understood: {parts}").format(parts=", ".join(parts))), highlight=False)
    scope = _("Looked in: {scope}").format(scope=label("search_scope", answer.scope))
    for wider in answer.wider:
        if wider.more:
            scope += "; " + _("{scope} has {more} more").format(scope=label("search_scope", wider.scope),
                                                                 more=wider.more)
    console.print(escape(scope), highlight=False)
    if answer.statement:
        console.print(escape(say(answer.statement)), highlight=False, style="bold")
    _table(_("Who to call"), answer.rows)
    if answer.routes:
        _table(_("Routes"), answer.routes)
    console.print(escape(say(answer.fresh_rule)), highlight=False)


def _table(title: str, contacts: Any) -> None:
    if not contacts:
        return
    from rich.table import Table

    table = Table(title=f"{title} ({len(contacts)})")
    for column in (_("name"), _("function"), _("organisation"), _("phone"), _("email"), _("last verified"),
                   _("roles"), _("reasons")):
        table.add_column(column)
    for contact in contacts:
        verified = f"{contact.last_verified or ''} ({label('freshness', contact.freshness)})".strip()
        table.add_row(*(escape(cell(value)) for value in (
            contact.name, contact.function, contact.organisation, contact.phone, contact.email, verified,
            roles_text([role.to_dict() for role in contact.roles]), "; ".join(say(r) for r in contact.reasons))))
    console.print(table)
