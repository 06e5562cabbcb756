"""`wijkgraph analyse NAME`: run an analysis from the registry and print it as a table, CSV or JSON.

The subcommands and their options are made from the registry (``queries.analyses``): each parameter a
``Param(name, kind, ...)`` declares becomes the option ``--name`` (underscores as dashes), repeatable when the kind
takes several values. Nothing here lists a parameter by hand. The registry is imported only when a subcommand or
the list is asked for, so `wijkgraph --help` does not load it; the values are checked by the registry, so the CLI
says what the web app says about a bad value.

A household-level analysis (``Access.household_level``) also takes ``--reason``, and every run of one writes an
audit entry (api/audit.py) before anything is printed, as the web app does: the OS user, the households shown, the
reason. One household's data (an analysis limited by ``household``) needs a reason; without one the attempt is
audited and refused.

What it prints is in the CLI's language (api.cli.root): the list, the messages, and the table's column headers and
codes (``api.labels``); ``--format csv`` and ``json`` keep the column names and codes, as the web app's twins do.
"""

from __future__ import annotations

import csv
import inspect
import json
import keyword
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from api.cli.analyse_table import print_table
from api.cli.output import console
from api.i18n import N_
from api.i18n import gettext as _
from api.spreadsheet import cell, spreadsheet_safe

if TYPE_CHECKING:
    from graph.store import Store
    from queries.analyses import Analysis, Param

FORMATS = ("table", "csv", "json")
# A parameter that repeats (Param.repeats: --wijk A --wijk B) is collected as a list. So is a single expertise,
# so that two of them reach the registry's check ("one expertise code") instead of the last one silently winning.
COLLECTED_AS_LIST = ("expertise",)
METAVARS = {"wijken": "CODE", "date": "YYYY-MM-DD", "int": "N", "number": "X", "text": "TEXT", "expertise": "CODE",
            "expertise_list": "CODE", "tier": "TIER"}
# Roles as --list names who may run an analysis ("for coordinators and analysts").
ROLES_PLURAL = {"professional": N_("professionals"), "coordinator": N_("coordinators"), "analyst": N_("analysts"),
                "admin": N_("admins")}
RESERVED = ("format", "help", "reason")  # options of the analysis commands; no parameter may take these names
MAX_REASON = 200  # as in the web app: a purpose, not a story about a client
REASON_HELP = N_("Why you read this household-level data; written to the audit log with your login name. Required "
               "for one household's data.")
WORDS_HELP = N_("What you look for, in your own words (the same as --text).")
HELP = N_("Run an analysis (missing expertise, gaps, duplicate helpers, contacts, network, ecogram).\n\n"
        "`wijkgraph analyse --list` shows every analysis with its parameters; `wijkgraph analyse NAME --help` one.")


def analyse_app() -> typer.Typer:
    """The `analyse` group: `--list`, and one subcommand per analysis, made when it is asked for."""
    app = typer.Typer(cls=AnalyseGroup, help=_(HELP), invoke_without_command=True, add_completion=False,
                      subcommand_metavar="NAME [OPTIONS]...")
    app.callback()(analyse)
    return app


def analyse(
    ctx: typer.Context,
    list_: bool = typer.Option(False, "--list", help=N_("Print every analysis with its purpose and parameters.")),
) -> None:
    from queries.analyses import ANALYSES, AnalysisError

    if list_:
        print_list(ANALYSES.values())
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        raise AnalysisError("Name an analysis; the analyses are: {names}. See --list.", names=", ".join(ANALYSES))


