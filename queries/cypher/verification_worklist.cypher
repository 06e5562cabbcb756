// Purpose: The verification worklist ("Klopt nog?") of some wijken: every contact of those wijken, once, with its
//   contact details, when and by whom it was last verified and which of the wijken it belongs to; the contacts
//   verified longest ago first, the never-verified ones after them (the page shows them in their own section).
//   Not an analysis: the page /kaart/verify runs it for a coordinator's wijken or an admin's chosen wijken.
//   The contacts of a wijk (one definition, also of gaps.cypher, freshness.cypher and docs/upkeep.md):
//     Professionals with an active MEMBER_OF a team that SERVES the wijk, an active WORKS_IN to the wijk (any group)
//     or an active WORKS_IN {group: 'D'} to its municipality; CivilPartners ACTIVE_IN the wijk; Organisations
//     WITH_ORGANISATION of an Agreement with status 'active' (and not outside its since/until at $on) OF_TEAM a team
//     that serves the wijk.
//   Freshness: fresh when last_verified is on or after $fresh_since, stale before it, never when it is null.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken       Wijk codes (a list; null: all wijken)     :param wijken => ['WK063701']
//   $on           the date the network is looked at         :param on => date('2026-01-01')
//   $fresh_since  the first day a verification is fresh: 12 months before $on (queries/who_to_call/model.py
//                 stale_before, the one rule)               :param fresh_since => date('2025-01-01')
// Columns: kind (professional, organisation, civil_partner), id, name, function (a professional's function, an
//   organisation's or civil partner's kind), organisation (a professional's employer's name), phone, email,
//   last_verified (date or null), verified_by (or null), freshness (fresh, stale, never), wijken (list of the codes
//   asked that the contact belongs to, sorted)
// Order: the never-verified last; before them the oldest last_verified first; then name, id.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
CALL (w) {
    MATCH (w)-[:IN_MUNICIPALITY*0..1]->(area)<-[r:WORKS_IN]-(contact:Professional)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      AND (area = w OR r.group = 'D')
    RETURN contact
  UNION
    MATCH (w)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(contact:Professional)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN contact
  UNION
    MATCH (w)<-[:ACTIVE_IN]-(contact:CivilPartner)
    RETURN contact
  UNION
    MATCH (w)<-[:SERVES]-(:Team)<-[:OF_TEAM]-(a:Agreement {status: 'active'})-[:WITH_ORGANISATION]->
          (contact:Organisation)
    WHERE (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
    RETURN contact
}
WITH contact, collect(DISTINCT w.code) AS codes
WITH contact, COLLECT { WITH codes UNWIND codes AS code RETURN code ORDER BY code } AS wijken,
  CASE WHEN contact:Professional THEN 'professional' WHEN contact:Organisation THEN 'organisation'
       ELSE 'civil_partner' END AS kind
RETURN kind, contact.id AS id, contact.name AS name,
  CASE kind WHEN 'professional' THEN contact.function ELSE contact.kind END AS function,
  CASE kind WHEN 'professional' THEN COLLECT {
      MATCH (contact)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name AS name ORDER BY name LIMIT 1
    }[0] END AS organisation,
  contact.phone AS phone, contact.email AS email, contact.last_verified AS last_verified,
  contact.verified_by AS verified_by,
  CASE WHEN contact.last_verified IS NULL THEN 'never' WHEN contact.last_verified >= $fresh_since THEN 'fresh'
       ELSE 'stale' END AS freshness,
  wijken
ORDER BY last_verified IS NULL, last_verified, name, id
