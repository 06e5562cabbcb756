// Purpose: Gaps per wijk, every kind in one read:
//     no_team           no Team SERVES the wijk;
//     empty_group       nobody with an active WORKS_IN {group} to the wijk, for groups A, B and C; for group D
//                       nobody with an active WORKS_IN {group: 'D'} to the wijk's municipality (or to the wijk);
//     no_civil_partner  no ring-3 CivilPartner is ACTIVE_IN the wijk;
//     missing_signaller a key signaller (below) is absent: nobody with an active WORKS_IN to the wijk (any group)
//                       or an active MEMBER_OF a team serving it has a function containing one of the signaller's
//                       function words (case-insensitive) or is EMPLOYED_BY an Organisation of one of its kinds;
//     uncovered_need    a household that LIVES_IN the wijk has an active NEEDS to an expertise, and none of its
//                       active helpers (active INVOLVED_WITH) HAS_EXPERTISE it; evidence: its active helpers;
//     no_coordinator    a household with two or more active helpers (distinct professionals with an active
//                       INVOLVED_WITH) and no active COORDINATES; evidence: its active helpers;
//     contact_stale     a contact of the wijk last verified more than 12 months before $on (last_verified before
//                       $fresh_since);
//     contact_never_verified  a contact of the wijk that was never verified (last_verified is null).
//   The contacts of a wijk (one definition, also of freshness.cypher, verification_worklist.cypher and docs/upkeep.md):
//     Professionals with an active MEMBER_OF a team that SERVES the wijk, an active WORKS_IN to the wijk (any group)
//     or an active WORKS_IN {group: 'D'} to its municipality; CivilPartners ACTIVE_IN the wijk; Organisations
//     WITH_ORGANISATION of an Agreement with status 'active' (and not outside its since/until at $on) OF_TEAM a team
//     that serves the wijk.
//   The key signallers, and how they are recognised (this list is the one place that defines them):
//     huisarts          function: huisarts                          organisation kind: huisarts, huisartsenpraktijk
//     wijkagent         function: wijkagent, politie                organisation kind: politie
//     woningcorporatie  function: woonconsulent, huismeester, wijkbeheerder, woningcorporatie
//                                                                   organisation kind: woningcorporatie, wonen
//     school            function: leerkracht, intern begeleider, schoolmaatschappelijk, docent, mentor
//                                                                   organisation kind: onderwijs, school
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken Wijk codes, or null for all wijken          :param wijken => ['WK063701']
//   $on    the date the network is looked at           :param on => date('2026-01-01')
//   $fresh_since  the first day a verification is fresh: 12 months before $on (queries/who_to_call/model.py
//                 stale_before, the one rule)          :param fresh_since => date('2025-01-01')
//   $verification which contact gaps to list: 'all' (or null) both kinds, 'stale' only contact_stale, 'never' only
//                 contact_never_verified                :param verification => 'all'
// Columns: wijk (code), wijk_name, kind (in the order listed above), household (the household's id for
//   uncovered_need and no_coordinator, null for the others), detail (which group or signaller, or a sentence
//   such as "household HH-1 needs GGZ", "household HH-1 has 3 helpers and no coordinator", "name (id)" of a contact),
//   evidence (list: the household's active helpers as "name (id)"; for contact_stale "last verified YYYY-MM-DD",
//   for contact_never_verified "never verified"; empty for the gaps that are an absence).
// Order: what needs action first: by kind in the order listed above (no team is the gravest), then wijk, detail.

