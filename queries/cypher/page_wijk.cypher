// Purpose: The heading of the wijk overview: the wijk, its municipality, the teams that serve it with their
//   active ring-1 members, and its dubbele petten (the dual_roles analysis, folded into this read): the
//   professionals who reach the wijk and have more than one role at $on, each with every role.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk  Wijk code                                    :param wijk => 'WK063701'
//   $on    the date the network is looked at            :param on => date('2026-01-01')
// Columns: code, name, municipality, municipality_name, teams (list of {id, name, kind, phone, email,
//   members: list of {id, name, function, team_role, group}}), households (number living in the wijk),
//   dual_roles (list of {professional, name, function, role_count, roles: list of {kind ('team',
//   'wijk' or 'municipality'), code, name, group, team_role}}; as queries/cypher/dual_roles.cypher: a professional
//   reaches the wijk through a team that serves it, work in it or group-D work for its municipality; most roles
//   first, then name, professional; roles: teams, then wijken, then municipalities, each by group, name and code)
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
  COUNT { (w)<-[:LIVES_IN]-(:Household) } AS households,
  COLLECT {
    CALL (w) {
        MATCH (w)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(p:Professional)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN p
      UNION
        MATCH (w)<-[r:WORKS_IN]-(p:Professional)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN p
      UNION
        MATCH (w)-[:IN_MUNICIPALITY]->(:Municipality)<-[r:WORKS_IN {group: 'D'}]-(p:Professional)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN p
    }
    WITH p, COLLECT {
        MATCH (p)-[r:MEMBER_OF]->(t:Team)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN {rank: 0, kind: 'team', code: t.id, name: coalesce(t.name, t.id), group: r.group,
                team_role: r.team_role} AS role
      UNION
        MATCH (p)-[r:WORKS_IN]->(area)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        WITH r, area, 'Wijk' IN labels(area) AS in_wijk
        RETURN {rank: CASE WHEN in_wijk THEN 1 ELSE 2 END, kind: CASE WHEN in_wijk THEN 'wijk' ELSE 'municipality' END,
                code: area.code, name: coalesce(area.name, area.code), group: r.group, team_role: null} AS role
    } AS found
    WHERE size(found) >= 2
    RETURN {professional: p.id, name: p.name, function: p.function,
            role_count: size(found),
            roles: COLLECT {
              UNWIND found AS role
              RETURN {kind: role.kind, code: role.code, name: role.name, group: role.group, team_role: role.team_role}
              ORDER BY role.rank, CASE WHEN role.rank = 0 THEN '' ELSE role.group END, role.name, role.code,
                role.team_role
            }} AS dual
    ORDER BY dual.role_count DESC, dual.name, dual.professional
  } AS dual_roles
