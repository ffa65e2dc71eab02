"""Hypothesis runs the same examples on a busy 2-core CI machine as on a laptop: no per-example
time limit (a slow example is not a wrong one), and a fixed seed database in the tree is not
kept."""

from hypothesis import settings

settings.register_profile("send-redress", deadline=None, database=None)
settings.load_profile("send-redress")
