"""Language models and helpers: sentences, entities, dates, embeddings.

One place owns each model: ``models.py`` loads the spaCy pipeline and the sentence
embedder once per process; every stage asks it rather than loading its own. ``places.py``
likewise owns the GeoNames gazetteer of countries, US states and cities, and ``names.py``
the table of English given names.
"""
