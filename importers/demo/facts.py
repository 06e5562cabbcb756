"""The seed facts behind the demo: municipalities, wijken, teams, roles and organisations.

Every table cites the domain note (``shared/domain/seed-*.md``) and the line of the source report it
rests on. What the seeds do not say is marked ``[invented]`` or ``[outside knowledge]`` so nobody
mistakes it for a finding. Organisations are real public organisations as the seeds name them; the
people of the demo are invented elsewhere (:mod:`importers.demo.people`), never taken from here.

Wijk codes: the pattern is CBS (``WK`` + the municipality's 4 digits + 2 digits), but the numbers are
**plausible placeholders, not verified CBS codes**: they are numbered in the order of the seed tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MunicipalityFact:
    code: str  # real CBS gemeentecode
    name: str
    short: str  # used in household keys: HH-<short>-0001
    domain: str  # invented e-mail domain of the gemeente (example.* is reserved, RFC 2606)
    region: str  # the region it works in with its neighbours
    area_code: str  # telephone area code (netnummer) [outside knowledge]


# Regions: Haaglanden (GGD Haaglanden, seed-000 L2139-2141), Holland Rijnland (youth care is purchased there,
# seed-004 L1177-1179), Zuid-Kennemerland (CJG Kennemerland, 003:L2719; "Zuid-" [outside knowledge]).
MUNICIPALITIES = (
    MunicipalityFact("GM0637", "Zoetermeer", "ZTM", "zoetermeer.example", "Haaglanden", "079"),  # seed-001 §1 (L5, L12)
    MunicipalityFact("GM0518", "Den Haag", "DHG", "denhaag.example", "Haaglanden", "070"),  # seed-000 §1 (L36)
    MunicipalityFact("GM0392", "Haarlem", "HLM", "haarlem.example", "Zuid-Kennemerland", "023"),  # 003:L1099-1105
    MunicipalityFact("GM0546", "Leiden", "LEI", "leiden.example", "Holland Rijnland", "071"),  # seed-004 §1 (L5-13)
)

# Zoetermeer: the two pilot wijken, one SWT each (seed-001 §1, L12, L33-34). Zoetermeer has 8 wijken;
# the other six are not named in the seed and are left out.
ZOETERMEER_WIJKEN = ("Meerzicht", "Oosterheem")

# Den Haag: the 24 sociale wijkzorgteam areas of the roll-out table, rows 1-24 (seed-000 §2.5,
# L3149-3344). Rows 25-27 are evaluations, not areas. One wijk per team area.
DEN_HAAG_AREAS = (
    "Bouwlust",  # L3149-3155
    "Laak Noord",  # L3157-3160
    "Moerwijk",  # L3162-3168
    "Bezuidenhout / Benoordenhout",  # L3170-3176
    "Mariahoeve / Marlot / Haagse Bos",  # L3178-3187
    "Leidschenveen / Ypenburg",  # L3189
    "Scheveningen / Duindorp",  # L3191
    "Regentesse- Valkenboskwartier / Heesterbuurt",  # L3193-3199
    "Bohemen / Waldeck / Meer en Bos / Kijkduin",  # L3201-3207
    "Schilderswijk West",  # L3209-3218
    "Schilderswijk Midden-Oost",  # L3220-3229
    "Oostduinen / Belgisch Park / Westbroekpark / Duttendel / Scheveningse Bos / Geuzen- en Statenkwartier",  # L3241
    "Bomen- / Vruchten- / Bloemenbuurt / Vogelwijk",  # L3254-3261
    "Kraayenstein / Loosduinen",  # L3263-3269
    "Laakkwartier / Binckhorst",  # L3271-3274
    "Spoorwijk",  # L3276-3279
    "Transvaal / Groente- en Fruitmarkt",  # L3281-3290
    "Archipelbuurt / Zeeheldenkwartier / Willemsbuurt",  # L3292-3299
    "Stationsbuurt / Rivierenbuurt",  # L3301-3307
    "Centrum",  # L3309-3315
    "Morgenstond",  # L3317-3323
    "Vrederust",  # L3325-3331
    "Wateringse Veld",  # L3333-3336
    "Leyenburg / Zuiderpark / Rustenburg / Oostbroek",  # L3338-3344
)
# Duindorp is in two rows of the table, 7 (L3191) and 12 (L3246): one wijk served by two teams (seed-000.md, notes
# on the table). The demo's wijk of row 7 is Scheveningen; Duindorp is a wijk of its own, the last Den Haag wijk,
# served by the teams of rows 7 and 12. The other areas are one wijk each, named as their team.
DUINDORP = "Duindorp"
DUINDORP_TEAMS = ("Scheveningen / Duindorp", DEN_HAAG_AREAS[11])
DEN_HAAG_WIJK_OF_AREA = {"Scheveningen / Duindorp": "Scheveningen"}
DEN_HAAG_WIJKEN = (*(DEN_HAAG_WIJK_OF_AREA.get(area, area) for area in DEN_HAAG_AREAS), DUINDORP)

# Haarlem: ten SWTs, "in alle wijken" (seed-002-003 §B2.2, 003:L1099-1105), but the seed names no
# areas except Schalkwijk, the Slachthuisbuurt (003:L1097) and Haarlem-Oost (003:L2041-2045).
# The other names are Haarlem stadsdelen and Schalkwijk buurten [outside knowledge, unverified].
HAARLEM_AREAS = (
    "Schalkwijk Boerhaavewijk", "Schalkwijk Meerwijk", "Schalkwijk Molenwijk", "Slachthuisbuurt",
    "Haarlem-Oost", "Centrum", "Noord", "Zuid-West", "Haarlemmerhoutkwartier", "Schalkwijk Europawijk",
)

# Leiden: the 8 SWT work areas (seed-004 §2.1, L1132-1141) and Binnenstad-Zuid, the one district the
# team list does not name (seed-004 §2.1 [outside, unverified]): the demo's wijk without a team.
LEIDEN_AREAS = (
    "Boerhaave en Station", "Bos- en Gasthuis", "Leiden Noord", "Merenwijk", "Mors", "Binnenstad-Noord",
    "Roodenburg", "Stevenshof",
)
LEIDEN_WIJK_WITHOUT_TEAM = "Binnenstad-Zuid"
# The team that helps out in the wijk without a team: the "brandweerfunctie" of a neighbouring SWT
# (seed-001 §2.11, L752-755).
LEIDEN_NEIGHBOUR_TEAM = "Binnenstad-Noord"
# Leiden pairs its wijkteams with six jeugd- en gezinsteams (JGT) of the CJG, each for a (combination of) wijken
# (seed-004 L1167-1186); SWT and JGT work in close agreement, some in one building (L1187-1188). (JGT area, CJG, the
# demo's wijken.) The list names no JGT for Boerhaave en Station; the JGT "Binnenstad" serves Binnenstad-Noord here
# (the demo keeps Binnenstad-Zuid without a team: the planted case).
LEIDEN_JGT = (
    ("Binnenstad", "CJG Midden", ("Binnenstad-Noord",)),  # L1181
    ("Bos en Gasthuizen", "CJG Zuid", ("Bos- en Gasthuis",)),  # L1182
    ("Leiden Noord", "CJG Noord", ("Leiden Noord",)),  # L1183
    ("Merenwijk", "CJG Noord", ("Merenwijk",)),  # L1184
    ("Roodenburg", "CJG Midden", ("Roodenburg",)),  # L1185
    ("Stevenshof en Mors", "CJG West", ("Stevenshof", "Mors")),  # L1186: one JGT for two SWT areas
)

# Households per wijk. Zoetermeer: the cases registered per pilot wijk (seed-001 §3.1, L237).
ZOETERMEER_CASES = {"Meerzicht": 24, "Oosterheem": 18}
HOUSEHOLDS_PER_WIJK = 6  # elsewhere [invented]: enough to show the analyses, small enough to read


# Neighbouring wijken (NEIGHBOURS, read both ways), by the names above. No seed draws a map: these follow the
# real geography of the areas as far as their names allow [outside knowledge, unverified].
NEIGHBOURS = {
    # Meerzicht and Oosterheem do not touch: the wijken between them are not in the demo (see above), so the two
    # pilot wijken are each other's nearest demo wijk [invented].
    "ZTM": (("Meerzicht", "Oosterheem"),),
    "DHG": (
        ("Bouwlust", "Vrederust"), ("Bouwlust", "Morgenstond"), ("Bouwlust", "Wateringse Veld"),
        ("Vrederust", "Wateringse Veld"), ("Vrederust", "Kraayenstein / Loosduinen"),
        ("Morgenstond", "Wateringse Veld"), ("Morgenstond", "Moerwijk"),
        ("Morgenstond", "Leyenburg / Zuiderpark / Rustenburg / Oostbroek"),
        ("Moerwijk", "Spoorwijk"), ("Moerwijk", "Leyenburg / Zuiderpark / Rustenburg / Oostbroek"),
        ("Leyenburg / Zuiderpark / Rustenburg / Oostbroek", "Transvaal / Groente- en Fruitmarkt"),
        ("Spoorwijk", "Laakkwartier / Binckhorst"), ("Spoorwijk", "Schilderswijk Midden-Oost"),
        ("Laakkwartier / Binckhorst", "Laak Noord"), ("Laakkwartier / Binckhorst", "Stationsbuurt / Rivierenbuurt"),
        # Ypenburg touches no other area of the table; Hoornwijk joins it to Laak [invented]
        ("Laakkwartier / Binckhorst", "Leidschenveen / Ypenburg"),
        ("Laak Noord", "Stationsbuurt / Rivierenbuurt"), ("Laak Noord", "Centrum"),
        ("Stationsbuurt / Rivierenbuurt", "Centrum"), ("Stationsbuurt / Rivierenbuurt", "Schilderswijk Midden-Oost"),
        ("Stationsbuurt / Rivierenbuurt", "Bezuidenhout / Benoordenhout"),
        ("Schilderswijk Midden-Oost", "Schilderswijk West"), ("Schilderswijk Midden-Oost", "Centrum"),
        ("Schilderswijk Midden-Oost", "Transvaal / Groente- en Fruitmarkt"),
        ("Schilderswijk West", "Transvaal / Groente- en Fruitmarkt"), ("Schilderswijk West", "Centrum"),
        ("Schilderswijk West", "Regentesse- Valkenboskwartier / Heesterbuurt"),
        ("Transvaal / Groente- en Fruitmarkt", "Regentesse- Valkenboskwartier / Heesterbuurt"),
        ("Centrum", "Regentesse- Valkenboskwartier / Heesterbuurt"),
        ("Centrum", "Archipelbuurt / Zeeheldenkwartier / Willemsbuurt"), ("Centrum", "Bezuidenhout / Benoordenhout"),
        ("Bezuidenhout / Benoordenhout", "Mariahoeve / Marlot / Haagse Bos"),
        ("Bezuidenhout / Benoordenhout", "Archipelbuurt / Zeeheldenkwartier / Willemsbuurt"),
        ("Bezuidenhout / Benoordenhout", DEN_HAAG_AREAS[11]),
        ("Archipelbuurt / Zeeheldenkwartier / Willemsbuurt", DEN_HAAG_AREAS[11]),
        ("Archipelbuurt / Zeeheldenkwartier / Willemsbuurt", "Regentesse- Valkenboskwartier / Heesterbuurt"),
        ("Scheveningen", DEN_HAAG_AREAS[11]), (DUINDORP, "Scheveningen"), (DUINDORP, DEN_HAAG_AREAS[11]),
        (DUINDORP, "Bomen- / Vruchten- / Bloemenbuurt / Vogelwijk"),
        (DEN_HAAG_AREAS[11], "Bomen- / Vruchten- / Bloemenbuurt / Vogelwijk"),
        ("Regentesse- Valkenboskwartier / Heesterbuurt", "Bomen- / Vruchten- / Bloemenbuurt / Vogelwijk"),
        ("Bomen- / Vruchten- / Bloemenbuurt / Vogelwijk", "Bohemen / Waldeck / Meer en Bos / Kijkduin"),
        ("Bomen- / Vruchten- / Bloemenbuurt / Vogelwijk", "Kraayenstein / Loosduinen"),
        ("Bohemen / Waldeck / Meer en Bos / Kijkduin", "Kraayenstein / Loosduinen"),
    ),
    "HLM": (
        ("Schalkwijk Boerhaavewijk", "Schalkwijk Europawijk"), ("Schalkwijk Boerhaavewijk", "Schalkwijk Meerwijk"),
        ("Schalkwijk Boerhaavewijk", "Slachthuisbuurt"), ("Schalkwijk Boerhaavewijk", "Haarlemmerhoutkwartier"),
        ("Schalkwijk Europawijk", "Schalkwijk Meerwijk"), ("Schalkwijk Europawijk", "Schalkwijk Molenwijk"),
        ("Schalkwijk Meerwijk", "Schalkwijk Molenwijk"), ("Slachthuisbuurt", "Haarlem-Oost"),
        ("Haarlem-Oost", "Centrum"), ("Haarlem-Oost", "Noord"), ("Centrum", "Noord"),
        ("Centrum", "Haarlemmerhoutkwartier"), ("Centrum", "Zuid-West"), ("Zuid-West", "Haarlemmerhoutkwartier"),
    ),
    "LEI": (
        # The wijk without a team borders the team that helps out there (seed-001 L752-755).
        (LEIDEN_WIJK_WITHOUT_TEAM, LEIDEN_NEIGHBOUR_TEAM), (LEIDEN_WIJK_WITHOUT_TEAM, "Boerhaave en Station"),
        (LEIDEN_WIJK_WITHOUT_TEAM, "Roodenburg"), (LEIDEN_WIJK_WITHOUT_TEAM, "Bos- en Gasthuis"),
        ("Binnenstad-Noord", "Leiden Noord"), ("Binnenstad-Noord", "Mors"),
        ("Binnenstad-Noord", "Boerhaave en Station"),
        ("Leiden Noord", "Merenwijk"), ("Leiden Noord", "Mors"), ("Leiden Noord", "Boerhaave en Station"),
        ("Mors", "Bos- en Gasthuis"), ("Mors", "Stevenshof"),  # one JGT for Stevenshof and Mors (seed-004 L1186)
        ("Bos- en Gasthuis", "Stevenshof"), ("Bos- en Gasthuis", "Roodenburg"), ("Roodenburg", "Boerhaave en Station"),
    ),
}


@dataclass(frozen=True)
class OrganisationFact:
    id: str
    name: str
    kind: str
    scope: str
    offers: tuple[str, ...] = ()  # expertise the organisation offers beyond what its staff bring


ORGANISATIONS = (
    # Zoetermeer, Tabel 1 (seed-001 §2.2, L58-74) and §2.4
    OrganisationFact("ORG-KWADRAAD", "Kwadraad", "welzijn", "regionaal"),  # L62; Leiden kernpartner seed-004 L1108
    OrganisationFact("ORG-ZICHTBARE-SCHAKEL", "Zichtbare Schakel (SGH / Vierstroom)", "wijkverpleging",
                     "stedelijk"),  # L63-67
    OrganisationFact("ORG-BJZ", "Bureau Jeugdzorg", "jeugdzorg", "regionaal"),  # L69
    OrganisationFact("ORG-GM-ZTM", "Gemeente Zoetermeer, Werk, Zorg en Inkomen", "gemeente", "stedelijk"),  # L70-74
    OrganisationFact("ORG-PARNASSIA", "Parnassia", "ggz", "regionaal", ("GGZ",)),  # L1763 (a client names it)
    OrganisationFact("ORG-MEE", "MEE", "lvb", "regionaal", ("LVB",)),  # seed-001 L349-350; seed-004 L1110
    OrganisationFact("ORG-BRIJDER", "Brijder", "verslavingszorg", "regionaal", ("VERSLAVING",)),  # seed-001 L1904
    OrganisationFact("ORG-JEUGDFORMAAT", "Jeugdformaat", "jeugdzorg", "regionaal"),  # seed-001 L1804-1805
    OrganisationFact("ORG-POLITIE", "Politie", "politie", "landelijk"),  # seed-001 L451; seed-000 L2294
    # Den Haag (seed-000 §2.4): the triangle welzijn, zorg (wijkverpleging in a coöperatie) and gemeente
    # (L2453-2460, L2932-2938); the seed names neither the welzijn nor the zorg organisations.
    OrganisationFact("ORG-GM-DHG", "Gemeente Den Haag, Sociale wijkzorgteams", "gemeente", "stedelijk"),  # L2479
    OrganisationFact("ORG-DHG-WELZIJN", "Welzijnswerk Den Haag (convenantpartner)", "welzijn", "stedelijk"),  # L2934
    OrganisationFact("ORG-DHG-WIJKVERPLEGING", "Coöperatie wijkverpleging Den Haag", "wijkverpleging",
                     "stedelijk"),  # L2934-2938
    OrganisationFact("ORG-DHG-SOCIALE-DIENST", "Gemeente Den Haag, Sociale Dienst", "gemeente", "stedelijk"),  # L3932
    # Haarlem: network partners (seed-002-003 §B2.1, 003:L1109-1115, L3073-3116)
    OrganisationFact("ORG-GM-HLM", "Gemeente Haarlem, Maatschappelijke Ondersteuning", "gemeente", "stedelijk"),
    OrganisationFact("ORG-DOCK", "Dock", "welzijn", "stedelijk"),
    OrganisationFact("ORG-HAARLEM-EFFECT", "Haarlem Effect", "welzijn", "stedelijk"),
    OrganisationFact("ORG-ZORGBALANS", "Zorgbalans", "wijkverpleging", "regionaal"),
    OrganisationFact("ORG-MEE-DE-WERING", "MEE & de Wering", "lvb", "regionaal", ("LVB",)),
    OrganisationFact("ORG-LEGER-DES-HEILS", "Leger des Heils", "maatschappelijke opvang", "landelijk"),
    OrganisationFact("ORG-RIBW-KAM", "RIBW K/AM", "ggz", "regionaal", ("GGZ",)),
    OrganisationFact("ORG-PRE-WONEN", "Pre Wonen", "woningcorporatie", "stedelijk"),  # 003:L3086
    OrganisationFact("ORG-CJG-KENNEMERLAND", "CJG Kennemerland", "jeugd", "regionaal"),  # 003:L2719
    # Leiden: kernpartners and joining partners (seed-004 §2.2, L1108-1130, L1766-1767)
    OrganisationFact("ORG-GM-LEI", "Gemeente Leiden, Wmo-consulenten", "gemeente", "stedelijk"),
    OrganisationFact("ORG-LIBERTAS", "Libertas", "begeleiding", "regionaal"),
    OrganisationFact("ORG-RADIUS", "Radius", "ouderen", "stedelijk"),
    OrganisationFact("ORG-ACTIVITE", "ActiVite", "wijkverpleging", "regionaal"),
    OrganisationFact("ORG-STADSBANK", "Stadsbank Leiden", "schuldhulp", "stedelijk"),
    OrganisationFact("ORG-GGZ-INFOPUNT", "GGZ Informatiepunt Holland Rijnland", "ggz", "regionaal", ("GGZ",)),
    OrganisationFact("ORG-BINNENVEST", "De Binnenvest", "maatschappelijke opvang", "stedelijk"),
    OrganisationFact("ORG-CJG-LEIDEN", "CJG Leiden", "jeugd", "stedelijk"),  # seed-004 L1167-1186
    # Regional LVB and GGZ desks a team can call when nobody near has the expertise [invented]: the seeds name the
    # gap (LVB missed in Zoetermeer, seed-001 L343-350; GGZ in Leiden, seed-004 L1770-1773), not who fills it.
    OrganisationFact("ORG-LVB-HAAGLANDEN", "Steunpunt LVB Haaglanden", "lvb", "regionaal", ("LVB",)),
    OrganisationFact("ORG-LVB-HOLLAND-RIJNLAND", "LVB-expertiseteam Holland Rijnland", "lvb", "regionaal", ("LVB",)),
    OrganisationFact("ORG-GGZ-KENNEMERLAND", "GGZ-wijkconsult Zuid-Kennemerland", "ggz", "regionaal", ("GGZ",)),
    OrganisationFact("ORG-ADVIESLIJN-LVB", "Landelijke Advieslijn LVB", "lvb", "landelijk", ("LVB",)),
)
# The municipalities (short codes) a regional desk serves; every other organisation serves the municipalities it
# works in (staff or agreements), a regional one all of their region (importers.demo.reach).
REGIONAL_DESKS = {"ORG-LVB-HAAGLANDEN": ("ZTM", "DHG"), "ORG-LVB-HOLLAND-RIJNLAND": ("LEI",),
                  "ORG-GGZ-KENNEMERLAND": ("HLM",), "ORG-ADVIESLIJN-LVB": ()}
# When the general contact details were last confirmed, where it matters to the demo's routes [invented]; the other
# organisations get a spread (importers.demo.reach). None: never verified.
ORGANISATION_VERIFIED = {
    "ORG-PARNASSIA": "2026-09-15", "ORG-MEE": "2026-06-02", "ORG-GGZ-INFOPUNT": "2026-03-10",
    "ORG-MEE-DE-WERING": "2024-11-20", "ORG-RIBW-KAM": "2026-08-04", "ORG-LVB-HAAGLANDEN": "2025-03-14",
    "ORG-LVB-HOLLAND-RIJNLAND": None, "ORG-GGZ-KENNEMERLAND": "2026-10-01", "ORG-ADVIESLIJN-LVB": "2026-07-21",
}


@dataclass(frozen=True)
class Role:
    """A function in a team or network, with the organisation it comes from and what it brings."""

    function: str
    organisation: str  # organisation id, or a template: "{wijk_org:huisarts}" is the wijk's own practice
    group: str  # group of origin (ring 1) or of the wijk work (ring 2): A, B, C or D; "" for coordinators
    expertise: tuple[str, ...] = ()


# Ring 1 per municipality. Zoetermeer: the four functionarissen of Tabel 1 (seed-001 §2.2, L54-56, L58-74); the
# "medewerker Werk, Zorg en Inkomen" (L55-56, L70-74) is the municipal schuldhulpverlener, from group D (L902-903,
# L152). One coordinator serves both teams (L54-56).
ZOETERMEER_TEAM = (
    Role("wijkcoach", "ORG-KWADRAAD", "A", ("WONEN",)),
    Role("wijkverpleegkundige", "ORG-ZICHTBARE-SCHAKEL", "A", ("OUDEREN",)),
    Role("medewerker Bureau Jeugdzorg", "ORG-BJZ", "A", ("JEUGD", "HUISELIJK_GEWELD")),
    Role("medewerker Werk, Zorg en Inkomen", "ORG-GM-ZTM", "D", ("SCHULDEN",)),
)
ZOETERMEER_YOUTH_FUNCTION = {"Meerzicht": "medewerker mixed team Bureau Jeugdzorg",  # Tabel 1, L69
                             "Oosterheem": "gezinsconsulent Bureau Jeugdzorg"}
ZOETERMEER_COORDINATOR = Role("coördinator sociale wijkteams", "ORG-GM-ZTM", "")  # L54-56

# Den Haag: the triangle welzijn, zorg, gemeente (seed-000 §2.2, L2453-2460) plus specialisms that
# depend on the wijk (L2460-2479); one coordinator per team, 12 recruited for 24 teams (L3651-3653).
DEN_HAAG_TEAM = (
    Role("maatschappelijk werker", "ORG-DHG-WELZIJN", "A", ("HUISELIJK_GEWELD",)),
    Role("wijkverpleegkundige", "ORG-DHG-WIJKVERPLEGING", "A", ("OUDEREN",)),
    Role("sociaal casemanager", "ORG-GM-DHG", "A", ("SCHULDEN",)),
)
DEN_HAAG_SPECIALISMS = (
    Role("(O)GGZ-professional", "ORG-PARNASSIA", "D", ("GGZ",)),  # L2464; psychiatrie in Bouwlust L3731-3735
    Role("ouderenwerker", "ORG-DHG-WELZIJN", "A", ("OUDEREN",)),
    Role("casemanager dementie", "ORG-DHG-WIJKVERPLEGING", "A", ("OUDEREN",)),
)
DEN_HAAG_COORDINATOR = Role("SWT-coördinator", "ORG-GM-DHG", "")

# Haarlem: the SWT disciplines (seed-002-003 §B2.3, 003:L2489-2495), municipal consulenten inside the
# teams (003:L222-224); 3 wijkteamleiders for 10 teams (003:L2659-2667).
HAARLEM_TEAM = (
    Role("maatschappelijk werker", "ORG-HAARLEM-EFFECT", "A"),
    Role("opbouwwerker", "ORG-DOCK", "A"),
    Role("wijkverpleegkundige", "ORG-ZORGBALANS", "A", ("OUDEREN",)),
    Role("ambulant ggz-medewerker", "ORG-RIBW-KAM", "A", ("GGZ",)),
    Role("schulddienstverlener", "ORG-GM-HLM", "D", ("SCHULDEN",)),
    Role("cliëntondersteuner", "ORG-MEE-DE-WERING", "A"),  # LVB only where HAARLEM_LVB says so
)
HAARLEM_COORDINATOR = Role("wijkteamleider", "ORG-GM-HLM", "")
# LVB in Haarlem: partners say residents with a licht verstandelijke beperking are not yet reached well by the SWTs;
# apart from MEE, no professional in the teams comes from LVB care (003:L1449-1459). So MEE & de Wering's
# cliëntondersteuner brings LVB in two teams, four teams fly it in from MEE & de Wering, four have nothing: the
# cliëntondersteuners there do general cliëntondersteuning [invented distribution].
HAARLEM_LVB_IN_TEAM = ("Schalkwijk Boerhaavewijk", "Haarlem-Oost")
HAARLEM_LVB_FLY_IN = ("Schalkwijk Meerwijk", "Schalkwijk Molenwijk", "Slachthuisbuurt", "Centrum")
HAARLEM_LVB_WHY = "LVB residents not yet reached well; apart from MEE no LVB professional in the SWTs (003:L1449-1459)"

# Leiden: five kernpartners (seed-004 §2.2, L1108-1113) and the joining specialists ActiVite and the
# Stadsbank (L1120-1125); a teamcoach per team (L773, L1390).
LEIDEN_TEAM = (
    Role("maatschappelijk werker", "ORG-KWADRAAD", "A", ("WONEN",)),
    Role("begeleider", "ORG-LIBERTAS", "A"),
    Role("ouderenconsulent", "ORG-RADIUS", "A", ("OUDEREN",)),
    Role("consulent MEE", "ORG-MEE", "A", ("LVB",)),
    Role("Wmo-consulent", "ORG-GM-LEI", "D"),
    Role("wijkverpleegkundige", "ORG-ACTIVITE", "A", ("OUDEREN",)),
    Role("schuldhulpverlener", "ORG-STADSBANK", "D", ("SCHULDEN",)),
)
LEIDEN_COORDINATOR = Role("teamcoach", "ORG-GM-LEI", "")
# A JGT treats as well as refers, with more organisations and specialisms than an SWT (seed-004 L1170-1176); the
# demo gives each two CJG professionals [invented functions].
LEIDEN_JGT_TEAM = (Role("jeugd- en gezinscoach", "ORG-CJG-LEIDEN", "A", ("JEUGD",)),
                   Role("gedragswetenschapper", "ORG-CJG-LEIDEN", "A", ("JEUGD",)))
# GGZ-ervaringsdeskundigen join the Mors and Leiden Noord teams (seed-004 L1129-1130, L1764-1766).
LEIDEN_GGZ_FLY_IN = ("Mors", "Leiden Noord")

# Ring 2 per wijk, groups A-C (Tabel 2, seed-001 §2.3, L122-145). "{wijk}" organisations are the
# wijk's own practice or school: generic names [invented], the seeds name none per wijk.
YOUTH_ORG = {"ZTM": "ORG-JEUGDFORMAAT", "DHG": "ORG-JEUGDFORMAAT", "HLM": "ORG-CJG-KENNEMERLAND",
             "LEI": "ORG-CJG-LEIDEN"}
HOUSING_ORG = {"HLM": "ORG-PRE-WONEN"}  # elsewhere a generic "Woningcorporatie <gemeente>" [invented]
RING2_PER_WIJK = (
    Role("gezinscoach", "{youth}", "A", ("JEUGD",)),
    Role("huisarts", "{huisarts}", "B"),
    Role("praktijkondersteuner ggz", "{huisarts}", "B", ("GGZ",)),  # left out where GGZ is planted missing
    Role("fysiotherapeut", "{fysio}", "B"),
    Role("wijkagent", "ORG-POLITIE", "C"),
    Role("huismeester", "{housing}", "C"),
    Role("intern begeleider", "{school}", "C"),
)

# Group D per municipality: city-wide specialists (Tabel 2 D, seed-001 L147-154).
GROUP_D = {
    "ZTM": (Role("Wmo-consulent", "ORG-GM-ZTM", "D"), Role("leerplichtambtenaar", "ORG-GM-ZTM", "D", ("JEUGD",)),
            Role("ggz-behandelaar", "ORG-PARNASSIA", "D", ("GGZ",)),
            Role("verslavingsconsulent", "ORG-BRIJDER", "D", ("VERSLAVING",)),
            Role("consulent werk en inkomen", "ORG-GM-ZTM", "D", ("WERK_INKOMEN",))),
    "DHG": (Role("schuldhulpverlener", "ORG-GM-DHG", "D", ("SCHULDEN",)),
            Role("consulent werk en inkomen", "ORG-DHG-SOCIALE-DIENST", "D", ("WERK_INKOMEN",)),
            Role("consulent MEE", "ORG-MEE", "D", ("LVB",)), Role("ggz-behandelaar", "ORG-PARNASSIA", "D", ("GGZ",)),
            Role("verslavingsconsulent", "ORG-BRIJDER", "D", ("VERSLAVING",)),
            Role("leerplichtambtenaar", "ORG-GM-DHG", "D", ("JEUGD",))),
    "HLM": (Role("consulent werk en inkomen", "ORG-GM-HLM", "D", ("WERK_INKOMEN",)),
            Role("woonbegeleider", "ORG-LEGER-DES-HEILS", "D", ("WONEN",)),
            Role("verslavingsconsulent", "ORG-BRIJDER", "D", ("VERSLAVING",)),
            Role("leerplichtambtenaar", "ORG-GM-HLM", "D", ("JEUGD",))),
    "LEI": (Role("consulent werk en inkomen", "ORG-GM-LEI", "D", ("WERK_INKOMEN",)),
            Role("woonbegeleider", "ORG-BINNENVEST", "D", ("WONEN",)),
            Role("verslavingsconsulent", "ORG-BRIJDER", "D", ("VERSLAVING",)),
            Role("consulent MEE", "ORG-MEE", "D", ("LVB",))),
}

# Ring 3 kinds (seed-000 L2302-2304, L2864-2866; seed-001 L1028): bewonersvereniging, mantelzorgers,
# vrijwilligers, sportclubs, wijkcentrum, voedselbank.
CIVIL_KINDS = (
    ("bewonersvereniging", "Bewonersvereniging {wijk}"), ("buurthuis", "Buurthuis {wijk}"),
    ("voedselbank", "Voedselbank {municipality}, uitgiftepunt {wijk}"), ("mantelzorg", "Mantelzorgsteunpunt {wijk}"),
    ("sport", "Sportvereniging {wijk}"), ("vrijwilligers", "Vrijwilligerscentrale {wijk}"),
)

# Persons named in the seed reports (seed-000 L4313-4315; 003:L2986-3130), as "initial surname".
# No demo person may coincide with one of them: the generator rejects such a name and a test checks it.
SEED_PERSONS = (
    "P. van der Hoeven", "S. Oostrom", "E. Louwers", "I. Veenstra", "K. Meulenbelt", "L. van Berkel",
    "M. van der Ster", "S. Goossens", "S. Vriens", "A. Meesters", "H. Hebly", "M. Vlaar", "A. Tijdink",
    "I. Swakman", "N. Dijkstra", "A. van Dalen", "J. Kracht", "N. Gerritsma", "B. de Bruijn", "J. Kwint",
    "O. Martens", "B. Meulendijks", "K. Pamuk", "P. Kessels", "C. Galy", "L. Lajlufi", "P. Krijtenburg",
    "C. van Wees", "L. Seltenrijch", "R. Bramkamp", "D. Koelewijn", "M. Bommel", "R. van Koten",
    "D. van Bodegom", "M. de Nieuwe", "S. Brands", "E. Bisselink", "M. Hoefman", "S. Evers", "E. Bos",
    "M. Huijser", "T. Buitelaar", "F. Koycu", "M. Rolvink", "T. Reedijk", "H. Roos", "M. van den Oever",
    "Y. Abbassi", "A. Suurmond", "M. Meijer", "Y. El Basraoui", "P. Haker", "A. van der Sluijs",
    "G. van der Linden", "J. Angenent", "N. Hagedoorn", "O. Meijer", "S. Bakker", "C. Rabbers",
    "H. van Halder", "I. van der Aar", "I. Verburg", "J. Opdam", "M. van den Nouweland", "M. Mounji",
    "P. Terrier", "R. Kant", "V. Puite", "W. van Oudheusden", "A. Weijers", "D. Ziere", "F. van Offeren",
    "H. Rijksen", "K. Wosimski", "K. Jacobs", "M. Koeman", "M. Stolp", "S. de Jong", "A. Mulder", "E. Buijs",
    "L. Bedeaux", "N. Barnhoorn",
)
