"""What the CLI says about an error, in the user's language (Dutch unless WIJKGRAPH_LANG=en; see api.i18n).

Lower layers raise errors whose message is an English template with ``{named}`` fields (``AnalysisError``,
``AuthError``, and the :class:`importers.problems.Msg` of an import problem); this fills them in translated. An
error that carries plain English text (most of ``graph``) is shown as it is, or translated when the whole text is
a message id. Nothing here imports the modules whose errors it shows (see api.cli.user_errors): it goes by the
attributes ``template`` and ``fields``, and by the shape of ``ImportRefused`` (``file``, ``problems``).
"""

from __future__ import annotations

from typing import Any

from api.i18n import gettext as _
from api.i18n import ngettext

MAX_LISTED = 50  # as importers.problems.MAX_LISTED


class CommandError(ValueError):
    """A bad value given to a command (a date that is none, a user that does not exist): an English template with
    ``{named}`` fields, shown in the user's language."""

    def __init__(self, template: str, **fields: Any) -> None:
        super().__init__(template.format(**fields) if fields else template)
        self.template, self.fields = template, fields


def render(value: Any) -> Any:
    """``value`` in the user's language when it is a message with a template; otherwise as it is."""
    template, fields = getattr(value, "template", None), getattr(value, "fields", None)
    if not isinstance(template, str) or not isinstance(fields, dict):
        return value
    translated = _(template)
    return translated.format(**{name: render(field) for name, field in fields.items()}) if fields else translated


def problem_text(problem: Any) -> str:
    """One import problem: where (file, row, column) and what was expected."""
    where = [str(render(problem.file))]
    if problem.row is not None:
        where.append(_("row {row}").format(row=problem.row) if isinstance(problem.row, int | float)
                     or not hasattr(problem.row, "template") else render(problem.row))
    if problem.column:
        where.append(str(render(problem.column)) if hasattr(problem.column, "template")
                     else _("column {column}").format(column=problem.column))
    return f"{', '.join(where)}: {render(problem.message)}"


def refused_text(refused: Any) -> str:
    """A refused import: how many problems, each of the first MAX_LISTED, and that nothing was written."""
    count = len(refused.problems)
    lines = [ngettext("{file} was not imported: {count} problem; nothing was written.",
                      "{file} was not imported: {count} problems; nothing was written.", count)
             .format(file=render(refused.file), count=count)]
    lines += [f"  {problem_text(problem)}" for problem in refused.problems[:MAX_LISTED]]
    if count > MAX_LISTED:
        lines.append("  " + _("... and {count} more").format(count=count - MAX_LISTED))
    consequences = getattr(refused, "consequences", [])
    if consequences:
        lines.append("  " + ngettext("{count} row only refers to a rejected row:",
                                     "{count} rows only refer to rejected rows:", len(consequences))
                     .format(count=len(consequences)))
        lines += [f"  {problem_text(problem)}" for problem in consequences[:MAX_LISTED]]
        if len(consequences) > MAX_LISTED:
            lines.append("  " + _("... and {count} more").format(count=len(consequences) - MAX_LISTED))
    return "\n".join(lines)


def error_text(error: BaseException) -> str:
    """The message of a user error (api.cli.user_errors) in the user's language."""
    if hasattr(error, "problems") and hasattr(error, "file"):
        return refused_text(error)
    if hasattr(error, "template"):
        return str(render(error))
    text = str(error)
    return _(text) if text else text  # gettext("") would be the catalog's header
