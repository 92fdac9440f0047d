#!/usr/bin/env python3
"""Bursty Ray training workload: entry point (also the script the Ray Jobs API submits).

Usage: python bursty_training.py [--pattern 2,5,10,8,4,2] [--phase-seconds 60] [--task-seconds 5]
       [--seed 0] [--cpus-per-task 1] [--gpus-per-task 0] [--sample-seconds 5]
       [--metrics-out PATH|s3://bucket/key] [--address ADDRESS] [--dry-run]
See README.md beside this file.
"""

import sys

from bursty.cli import main

if __name__ == "__main__":
    sys.exit(main())
