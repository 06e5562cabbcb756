// Purpose: The collaboration network of a wijk, read for the network measures in queries/network.py (bounded: only
//   the wijk's three rings). Nodes:
//     ring 1  professionals with an active MEMBER_OF a team that SERVES the wijk (group: of origin);
//     ring 2  professionals with an active WORKS_IN to the wijk, or WORKS_IN {group: 'D'} to its municipality;
//     ring 3  civil partners ACTIVE_IN the wijk.
//   Someone in two rings of one wijk counts in the innermost. Ties (undirected, between these nodes only), read as
//   groups of ids that are tied pair by pair, so that a household's three helpers are one list, not three pairs:
//     team       both have an active MEMBER_OF the same team serving the wijk: a group per team;
//     household  both have an active INVOLVED_WITH the same household of the wijk: a group per household with two
//                or more active helpers (all of them, nodes or not: Python keeps the pairs of nodes); or (for a
//                civil partner) the household's latest Ecogram at $on has a TIE to the civil partner and the
//                professional has an active INVOLVED_WITH the household: a list per such household, the civil
//                partner first, then the household's active helpers (each tied to the partner only);
//     knows      a KNOWS relationship, in either direction, between two nodes: a pair [a, b], a < b.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), wijk_name, nodes (list of {id, name, kind: professional|civil, ring, group}),
//   team (list of id lists), household (list of id lists), civil (list of id lists: partner, then helpers),
//   knows (list of [a, b])
// Order: wijk.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
CALL (w) {
  CALL (w) {
      MATCH (w)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(p:Professional)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      RETURN p AS node, 1 AS ring, r.group AS group
    UNION
      MATCH (w)-[:IN_MUNICIPALITY*0..1]->(area)<-[r:WORKS_IN]-(p:Professional)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        AND (area = w OR r.group = 'D')
      RETURN p AS node, 2 AS ring, r.group AS group
    UNION
      MATCH (w)<-[:ACTIVE_IN]-(c:CivilPartner)
      RETURN c AS node, 3 AS ring, null AS group
  }
  WITH node, ring, group ORDER BY ring, group
  WITH node, collect({ring: ring, group: group})[0] AS place
  RETURN collect(node) AS members, collect({
    id: node.id, name: node.name, kind: CASE WHEN node:CivilPartner THEN 'civil' ELSE 'professional' END,
    ring: place.ring, group: place.group
  }) AS nodes
}
RETURN w.code AS wijk, w.name AS wijk_name, nodes,
  COLLECT {
    MATCH (w)<-[:SERVES]-(t:Team)<-[r:MEMBER_OF]-(p:Professional)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    WITH t, collect(DISTINCT p.id) AS team
    WHERE size(team) > 1
    RETURN team
  } AS team,
  // One expand per household; the helpers' ids only, their pairs are made in Python.
  COLLECT {
    MATCH (w)<-[:LIVES_IN]-(h:Household)<-[i:INVOLVED_WITH]-(p:Professional)
    WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
    WITH h, collect(DISTINCT p.id) AS helpers
    WHERE size(helpers) > 1
    RETURN helpers
  } AS household,
  // From the wijk's civil partners (a few ecogram ties each), not from every household's ecogram ties.
  COLLECT {
    UNWIND members AS c
    WITH c WHERE c:CivilPartner
    MATCH (c)<-[:TIE]-(e:Ecogram)<-[:HAS_ECOGRAM]-(h:Household)-[:LIVES_IN]->(w)
    WHERE e.date <= $on
      AND NOT EXISTS { MATCH (h)-[:HAS_ECOGRAM]->(later:Ecogram) WHERE later.date <= $on AND later.date > e.date }
    WITH DISTINCT c, h
    WITH c, COLLECT {
        MATCH (h)<-[i:INVOLVED_WITH]-(p:Professional)
        WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
        RETURN DISTINCT p.id AS id
      } AS helpers
    WHERE helpers <> []
    RETURN [c.id] + helpers AS civil
  } AS civil,
  COLLECT {
    UNWIND members AS a
    MATCH (a:Professional)-[:KNOWS]-(b:Professional)
    WHERE a.id < b.id AND b IN members
    RETURN DISTINCT [a.id, b.id] AS pair
  } AS knows
ORDER BY wijk
