// Purpose: Where to look when a contact search has no wijk to start from (scope 'all') but names somebody: the
//   wijken and municipalities in which the contacts that the full-text query $text finds, or the people of the
//   organisations $organisations, have a role. The contact search then reads only those wijken instead of every
//   wijk of the country. A superset (no dates are checked here): who_to_call.cypher checks the roles.
//   A found professional counts with their own roles; a found organisation with its people's roles and the wijken
//   of the teams it flies in for; a found civil partner with the wijken it is active in.
// Parameters:
//   $text           Lucene query or null           :param text => '+(jan jan*) +(kramer kramer* kramer~1 kram*)'
//   $organisations  organisation ids or null       :param organisations => ['ORG-PARNASSIA']
// Columns: wijken (codes), municipalities (codes, for city-wide group-D roles)
CALL () {
    WITH $text AS query WHERE query IS NOT NULL
    CALL db.index.fulltext.queryNodes('contact_search', query) YIELD node
    RETURN node
  UNION
    UNWIND coalesce($organisations, []) AS id
    MATCH (node:Organisation {id: id})
    RETURN node
}
CALL (node) {
    MATCH (node)<-[:EMPLOYED_BY*0..1]-(p:Professional)-[:MEMBER_OF]->(:Team)-[:SERVES]->(w:Wijk)
    RETURN w.code AS wijk, null AS municipality
  UNION
    MATCH (node)<-[:EMPLOYED_BY*0..1]-(p:Professional)-[:WORKS_IN]->(w:Wijk)
    RETURN w.code AS wijk, null AS municipality
  UNION
    MATCH (node)<-[:EMPLOYED_BY*0..1]-(p:Professional)-[:WORKS_IN]->(m:Municipality)
    RETURN null AS wijk, m.code AS municipality
  UNION
    MATCH (node)<-[:WITH_ORGANISATION]-(:Agreement)-[:OF_TEAM]->(:Team)-[:SERVES]->(w:Wijk)
    RETURN w.code AS wijk, null AS municipality
  UNION
    MATCH (node)-[:ACTIVE_IN]->(w:Wijk)
    RETURN w.code AS wijk, null AS municipality
}
RETURN collect(DISTINCT wijk) AS wijken, collect(DISTINCT municipality) AS municipalities
