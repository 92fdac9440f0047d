import json
import sys

import pytest

from bursty.sink import parse_s3_url, write_metrics


def test_writes_metrics_to_a_local_path_creating_its_folder(tmp_path):
    target = tmp_path / "out" / "metrics.json"

    write_metrics({"schema_version": 1}, str(target))

    assert json.loads(target.read_text()) == {"schema_version": 1}


@pytest.mark.parametrize("url", ["s3://", "s3://bucket", "s3://bucket/", "s3:///key", "s3://bucket/dir/"])
def test_rejects_an_s3_url_that_names_no_object(url):
    with pytest.raises(ValueError, match="s3://<bucket>/<key>"):
        parse_s3_url(url)


def test_s3_destination_without_boto3_fails_with_a_clear_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "boto3", None)  # makes `import boto3` raise ImportError

    with pytest.raises(RuntimeError, match="s3://b/k.json needs boto3"):
        write_metrics({}, "s3://b/k.json")


def test_s3_upload_puts_the_json_object_through_a_fake_s3_client():
    # A fake because S3 itself cannot be reached from tests.
    calls = []

    class FakeS3:
        def put_object(self, **kwargs):
            calls.append(kwargs)

    write_metrics({"seed": 1}, "s3://metrics-bucket/runs/1.json", s3_client=FakeS3())

    assert calls[0]["Bucket"] == "metrics-bucket"
    assert calls[0]["Key"] == "runs/1.json"
    assert json.loads(calls[0]["Body"]) == {"seed": 1}