class AnalyseGroup(TyperGroup):
    """A group whose commands are the analyses of the registry, each built when it is looked up."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        from queries.analyses import ANALYSES

        return list(ANALYSES)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        from queries.analyses import ANALYSES

        analysis = ANALYSES.get(cmd_name)
        return None if analysis is None else analysis_command(analysis, ANALYSES.values())

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        from queries.analyses import get

        if args and not args[0].startswith("-") and not ctx.resilient_parsing:
            get(args[0])  # an unknown name is the registry's AnalysisError, which lists the analyses
        return super().resolve_command(ctx, args)


def option_name(param_name: str) -> str:
    """The option of a parameter: ``max_helpers`` is ``--max-helpers``, ``from`` is ``--from``."""
    return "--" + param_name.replace("_", "-")


def _identifier(param_name: str) -> str:
    # The callback's keyword for the option: a parameter may be called like a Python keyword ("from").
    return param_name + "_" if keyword.iskeyword(param_name) else param_name


def _option(param: Param, hidden: bool = False) -> inspect.Parameter:
    """The option of ``param`` as a keyword parameter of the command's callback, the way Typer reads options."""
    as_list = param.repeats or param.kind in COLLECTED_AS_LIST or hidden
    annotation = list[str] | None if as_list else str | None
    if hidden:  # another analysis's parameter: accepted, so that the registry can say it is not this one's
        default = typer.Option(None, option_name(param.name), hidden=True)
    else:
        text = param_summary(param) + (_("; repeat for several.") if param.repeats else ".")
        default = typer.Option(None, option_name(param.name), help=text, metavar=METAVARS.get(param.kind, "VALUE"))
    return inspect.Parameter(_identifier(param.name), inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=annotation)


def analysis_command(analysis: Analysis, registry: Iterable[Analysis]) -> Any:
    """The command `wijkgraph analyse NAME`: the analysis's parameters as options, plus --format."""
    own = {param.name: param for param in analysis.params}
    clash = sorted(set(own) & set(RESERVED))
    if clash:
        raise ValueError(f"analysis {analysis.name}: a parameter may not be called {', '.join(clash)}")
    others = {param.name: param for other in registry for param in other.params if param.name not in own}
    options = [_option(param) for param in own.values()]
    options += [_option(param, hidden=True) for param in others.values()]
    output = inspect.Parameter("output", inspect.Parameter.KEYWORD_ONLY, annotation=str,
                               default=typer.Option("table", "--format", help=_("table, csv or json.")))
    common = [output]
    if analysis.access.household_level:
        common.append(inspect.Parameter("reason", inspect.Parameter.KEYWORD_ONLY, annotation=str | None,
                                        default=typer.Option(None, "--reason", help=_(REASON_HELP), metavar="TEXT")))
    names = {_identifier(name): name for name in [*own, *others]}
    free = [param.name for param in analysis.params if param.positional]
    if free:  # `wijkgraph analyse contacts GGZ in Meerzicht`: the words as the text, with or besides --text
        common.insert(0, inspect.Parameter("words", inspect.Parameter.KEYWORD_ONLY, annotation=list[str] | None,
                                           default=typer.Argument(None, metavar="TEXT...", show_default=False,
                                                                  help=_(WORDS_HELP))))

    def run(output: str, reason: str | None = None, words: list[str] | None = None, **given: Any) -> None:
        values = {names[key]: value for key, value in given.items()}
        if free and words:
            values[free[0]] = " ".join([*words, *([values[free[0]]] if values.get(free[0]) else [])])
        run_analysis(analysis, values, output, reason)

    run.__signature__ = inspect.Signature([*options, *common])  # type: ignore[attr-defined]
    run.__annotations__ = {option.name: option.annotation for option in [*options, *common]}
    app = typer.Typer(add_completion=False)
    app.command(analysis.name, help=_(analysis.purpose))(run)
    return typer.main.get_command(app)


def run_analysis(analysis: Analysis, values: dict[str, Any], output: str, reason: str | None = None) -> None:
    """Run ``analysis`` with the options given (None: not given) and print its rows in ``output`` format.

    A household-level analysis is audited before its rows are printed (:func:`audited_run`).
    """
    from queries.analyses import AnalysisError

    if output not in FORMATS:
        raise AnalysisError("--format must be one of {formats}, not {value!r}.", formats=", ".join(FORMATS),
                            value=output)
    reason = (reason or "").strip() or None
    if reason and len(reason) > MAX_REASON:
        raise AnalysisError("--reason is at most {most} characters: a purpose, not a story about a client.",
                            most=MAX_REASON)
    kinds = {param.name: param.kind for param in analysis.params}
    params: dict[str, Any] = {}
    for name, value in values.items():
        if value is None or value == []:
            continue
        single = kinds.get(name) == "expertise" and len(value) == 1
        params[name] = value[0] if single else value
    checked = analysis.check(params)  # a bad value fails here, before the driver is loaded and Neo4j is asked
    from graph.connection import open_store

    store = open_store()
    if analysis.name == "contacts" and output == "table":  # the answer's statement and routes, besides its rows
        from api.cli.contacts_answer import print_answer
        from queries.analyses import contacts_answer

        print_answer(contacts_answer(store, checked))
        return
    if analysis.access.household_level:
        rows = audited_run(store, analysis, params, checked, reason)
    else:
        rows = analysis.run(store, **params)
    print_rows(rows, output, analysis.name)


