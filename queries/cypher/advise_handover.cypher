// Purpose: The inputs of the warm handover (queries/advise/handover.py): who in a team can reach expertise $expertise
//   in wijk $wijk through people they work with. One row with:
//     starts  the active members (MEMBER_OF) of team $team, or of the teams that SERVE the wijk when $team is null;
//     ends    professionals who HAVE_EXPERTISE $expertise and work in or for the wijk, each with the best place:
//             'wijk' (active WORKS_IN the wijk, or member of a team serving it), 'agreement' (employed by the
//             organisation of an active Agreement FOR_EXPERTISE $expertise OF_TEAM a team serving the wijk),
//             'municipality' (active WORKS_IN the wijk's municipality, group D), 'neighbour' (active WORKS_IN a
//             NEIGHBOURS wijk, or member of a team serving one), 'organisation' (employed by an organisation that
//             SERVES_MUNICIPALITY the wijk's municipality: a regional partner such as MEE);
//     ties    the collaboration ties that paths of at most three hops from a start to an end can use: every tie of
//             a start or an end, and the ties between the other people (neither a start nor an end) tied to a start
//             and those tied to an end.
//             A tie is 'knows' (KNOWS, either direction), 'team' (both active MEMBER_OF one team) or 'households'
//             (both active INVOLVED_WITH the same households: only their number, never which).
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk       Wijk code                                   :param wijk => 'WK063701'
//   $expertise  Expertise code                              :param expertise => 'LVB'
//   $team       Team id, or null for the wijk's own teams   :param team => null
//   $on         the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), wijk_name, municipality_name, teams (list of {id, name}), starts (list of ids),
//   ends (list of {id, place, place_name}), ties (list of {a, b, kind, households}),
//   people (list of {id, name, organisation, last_verified}: everyone in starts, ends and ties)

MATCH (w:Wijk {code: $wijk})
OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
OPTIONAL MATCH (chosen:Team {id: $team})
WITH w, m, CASE WHEN $team IS NULL THEN COLLECT { MATCH (w)<-[:SERVES]-(t:Team) RETURN t ORDER BY t.id }
  ELSE [t IN [chosen] WHERE t IS NOT NULL] END AS teams
