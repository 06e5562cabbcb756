// Purpose: The wijk a household lives in, for the access check before any household-level read. Not an analysis.
// Parameters:
//   $household  Household id                           :param household => 'HH-ZTM-0001'
// Columns: id, wijk (code, null when the household has no LIVES_IN)
//   No row when the household does not exist.

MATCH (h:Household {id: $household})
OPTIONAL MATCH (h)-[:LIVES_IN]->(w:Wijk)
RETURN h.id AS id, w.code AS wijk
LIMIT 1