// Each code asked is sought by prefix, then kept exact: the plan seeks the Wijk.code unique index once per code.
UNWIND coalesce($wijken, [null]) AS wijk_code
MATCH (w:Wijk)
WHERE w.code STARTS WITH coalesce(wijk_code, '') AND (wijk_code IS NULL OR w.code = wijk_code)
OPTIONAL MATCH (w)-[:IN_MUNICIPALITY]->(m:Municipality)
CALL (w, m) {
    // no_team, empty_group, no_civil_partner
    WITH [group IN ['A', 'B', 'C', 'D'] WHERE NOT EXISTS {
        MATCH (w)<-[r:WORKS_IN]-(:Professional)
        WHERE r.group = group AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      }
      AND NOT (group = 'D' AND EXISTS {
        MATCH (m)<-[r:WORKS_IN]-(:Professional)
        WHERE r.group = 'D' AND (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
      })
    ] AS empty_groups
    UNWIND
      CASE WHEN EXISTS { (w)<-[:SERVES]-(:Team) } THEN []
      ELSE [{rank: 0, kind: 'no_team', detail: 'no team serves the wijk'}] END
      + [group IN empty_groups | {
          rank: 1, kind: 'empty_group',
          detail: 'group ' + group + CASE WHEN group = 'D' THEN coalesce(' (municipality ' + m.code + ')', '') ELSE '' END
        }]
      + CASE WHEN EXISTS { (w)<-[:ACTIVE_IN]-(:CivilPartner) } THEN []
        ELSE [{rank: 2, kind: 'no_civil_partner', detail: 'no ring-3 partner is active in the wijk'}] END
      AS gap
    RETURN gap.rank AS rank, gap.kind AS kind, null AS household, gap.detail AS detail, [] AS evidence
  UNION ALL
    // missing_signaller
    WITH COLLECT {
        MATCH (w)<-[r:WORKS_IN]-(p:Professional)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN p
      UNION
        MATCH (w)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(p:Professional)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN p
      } AS people
    WITH [p IN people | {
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
    WITH present, signaller
    WHERE none(person IN present WHERE
      any(word IN signaller.functions WHERE person.function CONTAINS word)
      OR any(kind IN person.kinds WHERE kind IN signaller.kinds))
    RETURN 3 AS rank, 'missing_signaller' AS kind, null AS household, signaller.signaller AS detail, [] AS evidence
  UNION ALL
    // uncovered_need, no_coordinator: what each household lacks first; names only for the households listed.
    MATCH (w)<-[:LIVES_IN]-(h:Household)
    WITH h, COLLECT {
        MATCH (h)<-[i:INVOLVED_WITH]-(p:Professional)
        WHERE (i.since IS NULL OR i.since <= $on) AND (i.until IS NULL OR i.until >= $on)
        RETURN DISTINCT p
      } AS helpers,
      COLLECT {
        MATCH (h)-[n:NEEDS]->(x:Expertise)
        WHERE (n.since IS NULL OR n.since <= $on) AND (n.until IS NULL OR n.until >= $on)
        RETURN DISTINCT x
      } AS needed
    WITH h, helpers, needed,
      CASE WHEN size(helpers) < 2 THEN false ELSE NOT EXISTS {
        MATCH (h)<-[c:COORDINATES]-(:Professional)
        WHERE (c.since IS NULL OR c.since <= $on) AND (c.until IS NULL OR c.until >= $on)
      } END AS uncoordinated
    WHERE needed <> [] OR uncoordinated
    CALL (helpers, needed) {
      // The expertise of the household's helpers, read once per household that needs any.
      WITH helpers WHERE needed <> []
      UNWIND helpers AS p
      MATCH (p)-[:HAS_EXPERTISE]->(x:Expertise)
      RETURN collect(DISTINCT x) AS covered
    }
    WITH h, helpers, uncoordinated,
      COLLECT { UNWIND needed AS x WITH x WHERE NOT x IN covered RETURN x.code AS code ORDER BY code } AS uncovered
    WHERE uncovered <> [] OR uncoordinated
    WITH h, helpers, uncoordinated, uncovered,
      COLLECT { UNWIND helpers AS p RETURN p.name + ' (' + p.id + ')' AS name ORDER BY name } AS evidence
    UNWIND
      [code IN uncovered | {rank: 4, kind: 'uncovered_need', detail: 'household ' + h.id + ' needs ' + code}]
      + CASE
          WHEN uncoordinated
          THEN [{rank: 5, kind: 'no_coordinator',
                 detail: 'household ' + h.id + ' has ' + toString(size(helpers)) + ' helpers and no coordinator'}]
          ELSE []
        END
      AS gap
    RETURN gap.rank AS rank, gap.kind AS kind, h.id AS household, gap.detail AS detail, evidence
  UNION ALL
    // contact_stale, contact_never_verified
    CALL (w) {
        MATCH (w)-[:IN_MUNICIPALITY*0..1]->(area)<-[r:WORKS_IN]-(contact:Professional)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
          AND (area = w OR r.group = 'D')
        RETURN contact
      UNION
        MATCH (w)<-[:SERVES]-(:Team)<-[r:MEMBER_OF]-(contact:Professional)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN contact
      UNION
        MATCH (w)<-[:ACTIVE_IN]-(contact:CivilPartner)
        RETURN contact
      UNION
        MATCH (w)<-[:SERVES]-(:Team)<-[:OF_TEAM]-(a:Agreement {status: 'active'})-[:WITH_ORGANISATION]->
              (contact:Organisation)
        WHERE (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
        RETURN contact
    }
    WITH contact, CASE WHEN contact.last_verified IS NULL THEN 'never' ELSE 'stale' END AS state
    WHERE (contact.last_verified IS NULL OR contact.last_verified < $fresh_since)
      AND coalesce($verification, 'all') IN ['all', state]
    RETURN CASE state WHEN 'stale' THEN 6 ELSE 7 END AS rank,
      CASE state WHEN 'stale' THEN 'contact_stale' ELSE 'contact_never_verified' END AS kind, null AS household,
      contact.name + ' (' + contact.id + ')' AS detail,
      [CASE state WHEN 'never' THEN 'never verified' ELSE 'last verified ' + toString(contact.last_verified) END]
        AS evidence
}
RETURN w.code AS wijk, w.name AS wijk_name, kind, household, detail, evidence
ORDER BY rank, wijk, detail