WITH w, m, teams,
  COLLECT {
    UNWIND teams AS t
    MATCH (t)<-[r:MEMBER_OF]-(p:Professional)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN DISTINCT p
  } AS starts,
  COLLECT {
    MATCH (x:Expertise {code: $expertise})
    CALL (w, m, x) {
      MATCH (w)<-[r:WORKS_IN]-(p:Professional)-[:HAS_EXPERTISE]->(x)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      RETURN p, 0 AS rank, 'wijk' AS place, w.name AS place_name
      UNION
      MATCH (w)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(p:Professional)-[:HAS_EXPERTISE]->(x)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      RETURN p, 0 AS rank, 'wijk' AS place, w.name AS place_name
      UNION
      MATCH (w)<-[:SERVES]-(:Team)<-[:OF_TEAM]-(a:Agreement {status: 'active'})-[:FOR_EXPERTISE]->(x)
      WHERE (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
      MATCH (a)-[:WITH_ORGANISATION]->(:Organisation)<-[:EMPLOYED_BY]-(p:Professional)-[:HAS_EXPERTISE]->(x)
      RETURN p, 1 AS rank, 'agreement' AS place, w.name AS place_name
      UNION
      MATCH (m)<-[r:WORKS_IN {group: 'D'}]-(p:Professional)-[:HAS_EXPERTISE]->(x)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      RETURN p, 2 AS rank, 'municipality' AS place, m.name AS place_name
      UNION
      MATCH (w)-[:NEIGHBOURS]-(v)<-[r:WORKS_IN]-(p:Professional)-[:HAS_EXPERTISE]->(x)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      RETURN p, 3 AS rank, 'neighbour' AS place, v.name AS place_name
      UNION
      MATCH (w)-[:NEIGHBOURS]-(v)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(p:Professional)-[:HAS_EXPERTISE]->(x)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      RETURN p, 3 AS rank, 'neighbour' AS place, v.name AS place_name
      UNION
      MATCH (m)<-[:SERVES_MUNICIPALITY]-(:Organisation)<-[:EMPLOYED_BY]-(p:Professional)-[:HAS_EXPERTISE]->(x)
      RETURN p, 4 AS rank, 'organisation' AS place, m.name AS place_name
    }
    WITH p, rank, place, place_name ORDER BY rank, place_name
    WITH p, head(collect({node: p, place: place, place_name: place_name})) AS best
    RETURN best
  } AS ends
WITH w, m, teams, starts, ends, [e IN ends | e.node] AS end_nodes
// Every tie of a start or an end.
CALL (starts, end_nodes) {
  UNWIND starts + end_nodes AS p
  WITH DISTINCT p
  CALL (p) {
    MATCH (p)-[:KNOWS]-(q:Professional) WHERE q <> p
    RETURN DISTINCT q, 'knows' AS kind, 0 AS households
    UNION
    MATCH (p)-[r1:MEMBER_OF]->(:Team)<-[r2:MEMBER_OF]-(q:Professional)
    WHERE q <> p AND (r1.since IS NULL OR r1.since <= $on) AND (r1.until IS NULL OR r1.until >= $on)
      AND (r2.since IS NULL OR r2.since <= $on) AND (r2.until IS NULL OR r2.until >= $on)
    RETURN DISTINCT q, 'team' AS kind, 0 AS households
    UNION
    MATCH (p)-[i1:INVOLVED_WITH]->(h:Household)<-[i2:INVOLVED_WITH]-(q:Professional)
    WHERE q <> p AND (i1.since IS NULL OR i1.since <= $on) AND (i1.until IS NULL OR i1.until >= $on)
      AND (i2.since IS NULL OR i2.since <= $on) AND (i2.until IS NULL OR i2.until >= $on)
    WITH q, count(DISTINCT h) AS households
    RETURN q, 'households' AS kind, households
  }
  RETURN collect({a: p, b: q, kind: kind, households: households}) AS first
}
// The people next to a start and next to an end who may be inside a path (neither a start nor an end: every tie of
// those is in first already), each once.
WITH w, m, teams, starts, ends, end_nodes, first,
  COLLECT {
    UNWIND first AS t
    WITH t.a AS a, t.b AS b WHERE a IN starts AND NOT b IN starts AND NOT b IN end_nodes
    RETURN DISTINCT b
  } AS near_starts,
  COLLECT {
    UNWIND first AS t
    WITH t.a AS a, t.b AS b WHERE a IN end_nodes AND NOT b IN starts AND NOT b IN end_nodes
    RETURN DISTINCT b
  } AS near_ends
// The ties between the people next to a start and the people next to an end (the middle hop of three). Shared
// households are found by joining the households of both sides (USING JOIN ON h), so that a household's other
// helpers are never expanded.
CALL (near_starts, near_ends) {
  UNWIND near_starts AS p
  CALL (p, near_ends) {
    MATCH (p)-[:KNOWS]-(q:Professional) WHERE q IN near_ends AND q <> p
    RETURN DISTINCT q, 'knows' AS kind, 0 AS households
    UNION
    MATCH (p)-[r1:MEMBER_OF]->(:Team)<-[r2:MEMBER_OF]-(q:Professional)
    WHERE q IN near_ends AND q <> p
      AND (r1.since IS NULL OR r1.since <= $on) AND (r1.until IS NULL OR r1.until >= $on)
      AND (r2.since IS NULL OR r2.since <= $on) AND (r2.until IS NULL OR r2.until >= $on)
    RETURN DISTINCT q, 'team' AS kind, 0 AS households
  }
  RETURN collect({a: p, b: q, kind: kind, households: households}) AS middle_met
}
CALL (near_starts, near_ends) {
  WITH [p IN near_starts | elementId(p)] AS from_ids, [q IN near_ends | elementId(q)] AS to_ids
  // p and q are people (their ids come from ties between Professionals): sought by id, no label to scan.
  MATCH (p)-[i1:INVOLVED_WITH]->(h:Household)<-[i2:INVOLVED_WITH]-(q)
  USING JOIN ON h
  WHERE elementId(p) IN from_ids AND elementId(q) IN to_ids AND q <> p
    AND (i1.since IS NULL OR i1.since <= $on) AND (i1.until IS NULL OR i1.until >= $on)
    AND (i2.since IS NULL OR i2.since <= $on) AND (i2.until IS NULL OR i2.until >= $on)
  WITH p, q, count(DISTINCT h) AS households
  RETURN collect({a: p, b: q, kind: 'households', households: households}) AS middle_shared
}
WITH w, m, teams, starts, ends, first + middle_met + middle_shared AS ties,
  starts + end_nodes + [t IN first + middle_met + middle_shared | t.a] + [t IN first + middle_met + middle_shared | t.b] AS everyone
RETURN w.code AS wijk, w.name AS wijk_name, m.name AS municipality_name,
  [t IN teams | {id: t.id, name: t.name}] AS teams,
  [p IN starts | p.id] AS starts, [e IN ends | {id: e.node.id, place: e.place, place_name: e.place_name}] AS ends,
  [t IN ties | {a: t.a.id, b: t.b.id, kind: t.kind, households: t.households}] AS ties,
  COLLECT {
    UNWIND everyone AS p
    WITH DISTINCT p
    RETURN {id: p.id, name: p.name, last_verified: p.last_verified,
            organisation: COLLECT { MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name ORDER BY o.name }[0]}
      AS person
    ORDER BY person.id
  } AS people
