// Purpose: The nodes of a wijk's partner map (three rings). Not an analysis; viz/partner_map.py draws it.
//     teams   the Teams that SERVE the wijk (the centre);
//     ring1   professionals with an active MEMBER_OF such a team (team, team_role, group of origin);
//     ring2   professionals with an active WORKS_IN {group} to the wijk, or WORKS_IN {group: 'D'} to its
//             municipality (scope 'wijk' or 'municipality');
//     fly_in  active agreements (status 'active', not outside since/until at $on) of a serving team: organisation and
//             expertise;
//     ring3   civil partners ACTIVE_IN the wijk.
//   One person can appear in ring1 and ring2 (dubbele petten); the drawing keeps the innermost.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk  Wijk code                                    :param wijk => 'WK063701'
//   $on    the date the network is looked at            :param on => date('2026-01-01')
// Columns: code, name, teams (list of {id, name, kind, phone, email}), ring1, ring2 (lists of {id, name, function,
//   organisation, phone, email, last_verified, expertise (codes), team/team_role or scope, group}), fly_in (list of
//   {id, topic, organisation_id, organisation, expertise, team}), ring3 (list of {id, name, kind, phone, email,
//   last_verified})
//   No row when the wijk does not exist.

MATCH (w:Wijk {code: $wijk})
OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
CALL (w) {
  MATCH (t:Team)-[:SERVES]->(w)
  WITH t ORDER BY t.name
  RETURN collect({id: t.id, name: t.name, kind: t.kind, phone: t.phone, email: t.email}) AS teams
}
CALL (w) {
  MATCH (t:Team)-[:SERVES]->(w)
  MATCH (p:Professional)-[r:MEMBER_OF]->(t)
  WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
  WITH t, p, r ORDER BY p.name, p.id
  RETURN collect({id: p.id, name: p.name, function: p.function, team: t.id, team_role: r.team_role,
                  group: r.group, phone: p.phone, email: p.email, last_verified: p.last_verified,
                  organisation: COLLECT { MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name LIMIT 1 }[0],
                  expertise: COLLECT { MATCH (p)-[:HAS_EXPERTISE]->(x:Expertise) RETURN x.code AS c ORDER BY c }
                 }) AS ring1
}
CALL (w, m) {
  CALL (w, m) {
    MATCH (p:Professional)-[r:WORKS_IN]->(w)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN p, r.group AS group, 'wijk' AS scope
    UNION
    MATCH (p:Professional)-[r:WORKS_IN {group: 'D'}]->(m)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN p, r.group AS group, 'municipality' AS scope
  }
  WITH p, group, scope ORDER BY group, p.name, p.id
  RETURN collect({id: p.id, name: p.name, function: p.function, group: group, scope: scope, phone: p.phone,
                  email: p.email, last_verified: p.last_verified,
                  organisation: COLLECT { MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name LIMIT 1 }[0],
                  expertise: COLLECT { MATCH (p)-[:HAS_EXPERTISE]->(x:Expertise) RETURN x.code AS c ORDER BY c }
                 }) AS ring2
}
CALL (w) {
  MATCH (t:Team)-[:SERVES]->(w)
  MATCH (a:Agreement {status: 'active'})-[:OF_TEAM]->(t)
  WHERE (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
  OPTIONAL MATCH (a)-[:WITH_ORGANISATION]->(o:Organisation)
  OPTIONAL MATCH (a)-[:FOR_EXPERTISE]->(x:Expertise)
  WITH a, o, x, t ORDER BY o.name, a.id
  RETURN collect({id: a.id, topic: a.topic, organisation_id: o.id, organisation: o.name, expertise: x.code,
                  team: t.id}) AS fly_in
}
CALL (w) {
  MATCH (c:CivilPartner)-[:ACTIVE_IN]->(w)
  WITH c ORDER BY c.name, c.id
  RETURN collect({id: c.id, name: c.name, kind: c.kind, phone: c.phone, email: c.email,
                  last_verified: c.last_verified}) AS ring3
}
RETURN w.code AS code, w.name AS name, teams, ring1, ring2, fly_in, ring3
