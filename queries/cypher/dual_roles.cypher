// Purpose: Dubbele petten: professionals of a wijk with more than one role at $on, each with every role they
//   have, in this wijk and elsewhere. A role is an active MEMBER_OF a team (ring 1), an active WORKS_IN a wijk
//   (ring 2, its group), or an active WORKS_IN {group: 'D'} a municipality (city-wide specialist). Group belongs to
//   the membership, not the person (DESIGN.md section 2): ring 1 in one team and group A in another wijk, two teams,
//   or group A in two wijken are all two roles. The evaluations name these "dubbele petten": the same person in
//   two places of the network, whose hours and loyalties are shared.
//   A professional is "of the wijk" when one of their active roles reaches it: a team that SERVES it, work in it,
//   or group-D work for its municipality. A relationship is active at $on when since is null or <= $on and until
//   is null or >= $on.
// Parameters:
//   $wijken Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), wijk_name, professional (id), name, function, role_count (number of roles), roles (list,
//   each "ring 1: <team name> (<team role>)", "group <A-D>: <wijk name> (<code>)" or "group D: <municipality
//   name> (<code>)", in that order, then by text)
// Order: what needs action first: most roles first, then wijk, name, professional.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
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
WITH w, p, COLLECT {
    MATCH (p)-[r:MEMBER_OF]->(t:Team)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN {rank: 0, role: 'ring 1: ' + coalesce(t.name, t.id) + coalesce(' (' + r.team_role + ')', '')} AS item
  UNION
    // WORKS_IN ends at a Wijk or a Municipality (graph/model.py); reading the label from labels() keeps the plan's
    // only Wijk lookup the index seek above.
    MATCH (p)-[r:WORKS_IN]->(area)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN {rank: CASE WHEN 'Wijk' IN labels(area) THEN 1 ELSE 2 END,
            role: 'group ' + r.group + ': ' + coalesce(area.name, area.code) + ' (' + area.code + ')'} AS item
} AS found
WHERE size(found) >= 2
RETURN w.code AS wijk, w.name AS wijk_name, p.id AS professional, p.name AS name, p.function AS function,
  size(found) AS role_count,
  COLLECT { UNWIND found AS item RETURN item.role AS role ORDER BY item.rank, role } AS roles
ORDER BY role_count DESC, wijk, name, professional
