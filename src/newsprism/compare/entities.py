"""People, organisations and places merged across a story's articles.

Each article's spaCy entities are collected, cleaned (titles such as "President" or
"Kremlin spokesperson", a leading "the" and possessive "'s" are stripped) and merged under
one canonical name with every spelling kept as a variant.

People are merged by these rules, in order:

1. Full names (two tokens or more) with the same surname and the same first name, both
   compared after ``unidecode`` with Jaro-Winkler (``SURNAME_SIMILARITY``,
   ``FIRST_NAME_SIMILARITY``): "Volodymyr Zelensky" = "Volodymyr Zelenskyy"; an initial
   matches a first name ("J. Smith" = "John Smith"), and so does a short form with the same
   initial that the ``nicknames`` table lists ("Fred" / "Frederick"). A full name written
   only as the end of one longer name is that person ("Di Marco" / "Gaspare Di Marco").
2. Two full names with the same surname but different first names (an outlet writing
   "Vladimir Zelensky" for "Volodymyr Zelensky") are one person only when all of these hold:
   the first names start with the same letter and are alike (``FIRST_NAME_VARIANT_SIMILARITY``),
   they are the only two first names seen with that surname in the story, and no article
   writes both. Two different Smiths named in full in one article are never merged, nor
   "John Smith" and "Jane Smith" anywhere (their first names are not alike).
3. A surname alone joins the one full name with that surname. When the story holds several
   people with that surname it joins the one named most recently before it in the same
   article, and is left out when none was (it is ambiguous).
4. A single name that is nobody's surname joins a full name whose first name it is, when
   only one person in the story has that first name; otherwise single names form their
   own entity, merged with their transliterations.

spaCy's small model calls many things people, so some are retyped: a name the text mostly
writes as "the X" ("the Corsairs won") is an organisation; one written after "in" or
"near" and never the subject of a verb is a place ("in Hollinsby"); one ending in a
building's or an institution's word is that ("Mill Library"), and so is an organisation's
name that is a building's ("Ellison Sports Hall"); one before "neighbourhood"
or "suburb" is a place. A word taken for a name only where it opens a sentence or names a
title's office, and written in lower case elsewhere, is no entity ("Firefighters
boarded", "Harbour Minister"); a capitalised word the model left out of a building's or
a body's name is part of it when the story never writes the name without it ("the Old
Mill Library"). A team or position before a name ("Corsairs QB Tomas Reyvik")
is a description, like a title, and "Anton Jr" is not the "Anton" of "Anton Ferris".
A place's name with an adjective after its possessive ("Kyiv's European" of "Kyiv's
European allies", which the model takes for one name) is the place.
A name that the gazetteer (``language/places.py``) knows as a country, a US state, a
capital or a city of a million people ("Kyiv", "Sri Lanka") is a place, unless a title
comes before it ("Queen Sofia") or it is a first name in the story ("Sydney Marlowe");
so is such a name spaCy calls a nationality ("Aleppo" as NORP). A name an article of the
story files its report from (its dateline) is that place, whatever spaCy called it. A
name set beside a vessel noun ("the bulk carrier Granite Wren", "the Ostra Star, an oil
tanker") or after a ship's prefix ("USS Porter") is a ship, typed PRODUCT (spaCy's label
for vehicles), in every mention.

The canonical name is the most frequent full form (ties: the form used by most articles,
then the first seen). Organisations and places merge on a normalised key (case, accents,
dots, "the", possessive) and on near-identical spellings; a short form joins the one full
name it stands for: a team or firm without its place ("Corsairs" / "Gullhaven Corsairs",
when the story names Gullhaven as a place), a company without "Corp." or "Inc.", an
acronym ("MTA" / "Marrowfield Transit Authority", "U.S." / "United States"). Places the
gazetteer reads as one place are one entity ("Kiev" / "Kyiv", "U.K." / "Britain").

Names spaCy finds in a section heading ("What People Are Saying") are not read: a
heading labels the page, and the small model takes its capitals for a name.

spaCy's small model misses some entities in short sentences; after merging, every known
variant (and every person's surname) found as whole words where spaCy saw nothing is
counted too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import JaroWinkler
from unidecode import unidecode

from newsprism.language import places
from newsprism.language.names import nicknamer
from newsprism.records import Article, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# spaCy labels kept as entities.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# Labels spaCy sometimes gives a person's bare surname ("Zelenskyy" as ORG): such a mention
# is re-labelled PERSON when it matches a known person's surname.
MISLABELLED_PERSON = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "NORP"})
# A ship: spaCy's label for vehicles, given to a name set beside one of these nouns ("the
# bulk carrier Granite Wren", "the Ostra Star, an oil tanker") and to every other mention
# of that name, which the small model calls a person, a firm, a work or a law.
VESSEL = "PRODUCT"
VESSEL_NOUNS = frozenset(
    "ship vessel boat carrier tanker freighter ferry trawler yacht liner barge tug tugboat schooner "
    "frigate submarine dredger icebreaker steamer containership".split()
)
# "carrier" is also an airline, a telephone company or an insurer: a ship only with one of these.
_CARRIED = frozenset("bulk aircraft ore car vehicle gas lng oil crude cargo container".split())
# A ship's prefix: "USS Porter", "HMS Duncan", "MV Ostra Star".
_VESSEL_PREFIXES = ("USS", "USNS", "HMS", "HMCS", "HMAS", "MV", "RV")
_VESSEL_PREFIX = re.compile(rf"(?:{'|'.join(_VESSEL_PREFIXES)}) [A-Z]")
# Jaro-Winkler on unidecoded lower-case names. Zelensky/Zelenskyy/Zelenskiy score 0.98,
# Smith/Smyth 0.89 (not merged), Clinton/Clifton 0.92 would merge: 0.93 sits between the
# transliteration pairs of the demo corpus and the seeds and distinct surnames we tried.
SURNAME_SIMILARITY = 0.93
# Same first name spelled differently (Dmitry/Dmitri 0.93).
FIRST_NAME_SIMILARITY = 0.9
# Transliterated first names of one person (Vladimir/Volodymyr 0.75) versus different
# people (John/Jane 0.67, Hillary/Bill differ in initial).
FIRST_NAME_VARIANT_SIMILARITY = 0.72
# Organisations and places: near-identical spellings only.
OTHER_SIMILARITY = 0.96
# Shortest surname searched for by the fallback when spaCy missed a mention.
FALLBACK_MIN_CHARS = 4

TITLES = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady president vice prime minister premier chancellor
    secretary general gen sen senator rep representative gov governor mayor judge justice
    spokesperson spokesman spokeswoman spokespeople press aide adviser advisor minister's
    king queen prince princess pope rev father sister brother col lt sgt capt cpt adm maj
    ambassador envoy chief ceo chairman chairwoman chair director head leader commander
    former then acting deputy foreign defence defense interior finance state official
    candidate nominee speaker leader rabbi imam bishop archbishop cardinal sheikh
    coach quarterback qb actress actor singer rapper star striker goalkeeper midfielder
    pitcher linebacker attorney lawyer prosecutor detective officer sheriff inspector
    sergeant lieutenant captain colonel professor doctor
    """.split()
)
# First words of place names that spaCy's small model sometimes labels PERSON.
PLACE_WORDS = frozenset({"port", "fort", "mount", "mt", "lake", "cape", "saint", "st", "san", "santa", "new", "north", "south", "east", "west", "upper", "lower", "greater"})
# Labels of places, and the endings of company names ("Microsoft Corp." is "Microsoft").
PLACE_LABELS = frozenset({"GPE", "LOC"})
COMPANY_SUFFIXES = frozenset({"corp", "corporation", "inc", "incorporated", "ltd", "limited", "co", "llc", "plc", "company", "group"})
# An acronym as written ("MTA", "U.S."), and the small words its letters skip.
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "&"})
# Last words of buildings and institutions that spaCy's small model sometimes labels as
# people ("Mill Library", "Betty Ford Center"), with the label they get instead. Words
# that are also common surnames (Hall, Park, Church, House, Street, Union) are left out.
INSTITUTION_WORDS = {
    **dict.fromkeys("library center centre hospital clinic museum stadium arena airport station hotel cathedral "
                    "mosque school college prison jail courthouse plaza".split(), "FAC"),
    **dict.fromkeys("foundation institute university academy committee council commission agency association "
                    "company corporation administration department ministry bureau authority".split(), "ORG"),
}
# Nouns a name before them makes a place ("the Lower Dock neighbourhood").
# Not "district" or "area": "Senate district", "the GOP-held area".
PLACE_NOUNS = frozenset("neighbourhood neighborhood suburb quarter borough village township parish".split())
# Bodies often named by one word before a title ("Senate Majority Leader", "House Speaker"):
# still names, though written in lower case elsewhere ("his house").
_BODIES = frozenset("senate house congress parliament assembly court cabinet pentagon kremlin duma".split())
# Words before a place's name that rarely come before a person's ("in Ostra", "near Ostra").
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "throughout", "across"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_PLACE_OWNS = re.compile(r"([^\W\d][\w .-]*?)['’]s [^\W\d][\w-]*")  # "Kyiv's European"
_TOKEN = re.compile(r"[^\W_][\w.'’-]*")


