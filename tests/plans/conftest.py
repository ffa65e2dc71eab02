"""The plan checker's tests (issue 16): no Django; hypothesis as tests/core runs it."""

from hypothesis import settings

settings.register_profile("plans", deadline=None, database=None)
settings.load_profile("plans")
