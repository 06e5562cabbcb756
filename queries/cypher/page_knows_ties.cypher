// Purpose: The known working contacts (KNOWS) among a set of professionals, for the partner map's lines. Not an
//   analysis.
// Parameters:
//   $ids  professional ids                              :param ids => ['P-1', 'P-2']
// Columns: a, b (professional ids; each pair once, a < b)
// Order: a, b.

UNWIND $ids AS id
MATCH (p:Professional {id: id})-[:KNOWS]-(q:Professional)
WHERE q.id IN $ids AND p.id < q.id
RETURN DISTINCT p.id AS a, q.id AS b
ORDER BY a, b
