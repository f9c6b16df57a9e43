"""Benchmarks for medsearch: speed and size, not correctness.

Run ``python bench/bench.py`` (see its ``--help``). Nothing here is imported
by the product or collected by the test suite; ``tests/test_bench.py`` only
runs the script once on the tiny sample corpus so it cannot rot.
"""
