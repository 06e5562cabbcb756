// Purpose: Probable double registrations of one professional. Two Professional records form a pair when they have
//     same_name_and_organisation  the same normalised name (name_normalised, filled by the importers with
//                                 graph/normalise.py normalise_name; lower-cased trimmed name where it is missing)
//                                 and the same employer (EMPLOYED_BY the same Organisation);
//     same_email                  the same e-mail address, ignoring case and surrounding spaces;
//     same_phone                  the same phone number as digits only with +31/0031 written as 0 (this mirrors
//                                 graph/normalise.py normalise_phone; a test keeps the two in step).
//   Each pair is listed once (lowest id first) with every reason it matched. Not per wijk: records are global.
// Parameters: none
// Columns: professional_a, name_a, professional_b, name_b (ids and names), organisations_a, organisations_b
//   (lists of employer names), reasons (list, in the order above)
// Order: what needs action first: the surest pairs (most reasons) first, then professional_a, professional_b.

CALL () {
    MATCH (p:Professional)-[:EMPLOYED_BY]->(o:Organisation)
    WITH o, coalesce(p.name_normalised, toLower(trim(p.name))) AS name, collect(DISTINCT p) AS people
    WHERE name <> '' AND size(people) > 1
    RETURN people, 'same_name_and_organisation' AS reason
  UNION ALL
    MATCH (p:Professional)
    WHERE p.email IS NOT NULL
    WITH toLower(trim(p.email)) AS email, collect(p) AS people
    WHERE email <> '' AND size(people) > 1
    RETURN people, 'same_email' AS reason
  UNION ALL
    MATCH (p:Professional)
    WHERE p.phone IS NOT NULL
    WITH p, trim(p.phone) AS raw
    WITH p, raw, reduce(d = '', c IN split(raw, '') | d + CASE WHEN '0' <= c <= '9' THEN c ELSE '' END) AS digits
    WITH p, CASE
        WHEN digits STARTS WITH '0031' THEN substring(digits, 4)
        WHEN raw STARTS WITH '+31' THEN substring(digits, 2)
      END AS national, digits
    WITH p, CASE
        WHEN national IS NULL THEN digits
        WHEN national STARTS WITH '0' THEN national
        ELSE '0' + national
      END AS phone
    WITH phone, collect(p) AS people
    WHERE phone <> '' AND size(people) > 1
    RETURN people, 'same_phone' AS reason
}
UNWIND people AS a
UNWIND people AS b
WITH a, b, reason
WHERE a.id < b.id
WITH a, b, collect(DISTINCT reason) AS matched
RETURN a.id AS professional_a, a.name AS name_a, b.id AS professional_b, b.name AS name_b,
  COLLECT { MATCH (a)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name AS name ORDER BY name } AS organisations_a,
  COLLECT { MATCH (b)-[:EMPLOYED_BY]->(o:Organisation) RETURN o.name AS name ORDER BY name } AS organisations_b,
  [reason IN ['same_name_and_organisation', 'same_email', 'same_phone'] WHERE reason IN matched] AS reasons
ORDER BY size(reasons) DESC, professional_a, professional_b
