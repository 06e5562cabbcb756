"""The allow-list of tests/test_injection.py: the functions allowed to build Cypher text at run time, each with
why that is safe (kept apart so the test module stays short)."""

from __future__ import annotations

# The generator functions allowed to build Cypher text at run time, each with why that is safe.
ALLOWED_GENERATORS: dict[tuple[str, str], str] = {
    # Store primitives: they pass on the query their caller gave (and that caller is scanned).
    ("graph/store.py", "Store.read.work"): "passes on its caller's query",
    ("graph/store.py", "Store.write.work"): "passes on its caller's query",
    ("graph/store.py", "Store.write_batches"): "passes on its caller's query",
    ("graph/store.py", "Store.write_autocommit.work"): "passes on its caller's query",
    ("graph/store.py", "Store.read_autocommit.work"): "passes on its caller's query",
    ("queries/pages.py", "_InTransaction.read"): "a Store's read in the wijk overview's transaction: passes on its "
                                                 "caller's query",
    # Cartography-style loads: labels, types and property names from graph/model.py declarations, values as $rows.
    ("graph/load.py", "load_nodes"): "node_merge_query(NODE_BY_LABEL[label]): model declarations only",
    ("graph/load.py", "load_relationships"): "relationship_merge_query(REL_BY_NAME[name]): model declarations only",
    ("graph/writers.py", "run_query"): "node_merge_query / relationship_merge_query of a model declaration "
                                       "(graph/writers.py node_batches, relationship_batches); values as $rows",
    ("graph/load_sparse.py", "write_batch"): "update_query / create_query of a model declaration (REL_BY_NAME); "
                                             "values as $rows",
    ("graph/load.py", "existing_keys"): "label and key of a model node type; keys travel as $keys",
    ("graph/sources.py", "held_by_others"): "label of a model node type (NODE_BY_LABEL); the source travels as "
                                            "$source",
    ("graph/load.py", "stale_shares"): "labels and types iterated from the model's NODES and RELATIONSHIPS",
    ("graph/load.py", "cleanup"): "labels and types iterated from the model's NODES and RELATIONSHIPS",
    # The bulk load's emptiness check: the schema's own label constant (graph/schema.py SCHEMA_LABEL).
    ("importers/bulk.py", "check_empty"): "EMPTY_QUERY names graph.schema.SCHEMA_LABEL, a constant; values as "
                                          "$reference",
    # The import guard's look-ups (importers/guard.py): what a file would rewrite, and of which source.
    ("graph/load.py", "source_totals"): "labels and types iterated from the model's NODES and RELATIONSHIPS",
    ("graph/load.py", "rewritten"): "label, key and type of model declarations (NODE_BY_LABEL, REL_BY_NAME); "
                                    "keys travel as $keys and $rows",
    ("graph/load.py", "owners"): "label and key of a model node type (NODE_BY_LABEL); keys travel as $keys",
    ("graph/load.py", "lock_node"): "label and key of a model node type (NODE_BY_LABEL); the key travels as $key",
    ("graph/load.py", "kept_by_app"): "labels and types iterated from the model's NODES and RELATIONSHIPS",
    # What the app changed, read for an import (importers/upkeep/imports.py): model declarations only.
    ("graph/edited.py", "touched_nodes"): "label and key of a model node type (NODE_BY_LABEL); keys travel as $keys",
    ("graph/edited.py", "touched_relationships"): "labels, keys and type of a model declaration (REL_BY_NAME); "
                                                  "pairs travel as $rows",
    ("graph/edited.py", "ends_of"): "labels, keys and type of a model declaration (REL_BY_NAME); keys travel as $keys",
    # Changes made in the app (importers/upkeep): labels, keys and types of model declarations; keys travel as
    # parameters, property names only inside a $props map.
    **{("graph/records.py", name): "labels, keys and types of NODE_BY_LABEL / REL_BY_NAME; values as parameters"
       for name in ("node_properties", "existing", "set_node", "create_node", "rel_properties", "rel_ends",
                    "set_rel", "create_rel", "delete_rel")},
    ("importers/upkeep/records.py", "wijken_in.run"): "runs only the module's fixed queries (_WIJKEN, ...)",
    # Schema statements: generated from the model's labels, keys and indexes; nothing comes from input.
    ("graph/schema.py", "recorded_version"): "the module constant SCHEMA_LABEL",
    ("graph/schema.py", "apply"): "statements() from the model, SCHEMA_LABEL",
    ("graph/bulk.py", "create_schema"): "graph.schema.statements() from the model, as schema.apply runs them",
    ("graph/bulk.py", "create_schema.create_indexes"): "graph.schema.statements() from the model, as schema.apply "
                                                       "runs them",
}
