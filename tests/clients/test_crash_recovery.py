"""A file database survives SIGKILL at random moments under a load of acknowledged writes.

The test starts the `dynemu` binary on a file database holding one table with a stream
(NEW_AND_OLD_IMAGES), then, round after round: four client threads write through boto3 (PutItem of
new items, UpdateItem counters, TransactWriteItems that move an amount between accounts and record
the transfer), the server is killed with SIGKILL after a random time, and started again on the
same file. After each restart it checks:

  * every acknowledged write is there, with what was written;
  * the write in flight at the kill (at most one per thread) is applied entirely or not at all:
    each account's balance is its opening balance plus exactly the transfers whose record exists,
    and every transfer acknowledged has its record, so the sum over the accounts is conserved;
  * `PRAGMA integrity_check` is ok on a copy of the killed server's files (the database and its
    WAL, copied so that dynemu itself, not this test, recovers the original);
  * the stream agrees with the items: replaying every shard's records in order (NewImage for
    INSERT/MODIFY) rebuilds exactly the items a Scan returns, and the sequence numbers increase.

CI runs 20 kills (about 30 s). A longer run, documented in README "Durability":
    DYNEMU_CRASH_KILLS=200 DYNEMU_CRASH_LOAD_SECONDS=3 ctest -R client.crash_recovery --timeout 3600
Set DYNEMU_CRASH_SEED to replay a run's random choices (printed at the start).

Run under run_with_dynemu.py (which exports DYNEMU_BINARY); the runner's own server is not used.
"""

import os
import random
import shutil
import sqlite3
import tempfile
import threading
import time
import unittest

from botocore.config import Config
from botocore.exceptions import ClientError
import boto3

from test_durability import Dynemu

TABLE = "Bank"
ACCOUNTS = 8
OPENING_BALANCE = 100
THREADS = 4


def setUpModule():
    if not os.environ.get("DYNEMU_BINARY"):
        raise unittest.SkipTest("DYNEMU_BINARY is not set: run under run_with_dynemu.py")


def client(endpoint):
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test",
                        config=Config(retries={"total_max_attempts": 1}, connect_timeout=2, read_timeout=10))


def account(i):
    return f"acct#{i}"


class Ledger:
    """What the clients know: writes acknowledged, and the ones whose fate the kill left open."""

    def __init__(self):
        self.lock = threading.Lock()
        self.puts = {}               # key -> value, acknowledged
        self.uncertain_puts = {}     # key -> value, in flight at a kill
        self.counters = {}           # counter key -> acknowledged increments (exact after resync)
        self.uncertain_counters = set()
        self.transfers = {}          # marker key -> (from, to, amount), acknowledged as applied
        self.uncertain_transfers = {}
        self.cancelled_transfers = set()  # acknowledged as not applied (condition failed)
        self.acknowledged = 0
        self.unresolved = 0          # writes whose answer the kill took (in flight, or sent after it)
        self.unresolved_applied = 0  # ... of which the restarted server holds the effect


