// Purpose: Household gaps per wijk (part of the `gaps` analysis):
//     uncovered_need  a household that LIVES_IN the wijk has an active NEEDS to an expertise, and none of its
//                     active helpers (active INVOLVED_WITH) HAS_EXPERTISE it; evidence: its active helpers;
//     no_coordinator  a household with two or more active helpers (distinct professionals with an active
//                     INVOLVED_WITH) and no active COORDINATES; evidence: its active helpers.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk  Wijk code, or null for all wijken           :param wijk => 'WK063701'
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), wijk_name, kind (uncovered_need, no_coordinator), detail ("household HH-1 needs GGZ",
//   "household HH-1 has 3 helpers and no coordinator"), evidence (list of helpers, "name (id)")

// Seek by prefix, then keep the exact code: with a wijk given the plan starts from the Wijk.code unique index.
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce($wijk, '') AND ($wijk IS NULL OR w.code = $wijk)
MATCH (w)<-[:LIVES_IN]-(h:Household)
WITH w, h, COLLECT {
    MATCH (h)<-[i:INVOLVED_WITH]-(p:Professional)
    WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
    RETURN DISTINCT p
  } AS helpers
WITH w, h, helpers, [p IN helpers | p.name + ' (' + p.id + ')'] AS helper_names
WITH w, h, helpers, COLLECT { WITH helper_names UNWIND helper_names AS name RETURN name ORDER BY name } AS evidence,
  COLLECT {
    MATCH (h)-[n:NEEDS]->(x:Expertise)
    WHERE (n.since IS NULL OR n.since <= $on) AND (n.until IS NULL OR n.until >= $on)
      AND none(p IN helpers WHERE (p)-[:HAS_EXPERTISE]->(x))
    RETURN DISTINCT x.code AS code ORDER BY code
  } AS uncovered
WITH w, h, evidence,
  [code IN uncovered | {kind: 'uncovered_need', detail: 'household ' + h.id + ' needs ' + code}]
  + CASE
      WHEN size(helpers) >= 2 AND NOT EXISTS {
        MATCH (h)<-[c:COORDINATES]-(:Professional)
        WHERE (c.since IS NULL OR c.since <= $on) AND (c.until IS NULL OR c.until >= $on)
      }
      THEN [{kind: 'no_coordinator',
             detail: 'household ' + h.id + ' has ' + toString(size(helpers)) + ' helpers and no coordinator'}]
      ELSE []
    END AS gaps
UNWIND gaps AS gap
RETURN w.code AS wijk, w.name AS wijk_name, gap.kind AS kind, gap.detail AS detail, evidence
ORDER BY wijk, CASE gap.kind WHEN 'uncovered_need' THEN 0 ELSE 1 END, detail
