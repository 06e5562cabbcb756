"""The store: Neo4j connection, schema, the data model and the local Neo4j runtime.

This package imports nothing else of wijkgraph; everything else builds on it.
"""
