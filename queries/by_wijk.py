"""Running a per-wijk Cypher file (one that takes ``$wijken``) for some wijken, or for all of them.

Neo4j Community runs each query on one core, so a report over every wijk of the country, as one query, leaves the
other cores idle. For all wijken the codes are therefore read first and split into chunks, and the chunks run as
separate read transactions, :data:`READERS` at a time. The chunks are not one snapshot: a report that runs while
an import writes may see some wijken before it and some after, as two reports run one after the other would.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from queries.cypher_files import load

if TYPE_CHECKING:
    from graph.store import Store

CHUNK = 100  # wijken per read; also the most wijken read as a single query
READERS = min(4, os.cpu_count() or 1)  # reads at a time; the default local Neo4j shares this machine's cores


def read_for_wijken(
    store: Store, file: str, parameters: Mapping[str, Any], wijken: Sequence[str] | None
) -> list[dict[str, Any]]:
    """The rows of the Cypher file ``file`` for the wijk codes ``wijken``, or for every wijk when ``wijken`` is None.

    A list of codes is one query, ordered as the file orders it. All wijken come in chunks of :data:`CHUNK`
    codes in code order, chunk after chunk: a file ordered by wijk first keeps its order, others must re-sort.
    """
    if wijken is not None:
        return store.read(load(file), {**parameters, "wijken": list(dict.fromkeys(wijken))})
    codes = [row["code"] for row in store.read("MATCH (w:Wijk) RETURN w.code AS code ORDER BY code")]
    if len(codes) <= CHUNK:
        return store.read(load(file), {**parameters, "wijken": None})
    chunks = [codes[start:start + CHUNK] for start in range(0, len(codes), CHUNK)]
    with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="wijkgraph-reader") as pool:
        parts = pool.map(lambda chunk: store.read(load(file), {**parameters, "wijken": chunk}), chunks)
        return [row for part in parts for row in part]
