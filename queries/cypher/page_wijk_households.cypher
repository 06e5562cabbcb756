// Purpose: A page of the households living in a wijk, with their active helpers, coordinators and needs, and the
//   dates of their ecogram snapshots. Household-level: the API checks the role and writes the audit log. Not an
//   analysis.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk   Wijk code                                   :param wijk => 'WK063701'
//   $on     the date the network is looked at           :param on => date('2026-01-01')
//   $skip   rows to skip (page offset)                  :param skip => 0
//   $limit  rows in the page                            :param limit => 50
// Columns: total (households in the wijk), items (list of {id, composition, with_children, complexity, helpers
//   (number of distinct active helpers), coordinators (number of active coordinators), needs (expertise codes),
//   ecograms (number of snapshots), latest_ecogram (date)})
// Order: items by household id.

MATCH (w:Wijk {code: $wijk})<-[:LIVES_IN]-(h:Household)
WITH h ORDER BY h.id
WITH collect(h) AS households
RETURN size(households) AS total, [h IN households[$skip..$skip + $limit] | {
  id: h.id, composition: h.composition, with_children: h.with_children, complexity: h.complexity,
  helpers: size(COLLECT {
    MATCH (h)<-[i:INVOLVED_WITH]-(p:Professional)
    WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
    RETURN DISTINCT p.id
  }),
  coordinators: size(COLLECT {
    MATCH (h)<-[c:COORDINATES]-(p:Professional)
    WHERE (c.since IS NULL OR c.since <= $on) AND (c.until IS NULL OR c.until >= $on)
    RETURN DISTINCT p.id
  }),
  needs: COLLECT {
    MATCH (h)-[n:NEEDS]->(x:Expertise)
    WHERE (n.since IS NULL OR n.since <= $on) AND (n.until IS NULL OR n.until >= $on)
    RETURN DISTINCT x.code AS code ORDER BY code
  },
  ecograms: COUNT { (h)-[:HAS_ECOGRAM]->(:Ecogram) },
  latest_ecogram: COLLECT { MATCH (h)-[:HAS_ECOGRAM]->(e:Ecogram) RETURN e.date AS d ORDER BY d DESC LIMIT 1 }[0]
}] AS items
