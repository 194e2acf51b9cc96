"""Each kind of boilerplate is removed with its reason code, and body text is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.clean import clean_text
from newsprism.clean.rules import classify_line

DATA = Path(__file__).parent / "data" / "cleaning"


@pytest.fixture(scope="module")
def bridge():
    return clean_text((DATA / "harbor_bridge.txt").read_text(encoding="utf-8"))


def _reasons(cleaned) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for removed in cleaned.removed:
        out.setdefault(removed.reason, set()).add(removed.text)
    return out


def test_clean_boilerplate_fixture_every_kind_removed(bridge) -> None:
    reasons = _reasons(bridge)
    expected = {
        "navigation": "Skip to Content",
        "share_prompt": "Share this article",
        "related": "Recommended Stories",
        "contributor": "Reporting by Tessa Marlow; Editing by Iven Dusk",
        "comments": "Join the conversation",
        "photo_credit": "Mara Quill/Northwind Press via Coastline Herald",
        "byline": "By Tessa Marlow and Iven Dusk, Coastline Herald",
        "dateline": "PORT ELLIS (Reuters) -",
        "advertisement": "Advertisement",
    }
    for reason, text in expected.items():
        assert text in reasons.get(reason, set()), reason
    assert "© 2024 Coastline Herald. All rights reserved." in reasons["copyright"]
    assert any(t.startswith("Sign up for our Morning Tide") for t in reasons["newsletter"])
    assert {"<i>", "</i>", "<br/>"} <= reasons["html_tag"]
    assert len([r for r in bridge.removed if r.reason == "caption"]) == 2  # truncated + full caption


def test_clean_boilerplate_fixture_body_kept(bridge) -> None:
    paragraphs = bridge.body.split("\n\n")
    assert paragraphs[0].startswith("The Tidewater Bridge reopened to traffic on Tuesday")
    # the glued "Advertisement" is cut, the sentence stays
    assert any(p.endswith("she told a small crowd of commuters.") for p in paragraphs)
    assert "Advertisement" not in bridge.body
    assert "The repair crews worked in three shifts." in paragraphs
    assert "Night work ended in February." in paragraphs
    assert "<" not in bridge.body
    assert "Comments" not in bridge.body and "©" not in bridge.body


def test_clean_boilerplate_heading_is_paragraph_and_span(bridge) -> None:
    headings = [bridge.body[h.start : h.end] for h in bridge.headings]
    assert headings == ["Why It Matters"]
    assert "Why It Matters" in bridge.body.split("\n\n")


def test_clean_boilerplate_removed_lines_point_at_raw_lines() -> None:
    raw = (DATA / "harbor_bridge.txt").read_text(encoding="utf-8")
    lines = raw.split("\n")
    cleaned = clean_text(raw)
    for removed in cleaned.removed:
        if removed.reason in ("html_tag", "advertisement", "dateline", "date"):
            assert removed.text in lines[removed.line]
        else:
            assert " ".join(lines[removed.line].split()) == removed.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Story Continued Below", "advertisement"),
        ("Sponsored Content Below", "sponsored"),
        ("Share this post!", "share_prompt"),
        ("Follow us on Twitter @harborwatch", "share_prompt"),
        ("Subscribe here", "newsletter"),
        ("Stay informed! Get breaking alerts from the Ledger in your inbox. Subscribe here.", "newsletter"),
        ("Read more:", "related"),
        ("Related: Ferry operators brace for summer", "related"),
        ("end of list", "related"),
        ("The Associated Press contributed to this report.", "contributor"),
        ("Gil Aster in Valmora contributed reporting.", "contributor"),
        ("Copyright 2024 The Valmora Ledger. All rights reserved.", "copyright"),
        ("Jump to comments ↓", "comments"),
        ("Please keep your comments civil. Read our community guidelines.", "comments"),
        ("More", "navigation"),
        ("___", "separator"),
        ("[pullquote]", "html_chrome"),
        ("Enlarge this image toggle caption Rina Holt/AP", "caption"),
        ("A ferry leaves Port Ellis on Monday. (RINA HOLT/POOL/AFP via Getty Images)", "caption"),
        ("Rina Holt/Getty Images", "photo_credit"),
        ("The opinions expressed by columnists are their own.", "disclaimer"),
        ("This story will be updated.", "disclaimer"),
        ("Have your say: leave a comment below.", "comments"),
        ("Post your comment below", "comments"),
        ("Most read on The Kestrel Post", "related"),
        # rules of 2026-11-24
        ("Ex-ferry chief warns, fares rise:Operators blame the price of fuel for a third increase", "related"),
        ("CLICK HERE TO READ MORE BY OONA VALE", "related"),
        ("What do you think?", "share_prompt"),
        ("Corrections & Amplifications", "disclaimer"),
        ("The port has 14 berths. An earlier version of this story said it had 12.", "disclaimer"),
        ("Write to Oona Vale at oona.vale@kestrelpost.example", "bio"),
        ("Pilots wait on the quay at Port Ellis [Ivo Marsh/Kestrel Post]", "caption"),
        ("A ferry leaves Port Ellis on Monday, May 4, 2031. REUTERS/Rina Holt", "caption"),
        ("A ferry leaves Port Ellis on Monday. Photo: Ivo Marsh for The Kestrel Post", "caption"),
        ("A ferry leaves Port Ellis on Monday, May 4, 2031. Reuters", "caption"),
        ("7 years ago", "timestamp"),
        ("Updated 3 hours ago", "timestamp"),
        ("next Image 1 of 3", "caption"),
        ("Click for more from the Kestrel Post.", "related"),
        ("Go deeper:", "related"),
        ("Oona Vale and Ivo Marsh contributed.", "contributor"),
        ("• This article is based in part on wire service reports.", "contributor"),
        ("This report contains material from the Kestrel Post and Harbour Wire.", "contributor"),
        ("With Post wires", "contributor"),
        ("Send tips to news@kestrelpost.example.", "promo"),
        ("Subscribe on Harbour Audio, or wherever you listen to podcasts.", "promo"),
        ("Read KPNOpinion's new Flipboard magazine", "promo"),
        ("If you can't see this reader poll, please refresh your page.", "promo"),
        ("Email", "share_prompt"),
        ("Let us know what you're thinking at letters@kestrelpost.example.", "share_prompt"),
        ("This post has been updated.", "disclaimer"),
        ("Get Our Best Stories Subscribe to the Harbour Week newsletter.", "newsletter"),
        ("PHOTOS: The ten busiest ferry ports", "related"),
        ("[audio-clip]", "html_chrome"),
        ("Don't see the graphic above? Click here.", "html_chrome"),
        ("Share this: Pocket", "share_prompt"),
        ("CLICK HERE FOR FULL HARBOUR COVERAGE", "promo"),
        ("To see the tide chart, click here.", "promo"),
        ("Read more from the Kestrel Post:", "related"),
        ("SEE RELATED:", "related"),
        ("More coverage of the harbour fire:", "related"),
        ("Link Copied", "share_prompt"),
        ("Sign up for the Harbour morning briefing", "newsletter"),
        ("For the best reporting on the ports, subscribe to the Kestrel Post's newsletters", "newsletter"),
        ("Respond to this post on the Kestrel Post Facebook page here.", "comments"),
        ("Are you a skipper? Join our Facebook community for conversation and updates.", "comments"),
        ("This post has been updated with additional information.", "disclaimer"),
        ("Please upgrade your browser to view this interactive map", "promo"),
        # rules of the fourth labelled batch
        ("Write to Oona Vale at oona.vale@kestrelpost.example and Ivo Marsh at ivo.marsh@kestrelpost.example", "bio"),
        ("Write to Oona Vale at oona@kp.example, Ivo Marsh at ivo@kp.example and Rina Holt at rina@kp.example", "bio"),
        ("This story was updated at 4:15 p.m.", "disclaimer"),
        ("This post was updated with the latest figures at 9:05 a.m.", "disclaimer"),
        ("SEE ALSO: Harbour board rejects the ferry plan", "related"),
        ("NOW WATCH: ‘Ferry chief quits’", "related"),
        ("GRAPHIC: Fares since 2020 - here", "related"),
        ("Rina Holt/AP Skippers wait on the quay at Port Ellis on Monday.", "caption"),
        ("The pier, seen on Monday.Photo: Ivo Marsh", "caption"),
        ("Skippers wait on the quay at Port Ellis on Monday. Rina Holt/Associated Press", "caption"),
        ("Skippers wait on the quay [File: Rina Holt/Kestrel Post]", "caption"),
        ("You can read diverse opinions from our Board of Contributors on the Opinion front page.", "promo"),
        ("Skippers and their crews wait on the quay at Port Ellis on Monday, May 4, 2031, after the harbour board "
         "closed the north berth for repairs. The board said the berth would reopen in June, but the skippers' union "
         "said its members had heard that before and asked for a written timetable and for compensation "
         "(Photo: Ivo Marsh, Kestrel Post)", "caption"),
    ],
)
def test_clean_boilerplate_line_rules(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The council will vote on the harbor budget on Friday, the mayor said.",
        "Why It Matters",
        "“We will share more details next week,” the spokesperson said.",
        "Readers who subscribe to the print edition pay less, the publisher said in a filing that also "
        "covered advertising revenue, newsletter costs and the price of paper across the region's mills.",
        "More than 400 people attended the hearing.",
        "Advertisement spending rose by 4% last year.",
        "The ferry timetable will be updated in May, the operator said.",
        "Most read books in the library were detective novels.",
        "What do you think about the new timetable, the mayor asked the crowd on the pier.",
        "The council wrote to the port: the berths must reopen by May.",
        "Ferries resumed on Tuesday [after a week of storms].",
        "The berths reopened in 2031. Reuters reported the figure first, the port said.",
        "The pier was closed 7 years ago after a storm, the council said.",
        "From the left bank the ferry looked small.",
        "Oona Vale contributed to the fund every year, her neighbours said.",
        "The port will send tips on berthing to every skipper, the harbour master said.",
        "Photos: the council released none of the pictures it had promised.",
        "Skippers who subscribe to the harbour's newsletter heard about the closure first.",
        "Visitors click here and there on the harbour's website without finding the timetable.",
        "Read more from the minister's letter and you find no promise at all, the skipper said.",
        "From the Left",
        "From the Right:",
        "HARBOUR MASTER: We never closed the north berth.",
        "Reuters/Ipsos polling shows the ferry plan ahead by five points.",
        "Fares rose again in May. [Kestrel Post, 5/4/31]",
        "Fares rose again and the shares fell.[PORTS/FERRY]",
    ],
)
def test_clean_boilerplate_body_lines_kept(line: str) -> None:
    assert classify_line(line) is None


def test_clean_boilerplate_caption_above_the_dateline() -> None:
    """A lone caption between the header and the dateline is a caption; the same line
    before a photo credit in the middle of the story, or with no dateline after, is kept."""
    header = "Ferry runs aground off Kestrel Point\nBy Oona Vale\nJune 3, 2031\n"
    caption = "The ferry Alder Queen lies tilted on a sandbar off Kestrel Point on Monday."
    lead = "KESTREL POINT (KPN) — A passenger ferry ran aground on a sandbar on Monday, officials said."
    rest = "All 140 passengers were taken ashore by lifeboat within two hours, the coast guard said."
    cleaned = clean_text(f"{header}{caption}\nPhoto: Ivo Marsh / Kestrel Post\n\n{lead}\n\n{rest}")
    assert caption not in cleaned.body
    assert any(r.text == caption and r.reason == "caption" for r in cleaned.removed)
    assert cleaned.dateline == "KESTREL POINT"
    assert cleaned.body.startswith("A passenger ferry ran aground")

    # no dateline after the credit: the line may be the story's own first paragraph
    plain = clean_text(f"{header}{caption}\nPhoto: Ivo Marsh / Kestrel Post\n\n{rest}")
    assert plain.body.startswith(caption)
    # a credit in the middle of the story does not make the paragraph above it a caption
    middle = clean_text(f"{header}{lead}\n\n{caption}\nPhoto: Ivo Marsh / Kestrel Post\n\n{rest}")
    assert caption in middle.body


def test_clean_boilerplate_update_notice_and_most_read_list() -> None:
    body = ("A passenger ferry ran aground off Kestrel Point on Monday, officials said.\n\n"
            "It is not yet known what caused it. KPN will update this story as more information becomes available.\n\n"
            "Most read on The Kestrel Post\nTide tables for the week\nHarbour fees rise again")
    cleaned = clean_text(body)
    assert cleaned.body.endswith("It is not yet known what caused it.")
    removed = {r.text: r.reason for r in cleaned.removed}
    assert removed["KPN will update this story as more information becomes available."] == "disclaimer"
    assert removed["Tide tables for the week"] == removed["Harbour fees rise again"] == "related"
    # a sentence about updating something else stays
    kept = clean_text("The port said on Monday it will update its timetable. Ferries will sail as usual.")
    assert "will update its timetable" in kept.body


def test_clean_boilerplate_capitals_teaser_and_digest_headings() -> None:
    """A long line in capitals between paragraphs is another story's headline; in a digest
    whose every section has a capitalised heading, those headings stay."""
    para = "The harbour board met on Monday to discuss the berths, and the vote is due next week."
    teaser = "HARBOUR CRANE FALLS ONTO QUAY AS STORM HITS THE ISLAND COAST OVERNIGHT"
    cleaned = clean_text(f"{para}\n\n{teaser}\n\n{para.replace('Monday', 'Tuesday')}")
    assert teaser not in cleaned.body
    assert {r.text: r.reason for r in cleaned.removed}[teaser] == "related"
    short = "WHY THE BERTHS MATTER"
    assert short in clean_text(f"{para}\n\n{short}\n\n{para}").body
    question = "IS THE HARBOUR BOARD READY FOR ANOTHER WINTER OF STORMS ON THE ISLAND?"
    assert question in clean_text(f"{para}\n\n{question}\n\n{para}").body
    sections = [f"{word} BOARD SAYS THE NEW BERTHS WILL OPEN TO EVERY BOAT BEFORE THE AUTUMN"
                for word in ("HARBOUR", "FERRY", "PILOT", "FISHING")]
    digest = clean_text(para + "\n\n" + "\n\n".join(
        f"{heading}\n\nThe {heading.split()[0].lower()} board met on day {n} and its vote is due next week."
        for n, heading in enumerate(sections, start=2)))
    assert all(heading in digest.body for heading in sections)


def test_clean_boilerplate_name_line_over_the_outlet_is_the_byline() -> None:
    body = "PORT ELLIS — A passenger ferry ran aground off Kestrel Point on Monday, officials said."
    cleaned = clean_text(f"Oona Vale\nUSA TODAY Sports\n\n{body}\n\nAll 140 passengers were taken ashore.")
    assert cleaned.authors == ("Oona Vale",)
    assert cleaned.body.startswith("A passenger ferry")
    assert {r.reason for r in cleaned.removed if r.text in ("Oona Vale", "USA TODAY Sports")} == {"byline"}


def test_clean_boilerplate_caption_run_into_the_short_headline() -> None:
    """A first line made of a photo caption and the page's short headline goes, when the
    headline's words are the known title's; a first paragraph that merely shares words stays."""
    story = "PORT ELLIS — The north pier reopened to ferries on Monday after a month of repairs, the port said."
    first = "Crews worked through the night to finish the decking. | Ivo Marsh/KPN Ferries return to north pier"
    cleaned = clean_text(f"{first}\n\n{story}", known_title="Ferries return to the north pier at Port Ellis")
    assert first not in cleaned.body and {r.text: r.reason for r in cleaned.removed}[first] == "caption"
    lead = "Ferries return to the north pier this week, officials said on Monday."
    kept = clean_text(f"{lead}\n\n{story}", known_title="Ferries return to the north pier at Port Ellis")
    assert kept.body.startswith(lead)


def test_clean_boilerplate_authors_over_the_outlet_and_a_title_with_the_page_suffix() -> None:
    body = "PORT ELLIS — A passenger ferry ran aground off Kestrel Point on Monday, officials said."
    cleaned = clean_text(f"Oona Vale, Ivo Marsh and Rina Holt\nUSA TODAY\n\n{body}\n\nAll passengers were taken ashore.")
    assert cleaned.authors == ("Oona Vale", "Ivo Marsh", "Rina Holt")
    serial = clean_text(f"Oona Vale, and Ivo Marsh\nUSA TODAY\n\n{body}\n\nAll passengers were taken ashore.")
    assert serial.authors == ("Oona Vale", "Ivo Marsh")  # the comma before "and"
    assert cleaned.body.startswith("A passenger ferry")
    # the given title carries the page's suffix ("… : Outlet" or share buttons' words)
    headline = "Ferry Runs Aground Off Kestrel Point With 140 On Board"
    titled = clean_text(f"{headline}\n\n{body}", known_title=f"{headline} : Kestrel Post")
    assert titled.body.startswith("A passenger ferry")
    assert {r.text: r.reason for r in titled.removed}[headline] == "title"
    short = clean_text(f"Ferry Runs Aground\n\n{body}", known_title=f"{headline} : Kestrel Post")
    assert short.body.startswith("Ferry Runs Aground")  # a few of the title's first words are no title


def test_clean_boilerplate_opinion_page_footer_and_links() -> None:
    """An opinion page: the author's name alone at the top and a biography at the end (with
    an appositive), links written "Headline: Author", a biography with a handle above a
    note; a sentence ending in a name and a heading such as "Winner: Clara Holt" stay."""
    text = (
        "Clara Holt\n\n"
        "Ferry fares rose again this spring, and islanders are paying for a board that will not listen.\n\n"
        "Harbour board forgets the islands: Peter Marsh\n\n"
        "The board met on Monday and voted to raise fares by a tenth, over the objections of one member: Peter Marsh.\n\n"
        "Winner: Clara Holt\n\n"
        "The board will meet again in June.\n\n"
        "Clara Holt, author of the new book Tides of Port Ellis, is a columnist and member of the Kestrel Post "
        "Board of Contributors.\n"
    )
    cleaned = clean_text(text)
    removed = {r.text: r.reason for r in cleaned.removed}
    assert removed["Clara Holt"] == "byline"
    assert cleaned.authors == ("Clara Holt",)
    assert removed["Harbour board forgets the islands: Peter Marsh"] == "related"
    assert removed[text.strip().split("\n\n")[-1]] == "bio"
    assert "over the objections of one member: Peter Marsh." in cleaned.body
    assert "Winner: Clara Holt" in cleaned.body
    # a name alone at the top is no byline when no biography names it
    other = clean_text(text.replace("Clara Holt, author", "Peter Marsh, author"))
    assert {r.text: r.reason for r in other.removed}.get("Clara Holt") != "byline"
    assert other.authors == ()

    note = (
        "Fares rose again this spring, and islanders are paying for a board that will not listen.\n\n"
        "The board will meet again in June.\n\n"
        "Clara Holt is a former adviser to the harbour board. She tweets @claraholt\n\n"
        "Note:\n\n"
        "By islanders I mean the people of the three outer islands.\n"
    )
    cleaned = clean_text(note)
    assert "She tweets" not in cleaned.body
    assert cleaned.body.endswith("the three outer islands.")
    # without a handle, a biography is only looked for in the last two lines
    plain = clean_text(note.replace(" She tweets @claraholt", ""))
    assert "Clara Holt is a former adviser" in plain.body


def test_clean_boilerplate_a_standfirst_repeated_in_the_body_goes_from_the_top() -> None:
    """A paragraph over the page that the body repeats further down is a standfirst or a
    pull quote: the copy at the top goes, the one in its place stays. A short line
    repeated (a section heading, a speaker's name) keeps its first copy."""
    quote = "“We will not let the mill close while there is a single reader left in this town,” said Agnes Vell."
    paragraphs = [f"The Dunmore council met for the {n}th time this year on the library, and the vote is due soon."
                  for n in range(4, 14)]
    text = "\n\n".join([quote, *paragraphs[:8], quote, *paragraphs[8:], "The library reopens in May."])
    cleaned = clean_text(text)
    body = cleaned.body.split("\n\n")
    assert body.count(quote) == 1 and body.index(quote) == 8
    assert {r.text: r.reason for r in cleaned.removed}[quote] == "duplicate"
    short = clean_text("\n\n".join([paragraphs[0], "From the harbour", *paragraphs[1:8], "From the harbour",
                                       *paragraphs[8:]]))
    assert short.body.split("\n\n").index("From the harbour") == 1
