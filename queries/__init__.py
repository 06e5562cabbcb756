"""The analyses: one Cypher file each (``queries/cypher``), networkx measures, and their registry."""
