// Purpose: Who to call in a wijk. Every contact of the wijk with its tier, in this order:
//     ring1   members of a team that SERVES the wijk (active MEMBER_OF);
//     A, B, C ring-2 professionals with an active WORKS_IN {group} to the wijk;
//     D       group-D professionals with an active WORKS_IN {group: 'D'} to the wijk's municipality or the wijk;
//     fly_in  organisations of active agreements (status 'active', not outside since/until at $on) of a team
//             serving the wijk; function is the agreement's topic, expertise the agreement's expertise;
//     ring3   civil partners ACTIVE_IN the wijk (function is their kind; they have no expertise).
//   Filters (each optional, null = no filter): $expertise (the contact has this Expertise code), $group (only this
//   tier: ring1, A, B, C, D, fly_in or ring3), $organisation (employer or fly-in organisation: its id, or a part of
//   its name, case-insensitive), $text (a Lucene query on the full-text index contact_search over name, function
//   and kind of professionals, organisations, civil partners and teams: a contact matches when it, its employer or
//   its team matches). From Python, user text is escaped before it becomes $text, so it is searched as plain words.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken        Wijk codes, or null for all wijken     :param wijken => ['WK063701']
//   $on            the date the network is looked at      :param on => date('2026-01-01')
//   $expertise     Expertise code or null                 :param expertise => 'GGZ'
//   $group         tier or null                           :param group => null
//   $organisation  organisation id or name part, or null  :param organisation => null
//   $text          Lucene query or null                   :param text => 'wijkcoach*'
// Columns: wijk (code), tier, name, function, organisation, phone, email (of a fly-in partner: its organisation's
//   general ones), last_verified, expertise (list of codes), id (of the professional, organisation or civil partner)
// Order: who to call first: wijk, tier (ring1, A, B, C, D, fly_in, ring3: the team before the network), name, id.

CALL () {
  WITH $text AS text
  WHERE text IS NOT NULL
  CALL db.index.fulltext.queryNodes('contact_search', text) YIELD node
  RETURN collect(elementId(node)) AS hits
}
// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
CALL (w) {
    MATCH (w)<-[:SERVES]-(t:Team)<-[r:MEMBER_OF]-(p:Professional)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN DISTINCT 'ring1' AS tier, p AS contact, [elementId(t)] AS via
  UNION
    MATCH (w)<-[r:WORKS_IN]-(p:Professional)
    WHERE r.group IN ['A', 'B', 'C'] AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN DISTINCT r.group AS tier, p AS contact, [] AS via
  UNION
    MATCH (w)-[:IN_MUNICIPALITY*0..1]->()<-[r:WORKS_IN {group: 'D'}]-(p:Professional)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN DISTINCT 'D' AS tier, p AS contact, [] AS via
  UNION
    MATCH (w)<-[:SERVES]-(:Team)<-[:OF_TEAM]-(a:Agreement {status: 'active'})-[:WITH_ORGANISATION]->(o:Organisation)
    WHERE (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
    RETURN DISTINCT 'fly_in' AS tier, a AS contact, [] AS via
  UNION
    MATCH (w)<-[:ACTIVE_IN]-(c:CivilPartner)
    RETURN 'ring3' AS tier, c AS contact, [] AS via
}
WITH w, tier, contact, via, hits
WHERE $group IS NULL OR tier = $group
// Employer (professionals) or flying-in organisation (agreements); the expertise the contact brings.
WITH w, tier, contact, via, hits,
  CASE WHEN contact:Agreement
    THEN COLLECT { MATCH (contact)-[:WITH_ORGANISATION]->(o:Organisation) RETURN o ORDER BY o.name }
    ELSE COLLECT { MATCH (contact)-[:EMPLOYED_BY]->(o:Organisation) RETURN o ORDER BY o.name }
  END AS organisations,
  CASE WHEN contact:Agreement
    THEN COLLECT { MATCH (contact)-[:FOR_EXPERTISE]->(x:Expertise) RETURN x.code AS code ORDER BY code }
    ELSE COLLECT { MATCH (contact)-[:HAS_EXPERTISE]->(x:Expertise) RETURN x.code AS code ORDER BY code }
  END AS expertise
WHERE ($expertise IS NULL OR $expertise IN expertise)
  AND ($organisation IS NULL
       OR any(o IN organisations WHERE o.id = $organisation OR toLower(o.name) CONTAINS toLower($organisation)))
  AND ($text IS NULL
       OR any(id IN [elementId(contact)] + via + [o IN organisations | elementId(o)] WHERE id IN hits))
WITH w, tier, contact, organisations, expertise,
  CASE tier WHEN 'ring1' THEN 0 WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 WHEN 'D' THEN 4
    WHEN 'fly_in' THEN 5 ELSE 6 END AS tier_rank
WITH w, tier, tier_rank, contact, expertise, organisations,
  CASE WHEN contact:Agreement THEN organisations[0].name ELSE contact.name END AS name,
  CASE WHEN contact:Agreement THEN organisations[0].id ELSE contact.id END AS id,
  CASE
    WHEN contact:Agreement THEN contact.topic
    WHEN contact:CivilPartner THEN contact.kind
    ELSE contact.function
  END AS function,
  CASE WHEN contact:Agreement OR contact:CivilPartner THEN null
    ELSE reduce(names = null, o IN organisations | coalesce(names + ', ', '') + o.name) END AS organisation
// A fly-in partner is reached through the organisation's general number and address.
WITH w, tier, tier_rank, contact, expertise, name, id, function, organisation,
  CASE WHEN contact:Agreement THEN organisations[0] ELSE contact END AS reached
RETURN w.code AS wijk, tier, name, function, organisation, reached.phone AS phone, reached.email AS email,
  contact.last_verified AS last_verified, expertise, id
ORDER BY wijk, tier_rank, name, id
