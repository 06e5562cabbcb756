// Purpose: A household's network at a date: the household's Ecogram snapshot with the latest date <= $on, and its
//   ties (Hartman's ecomap) with quality (strong, normal, weak, stressful), direction of support and kind:
//     member        a HouseholdMember (shown by alias, role as detail);
//     informal      an InformalContact (alias; kind such as familie, buur as detail);
//   a member or informal contact without an alias (a professional or civil partner without a name) is labelled by
//   its detail (or kind) and id, e.g. 'buur IC-7': the label is never null;
//     professional  a Professional (name; function as detail): formal help;
//     civil         a CivilPartner (name; kind as detail).
//   Pseudonymous: members and informal contacts are shown by their alias, never a name.
// Parameters:
//   $household  Household id                             :param household => 'HH-ZTM-0001'
//   $on         the date of the snapshot to show         :param on => date('2026-01-01')
// Columns: household, ecogram (id), date, kind, ref (id of the tie's end), label (alias or name, never null), detail,
//   quality, direction
// Order: kind (member, informal, professional, civil), quality (strong, normal, weak, stressful), ref.
//   No rows when the household has no snapshot on or before $on.

MATCH (h:Household {id: $household})-[:HAS_ECOGRAM]->(e:Ecogram)
WHERE e.date <= $on
WITH h, e ORDER BY e.date DESC, e.id DESC LIMIT 1
MATCH (e)-[t:TIE]->(n)
WITH h, e, t, n,
  CASE
    WHEN n:HouseholdMember THEN 'member'
    WHEN n:InformalContact THEN 'informal'
    WHEN n:Professional THEN 'professional'
    WHEN n:CivilPartner THEN 'civil'
  END AS kind
WITH h, e, t, n, kind,
  CASE kind WHEN 'member' THEN n.role WHEN 'professional' THEN n.function ELSE n.kind END AS detail
RETURN h.id AS household, e.id AS ecogram, e.date AS date, kind, n.id AS ref,
  coalesce(CASE WHEN kind IN ['member', 'informal'] THEN n.alias ELSE n.name END,
           coalesce(detail, kind) + ' ' + n.id) AS label,
  detail, t.quality AS quality, t.direction AS direction
ORDER BY
  CASE kind WHEN 'member' THEN 0 WHEN 'informal' THEN 1 WHEN 'professional' THEN 2 ELSE 3 END,
  CASE t.quality WHEN 'strong' THEN 0 WHEN 'normal' THEN 1 WHEN 'weak' THEN 2 ELSE 3 END,
  ref
