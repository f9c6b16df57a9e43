# A package, so that with --doctest-modules tests/conftest.py is imported as
# tests.conftest and does not clash with tests/browser/conftest.py ("conftest").
