"""Hypothesis runs the same examples on a busy 2-core CI machine as on a laptop: no per-example
time limit (a slow example is not a wrong one), and a fixed seed database in the tree is not
kept."""

from hypothesis import settings

settings.register_profile("send-redress", deadline=None, database=None)
settings.load_profile("send-redress")

# `make mutation` runs these tests once per mutant (pyproject.toml picks this profile): a mutant
# must be judged by the same examples on every run.
settings.register_profile("mutation", deadline=None, database=None, derandomize=True)
