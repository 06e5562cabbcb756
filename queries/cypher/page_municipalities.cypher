// Purpose: The home page: every municipality with its wijken and the teams that serve each wijk. Not an analysis.
// Parameters: none
// Columns: code, name (of the municipality), wijken (list of {code, name, teams: list of team names})
// Order: municipality name, then wijk name.

MATCH (m:Municipality)
RETURN m.code AS code, m.name AS name,
  COLLECT {
    MATCH (w:Wijk)-[:IN_MUNICIPALITY]->(m)
    RETURN {code: w.code, name: w.name,
            teams: COLLECT { MATCH (t:Team)-[:SERVES]->(w) RETURN t.name AS team ORDER BY team }} AS wijk
    ORDER BY wijk.name, wijk.code
  } AS wijken
ORDER BY name, code
