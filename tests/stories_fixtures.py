"""Fictional articles and a fake embedder for the story clustering tests (no model)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsprism.records import Article, RawDocument

if TYPE_CHECKING:
    from newsprism.archive import IngestOutcome
    from newsprism.store import Store
    from newsprism.stories import ClusterParams


def fake_embed(texts: Sequence[str]) -> np.ndarray:
    """Hashed bag of words, unit length: similar wording gives similar vectors."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            if len(word) > 3:
                out[row, zlib.crc32(word.encode()) % 384] += 1.0
        norm = np.linalg.norm(out[row])
        out[row] /= norm or 1.0
    return out


QUAKE_A = [
    ("A magnitude 6.1 earthquake struck Kestrel Valley near Morrow Ford on Tuesday",
     "A magnitude 6.1 earthquake shook Kestrel Valley on Tuesday, toppling the old grain tower in Morrow Ford. "
     "Seismologist Ilse Varnam of the Tarrow Institute said the quake was centred 12 kilometres under Morrow Ford. "
     "Three people were injured and the Morrow Ford bridge was closed for inspection."),
    ("Morrow Ford counts damage after 6.1 quake in Kestrel Valley",
     "Residents of Morrow Ford cleared rubble after Tuesday's magnitude 6.1 earthquake in Kestrel Valley. "
     "Ilse Varnam of the Tarrow Institute said aftershocks were likely near Morrow Ford. "
     "The grain tower collapsed and three people were treated for injuries; the bridge stays closed."),
    ("Kestrel Valley quake: Morrow Ford bridge closed, three hurt",
     "The 6.1 earthquake under Morrow Ford injured three people, officials in Kestrel Valley said. "
     "The Tarrow Institute's Ilse Varnam described a shallow quake. The grain tower fell and the bridge was shut."),
]
QUAKE_B = [
    ("Magnitude 4.3 tremor rattles Lindqvist Harbour in Kestrel Valley",
     "A magnitude 4.3 tremor rattled Lindqvist Harbour in the north of Kestrel Valley on Saturday. "
     "Harbour master Dov Pellerin said fishing boats were undamaged and the ferry to Sallow Isle kept running. "
     "No injuries were reported in Lindqvist Harbour."),
    ("Lindqvist Harbour shaken by 4.3 tremor, ferry to Sallow Isle unaffected",
     "Saturday's 4.3 tremor was felt across Lindqvist Harbour, said Dov Pellerin, the harbour master. "
     "The Sallow Isle ferry ran on time and fishing boats in Lindqvist Harbour were not damaged. Nobody was hurt."),
]
TRIAL = [
    ("Jury hears opening statements in Corvin Ashdale fraud trial",
     "Prosecutors told jurors in Brennick that Corvin Ashdale moved 40 million crowns from the Ashdale Pension Fund. "
     "Defence lawyer Mirela Ostrow said her client Corvin Ashdale never touched the pension money. "
     "Judge Tomas Ekwueme expects the fraud trial to last six weeks."),
    ("Ashdale pension fraud trial opens in Brennick",
     "The fraud trial of Corvin Ashdale opened in Brennick with prosecutors alleging 40 million crowns were taken "
     "from the Ashdale Pension Fund. Mirela Ostrow, for the defence, denied it. Judge Tomas Ekwueme presides."),
]

# One event covered six ways, alone: the coverage a user gives `analyze` (every report
# names the dam, its spillway and Harlow Creek; the rest of the wording differs).
DAM = [
 ("Spillway gives way at Ostby dam, Harlow Creek villages evacuated",
  "Part of the spillway at the Ostby dam collapsed before dawn on Sunday and about 240 people living along Harlow Creek were told to leave their homes, the regional water board said."),
 ("Water board orders Harlow Creek evacuation after Ostby dam damage",
  "Engineers found a breach in the concrete spillway of the Ostby dam. Families downstream on Harlow Creek spent the night in the school gym at Venner."),
 ("Ostby reservoir lowered as crews inspect cracked spillway",
  "Crews opened the outlet gates of the Ostby dam to lower the reservoir above Harlow Creek by two metres while divers examined the cracked spillway. Nobody was hurt, said water board spokesperson Agda Lunn."),
 ("Residents near Harlow Creek wait to go home",
  "Agda Lunn of the water board said people evacuated from Harlow Creek could not return until the Ostby dam was declared safe, possibly by Wednesday."),
 ("Heavy rain blamed for Ostby dam spillway failure",
  "Three days of heavy rain filled the reservoir behind the Ostby dam to a record level before the spillway gave way and Harlow Creek was evacuated, according to the water board. The Venner school shelter remains open."),
 ("Inspectors question maintenance at Ostby dam",
  "The Ostby dam spillway had been due for repairs since last year, inspectors said after Sunday's collapse forced the evacuation of Harlow Creek."),
]


def article(index: int, title: str, text: str, *, day: str | None = "2026-03-03", story: str | None = None) -> Article:
    return Article(id=f"a{index:03d}", title=title, text=text, published=day, story=story)


def fixture_articles() -> tuple[list[Article], list[str]]:
    """Articles and their gold labels, events interleaved."""
    rows = [(t, x, "quake_a") for t, x in QUAKE_A] + [(t, x, "quake_b") for t, x in QUAKE_B]
    rows += [(t, x, "trial") for t, x in TRIAL]
    order = [0, 3, 5, 1, 4, 6, 2]
    articles = [article(i, rows[k][0], rows[k][1]) for i, k in enumerate(order)]
    return articles, [rows[k][2] for k in order]


def quake_documents() -> list[RawDocument]:
    """The two quakes' reports as inputs to ingest (a0-a2, b0-b1; one day)."""
    rows = [(f"a{i}", *QUAKE_A[i]) for i in range(3)] + [(f"b{i}", *QUAKE_B[i]) for i in range(2)]
    return [RawDocument(source=f"{key}.txt", text=f"{title}\n\n{text}", meta={"published": "2026-03-03"})
            for key, title, text in rows]


def ingest_quakes_as_one_story(store: Store, params: ClusterParams | None = None) -> tuple[IngestOutcome, dict[str, str]]:
    """Both quakes (5 reports, one day) ingested into ``store`` by a saved clusterer that
    files every article into one story (``params``: its parameters, default joining at any
    probability). Returns the ingest outcome and the story of each report (a0-a2, b0-b1);
    the caller patches ``newsprism.language.models.embed``."""
    from newsprism.archive import CLUSTERER_STATE, ingest_documents
    from newsprism.stories import ClusterParams, StoryClusterer

    documents = quake_documents()
    joins_all = StoryClusterer(params=params or ClusterParams(join_probability=0.0), embedder=fake_embed)
    store.save_state(CLUSTERER_STATE, joins_all.to_state())
    outcome = ingest_documents(documents, store)
    source = {store.get_article(i).source: i for i in outcome.new}
    return outcome, {d.source[:-4]: store.story_of(source[d.source]) for d in documents}
