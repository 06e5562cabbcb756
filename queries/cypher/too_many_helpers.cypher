// Purpose: Households with more than $max_helpers active helpers (distinct professionals with an INVOLVED_WITH
//   active at $on, in any life domain). Coordination alone (COORDINATES) does not count as help.
//   An involvement is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk         Wijk code, or null for all wijken           :param wijk => 'WK063701'
//   $on           the date the network is looked at           :param on => date('2026-01-01')
//   $max_helpers  more than this many helpers is too many     :param max_helpers => 5
// Columns: wijk (code), household (id), helpers (number), professionals (list "name (id)"),
//   life_domains (list of the domains they cover)
// Order: wijk, most helpers first, household.

// Seek by prefix, then keep the exact code: with a wijk given the plan starts from the Wijk.code unique index.
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce($wijk, '') AND ($wijk IS NULL OR w.code = $wijk)
MATCH (w)<-[:LIVES_IN]-(h:Household)<-[i:INVOLVED_WITH]-(p:Professional)
WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
WITH w, h, p, collect(i.life_domain) AS domains
ORDER BY p.name, p.id
WITH w, h, collect(p.name + ' (' + p.id + ')') AS professionals, collect(domains) AS domain_lists
WHERE size(professionals) > $max_helpers
RETURN w.code AS wijk, h.id AS household, size(professionals) AS helpers, professionals,
  COLLECT { UNWIND domain_lists AS domains UNWIND domains AS domain RETURN DISTINCT domain ORDER BY domain }
    AS life_domains
ORDER BY wijk, helpers DESC, household
