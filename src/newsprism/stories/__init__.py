"""Articles -> stories: incremental clustering, grouping for a run, and batch runs on Dask."""

from __future__ import annotations

from newsprism.stories.clusterer import Change, ClusterParams, StoryClusterer
from newsprism.stories.group import group_stories

__all__ = ["Change", "ClusterParams", "StoryClusterer", "group_stories"]
