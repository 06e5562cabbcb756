// Purpose: Structural gaps per wijk (part of the `gaps` analysis, which adds the household and contact gaps):
//     no_team           no Team SERVES the wijk;
//     empty_group       nobody with an active WORKS_IN {group} to the wijk, for groups A, B and C; for group D
//                       nobody with an active WORKS_IN {group: 'D'} to the wijk's municipality (or to the wijk);
//     no_civil_partner  no ring-3 CivilPartner is ACTIVE_IN the wijk.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk  Wijk code, or null for all wijken           :param wijk => 'WK063701'
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), wijk_name, kind (no_team, empty_group, no_civil_partner), detail (which group, or a
//   sentence), evidence (list; empty: these gaps are an absence)

// Seek by prefix, then keep the exact code: with a wijk given the plan starts from the Wijk.code unique index.
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce($wijk, '') AND ($wijk IS NULL OR w.code = $wijk)
OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
WITH w, m,
  [group IN ['A', 'B', 'C', 'D'] WHERE NOT EXISTS {
      MATCH (w)<-[r:WORKS_IN]-(:Professional)
      WHERE r.group = group AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    }
    AND NOT (group = 'D' AND EXISTS {
      MATCH (m)<-[r:WORKS_IN]-(:Professional)
      WHERE r.group = 'D' AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    })
  ] AS empty_groups
WITH w, m,
  CASE WHEN EXISTS { (w)<-[:SERVES]-(:Team) } THEN [] ELSE [{kind: 'no_team', detail: 'no team serves the wijk'}] END
  + [group IN empty_groups | {
      kind: 'empty_group',
      detail: 'group ' + group + CASE WHEN group = 'D' THEN coalesce(' (municipality ' + m.code + ')', '') ELSE '' END
    }]
  + CASE WHEN EXISTS { (w)<-[:ACTIVE_IN]-(:CivilPartner) } THEN []
    ELSE [{kind: 'no_civil_partner', detail: 'no ring-3 partner is active in the wijk'}] END
  AS gaps
UNWIND gaps AS gap
RETURN w.code AS wijk, w.name AS wijk_name, gap.kind AS kind, gap.detail AS detail, [] AS evidence
ORDER BY wijk, CASE gap.kind WHEN 'no_team' THEN 0 WHEN 'empty_group' THEN 1 ELSE 2 END, detail
