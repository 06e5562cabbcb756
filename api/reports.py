"""The council report as people read it: the summary in their language, the charts, the page and the PDF.

:mod:`queries.report` gathers the figures and chooses the summary's sentences (English message ids with fields);
this module translates them (:func:`sentence_text`), draws the charts (:mod:`viz.charts`, SVG inline in the page),
renders the report as one standalone HTML document with its print style sheet (``report_print.html``, the same body
as the page ``report.html``) and turns that into a PDF with WeasyPrint. The web app (api/web/reports.py) and the CLI
(``wijkgraph report``) share it. WeasyPrint loads only when a PDF is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api import i18n
from api.labels import label

STATIC_DIR = Path(__file__).parent / "static"
CHART_TOP = 12  # categories at most in a chart (the tables list them all)


def shown(kind: str | None, value: Any) -> str:
    """A field of a sentence as a reader sees it: a label, a date, a percentage, a number, or the text itself."""
    if kind == "date":
        return i18n.format_date(value)
    if kind == "percent":
        return i18n.format_percent(value)
    if kind:
        return label(kind, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return i18n.format_number(value)
    return str(value)


def sentence_text(sentence: dict[str, Any]) -> str:
    """One sentence of :func:`queries.report.summary.summary` (as JSON) in the user's language.

    >>> i18n.set_language("en")
    >>> sentence_text({"message": "{n} household", "plural": "{n} households", "count": "n", "fields": {"n": 2},
    ...                "kinds": {}})
    '2 households'
    """
    fields = sentence["fields"]
    if sentence.get("plural"):
        template = i18n.ngettext(sentence["message"], sentence["plural"], int(fields[sentence["count"]]))
    else:
        template = i18n.gettext(sentence["message"])
    return template.format(**{name: shown(sentence["kinds"].get(name), value) for name, value in fields.items()})


def figure_text(row: dict[str, Any]) -> str:
    """A figure of the report's change (``{figure, subject}``) as a reader reads it."""
    kind = {"demand": "expertise", "missing": "expertise", "life_domain_demand": "zrm", "gap": "gap"}.get(row["figure"])
    return label("report_figure", row["figure"]).format(subject=label(kind, row["subject"]) if kind else "")


def charts(report: dict[str, Any]) -> dict[str, str]:
    """The report's three charts as inline SVG: coverage with demand, demand per life domain, change since."""
    from viz.charts import COLOURS, Series, bars

    now, gettext = report["now"], i18n.gettext
    expertise = [entry["expertise"] for entry in now["expertise"]]
    levels = list(dict.fromkeys(level for entry in now["expertise"] for level in entry["levels"]))
    per_level = {(row["expertise"], row["coverage"]): 0 for row in now["coverage"]}
    for row in now["coverage"]:
        per_level[(row["expertise"], row["coverage"])] += row["demand"]
    coverage = bars("chart-coverage", gettext("Demand per required expertise, by coverage"),
                    "; ".join(f"{label('expertise', code)}: {entry['demand']}" for code, entry in
                              zip(expertise, now["expertise"], strict=True)),
                    [label("expertise", code) for code in expertise],
                    [Series(label("coverage", level), [per_level.get((code, level), 0) for code in expertise],
                            COLOURS.get(level)) for level in levels], gettext("households"), stacked=True)
    domains = [row for row in now["life_domains"] if row["demand"]][:CHART_TOP]
    life = bars("chart-domains", gettext("Households scoring low per life domain (ZRM)"),
                "; ".join(f"{label('zrm', row['life_domain'])}: {row['demand']} ({row['unhelped']})"
                          for row in domains),
                [label("zrm", row["life_domain"]) for row in domains],
                [Series(gettext("score low"), [row["demand"] for row in domains]),
                 Series(gettext("of them without a helper in that domain"), [row["unhelped"] for row in domains])],
                gettext("households"))
    figures = [row for row in report["change"]["figures"] if row["before"] or row["after"]][:CHART_TOP]
    change = bars("chart-change", gettext("Change since {date}").format(date=i18n.format_date(report["since"])),
                  "; ".join(f"{figure_text(row)}: {row['before']} → {row['after']}" for row in figures),
                  [figure_text(row) for row in figures],
                  [Series(i18n.format_date(report["since"]), [row["before"] for row in figures], "#9ecae1"),
                   Series(i18n.format_date(report["on"]), [row["after"] for row in figures], "#1f5fa8")],
                  gettext("number"))
    return {"coverage": coverage, "domains": life, "change": change}


def with_texts(report: dict[str, Any]) -> dict[str, Any]:
    """The report with each summary sentence's ``text`` in the user's language (the JSON twin's too)."""
    return {**report, "summary": [{**sentence, "text": sentence_text(sentence)} for sentence in report["summary"]]}


def print_html(report: dict[str, Any]) -> str:
    """The report as one standalone HTML document for print (the page's body, the print style sheet)."""
    from api.web.common import templates

    template = templates.env.get_template("report_print.html")
    return template.render(data=report, charts=charts(report), title=title(report), figure_text=figure_text,
                           stylesheet=(STATIC_DIR / "report.css").read_text(encoding="utf-8"))


def title(report: dict[str, Any]) -> str:
    if report["kind"] == "wijk":
        return i18n.gettext("Report for the council: wijk {name}").format(name=report["name"])
    return i18n.gettext("Report for the council: municipality {name}").format(name=report["name"])


def pdf_bytes(html: str) -> bytes:
    """The PDF of a standalone HTML document, rendered by WeasyPrint (A4, its @page rules)."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(STATIC_DIR)).write_pdf()
