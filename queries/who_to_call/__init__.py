"""The contact search "Wie bel ik?": query understanding, ranking with reasons, scopes and routes (docs/search.md).

>>> from queries.who_to_call import SCOPES
>>> SCOPES
('mine', 'municipality', 'region', 'all')
"""

from queries.who_to_call.engine import Search, search
from queries.who_to_call.model import (
    ROUTES,
    SCOPES,
    Answer,
    Contact,
    Message,
    Role,
    Understood,
    Widening,
    answer_rows,
    flat_rows,
    freshness,
)

__all__ = ["ROUTES", "SCOPES", "Answer", "Contact", "Message", "Role", "Search", "Understood", "Widening",
           "answer_rows", "flat_rows", "freshness", "search"]
