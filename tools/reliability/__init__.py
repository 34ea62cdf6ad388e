"""Reliability tooling: mart fingerprints, the analysts' workload and the fault-injection loop."""
