"""The search terms: which words mean an expertise, a function, or nothing (filler), read from CSV files.

The shipped table is ``queries/search_terms.csv``; a municipality adds or overrides rows with its own file, named
by the setting ``WIJKGRAPH_SEARCH_TERMS`` (a path). Both have the columns ``term,kind,meaning``; lines that start
with ``#`` are comments. A term is matched in lower case without diacritics, as one word or a phrase of words.
A bad file is refused whole with a :class:`SearchTermsError` that names the file, the line, the column and what was
expected (docs/search.md).
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from graph.model import EXPERTISE
from queries.params import N_, AnalysisError

KINDS = ("expertise", "function", "stopword")
COLUMNS = ("term", "kind", "meaning")
SETTING = "WIJKGRAPH_SEARCH_TERMS"
SHIPPED = "search_terms.csv"
MAX_TERMS = 10_000  # rows per file: a vocabulary, not a data set
MAX_WORDS_PER_TERM = 5


class SearchTermsError(AnalysisError):
    """A search-terms file that cannot be read; an English template with ``{named}`` fields (api translates).

    An :class:`AnalysisError`, so that the CLI says it in one line and the web app answers it as a problem detail
    that names the file, line and column, not as an internal error."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # normalised: lower case, no diacritics
    kind: str
    meaning: str  # an expertise code, a function word (lower case), or "" for a stopword


def fold(text: str) -> str:
    """Lower case without diacritics: how terms, wijk and organisation names are compared.

    >>> fold("Coöperatie Cliëntondersteuning")
    'cooperatie clientondersteuning'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words_of(text: str) -> tuple[str, ...]:
    """The folded words of ``text``: letters and digits, with ``'`` inside a word kept; a hyphen separates words.

    >>> words_of("Wmo-consulent in Rokkeveen-Oost, ib'er!")
    ('wmo', 'consulent', 'in', 'rokkeveen', 'oost', "ib'er")
    """
    out: list[str] = []
    word: list[str] = []
    for char in fold(text) + " ":
        if char.isalnum() or (char == "'" and word):
            word.append(char)
        elif word:
            out.append("".join(word).strip("'"))
            word = []
    return tuple(item for item in out if item)


def parse_terms(text: str, file: str) -> list[Term]:
    """The rows of one search-terms file; :class:`SearchTermsError` naming ``file``, line and column when bad.

    >>> parse_terms("term,kind,meaning\\n# a comment\\nGeldzorgen,expertise,schulden\\n", "x.csv")
    [Term(words=('geldzorgen',), kind='expertise', meaning='SCHULDEN')]
    >>> parse_terms("term,kind,meaning\\nzorgen,expert,GGZ\\n", "x.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    queries.who_to_call.terms.SearchTermsError: x.csv, line 2, column kind: 'expert' is not a kind; the kinds...
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(cell.strip().lower() for cell in header) != COLUMNS:
        raise SearchTermsError(N_("{file}, line 1: the header must be {expected}, not {found}."), file=file,
                               expected=",".join(COLUMNS), found=",".join(header or []) or "nothing")
    terms: list[Term] = []
    seen: dict[tuple[str, ...], int] = {}
    for row in reader:
        line = reader.line_num
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(terms) >= MAX_TERMS:
            raise SearchTermsError(N_("{file}: at most {most} terms in one file."), file=file, most=MAX_TERMS)
        term = _term(row, file, line)
        if term.words in seen:
            raise SearchTermsError(N_("{file}, line {line}, column term: {term!r} is already on line {first}."),
                                   file=file, line=line, term=" ".join(term.words), first=seen[term.words])
        seen[term.words] = line
        terms.append(term)
    return terms


def _term(row: list[str], file: str, line: int) -> Term:
    if len(row) != len(COLUMNS):
        raise SearchTermsError(N_("{file}, line {line}: expected 3 columns (term,kind,meaning), found {count}."),
                               file=file, line=line, count=len(row))
    raw, kind, meaning = (cell.strip() for cell in row)
    words = words_of(raw)
    if not words:
        raise SearchTermsError(N_("{file}, line {line}, column term: a word or phrase is required."), file=file,
                               line=line)
    if len(words) > MAX_WORDS_PER_TERM:
        raise SearchTermsError(N_("{file}, line {line}, column term: at most {most} words, not {count}."),
                               file=file, line=line, most=MAX_WORDS_PER_TERM, count=len(words))
    kind = kind.lower()
    if kind not in KINDS:
        raise SearchTermsError(N_("{file}, line {line}, column kind: {value!r} is not a kind; the kinds are {kinds}."),
                               file=file, line=line, value=kind, kinds=", ".join(KINDS))
    if kind == "expertise":
        meaning = meaning.upper()
        if meaning not in EXPERTISE:
            raise SearchTermsError(N_("{file}, line {line}, column meaning: {value!r} is not an expertise code; the "
                                      "codes are {codes}."), file=file, line=line, value=meaning,
                                   codes=", ".join(EXPERTISE))
    elif kind == "function":
        meaning = " ".join(meaning.lower().split())
        if not meaning:
            raise SearchTermsError(N_("{file}, line {line}, column meaning: a function word is required (the word a "
                                      "contact's function contains)."), file=file, line=line)
    elif meaning:
        raise SearchTermsError(N_("{file}, line {line}, column meaning: a stopword has no meaning; leave it empty, "
                                  "not {value!r}."), file=file, line=line, value=meaning)
    return Term(words, kind, meaning)


def shipped_text() -> str:
    return (resources.files("queries") / SHIPPED).read_text(encoding="utf-8")


def merge(base: list[Term], extra: list[Term]) -> dict[tuple[str, ...], Term]:
    """The terms by their words; a term of ``extra`` replaces the same words of ``base``.

    >>> merged = merge(parse_terms("term,kind,meaning\\nwonen,expertise,WONEN\\n", "a"),
    ...                parse_terms("term,kind,meaning\\nwonen,stopword,\\n", "b"))
    >>> merged[("wonen",)].kind
    'stopword'
    """
    merged = {term.words: term for term in base}
    merged.update({term.words: term for term in extra})
    return merged


@cache
def _load(path: str | None) -> dict[tuple[str, ...], Term]:
    base = parse_terms(shipped_text(), f"queries/{SHIPPED}")
    if not path:
        return merge(base, [])
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SearchTermsError(N_("{file}: no such file ({setting})."), file=path, setting=SETTING) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SearchTermsError(N_("{file}: cannot be read as UTF-8 text ({setting}): {reason}."), file=path,
                               setting=SETTING, reason=type(error).__name__) from None
    return merge(base, parse_terms(text, path))


def search_terms() -> dict[tuple[str, ...], Term]:
    """The shipped terms merged with the file named by ``WIJKGRAPH_SEARCH_TERMS`` (read once per path)."""
    return _load(os.environ.get(SETTING, "").strip() or None)
