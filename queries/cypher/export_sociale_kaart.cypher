// Purpose: The sociale kaart of wijken for an HSDS export (importers/hsds_out.py): organisations with the expertise
//   they offer, and the professionals of the wijken's partner network with their employer, expertise and the areas
//   they work in. Not an analysis; no household data.
//     The professionals with an active MEMBER_OF a team that SERVES one of the wijken, or an active
//     WORKS_IN to one of them or (group D) to its municipality; the organisations that employ them or that fly in
//     through an active agreement of such a team; areas: their active WORKS_IN to these wijken and municipalities.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken  Wijk codes (all wijken: export_sociale_kaart_all) :param wijken => ['WK063701']
//   $on      the date the sociale kaart is looked at      :param on => date('2026-01-01')
//   $expertise  the expertise codes (graph.model.EXPERTISE) :param expertise => ['GGZ', 'LVB', 'SCHULDEN']
// Columns: organisations (list of {id, name, website, email, phone, offers (expertise codes)}), professionals (list
//   of {id, name, function, email, phone, organisation (id of the first employer by id), expertise (codes), areas
//   (list of {label: Wijk or Municipality, code, name, group})}), expertise (list of {code, name}: each Expertise
//   of $expertise)
// Order: organisations by id, professionals by id, areas by label and code.

CALL () {
  UNWIND $wijken AS code
  MATCH (w:Wijk {code: code})
  OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
  RETURN collect(DISTINCT w) + collect(DISTINCT m) AS areas
}
CALL (areas) {
  CALL (areas) {
      UNWIND areas AS w
      MATCH (w)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(p:Professional)  // only a wijk is served
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      RETURN p
    UNION
      UNWIND areas AS area
      MATCH (area)<-[r:WORKS_IN]-(p:Professional)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        AND (NOT area:Municipality OR r.group = 'D')
      RETURN p
  }
  RETURN collect(p) AS people
}
CALL (areas, people) {
  CALL (areas, people) {
      UNWIND people AS p
      MATCH (p)-[:EMPLOYED_BY]->(o:Organisation)
      RETURN o
    UNION
      UNWIND areas AS w
      MATCH (w)<-[:SERVES]-(:Team)<-[:OF_TEAM]-(a:Agreement {status: 'active'})-[:WITH_ORGANISATION]->(o)
      WHERE (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
      RETURN o
  }
  WITH o ORDER BY o.id
  RETURN collect({id: o.id, name: o.name, website: o.website, email: o.email, phone: o.phone,
    offers: COLLECT { MATCH (o)-[:OFFERS]->(x:Expertise) RETURN x.code AS c ORDER BY c }}) AS organisations
}
CALL (areas, people) {
  UNWIND people AS p
  WITH p ORDER BY p.id
  RETURN collect({
    id: p.id, name: p.name, function: p.function, email: p.email, phone: p.phone,
    organisation: COLLECT { MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.id AS o ORDER BY o LIMIT 1 }[0],
    expertise: COLLECT { MATCH (p)-[:HAS_EXPERTISE]->(x:Expertise) RETURN x.code AS c ORDER BY c },
    areas: COLLECT {
      MATCH (p)-[r:WORKS_IN]->(area)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        AND area IN areas AND (NOT area:Municipality OR r.group = 'D')
      RETURN {label: labels(area)[0], code: area.code, name: area.name, group: r.group} AS a
      ORDER BY a.label DESC, a.code
    }}) AS professionals
}
RETURN organisations, professionals,
  COLLECT { UNWIND $expertise AS code MATCH (x:Expertise {code: code}) RETURN {code: x.code, name: x.name} AS x
            ORDER BY x.code } AS expertise
