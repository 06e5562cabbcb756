// Purpose: Missing expertise per wijk. For every wijk and every required expertise, how the wijk can reach it
//   and how many households call for it:
//     in_team     a ring-1 member (active MEMBER_OF a team that SERVES the wijk) HAS_EXPERTISE it;
//     in_network  else a professional with an active WORKS_IN {group: A or B} to the wijk has it;
//     fly_in      else an Agreement with status 'active' (and not outside its since/until at $on) OF_TEAM a team
//                 serving the wijk is FOR_EXPERTISE it, or a group-D professional working (active WORKS_IN) in the
//                 wijk's municipality or in the wijk itself has it;
//     missing     none of these;
//     thin        one of the first three, but its capacity does not carry the demand: the demand passes
//                 $thin_threshold households per hour per week of the capacity that serves the wijk at that level.
//   Capacity (capacity_hours: hours per week) serves the wijk at its level through the level's evidence: a
//   professional's own hours are divided equally over every wijk they serve at $on (teams' wijken, wijk work, the
//   wijken of a group-D municipality); a team member without hours of their own counts for the team's hours divided
//   equally over its active members and then over its wijken; an agreement's hours are divided equally over its
//   team's wijken. The capacity of a level is the sum of its evidence's shares; when one of them has no hours, the
//   capacity is unknown and the level stays what it is (never thin). Thin when demand > $thin_threshold * capacity
//   (so capacity 0 with any demand is thin; no demand is never thin). See docs/analyses.md.
//   Demand: households that LIVE_IN the wijk with an active NEEDS to the expertise, or whose latest ZrmAssessment
//   (latest date <= $on) SCORED <= $zrm_threshold in a LifeDomain that CALLS_FOR the expertise (the mapping
//   domain -> expertise is reference data from graph/model.py DOMAIN_CALLS_FOR).
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Order: weakest coverage first (missing, thin, fly_in, in_network, in_team), then demand (high first), then wijk code
//   and expertise code, so that high demand with weak coverage comes first.
// Parameters:
//   $wijken         Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on             the date the network is looked at           :param on => date('2026-01-01')
//   $expertise      required Expertise codes                    :param expertise => ['GGZ', 'LVB']
//   $zrm_threshold  ZRM score at or below which a domain counts as demand (ZRM_NEED_THRESHOLD)
//                                                                :param zrm_threshold => 2
//   $thin_threshold households of demand per hour per week above which coverage is thin (THIN_THRESHOLD)
//                                                                :param thin_threshold => 13.5
// Columns: wijk (code), wijk_name, expertise (code), coverage, demand (number of households),
//   evidence (list: "name (id)" of the persons, or "agreement id with organisation" for agreements),
//   capacity (hours per week serving the wijk at its coverage level, rounded to 2 decimals; null when unknown)

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
// The capacity of the level found: one {h: hours} per source (h null: unknown), summed (null stays null).
WITH w, x, demand, found,
  CASE found[0]
    WHEN 'in_team' THEN COLLECT {
      MATCH (w)<-[:SERVES]-(t:Team)<-[m:MEMBER_OF]-(p:Professional)
      WHERE (p)-[:HAS_EXPERTISE]->(x) AND (m.since IS NULL OR m.since <= $on) AND (m.until IS NULL OR m.until >= $on)
      WITH DISTINCT p, t
      WITH p, t, toFloat(COUNT { MATCH (t)-[:SERVES]->(:Wijk) }) * COUNT {
          MATCH (t)<-[n:MEMBER_OF]-(q:Professional)
          WHERE (n.since IS NULL OR n.since <= $on) AND (n.until IS NULL OR n.until >= $on)
          RETURN DISTINCT q
        } AS parts
      WITH p, sum(t.capacity_hours / parts) AS team_hours, count(t.capacity_hours) = count(*) AS known
      RETURN {h: CASE WHEN p.capacity_hours IS NOT NULL THEN p.capacity_hours / toFloat(COUNT {
          MATCH (p)-[r:MEMBER_OF]->(:Team)-[:SERVES]->(v:Wijk)
          WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on) RETURN v
          UNION MATCH (p)-[r:WORKS_IN]->(v:Wijk)
          WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on) RETURN v
          UNION MATCH (p)-[r:WORKS_IN]->(:Municipality)<-[:IN_MUNICIPALITY]-(v:Wijk)
          WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on) RETURN v
        }) WHEN known THEN team_hours END} AS share
    }
    WHEN 'in_network' THEN COLLECT {
      MATCH (w)<-[r:WORKS_IN]-(p:Professional)
      WHERE (p)-[:HAS_EXPERTISE]->(x) AND r.group IN ['A', 'B'] AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      WITH DISTINCT p
      RETURN {h: p.capacity_hours / toFloat(COUNT {
          MATCH (p)-[r:MEMBER_OF]->(:Team)-[:SERVES]->(v:Wijk)
          WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on) RETURN v
          UNION MATCH (p)-[r:WORKS_IN]->(v:Wijk)
          WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on) RETURN v
          UNION MATCH (p)-[r:WORKS_IN]->(:Municipality)<-[:IN_MUNICIPALITY]-(v:Wijk)
          WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on) RETURN v
        })} AS share
    }
    WHEN 'fly_in' THEN COLLECT {
      MATCH (w)<-[:SERVES]-(:Team)<-[:OF_TEAM]-(a:Agreement {status: 'active'})
      WHERE (a)-[:FOR_EXPERTISE]->(x) AND (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
      WITH DISTINCT a
      RETURN {h: a.capacity_hours / toFloat(COUNT {
          MATCH (a)-[:OF_TEAM]->(:Team)-[:SERVES]->(v:Wijk) RETURN DISTINCT v
        })} AS share
    } + COLLECT {
      MATCH (w)-[:IN_MUNICIPALITY*0..1]->(area)<-[r:WORKS_IN {group: 'D'}]-(p:Professional)
      WHERE (p)-[:HAS_EXPERTISE]->(x) AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      WITH DISTINCT p
      RETURN {h: p.capacity_hours / toFloat(COUNT {
          MATCH (p)-[r:MEMBER_OF]->(:Team)-[:SERVES]->(v:Wijk)
          WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on) RETURN v
          UNION MATCH (p)-[r:WORKS_IN]->(v:Wijk)
          WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on) RETURN v
          UNION MATCH (p)-[r:WORKS_IN]->(:Municipality)<-[:IN_MUNICIPALITY]-(v:Wijk)
          WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on) RETURN v
        })} AS share
    }
    ELSE []
  END AS shares
WITH w, x, demand, found,
  CASE WHEN size(shares) > 0 THEN reduce(total = 0.0, share IN shares | total + share.h) END AS capacity
WITH w, x, demand, found, capacity,
  CASE WHEN capacity IS NOT NULL AND demand > 0 AND demand > $thin_threshold * capacity THEN 'thin' ELSE found[0] END
    AS coverage
RETURN w.code AS wijk, w.name AS wijk_name, x.code AS expertise, coverage, demand, found[1] AS evidence,
  round(capacity, 2) AS capacity
ORDER BY
  CASE coverage WHEN 'missing' THEN 0 WHEN 'thin' THEN 1 WHEN 'fly_in' THEN 2 WHEN 'in_network' THEN 3 ELSE 4 END,
  demand DESC, wijk, expertise
