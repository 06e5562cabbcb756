// Purpose: Households with more than one active coordinator (1 Huishouden 1 Plan asks for exactly one): distinct
//   professionals with a COORDINATES active at $on.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk  Wijk code, or null for all wijken           :param wijk => 'WK063701'
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), household (id), coordinators (number), professionals (list "name (id)")
// Order: wijk, most coordinators first, household.

// Seek by prefix, then keep the exact code: with a wijk given the plan starts from the Wijk.code unique index.
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce($wijk, '') AND ($wijk IS NULL OR w.code = $wijk)
MATCH (w)<-[:LIVES_IN]-(h:Household)<-[c:COORDINATES]-(p:Professional)
WHERE (c.since IS NULL OR c.since <= $on) AND (c.until IS NULL OR c.until >= $on)
WITH DISTINCT w, h, p
ORDER BY p.name, p.id
WITH w, h, collect(p.name + ' (' + p.id + ')') AS professionals
WHERE size(professionals) > 1
RETURN w.code AS wijk, h.id AS household, size(professionals) AS coordinators, professionals
ORDER BY wijk, coordinators DESC, household
