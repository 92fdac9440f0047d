"""Where the metrics JSON goes: a local file, or S3 through boto3 (the pod's IRSA role supplies
the credentials, so nothing here reads keys)."""

from __future__ import annotations

import json
import os
from typing import Any

S3_PREFIX = "s3://"


def parse_s3_url(url: str) -> tuple[str, str]:
    rest = url[len(S3_PREFIX) :] if url.startswith(S3_PREFIX) else ""
    bucket, _, key = rest.partition("/")
    if not bucket or not key or key.endswith("/"):
        raise ValueError(f"invalid value {url!r}: allowed s3://<bucket>/<key> naming an object")
    return bucket, key


def write_metrics(metrics: dict, destination: str, s3_client: Any = None) -> str:
    """Writes the metrics and returns where they went. `s3_client` replaces boto3's client (tests
    only: S3 itself cannot be reached from them)."""
    body = json.dumps(metrics, indent=2, sort_keys=True) + "\n"
    if not destination.startswith(S3_PREFIX):
        parent = os.path.dirname(os.path.abspath(destination))
        os.makedirs(parent, exist_ok=True)
        with open(destination, "w", encoding="utf-8") as handle:
            handle.write(body)
        return destination
    bucket, key = parse_s3_url(destination)
    if s3_client is None:
        try:
            import boto3
        except ImportError:
            raise RuntimeError(
                f"--metrics-out {destination} needs boto3, which is not installed; "
                "install it (pip install boto3) or write to a local path"
            ) from None
        s3_client = boto3.client("s3")
    s3_client.put_object(Bucket=bucket, Key=key, Body=body.encode(), ContentType="application/json")
    return destination
