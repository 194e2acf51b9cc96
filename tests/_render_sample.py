"""A hand-built report for the render tests: a fictional story, hostile text included.

Offsets are computed from the texts, so mentions always satisfy text[start:end] == mention.
"""

from __future__ import annotations

from newsprism.records import (
    Article,
    Claim,
    Coverage,
    Discrepancy,
    Entity,
    Evidence,
    EvidenceText,
    Failure,
    Mention,
    Quote,
    QuoteMention,
    Removed,
    Report,
    SharedPassage,
    Span,
    Story,
    StoryAnalysis,
    SummarySentence,
    Syndication,
    TimelineEntry,
)

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = '"><img src=x onerror=alert(2)>'

LANTERN = (
    "Flood gates at Marrowby harbour failed on Tuesday night, officials said.\n\n"
    "Rescue\n\n"
    "Mayor Ilse Varnhagen said: \"We moved four hundred families before the water rose.\" "
    "The river peaked at 6.2 metres.\n\n"
    f"A reader wrote {HOSTILE_SCRIPT} in the comments."
)
WIRE = (
    "Flood gates at Marrowby harbour failed on Tuesday night, officials said.\n\n"
    "Mayor Ilse Varnhagen said: \"We moved three hundred families before the water rose.\" "
    "The river peaked at 6.4 metres."
)
HERALD = (
    "Flood gates at Marrowby harbour failed on Tuesday night, officials said.\n\n"
    "Mayor Varnhagan told reporters: \"We moved four hundred families before the water came.\" "
    f"Engineer Tomas Brill warned the gates were {HOSTILE_IMG} decades old."
)
EVIL = (
    "Gates failed at Marrowby on Tuesday.\n\n"
    f"{HOSTILE_SCRIPT} Residents blamed the harbour board."
)
FOREIGN = "Les digues de Marrowby ont cédé mardi soir."


def _m(article: Article, fragment: str) -> Mention:
    start = article.text.index(fragment)
    return Mention(article.id, fragment, start, start + len(fragment))


def _q(article: Article, fragment: str, speaker_mention: str, cue: str) -> QuoteMention:
    m = _m(article, fragment)
    return QuoteMention(m.article, m.text, m.start, m.end, speaker_mention, cue)


def sample_articles() -> tuple[Article, ...]:
    lantern = Article(
        id="lantern-1",
        text=LANTERN,
        source="feeds/lantern.html",
        title="Marrowby flood gates fail",
        outlet="The Daily Lantern",
        url="https://lantern.example/marrowby?a=1&b=2",
        authors=("Ada Quill",),
        published="2031-03-04",
        language="en",
        headings=(Span(LANTERN.index("Rescue"), LANTERN.index("Rescue") + len("Rescue")),),
        removed=(
            Removed("Share this story", "share_prompt", 3),
            Removed(f"Photo: {HOSTILE_SCRIPT}", "caption", 5),
        ),
        evidence=(
            Evidence("outlet", "The Daily Lantern", "url domain lantern.example"),
            Evidence("published", "2031-03-04", "meta article:published_time"),
        ),
        content_hash="abc123",
    )
    wire = Article(
        id="wire/2",
        text=WIRE,
        source="wire.jsonl:2",
        title="Marrowby gates fail, families moved",
        outlet="Coastline Wire",
        url="javascript:alert(3)",
        published="2031-03-04",
        language="en",
    )
    herald = Article(
        id="herald 3",
        text=HERALD,
        source="herald.txt",
        title=f"Gates {HOSTILE_IMG} failed",
        outlet="Northgate Herald",
        url="http://herald.example/gates",
        authors=("B. Oake", "C. Fenn"),
        published="2031-03-05",
        language="en",
    )
    evil = Article(
        id="evil",
        text=EVIL,
        source=f"evil{HOSTILE_SCRIPT}.txt",
        title=HOSTILE_SCRIPT,
        outlet=f"Evil {HOSTILE_SCRIPT} News",
        url=f"https://evil.example/{HOSTILE_IMG}",
        published="2031-03",
        language="en",
    )
    foreign = Article(
        id="foreign",
        text=FOREIGN,
        source="fr.txt",
        title="Digues de Marrowby",
        outlet="Le Phare",
        published="2031-03-05",
        language="fr",
    )
    return lantern, wire, herald, evil, foreign


