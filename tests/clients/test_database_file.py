"""What `dynemu --db FILE` does with a file it did not make, or cannot have.

A file that is not SQLite, another program's SQLite database, a corrupt file, one from a newer
dynemu, and one another dynemu holds are each refused at start: the binary exits 1 with a message
naming the reason, the port is never served, and the file is byte-identical afterwards with no
-wal, -shm or -journal file left beside it. A file written by an older dynemu (before the format
stamp; tests/clients/data/dynemu_format0.sql is one, dumped from such a file) opens, serves its
data, and is stamped.

Run under run_with_dynemu.py (which exports DYNEMU_BINARY); the runner's own server is not used.
"""

import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import unittest

import boto3
from botocore.config import Config

from test_durability import Dynemu, free_port

APPLICATION_ID = 0x44594E45  # "DYNE", see emulator/src/store/database_file.h
FORMAT_VERSION = 2  # 2: each table's change log in a table of its own
HERE = os.path.dirname(os.path.abspath(__file__))


def setUpModule():
    if not os.environ.get("DYNEMU_BINARY"):
        raise unittest.SkipTest("DYNEMU_BINARY is not set: run under run_with_dynemu.py")


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def client(endpoint):
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"total_max_attempts": 1}))


def stamp_of(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA application_id").fetchone()[0], con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


class DatabaseFileTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dynemu-dbfile-")
        self.db = os.path.join(self.dir, "data.db")
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            s.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def server(self, *args):
        s = Dynemu("--db", self.db, *args)
        self.servers.append(s)
        return s

    def siblings(self):
        return sorted(n for n in os.listdir(self.dir) if n.startswith("data.db"))

    def assert_refused(self, reason, port=None):
        """Starts dynemu on self.db; it must exit 1 saying `reason`, not serve, and not touch the file."""
        before, files = digest(self.db), self.siblings()
        port = port or free_port()
        r = subprocess.run([os.environ["DYNEMU_BINARY"], "--port", str(port), "--db", self.db],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(f"dynemu: refusing database {self.db}: {reason}", r.stderr)
        self.assertIn("the file was left as it was", r.stderr)
        self.assertNotIn("listening on", r.stderr)
        with socket.socket() as s:
            self.assertNotEqual(s.connect_ex(("127.0.0.1", port)), 0, "the refused server served its port")
        self.assertEqual(digest(self.db), before, "the refused file was modified")
        self.assertEqual(self.siblings(), files, "a refused start left files beside the database")
        return r.stderr

    def dynemu_file_with_items(self, count=300):
        dynemu = self.server().start()
        ddb = client(dynemu.endpoint)
        ddb.create_table(TableName="Things", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        for i in range(count):
            ddb.put_item(TableName="Things", Item={"pk": {"S": f"item-{i}"}, "data": {"S": "x" * 400}})
        dynemu.stop()
        self.assertEqual(self.siblings(), ["data.db"])  # a clean stop checkpoints and removes the WAL
        return ddb

    def test_a_file_that_is_not_sqlite_is_refused_untouched(self):
        with open(self.db, "w") as f:
            f.write("name,balance\nann,10\n" * 200)
        self.assert_refused("it is not an SQLite database")

    def test_another_programs_sqlite_database_is_refused_untouched(self):
        con = sqlite3.connect(self.db)
        con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        con.execute("INSERT INTO users (name) VALUES ('ann')")
        con.commit()
        con.close()
        self.assert_refused("it is another program's SQLite database (it holds table 'users'")

    def test_another_programs_wal_database_is_refused_without_a_wal_left_behind(self):
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("PRAGMA journal_mode=WAL").fetchone()[0], "wal")
        con.execute("CREATE TABLE t1 (x)")  # a name dynemu uses too, but no dynemu_catalog
        con.commit()
        con.close()
        self.assertEqual(self.siblings(), ["data.db"])
        self.assert_refused("it is another program's SQLite database (it has no dynemu_catalog)")

    def test_a_file_stamped_by_another_program_is_refused_untouched(self):
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA application_id=305419896")  # 0x12345678
        con.commit()
        con.close()
        self.assert_refused("it is another program's SQLite database (application_id 0x12345678)")

    def test_a_corrupt_dynemu_file_is_refused_untouched(self):
        self.dynemu_file_with_items()
        size = os.path.getsize(self.db)
        self.assertGreater(size, 20 * 4096)
        with open(self.db, "r+b") as f:  # scribble over a page in the middle of the item B-tree
            f.seek((size // 4096 // 2) * 4096)
            f.write(bytes(range(256)) * 16)
        self.assert_refused("it is corrupt")

    def test_a_truncated_dynemu_file_is_refused_untouched(self):
        self.dynemu_file_with_items()
        with open(self.db, "r+b") as f:
            f.truncate(os.path.getsize(self.db) // 2)
        self.assert_refused("it is corrupt")

    def test_a_file_from_a_newer_dynemu_is_refused_untouched(self):
        self.dynemu_file_with_items(count=1)
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA user_version=99")
        con.commit()
        con.close()
        self.assert_refused(f"it was written by a newer dynemu (file format 99; this dynemu reads formats up to "
                            f"{FORMAT_VERSION})")

    def test_a_second_server_on_the_same_file_is_refused(self):
        first = self.server().start()
        ddb = client(first.endpoint)
        ddb.create_table(TableName="Things", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        ddb.put_item(TableName="Things", Item={"pk": {"S": "kept"}})
        # The file changes under the first server, so compare what it serves, not bytes.
        second_port = free_port()
        r = subprocess.run([os.environ["DYNEMU_BINARY"], "--port", str(second_port), "--db", self.db],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(f"dynemu: refusing database {self.db}: it is in use by another dynemu", r.stderr)
        with socket.socket() as s:
            self.assertNotEqual(s.connect_ex(("127.0.0.1", second_port)), 0)
        # The first one never noticed: it keeps serving and writing.
        ddb.put_item(TableName="Things", Item={"pk": {"S": "after"}})
        keys = {i["pk"]["S"] for i in ddb.scan(TableName="Things")["Items"]}
        self.assertEqual(keys, {"kept", "after"})
        self.assertNotIn("data.db-shm", self.siblings())  # the WAL index is in the first server's memory
        first.stop()
        # Once the first has stopped the file is free again.
        third = self.server().start()
        self.assertEqual({i["pk"]["S"] for i in client(third.endpoint).scan(TableName="Things")["Items"]},
                         {"kept", "after"})

    def test_a_new_file_is_stamped_and_a_stamped_file_reopens(self):
        dynemu = self.server().start()
        client(dynemu.endpoint).list_tables()
        dynemu.stop()
        self.assertEqual(stamp_of(self.db), (APPLICATION_ID, FORMAT_VERSION))
        dynemu.start()
        self.assertEqual(client(dynemu.endpoint).list_tables()["TableNames"], [])

    def test_a_file_from_before_the_stamp_opens_and_is_stamped(self):
        # What dynemu wrote before the format stamp, rebuilt from its dump (in WAL mode, as dynemu left it).
        con = sqlite3.connect(self.db)
        with open(os.path.join(HERE, "data", "dynemu_format0.sql")) as f:
            con.executescript(f.read())
        self.assertEqual(con.execute("PRAGMA journal_mode=WAL").fetchone()[0], "wal")
        con.close()
        self.assertEqual(stamp_of(self.db), (0, 0))

        dynemu = self.server().start()
        ddb = client(dynemu.endpoint)
        table = ddb.describe_table(TableName="Orders")["Table"]
        self.assertEqual(table["ItemCount"], 3)
        self.assertEqual(table["StreamSpecification"], {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        first = ddb.get_item(TableName="Orders", Key={"pk": {"S": "CUSTOMER#ann"}, "sk": {"N": "0"}})["Item"]
        self.assertEqual(first["total"], {"N": "15"})
        shipped = ddb.query(TableName="Orders", IndexName="ByStatus", KeyConditionExpression="#s = :s",
                            ExpressionAttributeNames={"#s": "status"},
                            ExpressionAttributeValues={":s": {"S": "SHIPPED"}})["Items"]
        self.assertEqual([i["sk"] for i in shipped], [{"N": "2"}])
        ttl = ddb.describe_time_to_live(TableName="Orders")["TimeToLiveDescription"]
        self.assertEqual(ttl["AttributeName"], "expires")
        ddb.put_item(TableName="Orders", Item={"pk": {"S": "CUSTOMER#bob"}, "sk": {"N": "0"}, "status": {"S": "OPEN"}})
        dynemu.stop()
        self.assertEqual(stamp_of(self.db), (APPLICATION_ID, FORMAT_VERSION))
        # The old shared change log moved into the table's own, row for row, plus the put above.
        con = sqlite3.connect(self.db)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        self.assertNotIn("dynemu_changes", tables)
        self.assertEqual([r[0] for r in con.execute("SELECT seq FROM dynemu_changes_1 ORDER BY seq")],
                         [1, 2, 3, 4, 5])
        con.close()
        dynemu.start()
        self.assertEqual(client(dynemu.endpoint).describe_table(TableName="Orders")["Table"]["ItemCount"], 4)

    def test_sync_full_is_taken_and_a_bad_mode_is_a_usage_error(self):
        dynemu = self.server("--sync", "full").start()
        client(dynemu.endpoint).list_tables()
        dynemu.stop()
        self.assertIn(f"({self.db}, sync full)".encode(), dynemu.log)
        r = subprocess.run([os.environ["DYNEMU_BINARY"], "--port", str(free_port()), "--db", self.db,
                            "--sync", "sometimes"], capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("invalid --sync mode (normal or full): sometimes", r.stderr)


if __name__ == "__main__":
    unittest.main()
