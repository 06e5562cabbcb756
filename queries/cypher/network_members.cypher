// Purpose: The members of a wijk's collaboration network and their employers, without the ties: what
//   bridging_organisations needs (queries/network.py). The members are those of network_graph.cypher (keep the two
//   alike):
//     ring 1  professionals with an active MEMBER_OF a team that SERVES the wijk;
//     ring 2  professionals with an active WORKS_IN to the wijk, or WORKS_IN {group: 'D'} to its municipality;
//     ring 3  civil partners ACTIVE_IN the wijk.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), organisations (list of {id, name}: the employers of its members, each once, ordered by
//   id)
// Order: wijk.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
CALL (w) {
  CALL (w) {
      MATCH (w)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(p:Professional)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      RETURN p AS node
    UNION
      MATCH (w)-[:IN_MUNICIPALITY*0..1]->(area)<-[r:WORKS_IN]-(p:Professional)
      WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        AND (area = w OR r.group = 'D')
      RETURN p AS node
    UNION
      MATCH (w)<-[:ACTIVE_IN]-(c:CivilPartner)
      RETURN c AS node
  }
  MATCH (node)-[:EMPLOYED_BY]->(o:Organisation)
  WITH DISTINCT o ORDER BY o.id
  RETURN collect({id: o.id, name: o.name}) AS organisations
}
RETURN w.code AS wijk, organisations
ORDER BY wijk