def audited_run(store: Store, analysis: Analysis, params: dict[str, Any], checked: dict[str, Any],
                reason: str | None) -> list[dict[str, Any]]:
    """Run a household-level analysis for whoever runs the CLI, with its audit entry written first.

    One household's data: the entry (and the reason, which is required) comes before the read; an analysis over
    wijken: after the read, which says which households it shows, and before anything is printed. When the entry
    cannot be written, the command fails and prints nothing.
    """
    from api import audit
    from queries.analyses import AnalysisError

    user, resource, what = audit.cli_user(), f"cli analyse {analysis.name}", f"analysis {analysis.name}"
    if analysis.limited_by == "household":
        household = {str(checked["household"])}
        if not reason:
            audit.record(store, user, audit.CLI_ROLE, resource, what, household, None, status=400)
            raise AnalysisError("Say why you open this household's data: give --reason, e.g. --reason casusoverleg. "
                                "It is written to the audit log with your login name.")
        audit.record(store, user, audit.CLI_ROLE, resource, what, household, reason)
        return analysis.run(store, **params)
    rows = analysis.run(store, **params)
    audit.record(store, user, audit.CLI_ROLE, resource, what, analysis.access.households_in(rows), reason)
    return rows


def _cell(value: Any) -> str:
    return cell(value, "True", "False")  # the CLI has always printed Python's booleans


def param_summary(param: Param) -> str:
    """``(int, default 5) more helpers than this is too many``, in the CLI's language."""
    if param.required:
        kind = _("({kind}, required)").format(kind=param.kind)
    else:
        default = _(param.default_label) if param.default_label else show_default(param.default)
        kind = _("({kind}, default {default})").format(kind=param.kind, default=default)
    return f"{kind} {_(param.help)}"


def show_default(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ",".join(map(str, value))
    return _("none") if value is None else str(value)


def access_summary(analysis: Analysis) -> str:
    """Who may run ``analysis`` and what it reads: ``for every role; the sociale kaart, no household data``."""
    from graph.model import USER_ROLES

    access = analysis.access
    if set(access.roles) == set(USER_ROLES):
        who = _("every role")
    else:
        names = [_(ROLES_PLURAL.get(role, role)) for role in access.roles]
        who = names[0] if len(names) == 1 else _("{first} and {last}").format(first=", ".join(names[:-1]),
                                                                              last=names[-1])
    what = (_("household-level: audited, limited to a coordinator's wijken") if access.household_level
            else _("the sociale kaart, no household data"))
    return _("access: for {who}; {what}").format(who=who, what=what)


def print_list(analyses: Iterable[Analysis]) -> None:
    for analysis in analyses:
        console.print(f"[bold]{analysis.name}[/bold]: {escape(_(analysis.purpose))}", highlight=False)
        for param in analysis.params:
            console.print(f"    {option_name(param.name)} {escape(param_summary(param))}", highlight=False)
        console.print(f"    {escape(access_summary(analysis))}", highlight=False)
        console.print()


def print_rows(rows: list[dict[str, Any]], output: str, title: str) -> None:
    if output == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if title == "contacts":
        from queries.who_to_call import flat_rows

        rows = flat_rows(rows)
    columns = list(rows[0]) if rows else []
    if output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([spreadsheet_safe(_cell(row[column])) for column in columns] for row in rows)
        return
    print_table(rows, title)
