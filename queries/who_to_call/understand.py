"""Query understanding: what a typed search means, in pure Python (no database).

``understand("wie is de wijkagent in Meerzicht", vocabulary, terms)`` finds, from left to right and longest phrase
first: wijk names and codes, municipality names and organisation names (from the graph, given as a
:class:`Vocabulary`), the expertise and function words of the search terms (:mod:`queries.who_to_call.terms`),
and filler words, which are dropped. What is left is free text for the full-text index. Names are compared in
lower case without diacritics; a name of six letters or more also matches with one typo (a letter missing, extra,
swapped or wrong). A word that matches no term exactly may still be a plural or inflected form of one
(``wijkagenten``, ``psychische``). A wijk name that several municipalities have means the wijk of the user's own
municipality when there is one.

>>> vocab = Vocabulary(
...     wijken=(Place("WK063701", "Meerzicht", "GM0637"), Place("WK063703", "Rokkeveen-Oost", "GM0637"),
...             Place("WK051820", "Centrum", "GM0518"), Place("WK039206", "Centrum", "GM0392")),
...     municipalities=(Place("GM0637", "Zoetermeer", "GM0637"),),
...     organisations=(("ORG-PARNASSIA", "Parnassia"), ("ORG-MEE", "MEE")))
>>> q = understand("Wie is de wijkagent in Meerzicht?", vocab)
>>> [w.code for w in q.wijken], q.functions, q.words, q.ignored
(['WK063701'], ('wijkagent',), (), ('wie', 'is', 'de', 'in'))
>>> q = understand("psychische problemen rokkeveen oost", vocab)
>>> [w.code for w in q.wijken], q.expertise, q.expertise_words
(['WK063703'], ('GGZ',), ('psychische', 'problemen'))
>>> q = understand("Parnasia zoetermer", vocab)
>>> q.organisations, [m.code for m in q.municipalities]
(('ORG-PARNASSIA',), ['GM0637'])
>>> [w.code for w in understand("centrum", vocab, home=("GM0392",)).wijken]
['WK039206']
>>> understand("MEE Sanne de Vries", vocab).expertise, understand("MEE Sanne de Vries", vocab).words
(('LVB',), ('sanne', 'vries'))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from queries.who_to_call.terms import Term, search_terms, words_of

MAX_PHRASE = 6  # words in the longest name tried
FUZZY_FROM = 6  # letters: shorter names must match exactly
# Endings tried when a word matches no term as it is: plurals and inflections (wijkagenten, psychische).
ENDINGS = ("en", "s", "'s", "e", "n", "ers", "er")


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    municipality: str  # municipality code (of a municipality: its own code)
    region: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The names the parser knows from the graph: wijken, municipalities, organisations (id, name)."""

    wijken: tuple[Place, ...] = ()
    municipalities: tuple[Place, ...] = ()
    organisations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Parsed:
    wijken: tuple[Place, ...] = ()
    municipalities: tuple[Place, ...] = ()
    expertise: tuple[str, ...] = ()
    expertise_words: tuple[str, ...] = ()  # the words that said it, also searched as text (a weaker match)
    expertise_phrases: tuple[str, ...] = ()  # the same, one phrase per expertise named ("werk en inkomen")
    functions: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()  # organisation ids
    words: tuple[str, ...] = ()  # free text
    ignored: tuple[str, ...] = ()


def organisation_aliases(name: str) -> list[tuple[str, ...]]:
    """The names an organisation is known by: the whole name, the part before a comma or a bracket, the names in
    brackets, and the first word of a longer name when it has four letters or more.

    >>> organisation_aliases("Zichtbare Schakel (SGH / Vierstroom)")
    [('zichtbare', 'schakel', 'sgh', 'vierstroom'), ('zichtbare', 'schakel'), ('sgh',), ('vierstroom',), ('zichtbare',)]
    >>> organisation_aliases("CJG Leiden")
    [('cjg', 'leiden')]
    """
    parts = [name, name.split(",")[0], name.split("(")[0]]
    if "(" in name:
        parts += name.split("(", 1)[1].rstrip(")").split("/")
    aliases = [words for words in map(words_of, parts) if words]
    if aliases and len(aliases[0]) > 1 and len(aliases[0][0]) >= 4:
        aliases.append(aliases[0][:1])
    return list(dict.fromkeys(aliases))


def _deletes(text: str) -> set[str]:
    return {text[:i] + text[i + 1:] for i in range(len(text))}


