"""Bursty Ray training workload: a deterministic load pattern that exercises cluster autoscaling.

Pure parts (plan, stats, argument checks, training maths) import neither Ray nor torch, so they
test in milliseconds; only `driver` touches Ray.
"""

SCHEMA_VERSION = 1
