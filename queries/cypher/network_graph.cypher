// Purpose: The collaboration network of a wijk, read for the networkx analyses in queries/network.py (bounded: only
//   the wijk's three rings). Nodes:
//     ring 1  professionals with an active MEMBER_OF a team that SERVES the wijk (group: of origin);
//     ring 2  professionals with an active WORKS_IN to the wijk, or WORKS_IN {group: 'D'} to its municipality;
//     ring 3  civil partners ACTIVE_IN the wijk.
//   Someone in two rings of one wijk counts in the innermost. Ties (undirected, between these nodes only):
//     team       both have an active MEMBER_OF the same team serving the wijk;
//     household  both have an active INVOLVED_WITH the same household of the wijk, or (for a civil partner) the
//                household's latest Ecogram at $on has a TIE to the civil partner and the professional has an
//                active INVOLVED_WITH the household;
//     knows      a KNOWS relationship, in either direction.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), wijk_name, nodes (list of {id, name, kind: professional|civil, ring, group,
//   organisations: list of {id, name}}), ties (list of {a, b, kind}, a < b, one per pair and kind)
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
  RETURN collect(node) AS members, collect(node.id) AS member_ids, collect({
    id: node.id, name: node.name, kind: CASE WHEN node:CivilPartner THEN 'civil' ELSE 'professional' END,
    ring: place.ring, group: place.group,
    organisations: COLLECT { MATCH (node)-[:EMPLOYED_BY]->(o:Organisation) RETURN {id: o.id, name: o.name} AS o
                             ORDER BY o.id }
  }) AS nodes
}
CALL (w, members, member_ids) {
  CALL (w, members, member_ids) {
    MATCH (w)<-[:SERVES]-(t:Team)<-[r1:MEMBER_OF]-(a:Professional), (t)<-[r2:MEMBER_OF]-(b:Professional)
    WHERE a.id < b.id
      AND (r1.since IS NULL OR r1.since <= $on) AND (r1.until IS NULL OR r1.until >= $on)
      AND (r2.since IS NULL OR r2.since <= $on) AND (r2.until IS NULL OR r2.until >= $on)
    RETURN a.id AS a, b.id AS b, 'team' AS kind
  UNION
    // One expand per household, one membership test per helper (not two per pair of helpers).
    MATCH (w)<-[:LIVES_IN]-(h:Household)<-[i:INVOLVED_WITH]-(p:Professional)
    WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
    WITH h, collect(DISTINCT p) AS helpers
    WHERE size(helpers) > 1
    WITH [p IN helpers WHERE p IN members | p.id] AS helpers
    UNWIND helpers AS a
    UNWIND helpers AS b
    WITH a, b WHERE a < b
    RETURN a, b, 'household' AS kind
  UNION
    // From the wijk's civil partners (a few ecogram ties each), not from every household's ecogram ties.
    UNWIND members AS c
    WITH c WHERE c:CivilPartner
    MATCH (c)<-[:TIE]-(e:Ecogram)<-[:HAS_ECOGRAM]-(h:Household)-[:LIVES_IN]->(w)
    WHERE e.date <= $on
      AND NOT EXISTS { MATCH (h)-[:HAS_ECOGRAM]->(later:Ecogram) WHERE later.date <= $on AND later.date > e.date }
    MATCH (h)<-[i:INVOLVED_WITH]-(p:Professional)
    WHERE p IN members AND (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
    RETURN CASE WHEN c.id < p.id THEN c.id ELSE p.id END AS a, CASE WHEN c.id < p.id THEN p.id ELSE c.id END AS b,
      'household' AS kind
  UNION
    UNWIND members AS a
    MATCH (a:Professional)-[:KNOWS]-(b:Professional)
    WHERE a.id < b.id AND b IN members
    RETURN a.id AS a, b.id AS b, 'knows' AS kind
  }
  WITH a, b, kind ORDER BY a, b, kind
  // An aggregation always returns one row, so a wijk without ties keeps its row.
  RETURN collect({a: a, b: b, kind: kind}) AS ties
}
RETURN w.code AS wijk, w.name AS wijk_name, nodes, ties
ORDER BY wijk
