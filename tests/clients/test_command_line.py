"""The `dynemu` command line: its options (dynemu's and DynamoDB Local's spellings), persistence
of a file database across restarts, transient statuses, CORS, and a clean stop on SIGINT/SIGTERM.

Run under run_with_dynemu.py, which exports DYNEMU_BINARY; each test starts its own dynemu
processes on free ports (the runner's server is not used).
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import unittest

AUTH = ("AWS4-HMAC-SHA256 Credential=AKIDTEST/20240101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=00")


def setUpModule():
    if not os.environ.get("DYNEMU_BINARY"):
        raise unittest.SkipTest("DYNEMU_BINARY is not set: run under run_with_dynemu.py")


def binary():
    return os.environ["DYNEMU_BINARY"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, op, body, method="POST", headers=None, service="DynamoDB_20120810"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    h = {"X-Amz-Target": f"{service}.{op}", "Content-Type": "application/x-amz-json-1.0",
         "Authorization": AUTH, "X-Amz-Date": "20240101T000000Z"}
    h.update(headers or {})
    conn.request(method, "/", body=json.dumps(body) if body is not None else None, headers=h)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), (json.loads(data) if data else None)


class Dynemu:
    """One dynemu process on a free port, started with `args`."""

    def __init__(self, *args, port_flag="--port"):
        self.port = free_port()
        self.proc = subprocess.Popen([binary(), port_flag, str(self.port), *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise AssertionError(f"dynemu {args} did not start")

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=10)
        finally:
            self.proc.stdout.close()
            self.proc.stderr.close()


TABLE = {"TableName": "CliOptions", "BillingMode": "PAY_PER_REQUEST",
         "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}
ITEM = {"id": {"S": "kept"}, "n": {"N": "42"}}


class CommandLine(unittest.TestCase):
    maxDiff = None

    def run_binary(self, *args):
        return subprocess.run([binary(), *args], capture_output=True, text=True, timeout=10)

    def test_help_and_version(self):
        r = self.run_binary("--help")
        self.assertEqual(r.returncode, 0)
        for option in ("--port", "--host", "--db", "--in-memory", "--version", "-inMemory", "-dbPath",
                       "-sharedDb", "-cors", "-delayTransientStatuses", "--cache-mb",
                       "--stream-shard-rotation-seconds", "--no-console"):
            self.assertIn(option, r.stdout)
        r = self.run_binary("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^dynemu \d+\.\d+\.\d+")

    def test_bad_options_exit_2(self):
        for args in (["--no-such-option"], ["--port"], ["--port", "http"], ["-port", "70000"],
                     ["--cache-mb", "0"], ["--cache-mb", "lots"],
                     ["--stream-shard-rotation-seconds", "0"], ["--stream-shard-rotation-seconds", "soon"],
                     ["--isolate", "regions"], ["--isolate", "region,region"], ["--isolate", "region,"],
                     ["--isolate"]):
            r = self.run_binary(*args)
            self.assertEqual(r.returncode, 2, f"{args}: {r.stderr}")
            self.assertIn("dynemu:", r.stderr)

    def test_file_database_survives_sigint_restart(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "data.db")
            server = Dynemu("--db", path, "--cache-mb", "4")
            try:
                self.assertEqual(call(server.port, "CreateTable", TABLE)[0], 200)
                self.assertEqual(call(server.port, "PutItem", {"TableName": "CliOptions", "Item": ITEM})[0], 200)
            finally:
                self.assertEqual(server.stop(signal.SIGINT), 0)
            server = Dynemu("--db", path)
            try:
                status, _, body = call(server.port, "GetItem", {"TableName": "CliOptions", "Key": {"id": {"S": "kept"}}})
                self.assertEqual((status, body), (200, {"Item": ITEM}))
            finally:
                self.assertEqual(server.stop(), 0)

    def test_port_in_use_is_an_error_at_start(self):
        # A second server on a port already served must not bind it too (the kernel would split
        # connections between two databases); it exits with a clear message and the first serves on.
        first = Dynemu("--in-memory")
        try:
            self.assertEqual(call(first.port, "CreateTable", TABLE)[0], 200)
            r = self.run_binary("--port", str(first.port), "--in-memory")
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn(f"cannot listen on 127.0.0.1:{first.port}: the port is already in use", r.stderr)
            for _ in range(20):  # every new connection still reaches the first server's database
                status, _, body = call(first.port, "ListTables", {})
                self.assertEqual((status, body["TableNames"]), (200, ["CliOptions"]))
        finally:
            self.assertEqual(first.stop(), 0)

    def test_file_database_keeps_streams_across_restart(self):
        streams = lambda port, op, body: call(port, op, body, service="DynamoDBStreams_20120810")
        table = dict(TABLE, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "streams.db")
            server = Dynemu("--db", path)
            try:
                status, _, created = call(server.port, "CreateTable", table)
                self.assertEqual(status, 200)
                arn = created["TableDescription"]["LatestStreamArn"]
                self.assertEqual(call(server.port, "PutItem", {"TableName": "CliOptions", "Item": ITEM})[0], 200)
            finally:
                self.assertEqual(server.stop(), 0)
            server = Dynemu("--db", path)
            try:
                status, _, listed = streams(server.port, "ListStreams", {"TableName": "CliOptions"})
                self.assertEqual(status, 200)
                self.assertEqual([s["StreamArn"] for s in listed["Streams"]], [arn])
                shard = streams(server.port, "DescribeStream", {"StreamArn": arn})[2]["StreamDescription"]["Shards"][0]
                status, _, it = streams(server.port, "GetShardIterator",
                                        {"StreamArn": arn, "ShardId": shard["ShardId"],
                                         "ShardIteratorType": "TRIM_HORIZON"})
                self.assertEqual(status, 200)
                status, _, records = streams(server.port, "GetRecords", {"ShardIterator": it["ShardIterator"]})
                self.assertEqual(status, 200)
                self.assertEqual([(r["eventName"], r["dynamodb"]["NewImage"]) for r in records["Records"]],
                                 [("INSERT", ITEM)])
                # The change log goes on where it stopped: a later change follows with a greater number.
                self.assertEqual(call(server.port, "DeleteItem", {"TableName": "CliOptions",
                                                                   "Key": {"id": ITEM["id"]}})[0], 200)
                status, _, more = streams(server.port, "GetRecords", {"ShardIterator": records["NextShardIterator"]})
                self.assertEqual([r["eventName"] for r in more["Records"]], ["REMOVE"])
                self.assertGreater(int(more["Records"][0]["dynamodb"]["SequenceNumber"]),
                                   int(records["Records"][0]["dynamodb"]["SequenceNumber"]))
            finally:
                self.assertEqual(server.stop(), 0)

    def test_dynamodb_local_spellings(self):
        with tempfile.TemporaryDirectory() as d:
            server = Dynemu("-dbPath", d, "-sharedDb", "-cors", "*", port_flag="-port")
            try:
                self.assertEqual(call(server.port, "CreateTable", TABLE)[0], 200)
                status, headers, _ = call(server.port, "ListTables", None, method="OPTIONS",
                                          headers={"Origin": "http://app.local",
                                                   "Access-Control-Request-Method": "POST"})
                self.assertEqual(status, 200)
                self.assertEqual(headers.get("access-control-allow-origin"), "*")
            finally:
                self.assertEqual(server.stop(), 0)
            # -dbPath DIR keeps DynamoDB Local's file name.
            self.assertTrue(os.path.exists(os.path.join(d, "shared-local-instance.db")))

    def test_console_is_served_unless_no_console(self):
        def get(port, path):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            r = conn.getresponse()
            data = r.read().decode()
            conn.close()
            return r.status, data

        server = Dynemu("--in-memory")
        try:
            status, page = get(server.port, "/_dynemu/console")
            self.assertEqual(status, 200)
            self.assertIn("/_dynemu/console/console.js", page)
        finally:
            self.assertEqual(server.stop(), 0)
        server = Dynemu("--in-memory", "--no-console")
        try:
            self.assertEqual(get(server.port, "/_dynemu/console"),
                             (404, '{"__type":"com.amazon.coral.service#UnknownOperationException"}'))
            self.assertEqual(get(server.port, "/"), (200, "healthy: 127.0.0.1 "))
            self.assertEqual(get(server.port, "/_dynemu/health")[0], 200)
        finally:
            self.assertEqual(server.stop(), 0)

    def test_in_memory_keeps_nothing(self):
        with tempfile.TemporaryDirectory() as d:
            server = Dynemu("-inMemory", "--db", os.path.join(d, "unused.db"))
            try:
                self.assertEqual(call(server.port, "CreateTable", TABLE)[0], 200)
            finally:
                self.assertEqual(server.stop(), 0)
            self.assertEqual(os.listdir(d), [])

    def test_delay_transient_statuses(self):
        server = Dynemu("--in-memory", "-delayTransientStatuses")
        try:
            status, _, body = call(server.port, "CreateTable", TABLE)
            self.assertEqual(status, 200)
            self.assertEqual(body["TableDescription"]["TableStatus"], "CREATING")
            deadline = time.time() + 10
            while time.time() < deadline:
                table = call(server.port, "DescribeTable", {"TableName": "CliOptions"})[2]["Table"]
                if table["TableStatus"] == "ACTIVE":
                    break
                time.sleep(0.1)
            self.assertEqual(table["TableStatus"], "ACTIVE")
        finally:
            self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
