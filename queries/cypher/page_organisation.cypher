// Purpose: One organisation of the sociale kaart, for its page: what it is, the expertise it offers, its people
//   with their contact details and where they work at $on, and the fly-in agreements teams have with it. Not an
//   analysis. A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $organisation  Organisation id                      :param organisation => 'ORG-PARNASSIA'
//   $on            the date the network is looked at    :param on => date('2026-01-01')
// Columns: id, name, kind, scope, website, phone, email, expertise (codes it offers), people (list of {id, name, function,
//   phone, email, last_verified, expertise (codes), teams (names of the teams they are in), wijken (codes of
//   the wijken they work in), municipalities (codes of the municipalities they work for)}), agreements (list of
//   {id, topic, status, expertise, team, team_name, since, until})
//   No row when the organisation does not exist.
// Order: people by name, id; agreements by team name, expertise, id.

MATCH (o:Organisation {id: $organisation})
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.scope AS scope, o.website AS website, o.phone AS phone,
  o.email AS email,
  COLLECT { MATCH (o)-[:OFFERS]->(x:Expertise) RETURN x.code ORDER BY x.code } AS expertise,
  COLLECT {
    MATCH (p:Professional)-[:EMPLOYED_BY]->(o)
    RETURN p {
      .id, .name, .function, .phone, .email, .last_verified,
      expertise: COLLECT { MATCH (p)-[:HAS_EXPERTISE]->(x:Expertise) RETURN x.code ORDER BY x.code },
      teams: COLLECT {
        MATCH (p)-[r:MEMBER_OF]->(t:Team)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN t.name ORDER BY t.name
      },
      wijken: COLLECT {
        MATCH (p)-[r:WORKS_IN]->(w:Wijk)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN w.code ORDER BY w.code
      },
      municipalities: COLLECT {
        MATCH (p)-[r:WORKS_IN]->(m:Municipality)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN m.code ORDER BY m.code
      }
    } AS person
    ORDER BY person.name, person.id
  } AS people,
  COLLECT {
    MATCH (o)<-[:WITH_ORGANISATION]-(a:Agreement)-[:OF_TEAM]->(t:Team)
    OPTIONAL MATCH (a)-[:FOR_EXPERTISE]->(x:Expertise)
    RETURN {id: a.id, topic: a.topic, status: a.status, expertise: x.code, team: t.id, team_name: t.name,
            since: a.since, until: a.until} AS agreement
    ORDER BY agreement.team_name, agreement.expertise, agreement.id
  } AS agreements
