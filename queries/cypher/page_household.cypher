// Purpose: One household's page: its wijk, composition, members and informal contacts (pseudonymous aliases), needs,
//   helpers with their life domains, coordinators, ZRM assessments and ecogram snapshots. Household-level: the API
//   checks the role, hides aliases from analysts and writes the audit log. Not an analysis.
// Parameters:
//   $household  Household id                           :param household => 'HH-ZTM-0001'
// Columns: id, wijk, wijk_name, composition, with_children, complexity, members (list of {id, role, age_band,
//   alias}), informal_contacts (list of {id, kind, alias}), needs (list of {expertise, since, until}), helpers (list
//   of {id, name, function, organisation, life_domain, since, until}), coordinators (list of {id, name, since,
//   until}), zrm (list of {id, date, version, scores: list of {domain, score}}), ecograms (list of {id, date, ties})
//   No row when the household does not exist.

MATCH (h:Household {id: $household})
OPTIONAL MATCH (h)-[:LIVES_IN]->(w:Wijk)
RETURN h.id AS id, w.code AS wijk, w.name AS wijk_name, h.composition AS composition,
  h.with_children AS with_children, h.complexity AS complexity,
  COLLECT {
    MATCH (m:HouseholdMember)-[:BELONGS_TO]->(h)
    RETURN {id: m.id, role: m.role, age_band: m.age_band, alias: m.alias} AS member ORDER BY member.id
  } AS members,
  COLLECT {
    MATCH (c:InformalContact)-[:CONTACT_OF]->(h)
    RETURN {id: c.id, kind: c.kind, alias: c.alias} AS contact ORDER BY contact.id
  } AS informal_contacts,
  COLLECT {
    MATCH (h)-[n:NEEDS]->(x:Expertise)
    RETURN {expertise: x.code, since: n.since, until: n.until} AS need ORDER BY need.expertise
  } AS needs,
  COLLECT {
    MATCH (h)<-[i:INVOLVED_WITH]-(p:Professional)
    RETURN {id: p.id, name: p.name, function: p.function, life_domain: i.life_domain, since: i.since,
            until: i.until,
            organisation: COLLECT { MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name LIMIT 1 }[0]} AS helper
    ORDER BY helper.life_domain, helper.name
  } AS helpers,
  COLLECT {
    MATCH (h)<-[c:COORDINATES]-(p:Professional)
    RETURN {id: p.id, name: p.name, since: c.since, until: c.until} AS coordinator ORDER BY coordinator.since
  } AS coordinators,
  COLLECT {
    MATCH (h)-[:ASSESSED]->(z:ZrmAssessment)
    RETURN {id: z.id, date: z.date, version: z.version,
            scores: COLLECT { MATCH (z)-[s:SCORED]->(d:LifeDomain)
                              RETURN {domain: d.code, score: s.score} AS score ORDER BY score.domain }} AS zrm
    ORDER BY zrm.date
  } AS zrm,
  COLLECT {
    MATCH (h)-[:HAS_ECOGRAM]->(e:Ecogram)
    RETURN {id: e.id, date: e.date, ties: COUNT { (e)-[:TIE]->() }} AS ecogram ORDER BY ecogram.date
  } AS ecograms
