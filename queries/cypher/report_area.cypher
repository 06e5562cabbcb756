// Purpose: The area of a council report (queries/report): a wijk, or a municipality with all of its wijken. No
//   household data. A wijk's own municipality is named; a municipality's wijken are every Wijk IN_MUNICIPALITY it.
//   No row when there is no Wijk (for $kind 'wijk') or Municipality (for $kind 'municipality') with that code.
// Parameters:
//   $kind  'wijk' or 'municipality'                  :param kind => 'wijk'
//   $code  the Wijk or Municipality code             :param code => 'WK063701'
// Columns: kind, code, name, municipality (code, null for a wijk without one), municipality_name,
//   wijken (list of {code, name}, ordered by name then code)

CALL () {
  MATCH (w:Wijk {code: $code})
  WHERE $kind = 'wijk'
  OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
  RETURN w.code AS code, w.name AS name, m.code AS municipality, m.name AS municipality_name,
    [{code: w.code, name: w.name}] AS wijken
  UNION
  MATCH (m:Municipality {code: $code})
  WHERE $kind = 'municipality'
  RETURN m.code AS code, m.name AS name, m.code AS municipality, m.name AS municipality_name,
    COLLECT {
      MATCH (w:Wijk)-[:IN_MUNICIPALITY]->(m)
      WITH w ORDER BY w.name, w.code
      RETURN {code: w.code, name: w.name}
    } AS wijken
}
RETURN $kind AS kind, code, name, municipality, municipality_name, wijken
