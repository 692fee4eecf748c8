"""Acknowledged writes to a file database survive a crash, whatever baseline is held.

Each test starts the `dynemu` binary itself on a file database (`--db`, often with `--seed`), makes
writes that dynemu acknowledges (HTTP 200) through boto3, kills it with SIGKILL as a crash or an
out-of-memory kill would, restarts it with the same command line and reads every write back. It
also checks that `POST /_dynemu/reset` after the restart returns to the seed files' state.

Run under run_with_dynemu.py (which exports DYNEMU_BINARY); the runner's own server is not used.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

import boto3
from botocore.config import Config

SEED = {
    "TableName": "App",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                             {"AttributeName": "sk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "BillingMode": "PAY_PER_REQUEST",
}
SEED_ITEMS = {"TableName": "App", "Items": [
    {"pk": "USER#ann", "sk": "PROFILE", "name": "Ann"},
    {"pk": "USER#bob", "sk": "PROFILE", "name": "Bob"},
]}


def setUpModule():
    if not os.environ.get("DYNEMU_BINARY"):
        raise unittest.SkipTest("DYNEMU_BINARY is not set: run under run_with_dynemu.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dynemu:
    """The dynemu binary on a fixed port with a fixed command line, started and killed at will."""

    def __init__(self, *args):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.args = [os.environ["DYNEMU_BINARY"], "--port", str(self.port), *args]
        self.proc = None
        self.log = b""

    def start(self):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"dynemu exited at start ({self.proc.returncode}): "
                                     f"{self.proc.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(self.endpoint + "/", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("dynemu did not start within 10 s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self._reap()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self._reap()

    def _reap(self):
        self.proc.wait(timeout=10)
        self.log += self.proc.stderr.read()
        self.proc.stderr.close()

    def admin(self, method, path):
        # No body: the admin endpoints take a POST or DELETE without one (curl -X POST URL).
        req = urllib.request.Request(self.endpoint + path, method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def client(self):
        return boto3.client("dynamodb", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test",
                            config=Config(retries={"total_max_attempts": 1}))


def item_keys(ddb):
    keys = set()
    for page in ddb.get_paginator("scan").paginate(TableName="App"):
        keys.update((i["pk"]["S"], i["sk"]["S"]) for i in page["Items"])
    return keys


def acknowledged_writes(ddb, tag):
    """PutItem, UpdateItem and TransactWriteItems, each acknowledged; returns the keys they made."""
    ddb.put_item(TableName="App", Item={"pk": {"S": f"USER#{tag}"}, "sk": {"S": "PUT"}})
    ddb.update_item(TableName="App", Key={"pk": {"S": f"USER#{tag}"}, "sk": {"S": "UPDATE"}},
                    UpdateExpression="SET n = :n", ExpressionAttributeValues={":n": {"N": "7"}})
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": "App", "Item": {"pk": {"S": f"USER#{tag}"}, "sk": {"S": "TX1"}}}},
        {"Put": {"TableName": "App", "Item": {"pk": {"S": f"USER#{tag}"}, "sk": {"S": "TX2"}}}},
        {"Update": {"TableName": "App", "Key": {"pk": {"S": "USER#ann"}, "sk": {"S": "PROFILE"}},
                    "UpdateExpression": "SET visits = if_not_exists(visits, :z) + :one",
                    "ExpressionAttributeValues": {":z": {"N": "0"}, ":one": {"N": "1"}}}},
    ])
    return {(f"USER#{tag}", s) for s in ("PUT", "UPDATE", "TX1", "TX2")}


SEEDED = {("USER#ann", "PROFILE"), ("USER#bob", "PROFILE")}


class DurabilityTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dynemu-durability-")
        self.seed_dir = os.path.join(self.dir, "seed")
        os.mkdir(self.seed_dir)
        with open(os.path.join(self.seed_dir, "app.json"), "w") as f:
            json.dump(SEED, f)
        with open(os.path.join(self.seed_dir, "app_items.json"), "w") as f:
            json.dump(SEED_ITEMS, f)
        self.db = os.path.join(self.dir, "dev.db")
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def server(self, *args):
        s = Dynemu(*args)
        self.servers.append(s)
        return s

    def test_seeded_file_database_keeps_acknowledged_writes_after_sigkill(self):
        dynemu = self.server("--db", self.db, "--seed", self.seed_dir).start()
        ddb = dynemu.client()
        self.assertEqual(item_keys(ddb), SEEDED)
        written = acknowledged_writes(ddb, "first")
        dynemu.kill()

        # The same command line starts again on the database that now holds the seeded table.
        dynemu.start()
        ddb = dynemu.client()
        self.assertEqual(item_keys(ddb), SEEDED | written)
        ann = ddb.get_item(TableName="App", Key={"pk": {"S": "USER#ann"}, "sk": {"S": "PROFILE"}})["Item"]
        self.assertEqual(ann["visits"], {"N": "1"})
        # Writes after the restart are durable too (the baseline from the seed files is held again).
        more = acknowledged_writes(ddb, "second")
        dynemu.kill()
        self.assertIn(b"kept their data", dynemu.log)

        dynemu.start()
        ddb = dynemu.client()
        self.assertEqual(item_keys(ddb), SEEDED | written | more)
        # Reset still returns to what the seed files describe.
        self.assertEqual(dynemu.admin("POST", "/_dynemu/reset"), {"restored": "snapshot"})
        self.assertEqual(item_keys(ddb), SEEDED)
        ann = ddb.get_item(TableName="App", Key={"pk": {"S": "USER#ann"}, "sk": {"S": "PROFILE"}})["Item"]
        self.assertNotIn("visits", ann)
        # The reset itself is durable: a crash after it finds the seeded state.
        dynemu.kill()
        dynemu.start()
        self.assertEqual(item_keys(dynemu.client()), SEEDED)

    def test_writes_after_an_admin_snapshot_survive_sigkill(self):
        dynemu = self.server("--db", self.db).start()
        ddb = dynemu.client()
        ddb.create_table(**SEED)
        ddb.put_item(TableName="App", Item={"pk": {"S": "USER#ann"}, "sk": {"S": "PROFILE"}})
        ddb.put_item(TableName="App", Item={"pk": {"S": "USER#bob"}, "sk": {"S": "PROFILE"}})
        self.assertEqual(dynemu.admin("POST", "/_dynemu/snapshot"), {"snapshot": "taken"})
        written = acknowledged_writes(ddb, "after-snapshot")
        dynemu.kill()

        dynemu.start()
        ddb = dynemu.client()
        self.assertEqual(item_keys(ddb), SEEDED | written)
        # The snapshot lived in the killed process; a new one works as before.
        self.assertEqual(dynemu.admin("POST", "/_dynemu/snapshot"), {"snapshot": "taken"})
        ddb.delete_item(TableName="App", Key={"pk": {"S": "USER#ann"}, "sk": {"S": "PROFILE"}})
        self.assertEqual(dynemu.admin("POST", "/_dynemu/reset"), {"restored": "snapshot"})
        self.assertEqual(item_keys(ddb), SEEDED | written)
        self.assertEqual(dynemu.admin("DELETE", "/_dynemu/snapshot"), {"snapshot": "discarded"})

    def test_seed_adds_tables_the_database_lacks_and_keeps_the_rest(self):
        dynemu = self.server("--db", self.db, "--seed", self.seed_dir).start()
        ddb = dynemu.client()
        acknowledged_writes(ddb, "kept")
        dynemu.stop()
        with open(os.path.join(self.seed_dir, "audit.json"), "w") as f:
            json.dump(dict(SEED, TableName="Audit"), f)
        dynemu.start()
        ddb = dynemu.client()
        self.assertEqual(sorted(ddb.list_tables()["TableNames"]), ["App", "Audit"])
        self.assertIn(("USER#kept", "PUT"), item_keys(ddb))
        dynemu.stop()
        self.assertIn(b"seeded the missing Audit", dynemu.log)


if __name__ == "__main__":
    unittest.main()
