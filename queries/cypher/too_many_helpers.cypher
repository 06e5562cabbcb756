// Purpose: Households with more than $max_helpers active helpers (distinct professionals with an INVOLVED_WITH
//   active at $on, in any life domain). Coordination alone (COORDINATES) does not count as help.
//   An involvement is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken       Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on           the date the network is looked at           :param on => date('2026-01-01')
//   $max_helpers  more than this many helpers is too many     :param max_helpers => 5
// Columns: wijk (code), household (id), helpers (number), professionals (list "name (id)"),
//   life_domains (list of the domains they cover)
// Order: what needs action first: most helpers first, then wijk, household.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
MATCH (w)<-[:LIVES_IN]-(h:Household)<-[i:INVOLVED_WITH]-(p:Professional)
WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
WITH w, h, p, collect(i.life_domain) AS domains
ORDER BY p.name, p.id
WITH w, h, collect(p.name + ' (' + p.id + ')') AS professionals, collect(domains) AS domain_lists
WHERE size(professionals) > $max_helpers
RETURN w.code AS wijk, h.id AS household, size(professionals) AS helpers, professionals,
  COLLECT { UNWIND domain_lists AS domains UNWIND domains AS domain RETURN DISTINCT domain ORDER BY domain }
    AS life_domains
ORDER BY helpers DESC, wijk, household
