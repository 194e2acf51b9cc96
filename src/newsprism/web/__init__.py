"""The web app (``newsprism serve``): an archive's stories, articles and search in a
browser, and a form to add an article, over the same store the command line uses."""

from newsprism.web.app import create_app

__all__ = ["create_app"]