class _Names:
    """Names (phrases of folded words) to items, exact and with one typo (a deletion-neighbourhood index)."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, ...], list[object]] = defaultdict(list)
        self.near: dict[str, list[object]] = defaultdict(list)

    def add(self, words: tuple[str, ...], item: object) -> None:
        if item in self.exact[words]:
            return
        self.exact[words].append(item)
        joined = " ".join(words)
        if len(joined) >= FUZZY_FROM:
            for key in {joined} | _deletes(joined):
                self.near[key].append(item)

    def fuzzy(self, words: tuple[str, ...]) -> list[object]:
        joined = " ".join(words)
        if len(joined) < FUZZY_FROM:
            return []
        found: list[object] = []
        for key in {joined} | _deletes(joined):
            found += [item for item in self.near.get(key, []) if item not in found]
        return found


@dataclass
class _Index:
    places: _Names = field(default_factory=_Names)  # Place (wijk or municipality)
    organisations: _Names = field(default_factory=_Names)  # organisation id
    terms: dict[tuple[str, ...], Term] = field(default_factory=dict)


_INDEXES: dict[tuple[int, int], tuple[Vocabulary, Mapping[tuple[str, ...], Term], _Index]] = {}


def _index(vocabulary: Vocabulary, terms: Mapping[tuple[str, ...], Term]) -> _Index:
    """The lookups of ``vocabulary`` and ``terms``, built once per pair of objects (kept with them, so that an id
    Python reuses for a new vocabulary never finds the old lookups)."""
    key = (id(vocabulary), id(terms))
    kept = _INDEXES.get(key)
    if kept is None or kept[0] is not vocabulary or kept[1] is not terms:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        index = _Index(terms=dict(terms))
        for place in (*vocabulary.wijken, *vocabulary.municipalities):
            index.places.add(words_of(place.code), place)
            for part in (place.name, *place.name.split("/")):
                if words_of(part):
                    index.places.add(words_of(part), place)
        for org_id, name in vocabulary.organisations:
            for alias in organisation_aliases(name):
                if alias not in index.terms:  # "Politie" stays the function word, not one organisation
                    index.organisations.add(alias, org_id)
        _INDEXES[key] = (vocabulary, terms, index)
    return _INDEXES[key][2]


def prepare(vocabulary: Vocabulary) -> None:
    """Build the name lookups of ``vocabulary`` with the shipped and configured terms now (they are kept)."""
    _index(vocabulary, search_terms())


def _prefer(places: list[Place], home: Iterable[str]) -> list[Place]:
    """Places of the user's municipalities when the name is ambiguous; wijken before municipalities."""
    wijken = [place for place in places if place.code != place.municipality] or places
    own = [place for place in wijken if place.municipality in set(home)]
    return own or wijken


def _term(words: tuple[str, ...], terms: Mapping[tuple[str, ...], Term]) -> Term | None:
    if words in terms:
        return terms[words]
    *first, last = words
    for ending in ENDINGS:
        if last.endswith(ending) and len(last) - len(ending) >= 3:
            found = terms.get((*first, last[: -len(ending)]))
            if found and found.kind != "stopword":
                return found
    return None


def understand(text: str | None, vocabulary: Vocabulary, terms: Mapping[tuple[str, ...], Term] | None = None,
               home: Iterable[str] = ()) -> Parsed:
    """What ``text`` asks for (see the module's examples). ``home``: the user's municipality codes."""
    index = _index(vocabulary, search_terms() if terms is None else terms)
    words = words_of(text or "")
    found: dict[str, list] = defaultdict(list)
    position = 0
    while position < len(words):
        step = _match(words, position, index, found, tuple(home)) or _fuzzy(words, position, index, found, home)
        if not step:
            step = 1
            word = words[position]
            found["ignored" if _is_stopword(word, index.terms) else "words"].append(word)
        position += step
    unique = {key: tuple(dict.fromkeys(value)) for key, value in found.items()}
    return Parsed(**unique)


def _is_stopword(word: str, terms: Mapping[tuple[str, ...], Term]) -> bool:
    term = terms.get((word,))
    return term is not None and term.kind == "stopword"


def _match(words: tuple[str, ...], at: int, index: _Index, found: dict[str, list], home: tuple[str, ...]) -> int:
    """Record the longest exact name or term at ``at``; the number of words it took (0: none)."""
    for length in range(min(MAX_PHRASE, len(words) - at), 0, -1):
        phrase = words[at:at + length]
        places = [item for item in index.places.exact.get(phrase, []) if isinstance(item, Place)]
        if places:
            _record_places(_prefer(places, home), found)
            return length
        term = _term(phrase, index.terms)
        if term and term.kind != "stopword":
            _record_term(term, phrase, found)
            return length
        organisations = index.organisations.exact.get(phrase)
        if organisations:
            found["organisations"] += organisations
            return length
    return 0


def _fuzzy(words: tuple[str, ...], at: int, index: _Index, found: dict[str, list], home: Iterable[str]) -> int:
    """Like :func:`_match`, with one typo allowed in a name or in a one-word term."""
    for length in range(min(MAX_PHRASE, len(words) - at), 0, -1):
        phrase = words[at:at + length]
        places = [item for item in index.places.fuzzy(phrase) if isinstance(item, Place)]
        if places:
            _record_places(_prefer(places, home), found)
            return length
        organisations = index.organisations.fuzzy(phrase)
        if organisations:
            found["organisations"] += organisations
            return length
    word = words[at]
    if len(word) >= FUZZY_FROM and not _is_stopword(word, index.terms):
        near = {" ".join(key) for key in index.terms if len(key) == 1 and index.terms[key].kind != "stopword"}
        for candidate in sorted({word} | _deletes(word)):
            match = next((term for term in sorted(near) if term == candidate or candidate in _deletes(term)), None)
            if match:
                _record_term(index.terms[(match,)], (word,), found)
                return 1
    return 0


def _record_places(places: list[Place], found: dict[str, list]) -> None:
    for place in places:
        found["municipalities" if place.code == place.municipality else "wijken"].append(place)


def _record_term(term: Term, phrase: tuple[str, ...], found: dict[str, list]) -> None:
    if term.kind == "expertise":
        found["expertise"].append(term.meaning)
        found["expertise_words"] += list(phrase)
        found["expertise_phrases"].append(" ".join(phrase))
    else:
        found["functions"].append(term.meaning)
