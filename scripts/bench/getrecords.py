#!/usr/bin/env python3
"""GetRecords throughput: read a DynamoDB stream in 1,000-record pages.

Usage: scripts/bench/getrecords.py [BUILD_DIR] [--records N] [--rounds R]

Starts BUILD_DIR/emulator/dynemu (default <repo>/build) in memory on a free port, creates a table
with a NEW_AND_OLD_IMAGES stream, writes N items (default 50,000; BatchWriteItem, ~150-byte items
like putitem.lua's, then each overwritten once so half the records carry two images), and reads the
whole stream R times (default 3) from TRIM_HORIZON with GetRecords Limit=1000 over one keep-alive
connection. Prints records/s and pages/s of the best round, and the p50/p99 time of one page.
"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time

AUTH = ("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123")


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, target, payload):
        body = json.dumps(payload, separators=(",", ":")).encode()
        self.conn.request("POST", "/", body=body, headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target,
            "Authorization": AUTH, "X-Amz-Date": "20240101T000000Z"})
        r = self.conn.getresponse()
        data = r.read()
        out = json.loads(data)
        if r.status != 200:
            sys.exit(f"getrecords: {target} failed: {r.status} {out}")
        return out, len(data)

    def ddb(self, op, payload):
        return self.call("DynamoDB_20120810." + op, payload)[0]

    def streams(self, op, payload):
        return self.call("DynamoDBStreams_20120810." + op, payload)


def item(i, version):
    return {"pk": {"S": "user-%05d" % i}, "name": {"S": "User %d" % i}, "email": {"S": "user%d@example.com" % i},
            "age": {"N": str(18 + (i + version) % 60)}, "tags": {"SS": ["a", "b"]}}


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p = argparse.ArgumentParser()
    p.add_argument("build_dir", nargs="?", default=os.path.join(repo, "build"))
    p.add_argument("--records", type=int, default=50000)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([os.path.join(a.build_dir, "emulator", "dynemu"), "--port", str(port), "--in-memory"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        c = Client(port)
        arn = c.ddb("CreateTable", {
            "TableName": "BenchStream", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
        })["TableDescription"]["LatestStreamArn"]
        n = a.records // 2
        for version in (0, 1):
            for lo in range(0, n, 25):
                c.ddb("BatchWriteItem", {"RequestItems": {"BenchStream": [
                    {"PutRequest": {"Item": item(i, version)}} for i in range(lo, min(lo + 25, n))]}})
        shard = c.streams("DescribeStream", {"StreamArn": arn})[0]["StreamDescription"]["Shards"][0]["ShardId"]
        best = None
        for _ in range(a.rounds):
            it = c.streams("GetShardIterator", {"StreamArn": arn, "ShardId": shard,
                                                "ShardIteratorType": "TRIM_HORIZON"})[0]["ShardIterator"]
            records = pages = size = 0
            times = []
            t0 = time.perf_counter()
            while True:
                t = time.perf_counter()
                out, nbytes = c.streams("GetRecords", {"ShardIterator": it, "Limit": 1000})
                times.append(time.perf_counter() - t)
                if not out["Records"]:
                    break
                records += len(out["Records"])
                pages += 1
                size += nbytes
                it = out["NextShardIterator"]
            dt = time.perf_counter() - t0
            if best is None or dt < best[0]:
                best = (dt, records, pages, size, sorted(times))
        dt, records, pages, size, times = best
        assert records == 2 * n, (records, n)
        print(f"GetRecords, Limit 1000, NEW_AND_OLD_IMAGES, {records} records in {pages} pages "
              f"({size / pages / 1024:.0f} KiB per page), best of {a.rounds}:")
        print(f"  {records / dt:,.0f} records/s, {pages / dt:,.1f} pages/s; one page p50 "
              f"{times[len(times) // 2] * 1000:.1f} ms, p99 {times[int(len(times) * 0.99)] * 1000:.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