def sample_report(*, with_coverage: bool = True) -> Report:
    lantern, wire, herald, evil, foreign = sample_articles()
    lead = "Flood gates at Marrowby harbour failed on Tuesday night, officials said."
    claims = (
        Claim(
            "c1",
            "Flood gates at Marrowby harbour failed on Tuesday night.",
            (lantern.id, wire.id, herald.id, evil.id),
            2,
            (_m(lantern, lead), _m(wire, lead), _m(herald, lead), _m(evil, "Gates failed at Marrowby on Tuesday.")),
        ),
        Claim(
            "c2",
            "The river peaked at about six metres.",
            (lantern.id, wire.id),
            1,
            (_m(lantern, "The river peaked at 6.2 metres."), _m(wire, "The river peaked at 6.4 metres.")),
        ),
        Claim(
            "c3",
            f"Engineer warned the gates were {HOSTILE_IMG} decades old.",
            (herald.id,),
            1,
            (_m(herald, f"Engineer Tomas Brill warned the gates were {HOSTILE_IMG} decades old."),),
        ),
        Claim(
            "c4",
            "Residents blamed the harbour board.",
            (evil.id,),
            1,
            (_m(evil, f"{HOSTILE_SCRIPT} Residents blamed the harbour board."),),
        ),
    )
    quotes = (
        Quote(
            "q1",
            "Ilse Varnhagen",
            (
                _q(lantern, "We moved four hundred families before the water rose.", "Mayor Ilse Varnhagen", "said"),
                _q(wire, "We moved three hundred families before the water rose.", "Mayor Ilse Varnhagen", "said"),
                _q(herald, "We moved four hundred families before the water came.", "Mayor Varnhagan", "told"),
            ),
        ),
    )
    entities = (
        Entity(
            "e1",
            "Ilse Varnhagen",
            "PERSON",
            ("Ilse Varnhagen", "Varnhagan"),
            (lantern.id, wire.id, herald.id),
            {lantern.id: 1, wire.id: 1, herald.id: 1},
        ),
        Entity("e2", "Marrowby", "GPE", ("Marrowby",), (lantern.id, wire.id, herald.id, evil.id),
               {lantern.id: 1, wire.id: 1, herald.id: 1, evil.id: 1}),
        Entity("e3", f"Tomas {HOSTILE_SCRIPT}", "PERSON", ("Tomas Brill",), (herald.id,), {herald.id: 1}),
    )
    timeline = (
        TimelineEntry(
            "2031-03-04",
            "Flood gates at Marrowby harbour failed.",
            (lantern.id, wire.id, herald.id),
            "day",
            (_m(lantern, "on Tuesday night"), _m(wire, "on Tuesday night")),
        ),
    )
    discrepancies = (
        Discrepancy(
            "number",
            "Outlets give different river peaks: 6.2 m and 6.4 m.",
            (EvidenceText(lantern.id, "The river peaked at 6.2 metres."), EvidenceText(wire.id, "The river peaked at 6.4 metres.")),
        ),
        Discrepancy(
            "name_spelling",
            f"The mayor's name is spelled two ways {HOSTILE_SCRIPT}.",
            (EvidenceText(lantern.id, "Mayor Ilse Varnhagen"), EvidenceText(herald.id, "Mayor Varnhagan")),
        ),
    )
    summary = (
        SummarySentence("Flood gates at Marrowby harbour failed on Tuesday night.", (lantern.id, wire.id, herald.id), "c1"),
        SummarySentence("The river peaked at about six metres, by differing accounts.", (lantern.id, wire.id), "c2"),
    )
    syndication = (
        Syndication(
            (lantern.id, wire.id),
            0.82,
            (SharedPassage(_m(lantern, lead), _m(wire, lead), 1.0),),
            ("shared opening sentence",),
        ),
    )
    coverage = None
    if with_coverage:
        coverage = Coverage(
            outlets=("The Daily Lantern", "Coastline Wire", "Northgate Herald", evil.outlet),
            matrix={
                "c1": ("The Daily Lantern", "Coastline Wire", "Northgate Herald", evil.outlet),
                "c2": ("The Daily Lantern", "Coastline Wire"),
                "c3": ("Northgate Herald",),
                "c4": (evil.outlet,),
            },
            exclusive={"Northgate Herald": ("c3",), evil.outlet: ("c4",)},
            omitted={"Northgate Herald": ("c2",), evil.outlet: ("c2",)},
        )
    analysis = StoryAnalysis(
        story=Story("s1", f"Marrowby flood gates fail {HOSTILE_SCRIPT}", (lantern.id, wire.id, herald.id, evil.id)),
        source_groups=((lantern.id, wire.id), (herald.id,), (evil.id,)),
        syndication=syndication,
        claims=claims,
        coverage=coverage,
        quotes=quotes,
        entities=entities,
        timeline=timeline,
        discrepancies=discrepancies,
        summary=summary,
        notes=(f"publication date of {evil.id} known to the month only",),
    )
    bare = StoryAnalysis(story=Story("s2", "A story with one article and nothing found", (foreign.id,)))
    failures = (
        Failure("broken.html", "Input broken.html is empty: nothing to analyse."),
        Failure(f"bad{HOSTILE_SCRIPT}.json", f"malformed {HOSTILE_IMG}"),
    )
    return Report(articles=(lantern, wire, herald, evil, foreign), stories=(analysis, bare), failures=failures)
