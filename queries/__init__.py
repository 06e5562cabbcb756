"""The analyses: one Cypher file each (queries/cypher/) and networkx measures."""
