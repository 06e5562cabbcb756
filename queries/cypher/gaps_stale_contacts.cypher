// Purpose: Stale contacts per wijk (part of the `gaps` analysis): contacts of the wijk whose last_verified is null
//   or more than a year before $on (last_verified < $on - 1 year). Contacts of the wijk: Professionals with an
//   active WORKS_IN to the wijk or to its municipality, or an active MEMBER_OF a team serving it; CivilPartners
//   ACTIVE_IN the wijk. A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk  Wijk code, or null for all wijken           :param wijk => 'WK063701'
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), wijk_name, kind ('stale_contact'), detail ("name (id)"),
//   evidence (list with one item: "last verified YYYY-MM-DD" or "never verified")

// Seek by prefix, then keep the exact code: with a wijk given the plan starts from the Wijk.code unique index.
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce($wijk, '') AND ($wijk IS NULL OR w.code = $wijk)
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
}
WITH w, contact
WHERE contact.last_verified IS NULL OR contact.last_verified < $on - duration({years: 1})
RETURN w.code AS wijk, w.name AS wijk_name, 'stale_contact' AS kind, contact.name + ' (' + contact.id + ')' AS detail,
  [CASE WHEN contact.last_verified IS NULL THEN 'never verified'
        ELSE 'last verified ' + toString(contact.last_verified) END] AS evidence
ORDER BY wijk, detail
