// Purpose: The names the contact search ("Wie bel ik?") understands, read once and kept for a short while:
//   every wijk (code, name, municipality, the municipality's region), every municipality, every organisation
//   (id, name), and every pair of neighbouring wijken (NEIGHBOURS, stored once per pair, read both ways).
// Parameters: none.
// Columns: wijken (list of {code, name, municipality, region}), municipalities (list of {code, name, region}),
//   organisations (list of {id, name}), neighbours (list of [code, code]).
CALL () {
  MATCH (w:Wijk)
  OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
  RETURN collect({code: w.code, name: w.name, municipality: m.code, region: m.region}) AS wijken
}
CALL () {
  MATCH (m:Municipality)
  RETURN collect({code: m.code, name: m.name, region: m.region}) AS municipalities
}
CALL () {
  MATCH (o:Organisation)
  RETURN collect({id: o.id, name: o.name}) AS organisations
}
CALL () {
  MATCH (a:Wijk)-[:NEIGHBOURS]->(b:Wijk)
  RETURN collect([a.code, b.code]) AS neighbours
}
RETURN wijken, municipalities, organisations, neighbours
