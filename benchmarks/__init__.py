"""Benchmarks of ALIS Desktop: `python -m benchmarks` (see docs/performance.md)."""
