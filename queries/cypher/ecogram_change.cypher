// Purpose: How a household's network changed between two dates. The snapshot at a date is the household's Ecogram
//   with the latest date <= that date. Every tie counts, whatever its kind (member, informal, professional, civil).
//   Compared between the snapshot at $from and the one at $to (a tie is the same when kind and ref are):
//     gained, lost    ties in the $to snapshot only, in the $from snapshot only;
//     changed         ties in both whose quality or direction changed (e.g. a member tie strong -> stressful);
//     ties, strong, stressful  number of ties (of that quality) in each snapshot;
//     formal share    formal ties (to Professionals) / all ties, rounded to 2 decimals; null without ties.
//   Each tie in a list is {kind, ref, label, detail, quality, direction}; a changed one has quality_from,
//   quality_to, direction_from, direction_to instead. Labels as in ecogram.cypher: the alias of a member or
//   informal contact, the name of a professional or civil partner, else its detail (or kind) and id; never null.
//   Lists in the order kind (member, informal, professional, civil), ref.
//   Pseudonymous: members and informal contacts are shown by alias, never a name.
// Parameters:
//   $household  Household id                             :param household => 'HH-ZTM-0001'
//   $from       the earlier date                         :param from => date('2025-01-01')
//   $to         the later date                           :param to => date('2026-01-01')
// Columns: household, from_ecogram, from_date, to_ecogram, to_date (null when no snapshot), gained, lost, changed,
//   ties_from, ties_to, strong_from, strong_to, stressful_from, stressful_to, formal_share_from, formal_share_to
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
      MATCH (e)-[t:TIE]->(n)
      WITH t, n,
        CASE
          WHEN n:HouseholdMember THEN 'member'
          WHEN n:InformalContact THEN 'informal'
          WHEN n:Professional THEN 'professional'
          WHEN n:CivilPartner THEN 'civil'
        END AS kind
      WITH t, n, kind,
        CASE kind WHEN 'member' THEN 0 WHEN 'informal' THEN 1 WHEN 'professional' THEN 2 ELSE 3 END AS rank,
        CASE kind WHEN 'member' THEN n.role WHEN 'professional' THEN n.function ELSE n.kind END AS detail
      RETURN {
        kind: kind, ref: n.id, rank: rank, detail: detail, quality: t.quality, direction: t.direction,
        label: coalesce(CASE WHEN kind IN ['member', 'informal'] THEN n.alias ELSE n.name END,
                        coalesce(detail, kind) + ' ' + n.id)
      } AS tie
      ORDER BY tie.rank, tie.ref
    } AS ties
  RETURN collect({moment: moment, ecogram: e, ties: ties}) AS snapshots
}
WITH h, [s IN snapshots WHERE s.moment = 'from'][0] AS before, [s IN snapshots WHERE s.moment = 'to'][0] AS after
WITH h, before, after,
  [tie IN before.ties | tie.kind + ':' + tie.ref] AS before_keys,
  [tie IN after.ties | tie.kind + ':' + tie.ref] AS after_keys
RETURN h.id AS household,
  before.ecogram.id AS from_ecogram, before.ecogram.date AS from_date,
  after.ecogram.id AS to_ecogram, after.ecogram.date AS to_date,
  [tie IN after.ties WHERE NOT tie.kind + ':' + tie.ref IN before_keys |
    {kind: tie.kind, ref: tie.ref, label: tie.label, detail: tie.detail, quality: tie.quality,
     direction: tie.direction}] AS gained,
  [tie IN before.ties WHERE NOT tie.kind + ':' + tie.ref IN after_keys |
    {kind: tie.kind, ref: tie.ref, label: tie.label, detail: tie.detail, quality: tie.quality,
     direction: tie.direction}] AS lost,
  COLLECT {
    UNWIND after.ties AS new
    UNWIND [old IN before.ties WHERE old.kind = new.kind AND old.ref = new.ref] AS old
    WITH old, new
    WHERE coalesce(old.quality, '') <> coalesce(new.quality, '')
       OR coalesce(old.direction, '') <> coalesce(new.direction, '')
    RETURN {kind: new.kind, ref: new.ref, label: new.label, detail: new.detail,
            quality_from: old.quality, quality_to: new.quality,
            direction_from: old.direction, direction_to: new.direction} AS change
    ORDER BY new.rank, new.ref
  } AS changed,
  size(before.ties) AS ties_from, size(after.ties) AS ties_to,
  size([tie IN before.ties WHERE tie.quality = 'strong']) AS strong_from,
  size([tie IN after.ties WHERE tie.quality = 'strong']) AS strong_to,
  size([tie IN before.ties WHERE tie.quality = 'stressful']) AS stressful_from,
  size([tie IN after.ties WHERE tie.quality = 'stressful']) AS stressful_to,
  CASE WHEN size(before.ties) = 0 THEN null
    ELSE round(toFloat(size([tie IN before.ties WHERE tie.kind = 'professional'])) / size(before.ties), 2)
  END AS formal_share_from,
  CASE WHEN size(after.ties) = 0 THEN null
    ELSE round(toFloat(size([tie IN after.ties WHERE tie.kind = 'professional'])) / size(after.ties), 2)
  END AS formal_share_to
