"""Turning what a user types into a safe Lucene query for the ``contact_search`` full-text index.

Neo4j parses a full-text query with Lucene's classic query syntax, where ``"``, ``(``, ``:``, ``*``, ``AND`` and
friends are operators: text such as ``Jansen (GGZ)`` or ``"de Vries`` would fail to parse or mean something else.
So the text is cut into words the way the index's standard analyser cuts names (letters and digits; punctuation
separates words and is never indexed), lower-cased (which also turns ``AND``/``OR``/``NOT`` into plain words),
and each word becomes a prefix query, all words required: ``Sanne vr`` finds "Sanne de Vries". Each word is
still escaped, so that no character with a meaning in the syntax can reach the parser even if the word rule
changes. The result travels as a parameter, never as Cypher text.
Reference: Lucene classic QueryParser syntax, "Escaping Special Characters".
"""

from __future__ import annotations

import re

LUCENE_SPECIAL = frozenset('\\+-!():^[]"{}~*?|&/')
_WORD = re.compile(r"\w+")


def escape_term(word: str) -> str:
    return "".join(f"\\{char}" if char in LUCENE_SPECIAL else char for char in word)


def contact_query(text: str | None) -> str | None:
    """A Lucene query matching contacts with every word of ``text`` as a word prefix; None when no words."""
    words = _WORD.findall((text or "").lower())
    if not words:
        return None
    return " AND ".join(f"{escape_term(word)}*" for word in words)
