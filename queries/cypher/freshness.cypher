// Purpose: Freshness of the sociale kaart per wijk: of the wijk's contacts, how many were verified in the 12 months
//   before $on (fresh), longer ago (stale) or never (never), and the fresh share. The home page and the wijk overview
//   show these figures; the gaps analysis lists the stale and never-verified contacts themselves.
//   The contacts of a wijk (one definition, also of gaps.cypher, verification_worklist.cypher and docs/upkeep.md):
//     Professionals with an active MEMBER_OF a team that SERVES the wijk, an active WORKS_IN to the wijk (any group)
//     or an active WORKS_IN {group: 'D'} to its municipality; CivilPartners ACTIVE_IN the wijk; Organisations
//     WITH_ORGANISATION of an Agreement with status 'active' (and not outside its since/until at $on) OF_TEAM a team
//     that serves the wijk. A contact of several wijken counts in each.
//   Fresh: last_verified on or after $fresh_since; stale: before it; never: last_verified is null.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken       Wijk codes, or null for all wijken        :param wijken => ['WK063701']
//   $on           the date the network is looked at         :param on => date('2026-01-01')
//   $fresh_since  the first day a verification is fresh: 12 months before $on (queries/who_to_call/model.py
//                 stale_before, the one rule)               :param fresh_since => date('2025-01-01')
// Columns: wijk (code), wijk_name, municipality (code), contacts (number), fresh, stale, never (numbers),
//   fresh_share (fresh / contacts, rounded to 4 decimals; null for a wijk without contacts), oldest_verified (the
//   earliest last_verified among its contacts, null when none was verified)
// Order: what needs action first: the lowest fresh share first (wijken without contacts last), then wijk.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
WITH w, m, COLLECT {
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
  } AS contacts
WITH w, m, size(contacts) AS total,
  size([c IN contacts WHERE c.last_verified >= $fresh_since]) AS fresh,
  size([c IN contacts WHERE c.last_verified < $fresh_since]) AS stale,
  size([c IN contacts WHERE c.last_verified IS NULL]) AS never,
  reduce(oldest = null, c IN contacts |
    CASE WHEN oldest IS NULL OR c.last_verified < oldest THEN coalesce(c.last_verified, oldest) ELSE oldest END)
    AS oldest_verified
RETURN w.code AS wijk, w.name AS wijk_name, m.code AS municipality, total AS contacts, fresh, stale, never,
  CASE WHEN total = 0 THEN null ELSE round(toFloat(fresh) / total, 4) END AS fresh_share, oldest_verified
ORDER BY fresh_share IS NULL, fresh_share, wijk
