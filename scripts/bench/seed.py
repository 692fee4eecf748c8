#!/usr/bin/env python3
"""Seed a DynamoDB-compatible endpoint with the benchmark table.

Usage: seed.py ENDPOINT [--items N] [--table NAME]

Creates NAME (hash key pk, S; on-demand) and puts N items user-00000 .. with PutItem over one
keep-alive HTTP connection (raw JSON 1.0 requests, no SDK: seeding 10k items takes seconds).
The item shape matches getitem.lua/putitem.lua and bare_server's fixed response.
"""
import argparse
import http.client
import json
import sys
import time
import urllib.parse

AUTH = ("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123")


class Client:
    def __init__(self, endpoint):
        u = urllib.parse.urlsplit(endpoint)
        self.host, self.port = u.hostname, u.port or 80
        self.conn = None

    def call(self, op, payload):
        body = json.dumps(payload, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810." + op,
                   "Authorization": AUTH, "X-Amz-Date": "20240101T000000Z"}
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request("POST", "/", body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                return r.status, json.loads(data) if data else {}
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise


def item(i):
    return {"pk": {"S": "user-%05d" % i}, "name": {"S": "User %d" % i},
            "email": {"S": "user%d@example.com" % i}, "age": {"N": str(18 + i % 60)},
            "tags": {"SS": ["a", "b"]}}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("endpoint")
    p.add_argument("--items", type=int, default=10000)
    p.add_argument("--table", default="BenchTable")
    a = p.parse_args()
    c = Client(a.endpoint)
    status, out = c.call("CreateTable", {
        "TableName": a.table,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST"})
    if status != 200 and "ResourceInUseException" not in str(out.get("__type")):
        sys.exit(f"seed: CreateTable failed: {status} {out}")
    t0 = time.monotonic()
    for i in range(a.items):
        status, out = c.call("PutItem", {"TableName": a.table, "Item": item(i)})
        if status != 200:
            sys.exit(f"seed: PutItem {i} failed: {status} {out}")
    dt = time.monotonic() - t0
    status, out = c.call("GetItem", {"TableName": a.table, "Key": {"pk": {"S": "user-%05d" % (a.items - 1)}}})
    if status != 200 or "Item" not in out:
        sys.exit(f"seed: read-back failed: {status} {out}")
    print(f"seeded {a.items} items into {a.table} in {dt:.2f} s ({a.items / dt:.0f} puts/s, one connection)")


if __name__ == "__main__":
    main()
