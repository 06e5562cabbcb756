// Purpose: The inputs of the placement advisor (queries/advise/placement.py): the wijken of each municipality asked,
//   with their neighbouring wijken in the same municipality (NEIGHBOURS, stored once per pair, read both ways).
//   The coverage and demand of each wijk come from the missing_expertise analysis, so that the advisor counts
//   unmet demand exactly as that analysis does.
// Parameters:
//   $municipalities  Municipality codes, or null for every municipality   :param municipalities => ['GM0637']
// Columns: municipality (code), municipality_name, wijk (code), wijk_name,
//   neighbours (list of the codes of neighbouring wijken in the same municipality, sorted)
// Order: municipality code, then wijk code.

UNWIND coalesce($municipalities, [null]) AS code
MATCH (m:Municipality)
WHERE m.code STARTS WITH coalesce(code, '') AND (code IS NULL OR m.code = code)
MATCH (w:Wijk)-[:IN_MUNICIPALITY]->(m)
RETURN m.code AS municipality, m.name AS municipality_name, w.code AS wijk, w.name AS wijk_name,
  COLLECT {
    MATCH (w)-[:NEIGHBOURS]-(v:Wijk)-[:IN_MUNICIPALITY]->(m)
    WITH DISTINCT v.code AS neighbour ORDER BY neighbour
    RETURN neighbour
  } AS neighbours
ORDER BY municipality, wijk
