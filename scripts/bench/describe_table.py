#!/usr/bin/env python3
"""DescribeTable of a large table with secondary indexes of every projection type.

Usage: scripts/bench/describe_table.py [BUILD_DIR] [--items N] [--rounds R] [--binary PATH ...]

Starts each dynemu binary (default BUILD_DIR/emulator/dynemu, default <repo>/build; give --binary
more than once to compare builds in the same run) in memory on a free port, and creates four tables
of N items (default 100,000; BatchWriteItem, ~200-byte items): one without indexes and one each
with a GSI projecting ALL, KEYS_ONLY and INCLUDE (one non-key attribute). DescribeTable counts a
table and its indexes live (ItemCount, TableSizeBytes, IndexSizeBytes), so its time grows with the
table: this is what an SDK's table waiter, Terraform's refresh or the fixtures' start pay for it.
Prints the median and the best of R calls (default 7) per table and binary, and checks that every
binary answers the same counters.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

from getrecords import Client

PROJECTIONS = [("Plain", None), ("All", {"ProjectionType": "ALL"}), ("KeysOnly", {"ProjectionType": "KEYS_ONLY"}),
               ("Include", {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["email"]})]


def item(i):
    return {"pk": {"S": "user-%06d" % i}, "owner": {"S": "owner-%03d" % (i % 500)},
            "name": {"S": "User %d" % i}, "email": {"S": "user%d@example.com" % i},
            "age": {"N": str(18 + i % 60)}, "bio": {"S": "x" * 100}}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary):
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--in-memory"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server, Client(port)
        except OSError:
            time.sleep(0.05)
    server.kill()
    sys.exit(f"describe_table: {binary} did not start")


def create(c, name, projection, items):
    request = {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}
    if projection:
        request["AttributeDefinitions"].append({"AttributeName": "owner", "AttributeType": "S"})
        request["GlobalSecondaryIndexes"] = [{"IndexName": "ByOwner", "Projection": projection,
                                              "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}]}]
    c.ddb("CreateTable", request)
    for lo in range(0, items, 25):
        c.ddb("BatchWriteItem", {"RequestItems": {name: [
            {"PutRequest": {"Item": item(i)}} for i in range(lo, min(lo + 25, items))]}})


def counters(description):
    t = description["Table"]
    out = [t["ItemCount"], t["TableSizeBytes"]]
    for index in t.get("GlobalSecondaryIndexes", []):
        out += [index["ItemCount"], index["IndexSizeBytes"]]
    return out


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p = argparse.ArgumentParser()
    p.add_argument("build_dir", nargs="?", default=os.path.join(repo, "build"))
    p.add_argument("--items", type=int, default=100000)
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--binary", action="append", default=[])
    a = p.parse_args()
    binaries = a.binary or [os.path.join(a.build_dir, "emulator", "dynemu")]
    answers = {}
    print(f"DescribeTable, {a.items} items, median (best) of {a.rounds} calls:")
    for binary in binaries:
        server, c = start(binary)
        try:
            for name, projection in PROJECTIONS:
                create(c, name, projection, a.items)
            for name, _ in PROJECTIONS:
                times = []
                for _ in range(a.rounds):
                    t = time.perf_counter()
                    described = c.ddb("DescribeTable", {"TableName": name})
                    times.append((time.perf_counter() - t) * 1000)
                answers.setdefault(name, counters(described))
                if counters(described) != answers[name]:
                    sys.exit(f"describe_table: {binary} counts {name} as {counters(described)}, "
                             f"another binary as {answers[name]}")
                print(f"  {binary}: {name:8s} {statistics.median(times):7.1f} ms ({min(times):.1f} ms)")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
