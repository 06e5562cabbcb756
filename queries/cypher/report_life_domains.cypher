// Purpose: Demand per life domain (ZRM) for the council report (queries/report), per wijk, counts only:
//   households   the households that LIVE_IN the wijk;
//   assessed     of them, those with a ZrmAssessment dated on or before $on;
//   per LifeDomain (only the domains with a count above zero):
//     demand     households whose latest assessment at $on (the latest date <= $on; every assessment of that date)
//                SCORED <= $zrm_threshold in the domain (the rule of missing_expertise's demand);
//     helped     households with an active INVOLVED_WITH {life_domain} of any professional at $on;
//     unhelped   households counted in demand and not in helped.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken         Wijk codes                                   :param wijken => ['WK063701']
//   $on             the date the households are looked at        :param on => date('2026-01-01')
//   $zrm_threshold  ZRM score at or below which a domain counts as demand (ZRM_NEED_THRESHOLD)
//                                                                :param zrm_threshold => 2
// Columns: wijk (code), households, assessed (numbers), life_domains (list of {life_domain (code), demand, helped,
//   unhelped}, ordered by life_domain code)
// Order: wijk code.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
OPTIONAL MATCH (w)<-[:LIVES_IN]-(h:Household)
WITH w, h,
  COLLECT {
    MATCH (h)-[:ASSESSED]->(z:ZrmAssessment)
    WHERE z.date <= $on
    RETURN z.date AS date ORDER BY date DESC LIMIT 1
  } AS latest
WITH w, h, latest,
  COLLECT {
    MATCH (h)-[:ASSESSED]->(z:ZrmAssessment)-[s:SCORED]->(d:LifeDomain)
    WHERE z.date IN latest AND s.score <= $zrm_threshold
    RETURN DISTINCT d.code
  } AS low,
  COLLECT {
    MATCH (h)<-[i:INVOLVED_WITH]-(:Professional)
    WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
    RETURN DISTINCT i.life_domain
  } AS helped
WITH w, count(h) AS households, count(CASE WHEN size(latest) > 0 THEN h END) AS assessed,
  collect(CASE WHEN h IS NOT NULL THEN {low: low, helped: helped} END) AS each
RETURN w.code AS wijk, households, assessed,
  COLLECT {
    // the domains some household of the wijk scores low on or gets help in (no scan of every LifeDomain)
    UNWIND reduce(found = [], one IN each | found + one.low + one.helped) AS domain
    WITH DISTINCT domain ORDER BY domain
    WITH domain,
      size([one IN each WHERE domain IN one.low]) AS demand,
      size([one IN each WHERE domain IN one.helped]) AS helped,
      size([one IN each WHERE domain IN one.low AND NOT domain IN one.helped]) AS unhelped
    WHERE demand + helped > 0
    RETURN {life_domain: domain, demand: demand, helped: helped, unhelped: unhelped}
  } AS life_domains
ORDER BY wijk
