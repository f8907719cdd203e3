"""Benchmarks of trainer: each figure measured as a ratio to a baseline timed in the same run.

Run `python -m bench` from the checkout; it prints the table and writes bench/RESULTS.md.
"""
