"""The parts of ``benchmarks/vrptw.py``: the cases, the solvers, the report."""
