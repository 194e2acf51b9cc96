"""Quality evaluations on labelled data: ``python -m newsprism.evaluate.<area>``."""
