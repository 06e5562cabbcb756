// Purpose: How a household's network changed between two dates. The snapshot at a date is the household's Ecogram
//   with the latest date <= that date. Compared between the snapshot at $from and the one at $to:
//     informal ties   ties to InformalContacts and CivilPartners (the household's own network outside formal
//                     care); gained = in the $to snapshot only, lost = in the $from snapshot only;
//     strong, stressful  number of ties of that quality (all kinds except household members) in each snapshot;
//     formal share    formal ties (to Professionals) / (formal + informal ties), rounded to 2 decimals; null when
//                     the snapshot has neither.
//   Pseudonymous: informal contacts are shown by alias, never a name.
// Parameters:
//   $household  Household id                             :param household => 'HH-ZTM-0001'
//   $from       the earlier date                         :param from => date('2025-01-01')
//   $to         the later date                           :param to => date('2026-01-01')
// Columns: household, from_ecogram, from_date, to_ecogram, to_date (null when no snapshot), informal_gained,
//   informal_lost (lists "alias or name (id)"), strong_from, strong_to, stressful_from, stressful_to,
//   formal_share_from, formal_share_to
//   One row when the household exists, none otherwise.

MATCH (h:Household {id: $household})
CALL (h) {
  UNWIND [['from', $from], ['to', $to]] AS moment
  OPTIONAL CALL (h, moment) {
    MATCH (h)-[:HAS_ECOGRAM]->(e:Ecogram)
    WHERE e.date <= moment[1]
    RETURN e ORDER BY e.date DESC, e.id DESC LIMIT 1
  }
  WITH moment[0] AS moment, e,
    COLLECT {
      MATCH (e)-[t:TIE]->(n) WHERE NOT n:HouseholdMember
      RETURN {
        id: n.id,
        label: CASE WHEN n:InformalContact THEN n.alias ELSE n.name END,
        formal: n:Professional,
        quality: t.quality
      } AS tie
    } AS ties
  RETURN collect({moment: moment, ecogram: e, ties: ties}) AS snapshots
}
WITH h, [s IN snapshots WHERE s.moment = 'from'][0] AS before, [s IN snapshots WHERE s.moment = 'to'][0] AS after
WITH h, before, after,
  [tie IN before.ties WHERE NOT tie.formal | tie] AS informal_before,
  [tie IN after.ties WHERE NOT tie.formal | tie] AS informal_after
RETURN h.id AS household,
  before.ecogram.id AS from_ecogram, before.ecogram.date AS from_date,
  after.ecogram.id AS to_ecogram, after.ecogram.date AS to_date,
  COLLECT {
    UNWIND informal_after AS tie WITH tie WHERE NOT tie.id IN [old IN informal_before | old.id]
    RETURN DISTINCT tie.label + ' (' + tie.id + ')' AS label ORDER BY label
  } AS informal_gained,
  COLLECT {
    UNWIND informal_before AS tie WITH tie WHERE NOT tie.id IN [new IN informal_after | new.id]
    RETURN DISTINCT tie.label + ' (' + tie.id + ')' AS label ORDER BY label
  } AS informal_lost,
  size([tie IN before.ties WHERE tie.quality = 'strong']) AS strong_from,
  size([tie IN after.ties WHERE tie.quality = 'strong']) AS strong_to,
  size([tie IN before.ties WHERE tie.quality = 'stressful']) AS stressful_from,
  size([tie IN after.ties WHERE tie.quality = 'stressful']) AS stressful_to,
  CASE WHEN size(before.ties) = 0 THEN null
    ELSE round(toFloat(size(before.ties) - size(informal_before)) / size(before.ties), 2) END AS formal_share_from,
  CASE WHEN size(after.ties) = 0 THEN null
    ELSE round(toFloat(size(after.ties) - size(informal_after)) / size(after.ties), 2) END AS formal_share_to
