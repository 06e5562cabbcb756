"""The plain summary of a council report: a few sentences chosen from its figures, the most important first.

:func:`summary` is a pure function of the report (:func:`queries.report.council_report`): it returns
:class:`Sentence` values, each an English message id (with its plural when a number decides the form) and named
fields; the web app and the CLI translate them (queries cannot import api). What comes first: expertise that is
missing where households call for it (most households first), coverage that moved since the earlier date, expertise
that is only weakly there while households call for it, the life domain where most households score low, overlapping
and too many helpers, and how fresh the sociale kaart is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from queries.params import N_

MAX_SENTENCES = 6
STRONG = ("in_team", "in_network")


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and a plural message id (bin/i18n extracts the pair); the web app and the CLI choose and
    translate them."""
    return singular, plural


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``message`` (English, ``{named}`` fields), or the pair ``message``/``plural`` chosen by the
    number in the field ``count``. ``kinds`` says how a field is shown: a label kind of api/labels.py
    (``expertise``, ``zrm``, ``coverage``), ``date``, ``percent``; other fields are shown as they are."""

    message: str
    fields: dict[str, Any]
    plural: str | None = None
    count: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)
    weight: float = 0  # what comes first: the largest weight

    def as_json(self) -> dict[str, Any]:
        return {"message": self.message, "plural": self.plural, "count": self.count, "fields": self.fields,
                "kinds": self.kinds}


def _plural(pair: tuple[str, str], count: str, weight: float, kinds: dict[str, str] | None = None,
            **fields: Any) -> Sentence:
    return Sentence(pair[0], fields, pair[1], count, kinds or {}, weight)


def summary(report: dict[str, Any]) -> list[Sentence]:
    """The sentences of the report's summary, the most important first (at most :data:`MAX_SENTENCES`)."""
    now, area = report["now"], report["name"]
    found = _coverage(report, area) + _changes(report) + _domains(now) + _helpers(now) + _freshness(now)
    ranked = sorted(enumerate(found), key=lambda item: (-item[1].weight, item[0]))
    return [sentence for _, sentence in ranked[:MAX_SENTENCES]]


def _coverage(report: dict[str, Any], area: str) -> list[Sentence]:
    now = report["now"]
    if report["kind"] == "wijk":
        found = [_wijk_sentence(row, area) for row in now["coverage"]]
        found = [sentence for sentence in found if sentence]
    else:
        found = [sentence for entry in now["expertise"] for sentence in _municipality_sentences(entry, area)]
    if now["coverage"] and not any(row["coverage"] == "missing" for row in now["coverage"]):
        found.append(Sentence(N_("No required expertise is missing in {area}."), {"area": area}, weight=600))
    return [sentence for sentence in found if sentence is not None]


def _wijk_sentence(row: dict[str, Any], area: str) -> Sentence | None:
    kinds = {"expertise": "expertise", "coverage": "coverage"}
    if row["coverage"] == "missing" and row["demand"]:
        return _plural(ngettext("In {area}, expertise in {expertise} is missing, while {households} household "
                                "calls for it.",
                                "In {area}, expertise in {expertise} is missing, while {households} households "
                                "call for it."),
                       "households", 1000 + row["demand"], kinds, area=area, expertise=row["expertise"],
                       households=row["demand"])
    if row["coverage"] == "missing":
        return Sentence(N_("In {area}, expertise in {expertise} is missing; no household calls for it now."),
                        {"area": area, "expertise": row["expertise"]}, kinds=kinds, weight=300)
    if row["coverage"] not in STRONG and row["demand"]:
        return _plural(ngettext("In {area}, {expertise} is there only as \"{coverage}\", while {households} "
                                "household calls for it.",
                                "In {area}, {expertise} is there only as \"{coverage}\", while {households} "
                                "households call for it."),
                       "households", 500 + row["demand"], kinds, area=area, expertise=row["expertise"],
                       coverage=row["coverage"], households=row["demand"])
    return None


