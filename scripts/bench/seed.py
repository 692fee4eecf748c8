#!/usr/bin/env python3
"""Seed a DynamoDB-compatible endpoint with the benchmark tables.

Usage: seed.py ENDPOINT [--items N] [--table NAME] [--query-table NAME] [--stream-table NAME] [--pitr-table NAME]
               [--processes P]

Creates NAME (hash key pk, S) holding N items user-00000.. (the shape getitem.lua, putitem.lua and
updateitem.lua use, and bare_server's fixed response), STREAM_TABLE (when given: the same items in a
table with a NEW_AND_OLD_IMAGES stream, for putitemstream.lua), PITR_TABLE (when given: the same items in
a table with point-in-time recovery enabled, for putitempitr.lua and updateitempitr.lua), and, unless --query-table is empty,
QUERY_TABLE (pk S, sk N) holding N items in partitions of PARTITION_SIZE (100) items: query.lua reads
25-item pages from a random partition. Items go in with BatchWriteItem (25 per request) from P
processes over keep-alive connections (raw JSON 1.0, no SDK), falling back to PutItem when the
endpoint does not know BatchWriteItem.
"""
import argparse
import http.client
import json
import multiprocessing
import sys
import time
import urllib.parse

AUTH = ("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123")
PARTITION_SIZE = 100


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
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
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


def query_item(i):
    return {"pk": {"S": "p-%05d" % (i // PARTITION_SIZE)}, "sk": {"N": str(i % PARTITION_SIZE)},
            "payload": {"S": "x" * 64}, "n": {"N": str(i)}}


def create(c, table, key_schema, attrs, stream_view_type=None):
    request = {"TableName": table, "AttributeDefinitions": attrs, "KeySchema": key_schema,
               "BillingMode": "PAY_PER_REQUEST"}
    if stream_view_type:
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream_view_type}
    status, out = c.call("CreateTable", request)
    if status != 200 and "ResourceInUseException" not in str(out.get("__type")):
        sys.exit(f"seed: CreateTable {table} failed: {status} {out}")


def write_range(args):
    endpoint, table, kind, lo, hi = args
    c = Client(endpoint)
    make = item if kind == "item" else query_item
    i = lo
    while i < hi:
        batch = [{"PutRequest": {"Item": make(j)}} for j in range(i, min(i + 25, hi))]
        status, out = c.call("BatchWriteItem", {"RequestItems": {table: batch}})
        if status == 400 and "UnknownOperation" in str(out.get("__type")):
            for r in batch:
                status, out = c.call("PutItem", {"TableName": table, "Item": r["PutRequest"]["Item"]})
                if status != 200:
                    return f"PutItem failed: {status} {out}"
        elif status != 200:
            return f"BatchWriteItem failed: {status} {out}"
        else:
            left = out.get("UnprocessedItems", {}).get(table, [])
            while left:  # a peer may defer part of a batch; resend it
                status, out = c.call("BatchWriteItem", {"RequestItems": {table: left}})
                if status != 200:
                    return f"BatchWriteItem failed: {status} {out}"
                left = out.get("UnprocessedItems", {}).get(table, [])
        i += 25
    return None


def fill(endpoint, table, kind, n, processes):
    step = (n + processes - 1) // processes
    jobs = [(endpoint, table, kind, lo, min(lo + step, n)) for lo in range(0, n, step)]
    with multiprocessing.Pool(len(jobs)) as pool:
        for err in pool.imap_unordered(write_range, jobs):
            if err:
                sys.exit(f"seed: {table}: {err}")


def probe(endpoint):
    """Exit 0 when the endpoint answers ListTables (used to wait for servers without a health line)."""
    try:
        status, _ = Client(endpoint).call("ListTables", {})
    except OSError:
        sys.exit(1)
    sys.exit(0 if status == 200 else 1)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        probe(sys.argv[2])
    p = argparse.ArgumentParser()
    p.add_argument("endpoint")
    p.add_argument("--items", type=int, default=10000)
    p.add_argument("--table", default="BenchTable")
    p.add_argument("--query-table", default="BenchQuery")
    p.add_argument("--stream-table", default="", help="a table like --table with a NEW_AND_OLD_IMAGES stream")
    p.add_argument("--pitr-table", default="", help="a table like --table with point-in-time recovery enabled")
    p.add_argument("--processes", type=int, default=4)
    a = p.parse_args()
    c = Client(a.endpoint)
    t0 = time.monotonic()
    tables = []
    for table, view, pitr in ((a.table, None, False), (a.stream_table, "NEW_AND_OLD_IMAGES", False),
                              (a.pitr_table, None, True)):
        if not table:
            continue
        create(c, table, [{"AttributeName": "pk", "KeyType": "HASH"}], [{"AttributeName": "pk", "AttributeType": "S"}],
               view)
        if pitr:  # before the items: the history then holds every write, as on a table that always had PITR
            status, out = c.call("UpdateContinuousBackups", {
                "TableName": table, "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}})
            if status != 200:
                sys.exit(f"seed: UpdateContinuousBackups {table} failed: {status} {out}")
        fill(a.endpoint, table, "item", a.items, a.processes)
        status, out = c.call("GetItem", {"TableName": table, "Key": {"pk": {"S": "user-%05d" % (a.items - 1)}}})
        if status != 200 or "Item" not in out:
            sys.exit(f"seed: read-back failed: {status} {out}")
        tables.append(table)
    if a.query_table:
        create(c, a.query_table,
               [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
               [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}])
        fill(a.endpoint, a.query_table, "query", a.items, a.processes)
        tables.append(a.query_table)
    dt = time.monotonic() - t0
    total = a.items * len(tables)
    print(f"seeded {a.items} items into each of {', '.join(tables)} in {dt:.1f} s ({total / dt:.0f} items/s)")


if __name__ == "__main__":
    main()
