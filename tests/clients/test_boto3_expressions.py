"""boto3 against dynemu: conditional writes, atomic counters under concurrency, optimistic locking,
UpdateItem return values and the boto3.dynamodb.conditions builders (which generate the
parenthesised expressions real applications send).

Run under run_with_dynemu.py: boto3 finds the emulator through AWS_ENDPOINT_URL_DYNAMODB.
"""

import threading
import unittest
import uuid
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from boto3_support import client, delete_table_quietly, require_endpoint, resource, unique

MSG_CONDITION_FAILED = "The conditional request failed"


def setUpModule():
    require_endpoint()


class ExpressionsBase(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.ddb = client()
        cls.table_name = unique("expr")
        cls.ddb.create_table(
            TableName=cls.table_name,
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST")
        cls.ddb.get_waiter("table_exists").wait(TableName=cls.table_name,
                                                WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        cls.table = resource().Table(cls.table_name)

    @classmethod
    def tearDownClass(cls):
        delete_table_quietly(cls.ddb, cls.table_name)

    def key(self):
        return f"k-{uuid.uuid4().hex[:8]}"

    def assertConditionFailed(self, ctx):
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], "ConditionalCheckFailedException", err)
        self.assertEqual(err["Error"]["Message"], MSG_CONDITION_FAILED, err)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], 400, err)


class ConditionalWrites(ExpressionsBase):
    def test_put_if_absent(self):
        k = self.key()
        self.table.put_item(Item={"id": k, "v": 1}, ConditionExpression="attribute_not_exists(id)")
        with self.assertRaises(ClientError) as ctx:
            self.table.put_item(Item={"id": k, "v": 2}, ConditionExpression="attribute_not_exists(id)")
        self.assertConditionFailed(ctx)
        self.assertEqual(self.table.get_item(Key={"id": k}, ConsistentRead=True)["Item"]["v"], 1)

    def test_failed_condition_returns_the_item_when_asked(self):
        k = self.key()
        self.ddb.put_item(TableName=self.table_name, Item={"id": {"S": k}, "state": {"S": "open"}})
        with self.assertRaises(ClientError) as ctx:
            self.ddb.delete_item(TableName=self.table_name, Key={"id": {"S": k}},
                                 ConditionExpression="#s = :closed",
                                 ExpressionAttributeNames={"#s": "state"},
                                 ExpressionAttributeValues={":closed": {"S": "closed"}},
                                 ReturnValuesOnConditionCheckFailure="ALL_OLD")
        self.assertConditionFailed(ctx)
        self.assertEqual(ctx.exception.response["Item"], {"id": {"S": k}, "state": {"S": "open"}})
        # botocore also models it as the typed exception.
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException):
            self.ddb.delete_item(TableName=self.table_name, Key={"id": {"S": k}},
                                 ConditionExpression="attribute_not_exists(id)")

    def test_conditions_builder_with_nested_groups(self):
        k = self.key()
        self.table.put_item(Item={"id": k, "a": 1, "b": "x", "c": {"d", "e"}})
        # boto3 renders this as "(#n0 = :v0 AND #n1 = :v1) OR contains(#n2, :v2)" style groups.
        cond = (Attr("a").eq(1) & Attr("b").begins_with("x")) | Attr("c").contains("zz")
        self.table.put_item(Item={"id": k, "a": 2}, ConditionExpression=cond)
        cond2 = Attr("a").between(5, 9) | (Attr("a").lt(0) & Attr("b").exists())
        with self.assertRaises(ClientError) as ctx:
            self.table.put_item(Item={"id": k, "a": 3}, ConditionExpression=cond2)
        self.assertConditionFailed(ctx)
        self.table.delete_item(Key={"id": k}, ConditionExpression=Attr("a").is_in([1, 2, 3]) & Attr("b").not_exists())

    def test_validation_messages(self):
        with self.assertRaises(ClientError) as ctx:
            self.table.put_item(Item={"id": self.key()}, ConditionExpression="attribute_not_exists(id)",
                                ExpressionAttributeValues={":unused": 1})
        err = ctx.exception.response["Error"]
        self.assertEqual(err["Code"], "ValidationException")
        self.assertEqual(err["Message"], "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}")
        with self.assertRaises(ClientError) as ctx:
            self.table.update_item(Key={"id": self.key()}, UpdateExpression="SET size = :v",
                                   ExpressionAttributeValues={":v": 1})
        self.assertEqual(ctx.exception.response["Error"]["Message"],
                         "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: size")


