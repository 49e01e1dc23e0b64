"""Benchmarks for Continuity: ``python -m bench`` (or ``make bench``).

Every figure is printed beside a raw-SQLite baseline measured in the same run, on the same disk:
test laptops and CI machines are noisy, so a ratio says more than one absolute time.
Timing never fails the run; the targets are printed as PASS/MISS for a human to read.
"""
