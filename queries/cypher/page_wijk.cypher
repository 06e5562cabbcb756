// Purpose: The heading of the wijk overview: the wijk, its municipality and the teams that serve it with their
//   active ring-1 members. Not an analysis.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk  Wijk code                                    :param wijk => 'WK063701'
//   $on    the date the network is looked at            :param on => date('2026-01-01')
// Columns: code, name, municipality, municipality_name, teams (list of {id, name, kind, phone, email,
//   members: list of {id, name, function, team_role, group}}), households (number living in the wijk)
//   No row when the wijk does not exist.

MATCH (w:Wijk {code: $wijk})
OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
RETURN w.code AS code, w.name AS name, m.code AS municipality, m.name AS municipality_name,
  COLLECT {
    MATCH (t:Team)-[:SERVES]->(w)
    RETURN {id: t.id, name: t.name, kind: t.kind, phone: t.phone, email: t.email,
            members: COLLECT {
              MATCH (p:Professional)-[r:MEMBER_OF]->(t)
              WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
              RETURN {id: p.id, name: p.name, function: p.function, team_role: r.team_role, group: r.group} AS member
              ORDER BY member.name, member.id
            }} AS team
    ORDER BY team.name
  } AS teams,
  COUNT { (w)<-[:LIVES_IN]-(:Household) } AS households