def _municipality_sentences(entry: dict[str, Any], area: str) -> list[Sentence]:
    kinds = {"expertise": "expertise"}
    missing = entry["levels"].get("missing", 0)
    common = {"area": area, "expertise": entry["expertise"], "wijken": entry["wijken"]}
    found = []
    if missing:
        found.append(_plural(ngettext("In {missing} of the {wijken} wijken of {area}, expertise in {expertise} is "
                                      "missing; {households} household there calls for it.",
                                      "In {missing} of the {wijken} wijken of {area}, expertise in {expertise} is "
                                      "missing; {households} households there call for it."),
                             "households", 1000 + entry["missing_demand"] if entry["missing_demand"] else 300, kinds,
                             missing=missing, households=entry["missing_demand"], **common))
    if entry["weak"] and entry["weak_demand"]:
        found.append(_plural(ngettext("In {weak} of the {wijken} wijken of {area}, {expertise} is neither in the "
                                      "team nor in the wijk network; {households} household there calls for it.",
                                      "In {weak} of the {wijken} wijken of {area}, {expertise} is neither in the "
                                      "team nor in the wijk network; {households} households there call for it."),
                             "households", 500 + entry["weak_demand"], kinds, weak=entry["weak"],
                             households=entry["weak_demand"], **common))
    return found


def _changes(report: dict[str, Any]) -> list[Sentence]:
    moved = report["change"]["coverage"]
    kinds = {"expertise": "expertise", "before": "coverage", "after": "coverage", "since": "date"}
    found = [Sentence(N_("Since {since}, {expertise} in {wijk} went from \"{before}\" to \"{after}\"."),
                      {"since": report["since"], "expertise": row["expertise"], "wijk": row["wijk_name"],
                       "before": row["before"], "after": row["after"]}, kinds=kinds, weight=800 - index)
             for index, row in enumerate(moved[:2])]
    if len(moved) > 2:
        found.append(Sentence(N_("Since {since}, the coverage of {count} more wijk-expertise pairs changed."),
                              {"since": report["since"], "count": len(moved) - 2}, kinds={"since": "date"},
                              weight=790))
    for row in report["change"]["figures"]:
        if row["figure"] == "demand" and row["difference"]:
            found.append(Sentence(N_("Since {since}, the households calling for {expertise} went from {before} to "
                                     "{after}."),
                                  {"since": report["since"], "expertise": row["subject"], "before": row["before"],
                                   "after": row["after"]}, kinds={"since": "date", "expertise": "expertise"},
                                  weight=150 + abs(row["difference"])))
    return found


def _domains(now: dict[str, Any]) -> list[Sentence]:
    if not now["life_domains"] or not now["life_domains"][0]["demand"]:
        return []
    top = now["life_domains"][0]
    found = [Sentence(N_("The life domain where most households score low on the ZRM is {domain} ({households})."),
                      {"domain": top["life_domain"], "households": top["demand"]}, kinds={"domain": "zrm"},
                      weight=400)]
    if top["unhelped"]:
        found.append(_plural(ngettext("Of them, {households} household has no helper in that domain.",
                                      "Of them, {households} households have no helper in that domain."),
                             "households", 399, households=top["unhelped"]))
    return found


def _helpers(now: dict[str, Any]) -> list[Sentence]:
    found = []
    overlap, many = now["overlap"]["households"], now["too_many_helpers"]
    if overlap:
        found.append(_plural(ngettext("In {households} household, two or more helpers work in the same life domain "
                                      "at the same time.",
                                      "In {households} households, two or more helpers work in the same life domain "
                                      "at the same time."), "households", 350 + overlap, households=overlap))
    if many["households"]:
        found.append(_plural(ngettext("{households} household has more than {most} helpers.",
                                      "{households} households have more than {most} helpers."),
                             "households", 340 + many["households"], households=many["households"],
                             most=many["max_helpers"]))
    return found


def _freshness(now: dict[str, Any]) -> list[Sentence]:
    fresh = now["freshness"]
    if not fresh["contacts"]:
        return []
    return [Sentence(N_("{share} of the contacts in the sociale kaart were verified in the last 12 months ({stale} "
                        "longer ago, {never} never)."),
                     {"share": fresh["fresh_share"], "stale": fresh["stale"], "never": fresh["never"]},
                     kinds={"share": "percent"}, weight=700 if fresh["fresh_share"] < 0.5 else 200)]
