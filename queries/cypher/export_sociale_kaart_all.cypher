// Purpose: The whole sociale kaart for an HSDS export of everything (importers/hsds_out.py): every organisation with
//   the expertise it offers, and every professional with their employer, expertise and the areas they work in.
//   Not an analysis; no household data. The export of chosen wijken is export_sociale_kaart.cypher; this one reads
//   every Organisation and Professional on purpose (the whole graph is asked), so it has its own file instead of
//   a branch that the per-wijk plan would also run.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $on      the date the sociale kaart is looked at      :param on => date('2026-01-01')
// Columns: as export_sociale_kaart.cypher: organisations, professionals (areas: every active WORKS_IN to a wijk,
//   and to a municipality in group D), expertise.
// Order: organisations by id, professionals by id, areas by label and code.

CALL () {
  MATCH (o:Organisation)
  WITH o ORDER BY o.id
  RETURN collect({id: o.id, name: o.name, website: o.website, email: o.email, phone: o.phone,
    offers: COLLECT { MATCH (o)-[:OFFERS]->(x:Expertise) RETURN x.code AS c ORDER BY c }}) AS organisations
}
CALL () {
  MATCH (p:Professional)
  WITH p ORDER BY p.id
  RETURN collect({
    id: p.id, name: p.name, function: p.function, email: p.email, phone: p.phone,
    organisation: COLLECT { MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.id AS o ORDER BY o LIMIT 1 }[0],
    expertise: COLLECT { MATCH (p)-[:HAS_EXPERTISE]->(x:Expertise) RETURN x.code AS c ORDER BY c },
    areas: COLLECT {
      MATCH (p)-[r:WORKS_IN]->(area)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        AND (NOT area:Municipality OR r.group = 'D')
      RETURN {label: labels(area)[0], code: area.code, name: area.name, group: r.group} AS a
      ORDER BY a.label DESC, a.code
    }}) AS professionals
}
RETURN organisations, professionals,
  COLLECT { MATCH (x:Expertise) RETURN {code: x.code, name: x.name} AS x ORDER BY x.code } AS expertise
