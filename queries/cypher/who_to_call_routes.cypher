// Purpose: Never a dead end: when nobody in or around a wijk has an expertise, the nearest routes to it, each with
//   contact details and when they were last verified. The route kinds, in the order the search ranks them:
//     agreement            an organisation that flies the expertise in through a werkafspraak: an active one of any
//                          team serving a wijk of the municipality (at $on), or one of the wijk's own teams that is still needed
//                          (status 'needed'); reached through the organisation's general phone and e-mail;
//     specialist           a group-D (city-wide) specialist of the municipality with the expertise;
//     neighbour_team       a member of the team of a neighbouring wijk (NEIGHBOURS, either direction) with the
//                          expertise, or the organisation that team flies it in from;
//     region_organisation  an organisation that offers the expertise (OFFERS) and serves a municipality of the
//                          region (SERVES_MUNICIPALITY; the municipality's own region, or the municipality itself),
//                          or works nationally (scope 'landelijk'); not one that works for one wijk (scope 'wijk':
//                          the practice of another wijk is no route for this one).
// Parameters:
//   $anchor        the wijk's code                     :param anchor => 'WK063701'
//   $municipality  the wijk's municipality code        :param municipality => 'GM0637'
//   $region        the municipality's region or null   :param region => 'Haaglanden'
//   $expertise     the expertise code                  :param expertise => 'LVB'
//   $on            the date looked at                  :param on => date('2026-01-01')
// Columns: route, kind (professional or organisation), id, name, function, organisations (employers), phone, email,
//   last_verified, team (the team of an agreement or neighbouring wijk), wijk (code of the neighbouring wijk),
//   status (an agreement's status), national (an organisation that works nationally)
CALL () {
    MATCH (:Municipality {code: $municipality})<-[:IN_MUNICIPALITY]-(:Wijk)<-[:SERVES]-(t:Team)
    WITH DISTINCT t
    MATCH (t)<-[:OF_TEAM]-(a:Agreement)-[:FOR_EXPERTISE]->(:Expertise {code: $expertise})
    MATCH (a)-[:WITH_ORGANISATION]->(o:Organisation)
    WHERE (a.status = 'active' AND (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on))
       OR (a.status = 'needed' AND EXISTS { (t)-[:SERVES]->(:Wijk {code: $anchor}) })
    RETURN 'agreement' AS route, o AS contact, null AS function, t.name AS team, null AS wijk, a.status AS status,
      false AS national
  UNION
    MATCH (:Municipality {code: $municipality})<-[r:WORKS_IN {group: 'D'}]-(p:Professional)
          -[:HAS_EXPERTISE]->(:Expertise {code: $expertise})
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN 'specialist' AS route, p AS contact, p.function AS function, null AS team, null AS wijk, null AS status,
      false AS national
  UNION
    MATCH (:Wijk {code: $anchor})-[:NEIGHBOURS]-(n:Wijk)<-[:SERVES]-(t:Team)<-[r:MEMBER_OF]-(p:Professional)
          -[:HAS_EXPERTISE]->(:Expertise {code: $expertise})
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN 'neighbour_team' AS route, p AS contact, p.function AS function, t.name AS team, n.code AS wijk,
      null AS status, false AS national
  UNION
    MATCH (:Wijk {code: $anchor})-[:NEIGHBOURS]-(n:Wijk)<-[:SERVES]-(t:Team)<-[:OF_TEAM]-(a:Agreement {status: 'active'})
          -[:FOR_EXPERTISE]->(:Expertise {code: $expertise})
    MATCH (a)-[:WITH_ORGANISATION]->(o:Organisation)
    WHERE (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
    RETURN 'neighbour_team' AS route, o AS contact, a.topic AS function, t.name AS team, n.code AS wijk,
      a.status AS status, false AS national
  UNION
    MATCH (:Expertise {code: $expertise})<-[:OFFERS]-(o:Organisation)
    WHERE coalesce(o.scope, '') <> 'wijk' AND (o.scope = 'landelijk' OR EXISTS {
      MATCH (o)-[:SERVES_MUNICIPALITY]->(m:Municipality)
      WHERE m.code = $municipality OR ($region IS NOT NULL AND m.region = $region) })
    RETURN 'region_organisation' AS route, o AS contact, o.kind AS function, null AS team, null AS wijk,
      null AS status, o.scope = 'landelijk' AND NOT EXISTS {
        MATCH (o)-[:SERVES_MUNICIPALITY]->(m:Municipality)
        WHERE m.code = $municipality OR ($region IS NOT NULL AND m.region = $region) } AS national
}
RETURN route, CASE WHEN contact:Organisation THEN 'organisation' ELSE 'professional' END AS kind,
  contact.id AS id, contact.name AS name, function,
  CASE WHEN contact:Professional
    THEN COLLECT { MATCH (contact)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name AS name ORDER BY name } END
    AS organisations,
  contact.phone AS phone, contact.email AS email, contact.last_verified AS last_verified, team, wijk, status, national
