"""`wijkgraph advise placement|handover`: advice for decisions (issue 17, queries/advise).

``placement``: where one or more scarce experts (or werkafspraken) for an expertise should go in a municipality to
cover the most unmet demand, greedy with the marginal gain of each step, and with ``--exact`` the optimum of the
integer programme. ``handover``: who in the wijk's team (or ``--team``) knows someone who can reach the expertise,
each path in one sentence. Both print a table (in the CLI's language), JSON or CSV (codes and English keys).
Neither answer holds household-level data, so neither is audited.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import typer
from rich.markup import escape

from api.cli.output import console
from api.i18n import N_, translate
from api.i18n import gettext as _
from api.labels import label
from api.spreadsheet import cell, spreadsheet_safe

FORMATS = ("table", "csv", "json")
FORMAT = typer.Option("table", "--format", help=N_("table, csv or json."))
ON = typer.Option(None, "--on", metavar="YYYY-MM-DD", help=N_("The date of the network (default: today)."))
HELP = N_("Advice for decisions: where scarce expertise should go (placement), and who can make a warm handover "
          "(handover).")
STEP_COLUMNS = ("municipality", "expertise", "step", "wijk", "wijk_name", "gain", "covered")
PATH_COLUMNS = ("rank", "hops", "strength", "from", "from_name", "to", "to_name", "to_organisation", "place",
                "place_name", "to_last_verified", "to_freshness", "sentence")


def advise_app() -> typer.Typer:
    app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False)
    app.command("placement", help=N_("Where one or more scarce experts or agreements cover the most unmet demand in "
                                     "a municipality: greedy steps with their gain, and the exact optimum."))(
        placement_command)
    app.command("handover", help=N_("Warm handover: who in the team knows someone who can reach the expertise in the "
                                    "wijk, at most three steps away, each path in one sentence."))(handover_command)
    return app


def _format(output: str) -> str:
    from queries.params import AnalysisError

    if output not in FORMATS:
        raise AnalysisError("--format must be one of {formats}, not {value!r}.", formats=", ".join(FORMATS),
                            value=output)
    return output


def placement_command(
    expertise: str = typer.Option(..., "--expertise", metavar="CODE", help=N_("The scarce expertise to place.")),
    count: str = typer.Option("1", "--count", metavar="N", help=N_("How many experts or agreements to place.")),
    municipality: str | None = typer.Option(None, "--municipality", metavar="CODE",
                                            help=N_("A municipality (default: every municipality).")),
    on: str | None = ON,
    neighbour_discount: str | None = typer.Option(None, "--neighbour-discount", metavar="0..1",
                                                  help=N_("How much a neighbouring wijk's demand counts (default "
                                                          "0.5).")),
    exact: bool = typer.Option(False, "--exact", help=N_("Also compute the exact optimum (small municipalities).")),
    output: str = FORMAT,
) -> None:
    from queries.advise import check_placement

    output = _format(output)
    checked = check_placement({"expertise": expertise, "count": count, "municipality": municipality, "on": on,
                               "neighbour_discount": neighbour_discount, "exact": exact})
    from graph.connection import open_store
    from queries.advise.placement import placement

    answers = placement(open_store(), checked["expertise"], checked["count"],
                        [checked["municipality"]] if checked["municipality"] else None, checked["on"],
                        checked["neighbour_discount"], checked["exact"])
    if output == "json":
        sys.stdout.write(json.dumps(answers, ensure_ascii=False, indent=2) + "\n")
    elif output == "csv":
        _csv(STEP_COLUMNS, [{"municipality": a["municipality"], "expertise": a["expertise"], **step}
                            for a in answers for step in a["steps"]])
    else:
        for answer in answers:
            print_placement(answer)


def print_placement(answer: dict[str, Any]) -> None:
    title = _("Placement of {expertise} in {municipality} ({code})").format(
        expertise=answer["expertise"], municipality=answer["municipality_name"], code=answer["municipality"])
    console.print(f"[bold]{escape(title)}[/bold]", highlight=False)
    console.print(escape(_("Open demand: {unmet} households in {n} wijken; a neighbouring wijk counts for {share}.")
                         .format(unmet=answer["unmet_total"], n=answer["candidates"],
                                 share=f"{answer['neighbour_discount']:.0%}")), highlight=False)
    if not answer["steps"]:
        console.print(_("Nothing to place: no wijk has open demand."), highlight=False)
    for step in answer["steps"]:
        console.print(escape(_("Step {step}: {name} ({wijk}) covers {gain} more; {covered} in all.").format(**{
            **step, "name": step["wijk_name"]})), highlight=False)
    if answer["exact"]:
        exact = answer["exact"]
        console.print(escape(_("Optimum: {wijken}, covering {value}; the greedy steps reach {ratio} of it (at least "
                               "63% is guaranteed).").format(wijken=", ".join(exact["wijk_names"]) or "-",
                                                            value=exact["value"], ratio=f"{exact['ratio']:.0%}")),
                      highlight=False)
    console.print()


def handover_command(
    wijk: str = typer.Option(..., "--wijk", metavar="CODE", help=N_("The wijk of the household.")),
    expertise: str = typer.Option(..., "--expertise", metavar="CODE", help=N_("The expertise the household needs.")),
    team: str | None = typer.Option(None, "--team", metavar="ID",
                                    help=N_("The team to start from (default: the teams that serve the wijk).")),
    on: str | None = ON,
    output: str = FORMAT,
) -> None:
    from queries.advise import check_handover

    output = _format(output)
    checked = check_handover({"wijk": wijk, "expertise": expertise, "team": team, "on": on})
    from graph.connection import open_store
    from queries.advise.handover import handover, sentence

    answer = handover(open_store(), checked["wijk"], checked["expertise"], checked["team"], checked["on"])
    for path in answer["paths"]:
        path["sentence_translated"] = sentence(path["explanation"], _)
    if output == "json":
        for path in answer["paths"]:
            del path["sentence_translated"]
        sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")
    elif output == "csv":
        _csv(PATH_COLUMNS, answer["paths"])
    else:
        print_handover(answer)


def print_handover(answer: dict[str, Any]) -> None:
    teams = ", ".join(team["name"] for team in answer["teams"])
    title = _("Warm handover for {expertise} in {wijk} ({code}), from {teams}").format(
        expertise=answer["expertise"], wijk=answer["wijk_name"], code=answer["wijk"], teams=teams)
    console.print(f"[bold]{escape(title)}[/bold]", highlight=False)
    if not answer["paths"]:
        console.print(escape(translate(N_("Nobody in the team reaches someone with {expertise} expertise in or around "
                                          "{wijk} within three steps. See 'Who to call' for the routes."),
                                       {"expertise": answer["expertise"], "wijk": answer["wijk_name"]})),
                      highlight=False)
    for path in answer["paths"]:
        detail = _("strength {strength}, {hops} steps, contact {freshness}").format(
            strength=path["strength"], hops=path["hops"], freshness=label("freshness", path["to_freshness"]))
        console.print(f"{path['rank']}. {escape(path['sentence_translated'])} [dim]({escape(detail)})[/dim]",
                      highlight=False)


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(columns)
    writer.writerows([spreadsheet_safe(cell(row.get(column))) for column in columns] for row in rows)