@dataclass(frozen=True)
class _Mention:
    article: str
    start: int
    end: int
    surface: str  # the name as written, title and possessive stripped
    label: str
    the: bool = False  # "the" right before the name is its determiner ("the Corsairs won")
    where: bool = False  # the name follows "in", "near"... and is no possessive ("in Ostra")
    subject: bool = False  # the name is the subject of a verb ("Ostra said")
    opening: bool = False  # one word opening its sentence ("Firefighters boarded") or a title's office
    titled: bool = False  # a title was stripped before the name ("Queen Sofia")
    vessel: bool = False  # a vessel noun is set beside the name ("the tanker Ostra Star")


def normalize_name(text: str) -> str:
    """Lower-case ASCII form of a name used for comparisons (dots, possessive, "the" gone)."""
    text = _POSSESSIVE.sub("", text.strip())
    text = unidecode(text).lower().replace(".", "").replace("’", "'")
    text = re.sub(r"[^a-z0-9' -]+", " ", text)
    text = re.sub(r"^the ", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def strip_title(surface: str) -> tuple[str, int]:
    """The name without leading titles and descriptions, and how many characters were cut.

    "Kremlin spokesperson Dmitry Peskov" -> ("Dmitry Peskov", 22); "Mr. Smith's" -> "Smith".
    A description word before a title ("Russian President", "Kremlin spokesperson") goes too.
    """
    tokens = list(_TOKEN.finditer(surface))
    keep = 0
    while keep < len(tokens) - 1:
        word = tokens[keep].group().rstrip(".").lower()
        following = tokens[keep + 1].group().rstrip(".").lower()
        is_title = word in TITLES or word == "the" or tokens[keep].group()[0].islower()
        if is_title or following in TITLES:
            keep += 1
            continue
        break
    cut = tokens[keep].start() if tokens else 0
    rest = surface[cut:]
    rest = _POSSESSIVE.sub("", rest.rstrip(" ,.;:\n\t")).rstrip(" ,;:\n\t")
    return rest, cut


def _name_tokens(surface: str) -> list[str]:
    tokens = [t for t in normalize_name(surface).split() if t]
    while len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES:
        tokens.pop()
    return tokens


def _same_first_name(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return JaroWinkler.similarity(a, b) >= FIRST_NAME_SIMILARITY or _nickname(a, b)


def _nickname(a: str, b: str) -> bool:
    """One first name is a known short form of the other with the same initial ("Fred" /
    "Frederick", "Katie" / "Kathryn"). Short forms with another initial ("Bill" /
    "William") are left out: the table also lists old ones ("Bill" for "Robert")."""
    short, full = sorted((a, b), key=len)
    return len(short) < len(full) and short[0] == full[0] and short in nicknamer().nicknames_of(full)


def _same_surname(a: str, b: str) -> bool:
    return a == b or JaroWinkler.similarity(a, b) >= SURNAME_SIMILARITY


def _collect_mentions(articles: Sequence[Article], docs: Mapping[str, Doc]) -> list[_Mention]:
    mentions = []
    story = "\n\n".join(a.text for a in articles)
    occurrences = cache(lambda phrase: len(re.findall(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", story)))
    for article in articles:
        doc = docs.get(article.id)
        if doc is None:
            continue
        headings = [(h.start, h.end) for h in article.headings]
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS and ent.label_ not in MISLABELLED_PERSON and ent.label_ != "LAW":
                continue  # a law is kept only while it may prove a ship's name (``_vessels``)
            if any(start <= ent.start_char < end for start, end in headings):
                continue  # a section heading ("What People Are Saying") names no one
            surface, cut = strip_title(ent.text) if ent.label_ == "PERSON" else _strip_other(ent.text)
            if not surface or not any(ch.isalpha() for ch in surface):
                continue
            label = ent.label_
            if label == "PERSON" and surface.split()[0].lower() in PLACE_WORDS and " " in surface:
                label = "GPE"  # "Port Ellison", "Fort Wayne": spaCy's small model calls some people
            elif label == "PERSON" and " " in surface and surface.split()[-1].lower() in INSTITUTION_WORDS:
                label = INSTITUTION_WORDS[surface.split()[-1].lower()]  # "Mill Library", "Ford Foundation"
            elif label == "ORG" and _building(surface):
                label = "FAC"  # "Ellison Sports Hall", "Promises Treatment Center": a building
            owner = _PLACE_OWNS.fullmatch(surface)
            if owner and ent[-1].pos_ == "ADJ" and places.by_own_name(owner.group(1)) is not None:
                surface, label = owner.group(1), "GPE"  # "Kyiv's European [allies]": the place
            start = ent.start_char + cut
            if label in ("FAC", "ORG") and (first := _name_start(ent, occurrences)) < ent.start:
                whole = ent.doc[first : ent.end]  # "the Old Mill Library", where the model left out "Old"
                surface, cut = _strip_other(whole.text)
                start = whole.start_char + cut
            lead = ent[0] if ent[0].lower_ == "the" else (ent.doc[ent.start - 1] if ent.start else None)
            the = lead is not None and lead.lower_ == "the" and lead.dep_ == "det" and lead.head == ent.root
            after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
            where = (lead is not None and lead.lower_ in PLACE_PREPOSITIONS and not (after is not None and after.tag_ == "POS"))
            subject = ent.root.dep_ in ("nsubj", "nsubjpass")
            # one word opening its sentence ("Ships will not dock") or naming a title's office
            # ("Harbour Minister Mirela Kovač", "Council leader Bernard Ashby")
            opening = len(ent) == 1 and (
                bool(ent[0].is_sent_start)
                or (ent.root.dep_ == "compound" and ent.root.head.lower_ in TITLES and ent.root.lower_ not in _BODIES)
            )
            if label in ("ORG", "NORP", "PERSON") and ent.root.dep_ == "compound" and ent.root.head.lemma_.lower() in PLACE_NOUNS:
                label = "LOC"  # "the Lower Dock neighbourhood"
            titled = label == "PERSON" and any(w.rstrip(".").lower() in TITLES for w in ent.text[:cut].split())
            mentions.append(_Mention(article.id, start, start + len(surface), surface, label, the, where, subject,
                                     opening, titled, _beside_vessel(ent)))
    return _vessels(mentions)


# Last words of a name that make it a building whatever spaCy called it, and the words
# before "Center" or "Hall" that do ("a treatment center"; "a policy center" is a body,
# "Christina Hall" a person).
BUILDING_WORDS = frozenset("hotel museum stadium arena airport station cathedral mosque prison jail courthouse "
                           "plaza library".split())
_CENTRE_KINDS = frozenset("medical treatment recovery rehabilitation detention correctional convention trade events "
                          "shopping community cancer trauma".split())
_KINDS = {"center": _CENTRE_KINDS, "centre": _CENTRE_KINDS,
          "hall": frozenset("sports town city concert music village exhibition assembly".split())}


def _building(surface: str) -> bool:
    """Whether a name is a building's: "Ellison Sports Hall", "Promises Treatment Center";
    not "Friends of Old Mill Library", a body named after one."""
    words = surface.lower().split()
    return len(words) > 1 and "of" not in words and (
        words[-1] in BUILDING_WORDS or words[-2] in _KINDS.get(words[-1], ())
    )


def _name_start(ent: Span, occurrences: Callable[[str], int]) -> int:
    """Where the name starts: a capitalised word right before the entity that modifies its
    head, is no title, and comes before the name wherever the story writes it
    (``occurrences`` of a phrase in its texts), twice at least ("Old" of "the Old Mill Library", never "Mill Library"
    alone). Used for buildings and bodies only: a word before a place makes another thing
    ("Telecom Egypt"); "the Bush White House" is not the White House's name."""
    word = ent.doc[ent.start - 1] if ent.start else None
    if word is None or not (
        word.is_alpha and word.is_title and word.dep_ in ("compound", "amod") and ent.start <= word.head.i < ent.end
        and word.lower_ not in TITLES and not word.is_sent_start
    ):
        return ent.start
    name = ent.text.removeprefix("the ").removeprefix("The ")
    alone = occurrences(name)
    return ent.start - 1 if alone >= 2 and occurrences(f"{word.text} {name}") == alone else ent.start


def _beside_vessel(ent: Span) -> bool:
    """Whether the name has a ship's prefix ("USS Porter"), or a vessel noun is set right
    before it ("the trawler Marit Holm", "the bulk carrier Granite Wren") or beside it
    ("the Granite Wren, a bulk carrier"). Not "hard-liner"."""
    if _VESSEL_PREFIX.match(ent.text.removeprefix("the ").removeprefix("The ")):
        return True
    root, before = ent.root, ent.doc[ent.start - 1] if ent.start else None
    if before is not None and _is_vessel_noun(before) and (before.head == root or root.head == before):
        return True
    return any(c.dep_ == "appos" and _is_vessel_noun(c) for c in root.children)


def _is_vessel_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN" or lemma not in VESSEL_NOUNS or (token.i and token.doc[token.i - 1].text == "-"):
        return False
    return lemma != "carrier" or any(c.dep_ in ("compound", "amod") and c.lower_ in _CARRIED for c in token.children)


def _vessels(mentions: list[_Mention]) -> list[_Mention]:
    """Every mention of a name set beside a vessel noun somewhere in the story is the ship's,
    unless a longer person's name ends with it ("the boat Tsarnaev hid under" where the
    story names Dzhokhar Tsarnaev), and so is a one-word name after a ship's prefix
    ("Comfort" of "USNS Comfort") that names no place; the other laws are left out, as before."""
    endings = {
        " ".join(words[k:])
        for m in mentions
        if m.label == "PERSON" and not m.vessel and len(words := normalize_name(m.surface).split()) > 1
        for k in range(1, len(words))
    }
    ships = {normalize_name(m.surface) for m in mentions if m.vessel} - endings
    # "Comfort" for "USNS Comfort", but not "Ronald Reagan" for "USS Ronald Reagan", nor the
    # state for "USS Wisconsin"
    named_places = {normalize_name(m.surface) for m in mentions if m.label in PLACE_LABELS and not m.vessel}
    ships |= {
        words[1] for ship in ships if len(words := ship.split()) == 2 and words[0].upper() in _VESSEL_PREFIXES
    } - endings - named_places
    return [
        replace(m, label=VESSEL, vessel=True) if normalize_name(m.surface) in ships else replace(m, vessel=False)
        for m in mentions
        if m.label != "LAW" or normalize_name(m.surface) in ships
    ]


def _strip_other(surface: str) -> tuple[str, int]:
    cut = 4 if surface.lower().startswith("the ") else 0
    rest = _POSSESSIVE.sub("", surface[cut:].rstrip(" ,;:\n\t")).rstrip(" \n\t")
    return rest, cut


class _Group:
    """Mentions of one entity while merging."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.mentions: list[_Mention] = []
        self.first = ""  # normalised first name of a person ("" when none)
        self.surname = ""

    def articles(self) -> set[str]:
        return {m.article for m in self.mentions}


def _merge_people(people: list[_Mention], order: Mapping[str, int]) -> list[_Group]:
    full = [m for m in people if len(_name_tokens(m.surface)) >= 2]
    single = [m for m in people if len(_name_tokens(m.surface)) == 1]
    counts = Counter(tuple(_name_tokens(m.surface)) for m in full)
    groups: list[_Group] = []
    by_key: dict[tuple[str, ...], _Group] = {}
    for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        first, surname = key[0], key[-1]
        match = next(
            (g for g in groups if _same_surname(g.surname, surname) and _same_first_name(g.first, first)),
            None,
        )
        if match is None:
            match = _Group("PERSON")
            match.first, match.surname = first, surname
            groups.append(match)
        by_key[key] = match
    for m in full:
        by_key[tuple(_name_tokens(m.surface))].mentions.append(m)
    groups = _merge_name_endings(_merge_first_name_variants(groups))

    singles_left: list[_Mention] = []
    for m in sorted(single, key=lambda m: (order.get(m.article, 0), m.start)):
        token = _name_tokens(m.surface)[0]
        candidates = [g for g in groups if g.surname and _same_surname(g.surname, token)]
        if len(candidates) > 1:
            candidates = _most_recent(candidates, m)
        if not candidates:
            by_first = [g for g in groups if g.first and g.first == token]
            junior = normalize_name(m.surface).split()[-1] in NAME_SUFFIXES  # "Donald Jr" is not "Donald"
            if len(by_first) == 1 and not junior and not any(_same_surname(g.surname, token) for g in groups):
                candidates = by_first
            elif any(g.surname and _same_surname(g.surname, token) for g in groups):
                continue  # ambiguous surname with no full name before it: left out
        if len(candidates) == 1:
            candidates[0].mentions.append(m)
        else:
            singles_left.append(m)
    single_groups: list[_Group] = []
    for m in singles_left:
        token = _name_tokens(m.surface)[0]
        match = next((g for g in single_groups if _same_surname(g.surname, token)), None)
        if match is None:
            match = _Group("PERSON")
            match.surname = token
            single_groups.append(match)
        match.mentions.append(m)
    return groups + single_groups


def _not_people(groups: list[_Group]) -> list[_Group]:
    """Groups spaCy called people that the text mostly writes as "the X" ("the Corsairs won",
    "the Tar Heels": teams, bands, firms) are organisations. "The" must determine the name
    itself: in "the Obama administration" it belongs to "administration"."""
    for g in groups:
        if 2 * sum(m.the for m in g.mentions) > len(g.mentions):
            g.label, g.first, g.surname = "ORG", "", ""
            g.mentions = [replace(m, label="ORG") for m in g.mentions]
        elif not g.first and any(m.where for m in g.mentions) and not any(m.subject for m in g.mentions):
            g.label, g.surname = "GPE", ""  # "in Ostra", and never doing anything: a place
            g.mentions = [replace(m, label="GPE") for m in g.mentions]
        elif not any(m.titled for m in g.mentions) and all(places.well_known(m.surface) for m in g.mentions):
            # "Kyiv" or "Sri Lanka", never with another first name or a title: the place
            g.label, g.first, g.surname = "GPE", "", ""
            g.mentions = [replace(m, label="GPE") for m in g.mentions]
    return groups


def _most_recent(candidates: list[_Group], mention: _Mention) -> list[_Group]:
    best: tuple[int, _Group] | None = None
    for g in candidates:
        for m in g.mentions:
            if m.article == mention.article and m.start < mention.start and len(_name_tokens(m.surface)) > 1:
                if best is None or m.start > best[0]:
                    best = (m.start, g)
    return [best[1]] if best else []


def _merge_name_endings(groups: list[_Group]) -> list[_Group]:
    """A name written in full only as the end of one longer name is that person: "Di
    Marco" is "Gaspare Di Marco", "Osgood LaRoche" "Frederick Osgood LaRoche" (a surname of
    two words, or a middle name and surname)."""
    forms = [{tuple(_name_tokens(m.surface)) for m in g.mentions} for g in groups]
    absorbed: set[int] = set()
    for i, own in enumerate(forms):
        if i in absorbed or len(own) != 1:
            continue
        [short] = own
        longer = [j for j, theirs in enumerate(forms) if j != i and j not in absorbed
                  and any(len(t) > len(short) and t[-len(short):] == short for t in theirs)]
        if len(longer) == 1:
            # the better attested form keeps its first name ("Ostra Mirko Daval", a place
            # run into the name once, joins "Mirko Daval", not the other way)
            keep, drop = sorted((longer[0], i), key=lambda k: -len(groups[k].mentions))
            groups[keep].mentions.extend(groups[drop].mentions)
            forms[keep] |= forms[drop]
            absorbed.add(drop)
    return [g for i, g in enumerate(groups) if i not in absorbed]


def _merge_first_name_variants(groups: list[_Group]) -> list[_Group]:
    merged: list[_Group] = []
    used: set[int] = set()
    for i, g in enumerate(groups):
        if i in used:
            continue
        same = [j for j, h in enumerate(groups) if j != i and _same_surname(g.surname, h.surname)]
        if len(same) == 1 and same[0] not in used:
            h = groups[same[0]]
            alike = (
                g.first[:1] == h.first[:1]
                and JaroWinkler.similarity(g.first, h.first) >= FIRST_NAME_VARIANT_SIMILARITY
            )
            if alike and not (g.articles() & h.articles()):
                g.mentions.extend(h.mentions)
                used.add(same[0])
        merged.append(g)
    return merged


def _merge_others(others: list[_Mention]) -> list[_Group]:
    groups: list[_Group] = []
    keys: list[str] = []
    for m in others:
        key = normalize_name(m.surface)
        if not key:
            continue
        index = next(
            (
                i
                for i, k in enumerate(keys)
                if groups[i].label == m.label
                and (k == key or (min(len(k), len(key)) >= 6 and JaroWinkler.similarity(k, key) >= OTHER_SIMILARITY))
            ),
            None,
        )
        if index is None:
            index = next((i for i, k in enumerate(keys) if k == key), None)
        if index is None:
            groups.append(_Group(m.label))
            keys.append(key)
            index = len(groups) - 1
        groups[index].mentions.append(m)
    return groups


def _fallback_mentions(articles: Sequence[Article], groups: list[_Group]) -> None:
    """Count known variants spaCy did not mark, wherever no counted mention covers them.

    A form that could name two entities (a surname two people share) is not searched.
    """
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for g in groups:
        for m in g.mentions:
            covered[m.article].append((m.start, m.end))
    owners: dict[str, set[int]] = defaultdict(set)
    surnames = Counter(g.surname for g in groups if g.label == "PERSON" and g.surname)
    for number, g in enumerate(groups):
        forms = {m.surface for m in g.mentions}
        if g.label == "PERSON" and g.surname:
            last_words = {m.surface.split()[-1] for m in g.mentions if len(m.surface.split()) > 1}
            forms |= last_words if surnames[g.surname] == 1 else set()
            if surnames[g.surname] > 1:
                forms = {f for f in forms if " " in f}
        for form in forms:
            if len(form) >= FALLBACK_MIN_CHARS and form[0].isupper():
                owners[form].add(number)
    forms = sorted((f for f, o in owners.items() if len(o) == 1), key=len, reverse=True)
    if not forms:
        return
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])")
    for article in articles:
        spans = covered[article.id]
        for match in pattern.finditer(article.text):
            s, e = match.span()
            if any(s < ce and cs < e for cs, ce in spans):
                continue
            g = groups[next(iter(owners[match.group()]))]
            g.mentions.append(_Mention(article.id, s, e, match.group(), g.label))
            spans.append((s, e))


def _to_entity(group: _Group, order: Mapping[str, int], number: int) -> Entity:
    forms = Counter(m.surface for m in group.mentions)
    outlets: dict[str, set[str]] = defaultdict(set)
    first_seen: dict[str, tuple[int, int]] = {}
    for m in group.mentions:
        outlets[m.surface].add(m.article)
        first_seen.setdefault(m.surface, (order.get(m.article, 0), m.start))
        first_seen[m.surface] = min(first_seen[m.surface], (order.get(m.article, 0), m.start))
    full_forms = [f for f in forms if len(f.split()) > 1] if group.label == "PERSON" else []

    def rank(form: str) -> tuple[int, int, tuple[int, int]]:
        return (-forms[form], -len(outlets[form]), first_seen[form])

    # Forms that differ only by accents count together, and the accented one names them:
    # "Kovac" is "Kovač" typed without its diacritics, not another spelling.
    by_key: dict[str, list[str]] = defaultdict(list)
    for form in full_forms or list(forms):
        by_key[normalize_name(form)].append(form)

    def key_rank(key: str) -> tuple[int, int, tuple[int, int]]:
        members = by_key[key]
        seen = set().union(*(outlets[f] for f in members))
        return (-sum(forms[f] for f in members), -len(seen), min(first_seen[f] for f in members))

    best_key = min(by_key, key=key_rank)
    # among them: accented first, then capitalised but not all capitals ("Navy", not "navy"
    # or a dateline's "NAVY"), then as ranked
    name = min(by_key[best_key], key=lambda f: (f == unidecode(f), not f[:1].isupper(), f.isupper(), rank(f)))
    variants = tuple(sorted(forms, key=rank))
    counts = Counter(m.article for m in group.mentions)
    articles = tuple(sorted(counts, key=lambda a: order.get(a, 0)))
    label = Counter(m.label for m in group.mentions).most_common(1)[0][0]
    if group.label == "PERSON" and group.first:
        label = "PERSON"
    return Entity(
        id=f"e{number}",
        name=name,
        type=label,
        variants=variants,
        articles=articles,
        counts={a: counts[a] for a in articles},
    )


def merge_entities(articles: Sequence[Article], docs: Mapping[str, Doc]) -> list[Entity]:
    """The story's entities, merged across articles, most widely reported first."""
    order = {a.id: i for i, a in enumerate(articles)}
    mentions = _collect_mentions(articles, docs)
    people = [m for m in mentions if m.label == "PERSON"]
    groups = _not_people(_merge_people(people, order))
    person_keys = {g.surname for g in groups if g.surname} | {
        " ".join(_name_tokens(m.surface)) for g in groups if g.label == "PERSON" for m in g.mentions
    }
    # key -> the people's groups it names (a surname, or a mention's name words), kept
    # up to date as mentions join them: one lookup per mention, not a scan of every group
    holders: dict[str, set[int]] = defaultdict(set)
    for number, g in enumerate(groups):
        if g.label == "PERSON":
            if g.surname:
                holders[g.surname].add(number)
            for m in g.mentions:
                holders[" ".join(_name_tokens(m.surface))].add(number)
    others = []
    for m in mentions:
        if m.label == "PERSON":
            continue
        key = normalize_name(m.surface)
        if m.label in MISLABELLED_PERSON and not m.vessel and key in person_keys and len(holders.get(key, ())) == 1:
            (number,) = holders[key]
            groups[number].mentions.append(_Mention(m.article, m.start, m.end, m.surface, "PERSON"))
            holders[" ".join(_name_tokens(m.surface))].add(number)
            continue
        if m.label in ENTITY_LABELS or m.vessel:
            others.append(m)
    groups += _merge_others(others)
    groups = _merge_short_forms(_merge_across_labels([g for g in groups if g.mentions]))
    groups = _merge_places(_places_not_nationalities(groups))
    groups = _datelines_are_places(groups, frozenset(normalize_name(a.dateline) for a in articles if a.dateline))
    groups = _not_pairs([g for g in groups if not _common_word(g, articles)])
    _fallback_mentions(articles, groups)
    groups.sort(key=lambda g: (-len(g.articles()), -len(g.mentions), min((order.get(m.article, 0), m.start) for m in g.mentions)))
    return [_to_entity(g, order, i + 1) for i, g in enumerate(groups)]


def _not_pairs(groups: list[_Group]) -> list[_Group]:
    """A name that is two of the story's other names joined by "and" ("the Lower Dock and
    Tallow Street areas", which the model reads as one body) is no entity of its own; a
    place the gazetteer knows by such a name ("Bosnia and Herzegovina") stays."""
    names = {normalize_name(m.surface) for g in groups for m in g.mentions}

    def pair(surface: str) -> bool:
        parts = normalize_name(surface).split(" and ")
        return len(parts) == 2 and all(p in names for p in parts) and not places.well_known(surface)

    return [g for g in groups if g.label == "PERSON" or not all(pair(m.surface) for m in g.mentions)]


def _common_word(group: _Group, articles: Sequence[Article]) -> bool:
    """A word taken for a name only where it opens a sentence or names a title's office, and
    written in lower case elsewhere in the story ("Firefighters boarded the ship" /
    "firefighters cooled it"; "Harbour Minister Mirela Kovač" / "the harbour authority")."""
    if not all(m.opening and m.surface[1:].islower() for m in group.mentions):
        return False
    word = re.compile(rf"(?<![\w-]){re.escape(group.mentions[0].surface.lower())}(?![\w-])")
    return any(word.search(a.text) for a in articles)


def _merge_across_labels(groups: list[_Group]) -> list[_Group]:
    """One name spaCy labelled two ways ("Port Ellison" as PERSON and as GPE) is one entity."""
    merged: dict[str, _Group] = {}
    result = []
    for g in sorted(groups, key=lambda g: -len(g.mentions)):
        keys = {normalize_name(m.surface) for m in g.mentions}
        key = Counter(normalize_name(m.surface) for m in g.mentions).most_common(1)[0][0]
        if len(keys) == 1 and key in merged and len(key.split()) > 1 or (len(keys) == 1 and key in merged and g.label != "PERSON"):
            target = merged[key]
            target.mentions.extend(g.mentions)
            target.label = Counter(m.label for m in target.mentions).most_common(1)[0][0]
            if target.label != "PERSON":
                target.first = target.surname = ""
            continue
        merged.setdefault(key, g)
        result.append(g)
    return result


def _merge_short_forms(groups: list[_Group]) -> list[_Group]:
    """A short form of a name that is not a person's joins the full name: "Corsairs" the
    "Gullhaven Corsairs" when the story names Gullhaven as a place, "Halvern Rail" the
    "Halvern Rail Corp.", "MTA" or "M.T.A." the "Marrowfield Transit Authority"; only when one
    full name fits."""
    keys = [{normalize_name(m.surface) for m in g.mentions} for g in groups]
    places = {k for g, ks in zip(groups, keys, strict=True) if g.label in PLACE_LABELS for k in ks}

    def shortens(short: str, full: str, acronym: bool, place: bool) -> bool:
        if acronym:
            words = [w for w in full.split() if w not in _ACRONYM_SKIPS]
            return len(words) == len(short) > 1 and short not in words and all(
                w[0] == c for w, c in zip(words, short, strict=True))
        if full.endswith(" " + short):
            before = full[: -len(short) - 1]
            return not place and (before in places or before.upper() in _VESSEL_PREFIXES)  # "USNS Comfort"
        return full.startswith(short + " ") and full[len(short) + 1 :] in COMPANY_SUFFIXES

    absorbed: set[int] = set()
    for i, (g, ks) in enumerate(zip(groups, keys, strict=True)):
        if g.label == "PERSON" or len(ks) != 1:
            continue
        short = next(iter(ks))
        acronym = all(_ACRONYM.fullmatch(m.surface) for m in g.mentions)
        place = g.label in PLACE_LABELS  # a country is not short for a firm named after it
        fits = [j for j, h in enumerate(groups) if j != i and h.label != "PERSON" and j not in absorbed
                and (not acronym or (h.label in PLACE_LABELS) == place)  # "D.C." is no "District Court"
                and any(shortens(short, k, acronym, place) for k in keys[j])]
        if len(fits) == 1:
            groups[fits[0]].mentions.extend(g.mentions)
            absorbed.add(i)
    return [g for i, g in enumerate(groups) if i not in absorbed]


def _datelines_are_places(groups: list[_Group], datelines: frozenset[str]) -> list[_Group]:
    """A name that an article of the story files its report from (its dateline,
    ``datelines`` normalised) is that place, whatever spaCy called it: "SALTMERE: …" above
    "Saltmere's port". Not a person's full name or a titled one ("Mayor Lowell")."""
    for g in groups:
        names = {normalize_name(m.surface) for m in g.mentions}
        if g.label not in PLACE_LABELS and not g.first and not any(m.titled for m in g.mentions) and names <= datelines:
            g.label, g.surname = "GPE", ""
            g.mentions = [replace(m, label="GPE") for m in g.mentions]
    return groups


def _places_not_nationalities(groups: list[_Group]) -> list[_Group]:
    """A well-known place's own name that spaCy calls a nationality or group ("Aleppo",
    "Tajikistan" as NORP) is the place."""
    for g in groups:
        if g.label == "NORP" and all(places.well_known(m.surface) for m in g.mentions):
            g.label = "GPE"
            g.mentions = [replace(m, label="GPE") for m in g.mentions]
    return groups


def _merge_places(groups: list[_Group]) -> list[_Group]:
    """Places whose names the gazetteer reads as one place are one entity: "Kiev" / "Kyiv",
    "U.K." / "Britain" / "United Kingdom", "Türkiye" / "Turkey". A group whose spellings
    name two different places is left alone, and so is "X City" beside "X": the gazetteer
    lists "Gaza City" as another name of Gaza, but "Gaza" mostly means the Strip."""
    by_place: dict[str, _Group] = {}
    absorbed: set[int] = set()
    for i, g in sorted(enumerate(groups), key=lambda ig: -len(ig[1].mentions)):
        if g.label not in PLACE_LABELS:
            continue
        found = {places.lookup(m.surface) for m in g.mentions}
        if None in found or len(found) != 1:
            continue
        [place] = found
        if place.id in by_place and not _city_beside_name(by_place[place.id], g):
            by_place[place.id].mentions.extend(g.mentions)
            absorbed.add(i)
        else:
            by_place.setdefault(place.id, g)
    return [g for i, g in enumerate(groups) if i not in absorbed]


def _city_beside_name(a: _Group, b: _Group) -> bool:
    keys_a = {normalize_name(m.surface) for m in a.mentions}
    keys_b = {normalize_name(m.surface) for m in b.mentions}
    return any(f"{k} city" in keys_b for k in keys_a) or any(f"{k} city" in keys_a for k in keys_b)


class EntityIndex:
    """Resolves a surface string to its entity: any variant, a surname, with or without title.

    ``index("President Zelenskyy")``, ``index("Zelensky's")`` and ``index("Volodymyr
    Zelensky")`` give the same entity; unknown or ambiguous strings give None.
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        self._exact: dict[str, Entity] = {}
        self._tokens: dict[str, set[str]] = defaultdict(set)
        self._by_id = {e.id: e for e in entities}
        ambiguous: set[str] = set()
        for entity in entities:
            for variant in (entity.name, *entity.variants):
                key = normalize_name(strip_title(variant)[0] if entity.type == "PERSON" else variant)
                if not key:
                    continue
                if key in self._exact and self._exact[key].id != entity.id:
                    ambiguous.add(key)
                self._exact.setdefault(key, entity)
                if entity.type == "PERSON":
                    tokens = _name_tokens(variant)
                    if tokens:
                        self._tokens[tokens[-1]].add(entity.id)
        ambiguous |= {k for k in self._exact if " " not in k and len(self._tokens.get(k, ())) > 1}
        for key in ambiguous:
            del self._exact[key]

    def __call__(self, surface: str) -> Entity | None:
        name, _ = strip_title(surface)
        key = normalize_name(name)
        if not key:
            return None
        if key in self._exact:
            return self._exact[key]
        tokens = _name_tokens(name)
        if not tokens:
            return None
        surname = tokens[-1]
        ids = set(self._tokens.get(surname, set()))
        if not ids:
            for known, known_ids in self._tokens.items():
                if _same_surname(known, surname):
                    ids |= known_ids
        if len(ids) == 1:
            return self._by_id[ids.pop()]
        return None


def entity_index(entities: Sequence[Entity]) -> Callable[[str], Entity | None]:
    """A resolver from any surface form of a name to its entity (None when unknown)."""
    return EntityIndex(entities)


def name_variants(entities: Sequence[Entity]) -> list[tuple[Entity, tuple[str, ...]]]:
    """Entities written in more than one spelling, with the distinct spellings.

    A shorter form contained in a longer one ("Zelensky" in "Volodymyr Zelensky") is the
    same spelling; what is left are forms that really differ ("Zelensky"/"Zelenskyy",
    "Vladimir"/"Volodymyr").
    """
    result = []
    for entity in entities:
        keys = {v: _spelling_key(v) for v in entity.variants}
        spellings = []
        for variant, tokens in keys.items():
            contained = any(
                other != variant and len(other_tokens) > len(tokens) and _is_sub(tokens, other_tokens)
                for other, other_tokens in keys.items()
            )
            if not contained and tokens:
                spellings.append(variant)
        distinct = {" ".join(keys[s]) for s in spellings}
        if len(distinct) > 1:
            result.append((entity, tuple(spellings)))
    return result


def _spelling_key(variant: str) -> list[str]:
    """Tokens of a variant for spelling comparison: a plural "s" is not a spelling."""
    tokens = normalize_name(variant).split()
    if tokens and len(tokens[-1]) > 3 and tokens[-1].endswith("s"):
        tokens[-1] = tokens[-1][:-1]
    return tokens


def _is_sub(tokens: list[str], longer: list[str]) -> bool:
    n = len(tokens)
    return any(longer[i : i + n] == tokens for i in range(len(longer) - n + 1))
