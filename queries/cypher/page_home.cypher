// Purpose: The home page ("Mijn wijken"): every municipality with its wijken and the teams that serve each, and for
//   the wijken asked the contacts of their sociale kaart with how many were verified within a year. Not an analysis.
//   The contacts of a wijk are those of the stale_contact gap (gaps.cypher): Professionals with an active WORKS_IN
//   to the wijk or a group-D one to its municipality, or an active MEMBER_OF a team serving it; CivilPartners
//   ACTIVE_IN the wijk. A contact counts as verified when its last_verified is on or after $on minus one year (the
//   rest are the stale_contact gaps). A relationship is active at $on when since is null or <= $on and until is
//   null or >= $on.
// Parameters:
//   $on       the date the network is looked at                       :param on => date('2026-01-01')
//   $counted  Wijk codes whose contacts are counted, or null for all   :param counted => ['WK063701']
// Columns: code, name (of the municipality), wijken (list of {code, name, teams: list of team names, contacts,
//   verified: numbers, null for a wijk not counted})
// Order: municipality name, then wijk name.

MATCH (m:Municipality)
RETURN m.code AS code, m.name AS name,
  COLLECT {
    MATCH (w:Wijk)-[:IN_MUNICIPALITY]->(m)
    WITH w, $counted IS NULL OR w.code IN $counted AS counted
    WITH w, counted, CASE WHEN NOT counted THEN [] ELSE COLLECT {
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
      } END AS contacts
    RETURN {code: w.code, name: w.name,
            teams: COLLECT { MATCH (t:Team)-[:SERVES]->(w) RETURN t.name AS team ORDER BY team },
            contacts: CASE WHEN counted THEN size(contacts) END,
            verified: CASE WHEN counted THEN size([c IN contacts WHERE c.last_verified >= $on - duration({years: 1})])
                      END} AS wijk
    ORDER BY wijk.name, wijk.code
  } AS wijken
ORDER BY name, code
