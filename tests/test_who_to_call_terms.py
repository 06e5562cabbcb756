"""Query understanding and the search-terms files, without a database: what each typed search means, and a bad
terms file refused with the file, line and column named."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import EXPERTISE
from queries.params import AnalysisError
from queries.who_to_call import terms as terms_module
from queries.who_to_call.terms import SETTING, SearchTermsError, parse_terms, search_terms
from queries.who_to_call.understand import Place, Vocabulary, understand

VOCABULARY = Vocabulary(
    wijken=(Place("WK063701", "Meerzicht", "GM0637"), Place("WK063702", "Oosterheem", "GM0637"),
            Place("WK063703", "Rokkeveen-Oost", "GM0637"), Place("WK051820", "Centrum", "GM0518"),
            Place("WK039206", "Centrum", "GM0392"), Place("WK051804", "Bezuidenhout / Benoordenhout", "GM0518"),
            Place("WK054603", "Leiden Noord", "GM0546"), Place("WK039207", "Noord", "GM0392")),
    municipalities=(Place("GM0637", "Zoetermeer", "GM0637"), Place("GM0518", "Den Haag", "GM0518"),
                    Place("GM0546", "Leiden", "GM0546")),
    organisations=(("ORG-PARNASSIA", "Parnassia"), ("ORG-MEE", "MEE"), ("ORG-STADSBANK", "Stadsbank Leiden"),
                   ("ORG-ZS", "Zichtbare Schakel (SGH / Vierstroom)"), ("ORG-POLITIE", "Politie"),
                   ("ORG-COOP", "Coöperatie wijkverpleging Den Haag")),
)

# text -> (wijken, municipalities, expertise, functions, organisations, free words)
CASES = {
    "wie is de wijkagent in Meerzicht": (["WK063701"], [], [], ["wijkagent"], [], []),
    "GGZ in Meerzicht": (["WK063701"], [], ["GGZ"], [], [], []),
    "GGZ Meerzicht": (["WK063701"], [], ["GGZ"], [], [], []),
    "ggz meersicht": (["WK063701"], [], ["GGZ"], [], [], []),  # a typo in the wijk
    "psychische problemen in Rokkeveen Oost": (["WK063703"], [], ["GGZ"], [], [], []),
    "geestelijke gezondheid rokkeveen-oost": (["WK063703"], [], ["GGZ"], [], [], []),
    "iemand voor psychiatrie": ([], [], ["GGZ"], [], [], []),
    "licht verstandelijke beperking Oosterheem": (["WK063702"], [], ["LVB"], [], [], []),
    "MEE": ([], [], ["LVB"], [], [], []),
    "verstandelijk beperkt": ([], [], ["LVB"], [], [], []),
    "schuldhulpverlening": ([], [], ["SCHULDEN"], [], [], []),
    "schuldhulpverleners in Den Haag": ([], ["GM0518"], ["SCHULDEN"], [], [], []),
    "geldzorgen": ([], [], ["SCHULDEN"], [], [], []),
    "schuldhulpverleninq": ([], [], ["SCHULDEN"], [], [], []),  # a typo in a term
    "wijkagenten Meerzicht": (["WK063701"], [], [], ["wijkagent"], [], []),
    "huisartsen": ([], [], [], ["huisarts"], [], []),
    "ouderenconsulenten Oosterheem": (["WK063702"], [], [], ["ouderenconsulent"], [], []),  # a plural not listed
    "verslaafde": ([], [], ["VERSLAVING"], [], [], []),  # an inflection not listed
    "wijkverpleegkundige Bezuidenhout": (["WK051804"], [], [], ["wijkverpleegkundige"], [], []),
    "jeugdverpleegkundige": ([], [], [], ["jeugdverpleegkundige"], [], []),
    "Wmo-consulent Leiden": ([], ["GM0546"], [], ["wmo-consulent"], [], []),
    "Leiden Noord": (["WK054603"], [], [], [], [], []),
    "Parnasia": ([], [], [], [], ["ORG-PARNASSIA"], []),
    "stadsbank": ([], [], [], [], ["ORG-STADSBANK"], []),
    "zichtbare schakel": ([], [], [], [], ["ORG-ZS"], []),
    "cooperatie wijkverpleging den haag": ([], [], [], [], ["ORG-COOP"], []),
    "politie Meerzicht": (["WK063701"], [], [], ["wijkagent"], [], []),  # the term, not one organisation
    "Sanne de Vries": ([], [], [], [], [], ["sanne", "vries"]),
    "WK063702 verslaving": (["WK063702"], [], ["VERSLAVING"], [], [], []),
}


@pytest.mark.parametrize("text", CASES)
def test_what_a_search_means(text: str) -> None:
    parsed = understand(text, VOCABULARY)
    found = ([p.code for p in parsed.wijken], [p.code for p in parsed.municipalities], list(parsed.expertise),
             list(parsed.functions), list(parsed.organisations), list(parsed.words))
    assert list(found) == list(CASES[text])


def test_an_ambiguous_wijk_name_prefers_the_users_municipality() -> None:
    assert [p.code for p in understand("centrum", VOCABULARY, home=("GM0392",)).wijken] == ["WK039206"]
    assert [p.code for p in understand("centrum", VOCABULARY, home=("GM0518",)).wijken] == ["WK051820"]
    assert [p.code for p in understand("centrum", VOCABULARY).wijken] == ["WK051820", "WK039206"]
    assert [p.code for p in understand("noord", VOCABULARY).wijken] == ["WK039207"]


def test_filler_words_are_dropped_and_said() -> None:
    parsed = understand("Wie bel ik voor iemand met GGZ in de wijk?", VOCABULARY)
    assert parsed.ignored == ("wie", "bel", "ik", "voor", "iemand", "met", "in", "de", "wijk")
    assert parsed.expertise == ("GGZ",) and parsed.words == ()


def test_every_expertise_has_terms_and_every_term_a_known_meaning() -> None:
    shipped = search_terms()
    assert {term.meaning for term in shipped.values() if term.kind == "expertise"} == set(EXPERTISE)
    for function in ("wijkagent", "huisarts", "wijkverpleegkundige", "wijkcoach", "jeugdverpleegkundige"):
        assert shipped[(function,)].meaning == function


BAD_FILES = {
    "term,kind\nggz,expertise\n": "mine.csv, line 1: the header must be term,kind,meaning, not term,kind.",
    "": "mine.csv, line 1: the header must be term,kind,meaning, not nothing.",
    "term,kind,meaning\nzorg,expert,GGZ\n": "mine.csv, line 2, column kind: 'expert' is not a kind; the kinds are "
                                           "expertise, function, stopword.",
    "term,kind,meaning\n# note\nzorg,expertise,PSY\n": "mine.csv, line 3, column meaning: 'PSY' is not an expertise "
                                                       "code; the codes are " + ", ".join(EXPERTISE) + ".",
    "term,kind,meaning\n,stopword,\n": "mine.csv, line 2, column term: a word or phrase is required.",
    "term,kind,meaning\nzorg,function,\n": "mine.csv, line 2, column meaning: a function word is required (the "
                                          "word a contact's function contains).",
    "term,kind,meaning\nzo,stopword,x\n": "mine.csv, line 2, column meaning: a stopword has no meaning; leave it "
                                          "empty, not 'x'.",
    "term,kind,meaning\nzorg,expertise,GGZ,extra\n": "mine.csv, line 2: expected 3 columns (term,kind,meaning), "
                                                     "found 4.",
    "term,kind,meaning\nZorg,expertise,GGZ\nzorg,expertise,LVB\n": "mine.csv, line 3, column term: 'zorg' is "
                                                                   "already on line 2.",
    "term,kind,meaning\na b c d e f,stopword,\n": "mine.csv, line 2, column term: at most 5 words, not 6.",
}


@pytest.mark.parametrize("text", BAD_FILES)
def test_a_bad_terms_file_is_refused_with_file_line_and_column(text: str) -> None:
    with pytest.raises(SearchTermsError) as refused:
        parse_terms(text, "mine.csv")
    assert str(refused.value) == BAD_FILES[text]
    assert isinstance(refused.value, AnalysisError)  # one line in the CLI, a problem detail in the web app


def test_the_municipality_extends_and_overrides_the_shipped_terms(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "termen.csv"
    own.write_text("term,kind,meaning\nbuurtcoach,function,wijkcoach\nwonen,stopword,\nDGGZ,expertise,ggz\n",
                   encoding="utf-8")
    monkeypatch.setenv(SETTING, str(own))
    terms = search_terms()
    assert terms[("buurtcoach",)].meaning == "wijkcoach" and terms[("dggz",)].meaning == "GGZ"
    assert terms[("wonen",)].kind == "stopword" and terms[("ggz",)].meaning == "GGZ"  # shipped rows stay
    parsed = understand("buurtcoach DGGZ", VOCABULARY, terms)
    assert parsed.functions == ("wijkcoach",) and parsed.expertise == ("GGZ",)
    monkeypatch.setenv(SETTING, str(tmp_path / "missing.csv"))
    with pytest.raises(SearchTermsError, match=r"missing.csv: no such file \(WIJKGRAPH_SEARCH_TERMS\)."):
        search_terms()
    (tmp_path / "bad.csv").write_bytes(b"term,kind,meaning\n\xff\xfe,stopword,\n")
    monkeypatch.setenv(SETTING, str(tmp_path / "bad.csv"))
    with pytest.raises(SearchTermsError, match=r"bad\.csv: cannot be read as UTF-8 text"):
        search_terms()
    monkeypatch.delenv(SETTING)
    assert ("buurtcoach",) not in search_terms()
    terms_module._load.cache_clear()
