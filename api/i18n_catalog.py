"""The message catalog kept in step with the code: extract every message id, update the Dutch catalog.

``bin/i18n`` runs :func:`main`: new ids enter ``messages.po`` untranslated (the catalog test then names them),
ids no longer used are dropped. Translators edit ``msgstr`` by hand or in any PO editor (Poedit, Weblate).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from api.i18n import KEYWORDS, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent
# Where user-facing text lives: our packages' Python and the page templates (Jinja2, with the i18n extension).
METHODS = [(f"{package}/**.py", "python") for package in ("api", "queries", "importers", "viz", "graph")] + [
    ("api/templates/**.html", "jinja2")]
STABLE_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
OPTIONS = {"api/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def extract() -> Catalog:
    """Every message id in the code and the templates, with where it is used."""
    catalog = Catalog(project="wijkgraph", charset="utf-8")
    for filename, line, message, comments, context in extract_from_dir(
            ROOT, METHODS, OPTIONS, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return catalog


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


def load(language: str) -> Catalog:
    path = catalog_path(language)
    if not path.exists():
        return Catalog(locale=language, project="wijkgraph", version="2", charset="utf-8", fuzzy=False,
                       language_team="wijkgraph", last_translator="wijkgraph")
    with path.open("rb") as source:
        return read_po(source, locale=language)


def update(language: str = "nl") -> tuple[int, int]:
    """Bring the catalog of ``language`` in step with the code; the number of ids and of untranslated ones."""
    template = extract()  # first: it takes seconds, and the catalog may be edited meanwhile
    catalog = load(language)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    # Fixed dates and no line numbers: the file changes only when a message does (small diffs, no merge noise).
    catalog.creation_date = catalog.revision_date = STABLE_DATE
    path = catalog_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as target:
        write_po(target, catalog, width=120, sort_output=False, ignore_obsolete=True, include_lineno=False)
    untranslated = sum(1 for message in catalog if message.id and not message.string)
    return len([message for message in catalog if message.id]), untranslated


def main() -> None:
    total, untranslated = update("nl")
    print(f"{catalog_path('nl').relative_to(ROOT)}: {total} messages, {untranslated} without a Dutch translation")


if __name__ == "__main__":
    main()