class Counters(ExpressionsBase):
    def test_concurrent_counter_loses_no_update(self):
        k = self.key()
        threads, per_thread = 8, 25
        errors = []

        def work():
            c = client(pool=2)
            try:
                for _ in range(per_thread):
                    c.update_item(TableName=self.table_name, Key={"id": {"S": k}},
                                  UpdateExpression="SET c = if_not_exists(c, :zero) + :one",
                                  ExpressionAttributeValues={":zero": {"N": "0"}, ":one": {"N": "1"}})
            except Exception as e:  # noqa: BLE001 - surfaced below
                errors.append(e)

        workers = [threading.Thread(target=work) for _ in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        self.assertEqual(errors, [])
        got = self.table.get_item(Key={"id": k}, ConsistentRead=True)["Item"]
        self.assertEqual(got["c"], Decimal(threads * per_thread))

    def test_add_and_return_values(self):
        k = self.key()
        out = self.table.update_item(Key={"id": k}, UpdateExpression="ADD hits :n, tags :t",
                                     ExpressionAttributeValues={":n": 5, ":t": {"a", "b"}},
                                     ReturnValues="UPDATED_NEW")
        self.assertEqual(out["Attributes"], {"hits": Decimal(5), "tags": {"a", "b"}})
        out = self.table.update_item(Key={"id": k}, UpdateExpression="ADD hits :n DELETE tags :t",
                                     ExpressionAttributeValues={":n": Decimal("-0.5"), ":t": {"a"}},
                                     ReturnValues="UPDATED_OLD")
        self.assertEqual(out["Attributes"], {"hits": Decimal(5), "tags": {"a", "b"}})
        got = self.table.get_item(Key={"id": k}, ConsistentRead=True)["Item"]
        self.assertEqual(got, {"id": k, "hits": Decimal("4.5"), "tags": {"b"}})


class OptimisticLocking(ExpressionsBase):
    def save(self, k, expected_version, data):
        """Writes `data` if the stored version is `expected_version`; returns the new version."""
        new_version = expected_version + 1
        self.table.update_item(
            Key={"id": k},
            UpdateExpression="SET #d = :d, #v = :new",
            ConditionExpression="attribute_not_exists(#v) OR #v = :expected",
            ExpressionAttributeNames={"#d": "data", "#v": "version"},
            ExpressionAttributeValues={":d": data, ":new": new_version, ":expected": expected_version})
        return new_version

    def test_stale_writer_is_rejected(self):
        k = self.key()
        v1 = self.save(k, 0, "first")
        # Two writers read version 1; the first wins, the second is stale.
        v2 = self.save(k, v1, "writer A")
        with self.assertRaises(ClientError) as ctx:
            self.save(k, v1, "writer B")
        self.assertConditionFailed(ctx)
        got = self.table.get_item(Key={"id": k}, ConsistentRead=True)["Item"]
        self.assertEqual(got["data"], "writer A")
        self.assertEqual(got["version"], v2)

    def test_concurrent_writers_one_winner_per_version(self):
        k = self.key()
        self.save(k, 0, "start")
        wins, losses = [], []
        lock = threading.Lock()

        def writer(name):
            c = client(pool=2)
            try:
                c.update_item(TableName=self.table_name, Key={"id": {"S": k}},
                              UpdateExpression="SET #d = :d, #v = :new",
                              ConditionExpression="#v = :expected",
                              ExpressionAttributeNames={"#d": "data", "#v": "version"},
                              ExpressionAttributeValues={":d": {"S": name}, ":new": {"N": "2"},
                                                         ":expected": {"N": "1"}})
                with lock:
                    wins.append(name)
            except ClientError as e:
                with lock:
                    losses.append(e.response["Error"]["Code"])

        workers = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(8)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        self.assertEqual(len(wins), 1, (wins, losses))
        self.assertEqual(losses, ["ConditionalCheckFailedException"] * 7)
        got = self.table.get_item(Key={"id": k}, ConsistentRead=True)["Item"]
        self.assertEqual(got["data"], wins[0])
        self.assertEqual(got["version"], 2)


if __name__ == "__main__":
    unittest.main()
