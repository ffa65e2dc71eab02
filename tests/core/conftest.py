from hypothesis import settings

# `make mutation` runs these tests once per mutant, two at a time on a shared machine: timings
# there say nothing about the code, and a mutant must be judged the same way on every run.
settings.register_profile("mutation", deadline=None, derandomize=True, print_blob=False)
