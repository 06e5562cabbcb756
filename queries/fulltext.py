"""Turning what a user types into a safe Lucene query for the ``contact_search`` full-text index.

Neo4j parses a full-text query with Lucene's classic query syntax, where ``"``, ``(``, ``:``, ``*``, ``AND`` and
friends are operators: text such as ``Jansen (GGZ)`` or ``"de Vries`` would fail to parse or mean something else.
Every character with a meaning in that syntax is escaped, operators are neutralised by lower-casing (the index
lower-cases anyway), and each word becomes a prefix query, all words required:
``sanne vr`` finds "Sanne de Vries". The result is passed as a parameter, never put into Cypher text.
Reference: Lucene classic QueryParser syntax, "Escaping Special Characters".
"""

from __future__ import annotations

LUCENE_SPECIAL = frozenset('\\+-!():^[]"{}~*?|&/')


def escape_term(word: str) -> str:
    return "".join(f"\\{char}" if char in LUCENE_SPECIAL else char for char in word)


def contact_query(text: str | None) -> str | None:
    """A Lucene query that matches contacts with every word of ``text`` as a word prefix; None for no text."""
    words = (text or "").lower().split()
    if not words:
        return None
    return " AND ".join(f"{escape_term(word)}*" for word in words)
