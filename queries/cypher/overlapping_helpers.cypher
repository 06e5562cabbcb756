// Purpose: Households where two or more different professionals cover the same life domain at the same time
//   ("langs elkaar heen"): per household and life_domain, the distinct professionals whose INVOLVED_WITH in that
//   domain is active at $on, kept when there are two or more. Being active at $on, their periods overlap at least
//   from overlap_since (the latest of their start dates) to $on.
//   An involvement is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), household (id), life_domain, helpers (number), professionals (list "name (id)"),
//   organisations (list of employer names), overlap_since (the latest known start date; null when no start is known)
// Order: what needs action first: most helpers first, then wijk, household, life_domain.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
MATCH (w)<-[:LIVES_IN]-(h:Household)<-[i:INVOLVED_WITH]-(p:Professional)
WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
// One row per professional and domain; two involvements of one professional in a domain count once, from the
// first. A null since means "open towards the past", so the overlap starts at the latest known start.
WITH w, h, i.life_domain AS life_domain, p,
  CASE WHEN count(i.since) < count(*) THEN null ELSE min(i.since) END AS since
WITH w, h, life_domain, collect(p) AS people, max(since) AS overlap_since
WHERE size(people) >= 2
// Names are read and sorted only for the households listed.
RETURN w.code AS wijk, h.id AS household, life_domain, size(people) AS helpers,
  COLLECT { UNWIND people AS p WITH p ORDER BY p.name, p.id RETURN p.name + ' (' + p.id + ')' AS name }
    AS professionals,
  COLLECT {
    UNWIND people AS p
    MATCH (p)-[:EMPLOYED_BY]->(o:Organisation)
    RETURN DISTINCT o.name AS name ORDER BY name
  } AS organisations,
  overlap_since
ORDER BY helpers DESC, wijk, household, life_domain