class Writer(threading.Thread):
    """One client: random writes until one fails (the kill) or the round ends."""

    def __init__(self, index, ddb, ledger, rng, stop):
        super().__init__(daemon=True)
        self.index, self.ddb, self.ledger, self.rng, self.stop = index, ddb, ledger, rng, stop
        self.counter_key = f"ctr#{index}"
        self.error = None  # an answer that is not the kill's: the test fails on it

    def run(self):
        try:
            self.write_until_stopped()
        except Exception as e:
            self.error = e

    def write_until_stopped(self):
        while not self.stop.is_set():
            op = self.rng.random()
            serial = f"{self.index}#{self.rng.getrandbits(48):012x}"
            if op < 0.35:
                if not self.put(f"put#{serial}", self.rng.randrange(10 ** 9)):
                    return
            elif op < 0.65:
                if not self.increment():
                    return
            elif not self.transfer(f"tx#{serial}"):
                return

    def acknowledge(self):
        with self.ledger.lock:
            self.ledger.acknowledged += 1

    def put(self, key, value):
        try:
            self.ddb.put_item(TableName=TABLE, Item={"pk": {"S": key}, "v": {"N": str(value)},
                                                      "pad": {"S": "x" * (value % 700)}})
        except ClientError:
            raise  # an error answer: not the kill's doing
        except Exception:  # the connection died with the server: applied or not, never half
            self.ledger.uncertain_puts[key] = value
            return False
        self.ledger.puts[key] = value
        self.acknowledge()
        return True

    def increment(self):
        try:
            self.ddb.update_item(TableName=TABLE, Key={"pk": {"S": self.counter_key}},
                                 UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": {"N": "1"}})
        except ClientError:
            raise
        except Exception:
            self.ledger.uncertain_counters.add(self.counter_key)
            return False
        self.ledger.counters[self.counter_key] = self.ledger.counters.get(self.counter_key, 0) + 1
        self.acknowledge()
        return True

    def transfer(self, marker):
        source, target = self.rng.sample(range(ACCOUNTS), 2)
        amount = self.rng.randint(1, 40)
        record = (source, target, amount)
        try:
            self.ddb.transact_write_items(TransactItems=[
                {"Update": {"TableName": TABLE, "Key": {"pk": {"S": account(source)}},
                            "UpdateExpression": "SET balance = balance - :a",
                            "ConditionExpression": "balance >= :a",
                            "ExpressionAttributeValues": {":a": {"N": str(amount)}}}},
                {"Update": {"TableName": TABLE, "Key": {"pk": {"S": account(target)}},
                            "UpdateExpression": "SET balance = balance + :a",
                            "ExpressionAttributeValues": {":a": {"N": str(amount)}}}},
                {"Put": {"TableName": TABLE, "Item": {"pk": {"S": marker}, "from": {"N": str(source)},
                                                      "to": {"N": str(target)}, "amount": {"N": str(amount)}},
                         "ConditionExpression": "attribute_not_exists(pk)"}},
            ])
        except ClientError as e:
            if e.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            self.ledger.cancelled_transfers.add(marker)  # acknowledged: nothing applied
            self.acknowledge()
            return True
        except Exception:
            self.ledger.uncertain_transfers[marker] = record
            return False
        self.ledger.transfers[marker] = record
        self.acknowledge()
        return True


def scan_items(ddb):
    items = {}
    for page in ddb.get_paginator("scan").paginate(TableName=TABLE, ConsistentRead=True):
        for item in page["Items"]:
            items[item["pk"]["S"]] = item
    return items


def replay_stream(test, ddb, streams):
    """The items the stream's records rebuild, shard by shard in order; checks sequence numbers."""
    arn = ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shards, start = [], None
    while True:
        kwargs = {"StreamArn": arn, **({"ExclusiveStartShardId": start} if start else {})}
        description = streams.describe_stream(**kwargs)["StreamDescription"]
        shards += description["Shards"]
        start = description.get("LastEvaluatedShardId")
        if not start:
            break
    items, records, last_sequence = {}, 0, -1
    for shard in shards:  # parents before children: DescribeStream lists them in creation order
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while iterator:
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            for r in page["Records"]:
                sequence = int(r["dynamodb"]["SequenceNumber"])
                test.assertGreater(sequence, last_sequence)
                last_sequence = sequence
                key = r["dynamodb"]["Keys"]["pk"]["S"]
                if r["eventName"] == "REMOVE":
                    items.pop(key, None)
                else:
                    items[key] = r["dynamodb"]["NewImage"]
                records += 1
            if not page["Records"] and "EndingSequenceNumber" not in shard["SequenceNumberRange"]:
                break  # the open shard, read to its end
            iterator = page.get("NextShardIterator")
    return items, records


class CrashRecoveryTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="dynemu-crash-")
        self.db = os.path.join(self.dir, "crash.db")
        self.server = None

    def tearDown(self):
        if self.server:
            self.server.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def integrity_of_copy(self):
        """PRAGMA integrity_check on a copy of the killed server's database and WAL."""
        copy = os.path.join(self.dir, "check")
        shutil.rmtree(copy, ignore_errors=True)
        os.mkdir(copy)
        for suffix in ("", "-wal"):
            if os.path.exists(self.db + suffix):
                shutil.copy(self.db + suffix, os.path.join(copy, "crash.db" + suffix))
        self.assertFalse(os.path.exists(self.db + "-shm"), "the WAL index lives in dynemu's memory")
        con = sqlite3.connect(os.path.join(copy, "crash.db"))
        try:
            return [row[0] for row in con.execute("PRAGMA integrity_check")]
        finally:
            con.close()

    def verify(self, ddb, streams, ledger):
        items = scan_items(ddb)
        # Acknowledged puts are there with their value; one in flight at a kill is there whole or not at all.
        for key, value in ledger.puts.items():
            self.assertIn(key, items, "an acknowledged PutItem was lost")
            self.assertEqual(items[key]["v"], {"N": str(value)})
        for key, value in list(ledger.uncertain_puts.items()):
            ledger.unresolved += 1
            if key in items:
                self.assertEqual(items[key]["v"], {"N": str(value)})
                self.assertEqual(items[key]["pad"], {"S": "x" * (value % 700)})
                ledger.puts[key] = value
                ledger.unresolved_applied += 1
            del ledger.uncertain_puts[key]
        # Counters: every acknowledged increment, plus at most the one in flight.
        for t in range(THREADS):
            key = f"ctr#{t}"
            acked = ledger.counters.get(key, 0)
            actual = int(items[key]["n"]["N"]) if key in items else 0
            allowed = {acked, acked + 1} if key in ledger.uncertain_counters else {acked}
            self.assertIn(actual, allowed, f"counter {key}")
            if key in ledger.uncertain_counters:
                ledger.unresolved += 1
                ledger.unresolved_applied += actual - acked
            ledger.counters[key] = actual
        ledger.uncertain_counters.clear()
        # Transfers: a record for every one acknowledged, none for a cancelled one; the one in
        # flight is decided by its record, and the balances are exactly what the applied ones make.
        for marker in ledger.transfers:
            self.assertIn(marker, items, "an acknowledged TransactWriteItems was lost")
        for marker in ledger.cancelled_transfers:
            self.assertNotIn(marker, items, "a cancelled transaction left its record")
        for marker, record in list(ledger.uncertain_transfers.items()):
            ledger.unresolved += 1
            if marker in items:
                ledger.transfers[marker] = record
                ledger.unresolved_applied += 1
            del ledger.uncertain_transfers[marker]
        expected = [OPENING_BALANCE] * ACCOUNTS
        for source, target, amount in ledger.transfers.values():
            expected[source] -= amount
            expected[target] += amount
        balances = [int(items[account(i)]["balance"]["N"]) for i in range(ACCOUNTS)]
        self.assertEqual(balances, expected, "balances are not what the applied transfers make")
        self.assertEqual(sum(balances), ACCOUNTS * OPENING_BALANCE)
        for key in items:  # nothing the clients never sent
            self.assertTrue(key in ledger.puts or key in ledger.transfers or key.startswith(("acct#", "ctr#")), key)
        # The stream rebuilds the items.
        replayed, records = replay_stream(self, ddb, streams)
        self.assertEqual(replayed, items, "the stream's records do not rebuild the table")
        return len(items), records

    def test_sigkill_at_random_moments_loses_nothing_acknowledged(self):
        kills = int(os.environ.get("DYNEMU_CRASH_KILLS", "20"))
        load_seconds = float(os.environ.get("DYNEMU_CRASH_LOAD_SECONDS", "0.8"))
        seed = int(os.environ.get("DYNEMU_CRASH_SEED", str(random.randrange(2 ** 32))))
        print(f"\ncrash test: {kills} kills, up to {load_seconds} s of load each, DYNEMU_CRASH_SEED={seed}")
        rng = random.Random(seed)
        started = time.time()

        self.server = Dynemu("--db", self.db)
        normal_args = list(self.server.args)
        self.server.start()
        ddb = client(self.server.endpoint)
        ddb.create_table(TableName=TABLE, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        for i in range(ACCOUNTS):
            ddb.put_item(TableName=TABLE, Item={"pk": {"S": account(i)}, "balance": {"N": str(OPENING_BALANCE)}})

        ledger = Ledger()
        clients = [client(self.server.endpoint) for _ in range(THREADS)]
        streams = boto3.client("dynamodbstreams", endpoint_url=self.server.endpoint, region_name="us-east-1",
                               aws_access_key_id="test", aws_secret_access_key="test",
                               config=Config(retries={"total_max_attempts": 1}))
        for round_number in range(kills):
            stop = threading.Event()
            writers = [Writer(t, clients[t], ledger, random.Random(rng.random()), stop) for t in range(THREADS)]
            for w in writers:
                w.start()
            time.sleep(rng.uniform(0.05, load_seconds))
            self.server.kill()  # mid-load: requests are in flight
            stop.set()
            for w in writers:
                w.join(timeout=30)
                self.assertFalse(w.is_alive(), "a client thread hung after the kill")
                self.assertIsNone(w.error)
            self.assertEqual(self.integrity_of_copy(), ["ok"], f"after kill {round_number + 1}")

            # Every other restart runs with --sync full: either mode keeps what it acknowledged.
            self.server.args = normal_args + (["--sync", "full"] if round_number % 2 == 0 else [])
            self.server.start()
            self.verify(client(self.server.endpoint), streams, ledger)

        self.server.stop()
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        con.close()
        print(f"crash test: survived {kills} SIGKILLs; {ledger.acknowledged} writes acknowledged and verified "
              f"({len(ledger.puts)} puts, {sum(ledger.counters.values())} increments, {len(ledger.transfers)} "
              f"transfers applied, {len(ledger.cancelled_transfers)} cancelled); {ledger.unresolved} unanswered "
              f"at a kill (in flight or sent after it), {ledger.unresolved_applied} of them applied, each whole; "
              f"{time.time() - started:.1f} s")


if __name__ == "__main__":
    unittest.main()
