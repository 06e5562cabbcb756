// Purpose: Missing key signallers per wijk (part of the `gaps` analysis). A key signaller is present in a wijk
//   when someone with an active WORKS_IN to the wijk (any group) or an active MEMBER_OF a team serving the wijk
//   has a function containing one of the signaller's function words (case-insensitive) or is EMPLOYED_BY an
//   Organisation whose kind is one of the signaller's organisation kinds. This list is the one place where the key
//   signallers and how they are recognised are defined:
//     huisarts          function: huisarts                          organisation kind: huisarts, huisartsenpraktijk
//     wijkagent         function: wijkagent, politie                organisation kind: politie
//     woningcorporatie  function: woonconsulent, huismeester, wijkbeheerder, woningcorporatie
//                                                                   organisation kind: woningcorporatie, wonen
//     school            function: leerkracht, intern begeleider, schoolmaatschappelijk, docent, mentor
//                                                                   organisation kind: onderwijs, school
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijk  Wijk code, or null for all wijken           :param wijk => 'WK063701'
//   $on    the date the network is looked at           :param on => date('2026-01-01')
// Columns: wijk (code), wijk_name, kind ('missing_signaller'), detail (the signaller), evidence (empty list)

// Seek by prefix, then keep the exact code: with a wijk given the plan starts from the Wijk.code unique index.
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce($wijk, '') AND ($wijk IS NULL OR w.code = $wijk)
WITH w, COLLECT {
    MATCH (w)<-[r:WORKS_IN]-(p:Professional)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN p
  UNION
    MATCH (w)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(p:Professional)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN p
  } AS people
WITH w, [p IN people | {
    function: toLower(coalesce(p.function, '')),
    kinds: COLLECT { MATCH (p)-[:EMPLOYED_BY]->(o:Organisation) RETURN toLower(coalesce(o.kind, '')) }
  }] AS present
UNWIND [
  {signaller: 'huisarts', functions: ['huisarts'], kinds: ['huisarts', 'huisartsenpraktijk']},
  {signaller: 'wijkagent', functions: ['wijkagent', 'politie'], kinds: ['politie']},
  {signaller: 'woningcorporatie', functions: ['woonconsulent', 'huismeester', 'wijkbeheerder', 'woningcorporatie'],
   kinds: ['woningcorporatie', 'wonen']},
  {signaller: 'school', functions: ['leerkracht', 'intern begeleider', 'schoolmaatschappelijk', 'docent', 'mentor'],
   kinds: ['onderwijs', 'school']}
] AS signaller
WITH w, signaller
WHERE none(person IN present WHERE
  any(word IN signaller.functions WHERE person.function CONTAINS word)
  OR any(kind IN person.kinds WHERE kind IN signaller.kinds))
RETURN w.code AS wijk, w.name AS wijk_name, 'missing_signaller' AS kind, signaller.signaller AS detail, [] AS evidence
ORDER BY wijk, detail
