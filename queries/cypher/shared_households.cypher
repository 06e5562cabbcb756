// Purpose: Organisation pairs that share households, per wijk: two organisations share a household when
//   professionals they employ (EMPLOYED_BY) both have an INVOLVED_WITH the household active at $on. Pairs sharing
//   at least $min_shared households are listed, each pair once (organisation ids in order).
//   An involvement is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken      Wijk codes, or null for all wijken        :param wijken => ['WK063701']
//   $on          the date the network is looked at         :param on => date('2026-01-01')
//   $min_shared  the least number of shared households     :param min_shared => 2
// Columns: wijk (code), organisation_a, organisation_b (names), shared (number of households),
//   households (list of household ids)
// Order: what needs action first: most shared households first, then wijk, organisation_a, organisation_b.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
MATCH (w)<-[:LIVES_IN]-(h:Household)<-[i:INVOLVED_WITH]-(p:Professional)
WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
// Each professional's employers are read once per wijk, not once per household it helps.
WITH w, p, collect(DISTINCT h) AS helped
MATCH (p)-[:EMPLOYED_BY]->(o:Organisation)
UNWIND helped AS h
WITH DISTINCT w, h, o
WITH w, o, o.id AS id, collect(h) AS households
UNWIND households AS h
WITH w, h, collect({organisation: o, id: id}) AS organisations
UNWIND organisations AS a
UNWIND organisations AS b
WITH w, h, a, b
WHERE a.id < b.id
WITH w, a.organisation AS a, b.organisation AS b, h.id AS household ORDER BY household
WITH w, a, b, collect(household) AS households
WHERE size(households) >= $min_shared
RETURN w.code AS wijk, a.name AS organisation_a, b.name AS organisation_b, size(households) AS shared, households
ORDER BY shared DESC, wijk, organisation_a, organisation_b
