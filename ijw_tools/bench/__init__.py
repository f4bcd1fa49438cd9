"""Benchmarks that print figures (never timed tests); results go into docs/benchmarks.md."""
