import os

# Tests must not reach the network: Ray's usage-stats report is the one call it would make.
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
