"""Entity merging and typing quality on ECB+ (topics 1-35 in ../shared/corpora/ecbplus-dev).

    python -m newsprism.evaluate.entities [--part all|dev|held-out] [--verbose]

newsprism merges the people, organisations and places of a story across its articles
(``compare.entities``): every spelling of one person under one entity, two people apart.
ECB+ labels the participants, places and organisations that each document mentions, with
coreference across the documents of a topic ("Ann Lisle" in one report, "Lisle" and "the
mayor" in another are one instance). Each ECB+ story (a topic's ``ecb`` or ``ecbplus``
half) runs through the real stages (parse, then ``merge_entities``), and its labelled
mentions that are written as names ("Ann Lisle", "Ostra Fire Brigade", "Gullhaven";
not "she" or "the mayor") are scored:

- **found**: a named mention is found when the story's entities resolve it (by any
  variant, a surname, with or without a title) to an entity that lists its article;
- **merging**: for each pair of found mentions from two different articles, the gold says
  whether they are one instance and the entities whether they are one entity: pairwise
  precision, recall and F1, counting each (article, instance) once;
- **typing**: the entity's type against the label's kind: a person (``HUMAN_PART_PER``),
  an organisation (``HUMAN_PART_ORG``), a place (``HUMAN_PART_GPE``, ``LOC_GEO``) or a
  facility (``LOC_FAC``, ``HUMAN_PART_FAC``). Other labels (vehicles, generic groups,
  non-human participants) are not typed. spaCy's ``GPE`` and ``LOC`` are places.

Topics are split like ``evaluate.claims``: odd topics for development, even held out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from newsprism.evaluate.claims import part_parser, stories_of_part
from newsprism.evaluate.clustering import ECBPLUS, _detokenize, ecbplus_stories
from newsprism.evaluate.shares import Share, f1
from newsprism.records import Article, Entity

# The kind of entity each ECB+ label names; labels not listed are not scored.
KINDS = {
    "HUMAN_PART_PER": "person",
    "HUMAN_PART_ORG": "organisation",
    "HUMAN_PART_GPE": "place",
    "LOC_GEO": "place",
    "LOC_FAC": "facility",
    "HUMAN_PART_FAC": "facility",
}
# The kind each spaCy label shown by newsprism stands for.
TYPE_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "facility"}
# Lower-case words a name may hold ("Bank of America", "Jean de la Fontaine").
_CONNECTORS = frozenset({"of", "the", "and", "de", "la", "le", "du", "des", "del", "da", "di", "von", "van", "al", "y", "for", "&"})
_PRONOUNS = frozenset("i he she it we they you him her his hers its our their them us me who".split())


@dataclass(frozen=True)
class Named:
    """A labelled mention written as a name."""

    article: str
    surface: str
    chain: str  # the cross-document instance
    kind: str


@dataclass(frozen=True)
class Story:
    label: str
    articles: tuple[Article, ...]
    names: tuple[Named, ...]


@dataclass
class Scores:
    """Counts over one or more stories."""

    names: int = 0  # distinct (article, instance) pairs written as a name
    found: int = 0
    pairs: int = 0  # cross-article pairs of found names
    gold_same: int = 0
    merged: int = 0
    merged_right: int = 0
    typed: int = 0  # found names whose label has a kind
    typed_right: int = 0
    people_labelled: int = 0  # typed names labelled a person
    people_shown: int = 0  # typed names shown as a person
    people_right: int = 0
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold kind, shown kind) when they differ

    # shares of one count in another (0 when the other is 0)
    found_share = Share("found", "names", "names found")
    precision = Share("merged_right", "merged", "cross-article pairs in one entity that are one instance")
    recall = Share("merged_right", "gold_same", "cross-article pairs of one instance that are in one entity")
    type_accuracy = Share("typed_right", "typed", "typed names shown with their label's kind")
    people_precision = Share("people_right", "people_shown", "names shown as people that are labelled people")
    people_recall = Share("people_right", "people_labelled", "names labelled people that are shown as people")

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def __add__(self, other: Scores) -> Scores:
        counts = {name: getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__}
        return Scores(**counts)


def load_stories(root: Path = ECBPLUS, topics: Sequence[int] | None = None) -> list[Story]:
    """ECB+ stories with their named, labelled body mentions, in topic order."""
    stories = []
    for label, docs in ecbplus_stories(root, topics).items():
        names = (n for path, article, spans in docs for n in _named_mentions(path, article, set(spans)))
        stories.append(Story(label, tuple(article for _, article, _ in docs), tuple(dict.fromkeys(names))))
    return stories


def _named_mentions(path: Path, article: Article, body: set[int]) -> list[Named]:
    """The document's labelled body mentions of a scored kind that are written as names."""
    root = ET.parse(path).getroot()
    tokens = {t.get("t_id"): (int(t.get("sentence", "0")), int(t.get("number", "0")), t.text or "")
              for t in root.iter("token")}
    first_of_sentence = {}
    for sentence, number, _ in tokens.values():
        first_of_sentence[sentence] = min(first_of_sentence.get(sentence, number), number)
    mentions: dict[str, tuple[str, list[tuple[int, int, str]]]] = {}
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        anchors = [tokens[a.get("t_id")] for a in markable.iter("token_anchor") if a.get("t_id") in tokens]
        if markable.tag in KINDS and anchors:
            mentions[markable.get("m_id")] = (KINDS[markable.tag], sorted(anchors))
    named = []
    for relation in root.iter("CROSS_DOC_COREF"):
        chain = relation.get("note") or ""
        for source in relation.iter("source"):
            kind, anchors = mentions.get(source.get("m_id"), ("", []))
            if not anchors or anchors[0][0] not in body:
                continue
            words = [w for _, _, w in anchors]
            sentence_initial = anchors[0][1] == first_of_sentence[anchors[0][0]]
            surface = name_surface(words, sentence_initial, article.text)
            if surface:
                named.append(Named(article.id, surface, chain, kind))
    return named


