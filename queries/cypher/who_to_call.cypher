// Purpose: The candidates of the contact search ("Wie bel ik?"): every role of every contact in the wijken of the
//   search's scope that meets the search's filters, one row per (wijk, tier, contact, team). Python groups the
//   rows into one per contact and ranks them (queries/who_to_call/engine.py). The roles:
//     ring1   member of a team that SERVES the wijk (active MEMBER_OF), with the team's name;
//     A, B, C ring 2: an active WORKS_IN {group} to the wijk; D also when the WORKS_IN {group: 'D'} is to a wijk;
//     D       city-wide: an active WORKS_IN {group: 'D'} to one of $municipalities (wijk is null);
//     fly_in  the organisation of an active agreement (werkafspraak) of a team serving the wijk; function is the
//             agreement's topic, expertise the agreement's expertise, contact details the organisation's;
//     ring3   civil partners ACTIVE_IN the wijk (function is their kind).
//   Filters, each optional (null = no filter), all of them must hold:
//     $expertise       the contact has one of these expertise codes (strong), or (weak) its function, or the name
//                      or kind of its organisation, contains one of $expertise_words (the phrases that named the
//                      expertise, lower case: "ggz" in "praktijkondersteuner ggz" or "GGZ Delfland");
//     $functions       its function (an agreement's topic, a partner's kind) contains one of these words;
//     $organisations   its employer (or, flying in, the organisation itself) is one of these ids;
//     $organisation    its employer or fly-in organisation has this id or this part of its name (case-insensitive);
//     $text            the full-text query (index contact_search) finds the contact or its organisation;
//     $group           only this tier.
//   A relationship is active at $on when since is null or <= $on and until is null or >= $on.
// Parameters:
//   $wijken          wijk codes of the scope             :param wijken => ['WK063701']
//   $municipalities  municipality codes (group D)        :param municipalities => ['GM0637']
//   $on              the date looked at                  :param on => date('2026-01-01')
//   $expertise       expertise codes or null             :param expertise => ['GGZ']
//   $expertise_words lower-case phrases or null          :param expertise_words => ['ggz']
//   $functions       lower-case function words or null   :param functions => null
//   $organisations   organisation ids or null            :param organisations => null
//   $organisation    organisation id or name part, null  :param organisation => null
//   $text            Lucene query or null                :param text => null
//   $group           tier or null                        :param group => null
// Columns: wijk (code, null for city-wide D), municipality (code, of city-wide D), tier, team (name of the team of
//   a ring-1 or fly-in role), kind (professional, organisation, civil_partner), id, name, function, organisation
//   (the employers' names), phone, email, last_verified, expertise (codes), strong (has an expertise asked),
//   function_match, organisation_match, text_match (the free text found it).
CALL () {
  WITH $text AS query WHERE query IS NOT NULL
  CALL db.index.fulltext.queryNodes('contact_search', query) YIELD node
  RETURN collect(node) AS text_hits
}
CALL () {
    UNWIND $wijken AS code
    MATCH (w:Wijk {code: code})
    CALL (w) {
        MATCH (w)<-[:SERVES]-(t:Team)<-[r:MEMBER_OF]-(p:Professional)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN DISTINCT 'ring1' AS tier, p AS contact, t.name AS team, null AS agreement
      UNION
        MATCH (w)<-[r:WORKS_IN]-(p:Professional)
        WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
        RETURN DISTINCT r.group AS tier, p AS contact, null AS team, null AS agreement
      UNION
        MATCH (w)<-[:SERVES]-(t:Team)<-[:OF_TEAM]-(a:Agreement {status: 'active'})-[:WITH_ORGANISATION]->(o:Organisation)
        WHERE (a.since IS NULL OR a.since <= $on) AND (a.until IS NULL OR a.until >= $on)
        RETURN 'fly_in' AS tier, o AS contact, t.name AS team, a AS agreement
      UNION
        MATCH (w)<-[:ACTIVE_IN]-(c:CivilPartner)
        RETURN 'ring3' AS tier, c AS contact, null AS team, null AS agreement
    }
    RETURN w.code AS wijk, null AS municipality, tier, contact, team, agreement
  UNION
    UNWIND $municipalities AS code
    MATCH (m:Municipality {code: code})<-[r:WORKS_IN {group: 'D'}]-(p:Professional)
    WHERE (r.since IS NULL OR r.since <= $on) AND (r.until IS NULL OR r.until >= $on)
    RETURN DISTINCT null AS wijk, m.code AS municipality, 'D' AS tier, p AS contact, null AS team, null AS agreement
}
WITH wijk, municipality, tier, contact, team, agreement, text_hits
WHERE $group IS NULL OR tier = $group
WITH wijk, municipality, tier, contact, team, agreement, text_hits,
  CASE WHEN contact:Organisation THEN [contact]
    ELSE COLLECT { MATCH (contact)-[:EMPLOYED_BY]->(o:Organisation) RETURN o ORDER BY o.name } END AS organisations,
  CASE WHEN agreement IS NOT NULL
    THEN COLLECT { MATCH (agreement)-[:FOR_EXPERTISE]->(x:Expertise) RETURN x.code AS code ORDER BY code }
    ELSE COLLECT { MATCH (contact)-[:HAS_EXPERTISE]->(x:Expertise) RETURN x.code AS code ORDER BY code } END AS expertise,
  CASE WHEN agreement IS NOT NULL THEN agreement.topic WHEN contact:CivilPartner THEN contact.kind
    ELSE contact.function END AS function
WITH wijk, municipality, tier, contact, team, organisations, expertise, function,
  any(code IN expertise WHERE code IN coalesce($expertise, [])) AS strong,
  any(word IN coalesce($expertise_words, []) WHERE toLower(coalesce(function, '')) CONTAINS word
    OR any(o IN organisations WHERE toLower(o.name + ' ' + coalesce(o.kind, '')) CONTAINS word)) AS weak,
  any(word IN coalesce($functions, []) WHERE toLower(coalesce(function, '')) CONTAINS word) AS function_match,
  any(o IN organisations WHERE o.id IN coalesce($organisations, [])) AS organisation_match,
  any(node IN [contact] + organisations WHERE node IN text_hits) AS text_match
WHERE ($expertise IS NULL OR strong OR weak)
  AND ($functions IS NULL OR function_match)
  AND ($organisations IS NULL OR organisation_match)
  AND ($organisation IS NULL
       OR any(o IN organisations WHERE o.id = $organisation OR toLower(o.name) CONTAINS toLower($organisation)))
  AND ($text IS NULL OR text_match)
RETURN wijk, municipality, tier, team,
  CASE WHEN contact:Organisation THEN 'organisation' WHEN contact:CivilPartner THEN 'civil_partner'
    ELSE 'professional' END AS kind,
  contact.id AS id, contact.name AS name, function,
  CASE WHEN contact:Professional THEN reduce(names = null, o IN organisations | coalesce(names + ', ', '') + o.name)
    END AS organisation,
  contact.phone AS phone, contact.email AS email, contact.last_verified AS last_verified, expertise, strong,
  function_match, organisation_match, text_match
