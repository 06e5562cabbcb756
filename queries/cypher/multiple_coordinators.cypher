// Purpose: Households with more than one active coordinator (1 Huishouden 1 Plan asks for exactly one): distinct
//   professionals with a COORDINATES active at $on.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), household (id), coordinators (number), professionals (list "name (id)")
// Order: what needs action first: most coordinators first, then wijk, household.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
MATCH (w)<-[:LIVES_IN]-(h:Household)<-[c:COORDINATES]-(p:Professional)
WHERE (c.since IS NULL OR c.since <= $on) AND (c.until IS NULL OR c.until >= $on)
WITH DISTINCT w, h, p
ORDER BY p.name, p.id
WITH w, h, collect(p.name + ' (' + p.id + ')') AS professionals
WHERE size(professionals) > 1
RETURN w.code AS wijk, h.id AS household, size(professionals) AS coordinators, professionals
ORDER BY coordinators DESC, wijk, household
