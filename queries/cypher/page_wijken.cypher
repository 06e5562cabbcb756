// Purpose: A page of the list of wijken, optionally of one municipality, with the number of serving teams. Not an
//   analysis.
// Parameters:
//   $municipality  Municipality code, or null for all     :param municipality => null
//   $skip          rows to skip (page offset)             :param skip => 0
//   $limit         rows in the page                       :param limit => 50
// Columns: total (number of wijken that match), items (list of {code, name, municipality, municipality_name,
//   teams (number of teams serving the wijk)})
// Order: items by municipality name, wijk name, code.

MATCH (w:Wijk)
OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
WITH w, m
WHERE $municipality IS NULL OR m.code = $municipality
WITH w, m ORDER BY m.name, w.name, w.code
WITH collect({code: w.code, name: w.name, municipality: m.code, municipality_name: m.name,
              teams: COUNT { (t:Team)-[:SERVES]->(w) }}) AS rows
RETURN size(rows) AS total, rows[$skip..$skip + $limit] AS items
