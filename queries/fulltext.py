"""Turning what a user types into a safe Lucene query for the ``contact_search`` full-text index.

Neo4j parses a full-text query with Lucene's classic query syntax, where ``"``, ``(``, ``:``, ``*``, ``AND`` and
friends are operators: text such as ``Jansen (GGZ)`` or ``"de Vries`` would fail to parse or mean something else.
So the text is cut into words the way the index's standard analyser cuts names (letters and digits; punctuation
separates words and is never indexed), lower-cased (which also turns ``AND``/``OR``/``NOT`` into plain words),
and each word becomes a prefix query, all words required: ``Sanne vr`` finds "Sanne de Vries". Each word is
still escaped, so that no character with a meaning in the syntax can reach the parser even if the word rule
changes. The result travels as a parameter, never as Cypher text.

Lucene refuses some queries outright: more than 1,024 clauses (``maxClauseCount``), or a prefix of about 1,000
characters ("input automaton is too large"). Text that would build one is refused here with a
:class:`SearchTextError` that says what is allowed, well inside those limits, before any query runs.
Reference: Lucene classic QueryParser syntax, "Escaping Special Characters".
"""

from __future__ import annotations

import re
from typing import Any

from queries.params import N_

LUCENE_SPECIAL = frozenset('\\+-!():^[]"{}~*?|&/')
_WORD = re.compile(r"\w+")
MAX_TEXT = 1_000  # characters: a search is a few words, not a pasted document
MAX_WORDS = 20  # each word is one clause; a name, a function and an organisation take a handful
MAX_FUZZY = 8  # words searched with typos: 8 x 50 expansions stays well inside Lucene's 1,024 clauses
MAX_WORD = 100  # characters; the longest names are far shorter, the index keeps words of at most 255


class SearchTextError(ValueError):
    """Search text the full-text index cannot take; the message says what is allowed.

    Like :class:`queries.params.AnalysisError`, the message is an English template with ``{named}`` fields, which
    the web app and the CLI translate."""

    def __init__(self, template: str, **fields: Any) -> None:
        super().__init__(template.format(**fields))
        self.template, self.fields = template, fields


def search_words(text: str | None) -> list[str]:
    """The words of ``text`` as the index cuts them, lower-cased; :class:`SearchTextError` beyond the limits.

    >>> search_words("Sanne de Vries (GGZ)")
    ['sanne', 'de', 'vries', 'ggz']
    >>> search_words("a " * 21)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    queries.fulltext.SearchTextError: The search text must be at most 20 words, not 21. Search with...
    """
    text = text or ""
    if len(text) > MAX_TEXT:
        raise SearchTextError(N_("The search text must be at most {most} characters, not {length}. Search with a few "
                                 "words of a name, function or organisation."), most=MAX_TEXT, length=len(text))
    words = _WORD.findall(text.lower())
    if len(words) > MAX_WORDS:
        raise SearchTextError(N_("The search text must be at most {most} words, not {length}. Search with a few "
                                 "words of a name, function or organisation."), most=MAX_WORDS, length=len(words))
    longest = max(words, key=len, default="")
    if len(longest) > MAX_WORD:
        raise SearchTextError(N_("The search text must have words of at most {most} characters; one has {length}. "
                                 "Search with a few words of a name, function or organisation."),
                              most=MAX_WORD, length=len(longest))
    return words


def escape_term(word: str) -> str:
    return "".join(f"\\{char}" if char in LUCENE_SPECIAL else char for char in word)


def contact_query(text: str | None) -> str | None:
    """A Lucene query matching contacts with every word of ``text`` as a word prefix; None when no words.

    Text beyond the limits (:func:`search_words`) is a :class:`SearchTextError`.
    """
    words = search_words(text)
    if not words:
        return None
    return " AND ".join(f"{escape_term(word)}*" for word in words)


# Words the index's Dutch analyser drops (Lucene's Dutch stop set): a required clause of one of them finds nothing.
INDEX_STOPWORDS = frozenset((
    "de", "en", "van", "ik", "te", "dat", "die", "in", "een", "hij", "het", "niet", "zijn", "is", "was", "op",
    "aan", "met", "als", "voor", "had", "er", "maar", "om", "hem", "dan", "zou", "of", "wat", "mijn", "men", "dit",
    "zo", "door", "over", "ze", "zich", "bij", "ook", "tot", "je", "mij", "uit", "der", "daar", "haar", "naar",
    "heb", "hoe", "heeft", "hebben", "deze", "u", "want", "nog", "zal", "me", "zij", "nu", "ge", "geen", "omdat",
    "iets", "worden", "toch", "al", "waren", "veel", "meer", "doen", "toen", "moet", "ben", "zonder", "kan", "hun",
    "dus", "alles", "onder", "ja", "eens", "hier", "wie", "niets", "uw", "iemand", "geweest", "andere",
))


def forgiving_query(words: list[str] | tuple[str, ...]) -> str | None:
    """A Lucene query that finds every word (all required) as it is, stemmed by the index's Dutch analyser, as the
    start of a word, with a typo or two (fuzzy, by the word's length), or with its ending cut (a plural or
    inflection the stemmer keeps apart: ``huisartsen`` finds huisarts, ``schuldhulpverlening`` schuldhulpverlener).
    Words of the index's stop list are left out; None when no word is left. Every word is escaped.

    >>> forgiving_query(["parnasia", "de", "ab"])
    '+(parnasia parnasia* parnasia~2 parna*) +(ab ab*)'
    >>> forgiving_query(["schuldhulpverlening"])
    '+(schuldhulpverlening schuldhulpverlening* schuldhulpverlening~2 schuldhulpverlen*)'
    >>> forgiving_query(["van"]) is None
    True
    """
    clauses: list[str] = []
    for word in words:
        word = word.lower()
        if not word or word in INDEX_STOPWORDS:
            continue
        term = escape_term(word)
        parts = [term, f"{term}*"]
        if len(word) >= 4 and len(clauses) < MAX_FUZZY:  # a fuzzy term expands to up to 50 clauses
            parts.append(f"{term}~{1 if len(word) < 8 else 2}")
        cut = 3 if len(word) >= 8 else 2 if len(word) >= 6 else 0
        if cut:
            parts.append(f"{escape_term(word[:-cut])}*")
        clauses.append(f"+({' '.join(parts)})")
    return " ".join(clauses) or None
