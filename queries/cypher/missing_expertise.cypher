// Purpose: Missing expertise per wijk. For every wijk and every required expertise, how the wijk can reach it
//   and how many households call for it:
//     in_team     a ring-1 member (active MEMBER_OF a team that SERVES the wijk) HAS_EXPERTISE it;
//     in_network  else a professional with an active WORKS_IN {group: A or B} to the wijk has it;
//     fly_in      else an Agreement with status 'active' (and not outside its since/until at $on) OF_TEAM a team
//                 serving the wijk is FOR_EXPERTISE it, or a group-D professional working (active WORKS_IN) in the
//                 wijk's municipality or in the wijk itself has it;
//     missing     none of these.
//   Demand: households that LIVE_IN the wijk with an active NEEDS to the expertise, or whose latest ZrmAssessment
//   (latest date <= $on) SCORED <= $zrm_threshold in a LifeDomain that CALLS_FOR the expertise (the mapping
//   domain -> expertise is reference data from graph/model.py DOMAIN_CALLS_FOR).
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Order: weakest coverage first (missing, fly_in, in_network, in_team), then demand (high first), then wijk code
//   and expertise code, so that high demand with weak coverage comes first.
// Parameters:
//   $wijken         Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on             the date the network is looked at           :param on => date('2026-01-01')
//   $expertise      required Expertise codes                    :param expertise => ['GGZ', 'LVB']
//   $zrm_threshold  ZRM score at or below which a domain counts as demand (ZRM_NEED_THRESHOLD)
//                                                                :param zrm_threshold => 2
// Columns: wijk (code), wijk_name, expertise (code), coverage, demand (number of households),
//   evidence (list: "name (id)" of the persons, or "agreement id with organisation" for agreements)

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
UNWIND $expertise AS code
MATCH (x:Expertise {code: code})
WITH w, x,
  COLLECT {
    MATCH (w)<-[:SERVES]-(:Team)<-[m:MEMBER_OF]-(p:Professional)
    WHERE (p)-[:HAS_EXPERTISE]->(x) AND (m.since IS NULL OR m.since <= $on) AND (m.until IS NULL OR m.until >= $on)
    WITH DISTINCT p.name + ' (' + p.id + ')' AS person ORDER BY person
    RETURN person
  } AS in_team,
  COLLECT {
    MATCH (w)<-[r:WORKS_IN]-(p:Professional)
    WHERE (p)-[:HAS_EXPERTISE]->(x) AND r.group IN ['A', 'B'] AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    WITH DISTINCT p.name + ' (' + p.id + ')' AS person ORDER BY person
    RETURN person
  } AS in_network,
  COLLECT {
    MATCH (w)<-[:SERVES]-(:Team)<-[:OF_TEAM]-(a:Agreement {status: 'active'})
    WHERE (a)-[:FOR_EXPERTISE]->(x) AND (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
    OPTIONAL MATCH (a)-[:WITH_ORGANISATION]->(o:Organisation)
    WITH DISTINCT 'agreement ' + a.id + coalesce(' with ' + o.name, '') AS agreement ORDER BY agreement
    RETURN agreement
  } AS agreements,
  COLLECT {
    MATCH (w)-[:IN_MUNICIPALITY*0..1]->(area)<-[r:WORKS_IN {group: 'D'}]-(p:Professional)
    WHERE (p)-[:HAS_EXPERTISE]->(x) AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    WITH DISTINCT p.name + ' (' + p.id + ')' AS person ORDER BY person
    RETURN person
  } AS group_d,
  COUNT {
    MATCH (w)<-[:LIVES_IN]-(h:Household)
    WHERE EXISTS {
        MATCH (h)-[n:NEEDS]->(x)
        WHERE (n.since IS NULL OR n.since <= $on) AND (n.until IS NULL OR n.until >= $on)
      }
      OR EXISTS {
        MATCH (h)-[:ASSESSED]->(z:ZrmAssessment)-[s:SCORED]->(:LifeDomain)-[:CALLS_FOR]->(x)
        WHERE z.date <= $on AND s.score <= $zrm_threshold
          // only the latest assessment at $on counts
          AND NOT EXISTS {
            MATCH (h)-[:ASSESSED]->(later:ZrmAssessment)
            WHERE later.date <= $on AND later.date > z.date
          }
      }
  } AS demand
WITH w, x, demand,
  CASE
    WHEN size(in_team) > 0 THEN ['in_team', in_team]
    WHEN size(in_network) > 0 THEN ['in_network', in_network]
    WHEN size(agreements) + size(group_d) > 0 THEN ['fly_in', agreements + group_d]
    ELSE ['missing', []]
  END AS found
RETURN w.code AS wijk, w.name AS wijk_name, x.code AS expertise, found[0] AS coverage, demand, found[1] AS evidence
ORDER BY
  CASE found[0] WHEN 'missing' THEN 0 WHEN 'fly_in' THEN 1 WHEN 'in_network' THEN 2 ELSE 3 END,
  demand DESC, wijk, expertise
