"""Event-time features: the dates and years an article states, and how they steer joining."""

from __future__ import annotations

from newsprism.records import Article
from newsprism.stories import StoryClusterer
from newsprism.stories.features import article_features, hash_token, quantize
from tests.stories_fixtures import fake_embed


def _article(id_: str, title: str, text: str) -> Article:
    return Article(id=id_, title=title, text=text)


def test_stories_features_read_years_weekdays_and_month_dates() -> None:
    features = article_features(_article(
        "a", "Ferry sinks off Brannock on Sunday, July 3",
        "The ferry left port in July 2011. A similar sinking in 2008 cost 40 lives; in 2011 the inquiry reopened. "
        "Tickets cost $2011 and 2011% is no year.",
    ))
    assert features.years == {2011: 2 / 3, 2008: 1 / 3}
    for token in ("w:sunday", "md:july 3", "my:july 2011"):
        assert hash_token(token) in features.when, token


def test_stories_features_without_dates_are_empty() -> None:
    features = article_features(_article("b", "Council votes on parking", "The council voted 7 to 2 on parking fees."))
    assert features.years == {}
    assert features.when == {}


def test_stories_conflicting_years_keep_a_same_subject_report_apart() -> None:
    text = ("Fire crews fought a blaze at the Quillon paper mill in Dunmere {when}. Chief Arlo Fenn said the "
            "mill's drying hall burned out and two workers were hurt at the Quillon mill in Dunmere.")
    first = _article("m1", "Blaze at Quillon paper mill in Dunmere", text.format(when="on Monday, March 4, 2019"))
    same = _article("m2", "Quillon mill fire in Dunmere", text.format(when="on Monday, March 4, 2019"))
    other = _article("m3", "Quillon mill fire in Dunmere", text.format(when="on Friday, October 9, 2015"))

    clusterer = StoryClusterer(embedder=fake_embed)
    clusterer.add(first)
    _, p_same = clusterer._best_story(article_features(same), quantize(fake_embed([same.title])[0]))
    _, p_other = clusterer._best_story(article_features(other), quantize(fake_embed([same.title])[0]))
    assert p_other < p_same


def test_stories_features_read_phrases_and_numbers() -> None:
    one = article_features(Article(id="a", text="Thieves took 42 paintings in the Vell museum heist. The museum heist shocked the town."))
    other = article_features(Article(id="b", text="A museum heist in Vell: 42 paintings were taken."))
    shared = set(one.phrases) & set(other.phrases)
    assert hash_token("p:museum heist") in shared
    assert hash_token("p:paintings vell") not in one.phrases  # only neighbours once stop words are gone
    assert one.phrases[hash_token("p:museum heist")] == max(one.phrases.values())  # the phrase said twice
    assert set(one.numbers) == set(other.numbers) == {hash_token("q:42")}
    assert article_features(Article(id="c", text="No figures here at all.")).numbers == {}


def test_story_title_is_cut_at_a_word_with_an_ellipsis() -> None:
    from newsprism.stories.features import TITLE_CHARS, lead_title, story_title

    sentence = "The harbour board of Kestrel Point said on Monday " + "that the ferry service would resume " * 8 + "soon."
    article = Article(id="k", text=sentence + " Second sentence here.")
    shown = story_title(article)
    assert len(shown) <= TITLE_CHARS and shown.endswith("…")
    assert sentence.startswith(shown[:-1])
    assert sentence[len(shown) - 1] == " "  # cut between words
    # the features still read the first sentence's first TITLE_CHARS characters
    assert lead_title(article) == sentence[:TITLE_CHARS]
    short = Article(id="s", text="Ferry resumes. More text follows here.", title="  Ferry   resumes  ")
    assert story_title(short) == "Ferry resumes"
