// Purpose: The partner network of wijken for a file export (GraphML, GEXF: viz/network_files.py): the data behind the
//   partner map (page_partner_map.cypher), as nodes and relationships. Not an analysis; no household data. Nodes:
//     wijk, municipality  each wijk asked and its municipality (ring 0);
//     team          Teams that SERVE the wijk (ring 1, the centre);
//     professional  an active MEMBER_OF such a team (ring 1, group of origin), or an active WORKS_IN {group} to the
//                   wijk, or WORKS_IN {group: 'D'} to its municipality (ring 2);
//     organisation  the organisation of an active agreement (status 'active', not outside since/until) of such a
//                   team: a fly-in partner (ring 2);
//     civil         civil partners ACTIVE_IN the wijk (ring 3).
//   A node in several rings (or wijken) takes the innermost ring and that place's group, and lists every wijk asked
//   it belongs to. Relationships between these nodes only: SERVES, IN_MUNICIPALITY (wijk to municipality),
//   MEMBER_OF and WORKS_IN (active at $on; WORKS_IN to a municipality only in group D), FLY_IN (team to
//   organisation, one per active agreement, with its id, topic and expertise), ACTIVE_IN and KNOWS.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken  Wijk codes, or null for all wijken           :param wijken => ['WK063701']
//   $on      the date the network is looked at            :param on => date('2026-01-01')
// Columns: nodes (list of {key, label, id, kind, ring, group, name, function, wijken (codes), expertise (codes),
//   organisation (the employer's name), last_verified}), edges (list of {source, target, type, id, group, team_role,
//   since, until, topic, expertise}); key is "label:id", e.g. "Professional:P-1"
// Order: nodes by key; edges by source, target, type, id.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code
// (and once, by range, for all wijken), where `w.code IN $wijken` would scan every wijk.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
CALL (w) {
    RETURN w AS node, 0 AS ring, null AS group
  UNION
    MATCH (w)-[:IN_MUNICIPALITY]->(node:Municipality)
    RETURN node, 0 AS ring, null AS group
  UNION
    MATCH (node:Team)-[:SERVES]->(w)
    RETURN node, 1 AS ring, null AS group
  UNION
    MATCH (node:Professional)-[r:MEMBER_OF]->(t:Team)-[:SERVES]->(w)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN node, 1 AS ring, r.group AS group
  UNION
    MATCH (node:Professional)-[r:WORKS_IN]->(w)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN node, 2 AS ring, r.group AS group
  UNION
    MATCH (node:Professional)-[r:WORKS_IN {group: 'D'}]->(:Municipality)<-[:IN_MUNICIPALITY]-(w)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN node, 2 AS ring, r.group AS group
  UNION
    MATCH (a:Agreement {status: 'active'})-[:OF_TEAM]->(:Team)-[:SERVES]->(w)
    WHERE (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
    MATCH (a)-[:WITH_ORGANISATION]->(node:Organisation)
    RETURN node, 2 AS ring, null AS group
  UNION
    MATCH (node:CivilPartner)-[:ACTIVE_IN]->(w)
    RETURN node, 3 AS ring, null AS group
}
WITH node, ring, group, w ORDER BY ring, group
WITH node, collect({ring: ring, group: group})[0] AS place, collect(DISTINCT w.code) AS wijken
WITH collect({node: node, place: place, wijken: wijken}) AS found
WITH [item IN found | item.node] AS members, found
CALL (found) {
  UNWIND found AS item
  WITH item.node AS n, item.place AS place, item.wijken AS wijken
  WITH n, place, wijken, labels(n)[0] AS label
  RETURN collect({
    key: label + ':' + coalesce(n.id, n.code), label: label, id: coalesce(n.id, n.code),
    kind: CASE label WHEN 'CivilPartner' THEN 'civil' ELSE toLower(label) END,
    ring: place.ring, group: place.group, name: n.name, function: n.function,
    wijken: COLLECT { UNWIND wijken AS code RETURN code ORDER BY code },
    expertise: CASE label
      WHEN 'Professional' THEN COLLECT { MATCH (n)-[:HAS_EXPERTISE]->(x:Expertise) RETURN x.code AS c ORDER BY c }
      WHEN 'Organisation' THEN COLLECT { MATCH (n)-[:OFFERS]->(x:Expertise) RETURN x.code AS c ORDER BY c }
      ELSE [] END,
    organisation: COLLECT { MATCH (n)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name AS o ORDER BY o LIMIT 1 }[0],
    last_verified: n.last_verified
  }) AS nodes
}
CALL (members) {
  CALL (members) {
      UNWIND members AS a
      MATCH (a)-[r:SERVES|IN_MUNICIPALITY|ACTIVE_IN|KNOWS]->(b)
      WHERE b IN members AND NOT (a:Team AND b:Municipality)
      RETURN a, b, type(r) AS type, null AS id, properties(r) AS props, [] AS expertise
    UNION
      UNWIND members AS a
      MATCH (a:Professional)-[r:MEMBER_OF|WORKS_IN]->(b)
      WHERE b IN members AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        AND (NOT b:Municipality OR r.group = 'D')
      RETURN a, b, type(r) AS type, null AS id, properties(r) AS props, [] AS expertise
    UNION
      UNWIND members AS a
      MATCH (ag:Agreement {status: 'active'})-[:OF_TEAM]->(a:Team), (ag)-[:WITH_ORGANISATION]->(b:Organisation)
      WHERE b IN members AND (ag.since IS NULL OR ag.since <= $on) AND (ag.until IS NULL OR ag.until >= $on)
      RETURN a, b, 'FLY_IN' AS type, ag.id AS id, properties(ag) AS props,
        COLLECT { MATCH (ag)-[:FOR_EXPERTISE]->(x:Expertise) RETURN x.code AS c ORDER BY c } AS expertise
  }
  WITH type, id, props, expertise, labels(a)[0] + ':' + coalesce(a.id, a.code) AS source,
    labels(b)[0] + ':' + coalesce(b.id, b.code) AS target
  ORDER BY source, target, type, id, props.since
  RETURN collect({source: source, target: target, type: type, id: id, group: props.group,
    team_role: props.team_role, since: props.since, until: props.until, topic: props.topic,
    expertise: expertise}) AS edges
}
RETURN COLLECT { UNWIND nodes AS n RETURN n ORDER BY n.key } AS nodes, edges
