"""What the boto3 client suites share: the endpoint check, clients that never retry, unique names,
the server clock.

The suites run under run_with_dynemu.py, which starts dynemu and exports AWS_ENDPOINT_URL_DYNAMODB
and fake credentials; boto3 finds the endpoint through that variable.
"""

import json
import os
import unittest
import urllib.request
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"


def require_endpoint():
    """For setUpModule: skip the suite when it is not run under run_with_dynemu.py."""
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):
        raise unittest.SkipTest("AWS_ENDPOINT_URL_DYNAMODB is not set: run under run_with_dynemu.py")


def config(pool=10):
    # No retries: an error must surface as the server sent it, and fast.
    # botocore: max_attempts counts retries, total_max_attempts counts every attempt; 1 means none.
    return Config(region_name=REGION, retries={"total_max_attempts": 1, "mode": "standard"},
                  connect_timeout=10, read_timeout=60, max_pool_connections=pool)


def client(pool=10):
    return boto3.client("dynamodb", region_name=REGION, config=config(pool))


def resource(pool=10):
    return boto3.resource("dynamodb", region_name=REGION, config=config(pool))


def unique(prefix):
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def delete_table_quietly(ddb, name):
    """For tearDownClass: drop the suite's table; a table already gone is fine."""
    try:
        ddb.delete_table(TableName=name)
    except ClientError:
        pass


def error_of(call):
    """The (code, message) of the ClientError `call()` raises; fails when it raises none."""
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError("no error")


def server_clock(change=None):
    """dynemu's clock (GET /_dynemu/clock), after `change` ({"advance": seconds}, {"now": ...}) when given."""
    request = urllib.request.Request(os.environ["AWS_ENDPOINT_URL_DYNAMODB"] + "/_dynemu/clock",
                                     method="GET" if change is None else "POST",
                                     data=None if change is None else json.dumps(change).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())
