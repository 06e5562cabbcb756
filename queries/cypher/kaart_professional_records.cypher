// Purpose: The records of the sociale kaart that belong to one professional, listed on their record page
//   (/kaart/professional/{key}): team memberships (ring 1), wijk work (ring 2, also group D for a municipality) and
//   expertise, each with the kind and key of its own record page (importers/upkeep/records.py). Ended ones too
//   (until in the past): the page shows them as ended. Not an analysis; no household data.
// Parameters:
//   $key     the professional's id      :param key => 'P-1'
// Columns: kind (membership, wijk_work, expertise), key (the record's key: <professional id>~<team, wijk,
//   municipality or expertise code>), label (the team's, wijk's or municipality's name, or the expertise code),
//   detail (the role in the team, or the group), since, until.
// Order: kind, label.

MATCH (p:Professional {id: $key})
CALL (p) {
  MATCH (p)-[r:MEMBER_OF]->(t:Team)
  RETURN 'membership' AS kind, p.id + '~' + t.id AS key, t.name AS label, r.team_role AS detail, r.since AS since,
    r.until AS until
  UNION
  MATCH (p)-[r:WORKS_IN]->(place)
  RETURN 'wijk_work' AS kind, p.id + '~' + place.code AS key, place.name AS label, r.group AS detail,
    r.since AS since, r.until AS until
  UNION
  MATCH (p)-[:HAS_EXPERTISE]->(e:Expertise)
  RETURN 'expertise' AS kind, p.id + '~' + e.code AS key, e.code AS label, null AS detail, null AS since,
    null AS until
}
RETURN kind, key, label, detail, since, until
ORDER BY kind, label