def name_surface(words: Sequence[str], sentence_initial: bool, text: str) -> str:
    """The mention as a name, or "" when it is not written as one.

    A name's words are capitalised (a few lower-case connectors aside, "Bank of America");
    a leading "the" is dropped. A one-word mention that opens its sentence is a name only
    when the document never writes it in lower case ("Police said" is not a name).
    """
    words = list(words)
    if words and words[0].lower() == "the":
        words, sentence_initial = words[1:], False
    alpha = [w for w in words if any(ch.isalpha() for ch in w)]
    if not alpha or not alpha[0][0].isupper() or alpha[0].lower() in _PRONOUNS:
        return ""
    if any(not w[0].isupper() and w.lower() not in _CONNECTORS and w not in ("'s", "’s") for w in alpha):
        return ""
    if len(alpha) == 1 and sentence_initial and re.search(rf"\b{re.escape(alpha[0].lower())}\b", text):
        return ""
    return _detokenize(words)


def score_story(story: Story, entities: Sequence[Entity]) -> Scores:
    """Found, merging and typing counts of one story's entities against its labels."""
    from newsprism.compare.entities import EntityIndex

    index = EntityIndex(entities)
    found: dict[tuple[str, str], tuple[str, str]] = {}  # (article, chain) -> (entity id, kind)
    counts: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    seen: set[tuple[str, str]] = set()
    for named in story.names:
        key = (named.article, named.chain)
        seen.add(key)
        if key in found:
            continue
        entity = index(named.surface)
        if entity is None or named.article not in entity.articles:
            continue
        found[key] = (entity.id, named.kind)
        shown = TYPE_KINDS.get(entity.type, entity.type.lower())
        counts.update(typed=1, typed_right=shown == named.kind, people_labelled=named.kind == "person",
                      people_shown=shown == "person", people_right=shown == named.kind == "person")
        if shown != named.kind:
            confusions[(named.kind, shown)] += 1
    for (a, chain_a), (b, chain_b) in combinations(found, 2):
        if a == b:
            continue
        gold, merged = chain_a == chain_b, found[(a, chain_a)][0] == found[(b, chain_b)][0]
        counts.update(pairs=1, gold_same=gold, merged=merged, merged_right=gold and merged)
    return Scores(names=len(seen), found=len(found), confusions=confusions, **counts)


def run(stories: Sequence[Story], parsed: Mapping[str, dict] | None = None) -> Scores:
    """Merge each story's entities with the shipped stages and score them all."""
    from newsprism.compare.entities import merge_entities
    from newsprism.language.parse import parse_articles

    total = Scores()
    for story in stories:
        docs = parsed[story.label] if parsed is not None else parse_articles(story.articles)
        total = total + score_story(story, merge_entities(story.articles, docs))
    return total


def _describe(s: Scores) -> str:
    return (f"names {s.names}, found {s.found} ({s.found_share:.3f}) | merging P={s.precision:.3f} "
            f"R={s.recall:.3f} F1={s.f1:.3f} over {s.pairs} pairs | typed right {s.typed_right} of {s.typed} "
            f"({s.type_accuracy:.3f}); shown as people P={s.people_precision:.3f} R={s.people_recall:.3f}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = part_parser(__doc__)
    parser.add_argument("--verbose", action="store_true", help="list the type confusions")
    args = parser.parse_args(argv)
    stories = stories_of_part(load_stories, args.part)
    print(f"ECB+ {args.part}: {len(stories)} stories, {sum(len(s.articles) for s in stories)} documents")
    scores = run(stories)
    print(f"shipped: {_describe(scores)}")
    if args.verbose:
        for (gold, shown), n in scores.confusions.most_common():
            print(f"  {n:4d} labelled {gold}, shown as {shown}")


if __name__ == "__main__":
    main()
