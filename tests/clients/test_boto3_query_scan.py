"""boto3 against dynemu: paginators walking large Query and Scan results, parallel scan segments,
secondary-index queries, batch reads/writes through the resource API, and transactions.

Run under run_with_dynemu.py: boto3 finds the emulator through AWS_ENDPOINT_URL_DYNAMODB.
"""

import unittest
import uuid

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from boto3_support import client, require_endpoint, resource

PARTITIONS = 4
PER_PARTITION = 300  # 1,200 items; with 2 KB padding a full Scan spans several 1 MB pages


def setUpModule():
    require_endpoint()


class QueryScanPaging(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = client()
        cls.resource = resource()
        cls.name = "paging-" + uuid.uuid4().hex[:12]
        cls.client.create_table(
            TableName=cls.name,
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "color", "AttributeType": "S"},
            ],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "ByColor",
                "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"},
                              {"AttributeName": "sk", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }],
            BillingMode="PAY_PER_REQUEST",
        )
        cls.client.get_waiter("table_exists").wait(TableName=cls.name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        table = cls.resource.Table(cls.name)
        pad = "x" * 2048
        with table.batch_writer() as batch:
            for p in range(PARTITIONS):
                for i in range(PER_PARTITION):
                    item = {"pk": "p%d" % p, "sk": i, "pad": pad}
                    if i % 5 == 0:
                        item["color"] = "red"  # sparse index: one item in five
                    batch.put_item(Item=item)

    @classmethod
    def tearDownClass(cls):
        cls.client.delete_table(TableName=cls.name)

    def test_query_paginator_walks_every_item_in_order(self):
        pages = self.client.get_paginator("query").paginate(
            TableName=self.name,
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "p1"}},
            PaginationConfig={"PageSize": 25},
        )
        keys, page_count = [], 0
        for page in pages:
            page_count += 1
            self.assertLessEqual(page["Count"], 25)
            keys.extend(int(item["sk"]["N"]) for item in page["Items"])
        self.assertEqual(keys, list(range(PER_PARTITION)))
        self.assertGreaterEqual(page_count, PER_PARTITION // 25)

    def test_query_backwards_with_range_condition(self):
        pages = self.client.get_paginator("query").paginate(
            TableName=self.name,
            KeyConditionExpression="pk = :p AND sk BETWEEN :lo AND :hi",
            ExpressionAttributeValues={":p": {"S": "p2"}, ":lo": {"N": "10"}, ":hi": {"N": "59"}},
            ScanIndexForward=False,
            PaginationConfig={"PageSize": 7},
        )
        keys = [int(item["sk"]["N"]) for page in pages for item in page["Items"]]
        self.assertEqual(keys, list(range(59, 9, -1)))

    def test_scan_paginator_covers_the_table_across_megabyte_pages(self):
        pages = list(self.client.get_paginator("scan").paginate(TableName=self.name, Select="COUNT"))
        self.assertGreater(len(pages), 1)  # 2.4 MB of items cannot come back in one page
        self.assertEqual(sum(p["Count"] for p in pages), PARTITIONS * PER_PARTITION)
        for page in pages[:-1]:
            self.assertIn("LastEvaluatedKey", page)

    def test_parallel_scan_segments_are_disjoint_and_complete(self):
        seen = []
        for segment in range(3):
            for page in self.client.get_paginator("scan").paginate(
                    TableName=self.name, Segment=segment, TotalSegments=3,
                    AttributesToGet=["pk", "sk"], PaginationConfig={"PageSize": 100}):
                seen.extend((item["pk"]["S"], item["sk"]["N"]) for item in page["Items"])
        self.assertEqual(len(seen), PARTITIONS * PER_PARTITION)
        self.assertEqual(len(set(seen)), len(seen))

    def test_index_query_through_the_resource_api(self):
        table = self.resource.Table(self.name)
        items, kwargs = [], {"IndexName": "ByColor", "KeyConditionExpression": Key("color").eq("red"), "Limit": 13}
        while True:
            r = table.query(**kwargs)
            items.extend(r["Items"])
            if "LastEvaluatedKey" not in r:
                break
            kwargs["ExclusiveStartKey"] = r["LastEvaluatedKey"]
        self.assertEqual(len(items), PARTITIONS * PER_PARTITION // 5)
        self.assertTrue(all(set(item) == {"pk", "sk", "color"} for item in items))  # KEYS_ONLY

    def test_consistent_read_on_global_index_is_rejected(self):
        with self.assertRaises(ClientError) as ctx:
            self.client.query(TableName=self.name, IndexName="ByColor", ConsistentRead=True,
                              KeyConditionExpression="color = :c",
                              ExpressionAttributeValues={":c": {"S": "red"}})
        self.assertEqual(ctx.exception.response["Error"]["Code"], "ValidationException")
        self.assertEqual(ctx.exception.response["Error"]["Message"],
                         "Consistent reads are not supported on global secondary indexes")

    def test_batch_get_through_the_resource_api(self):
        keys = [{"pk": "p0", "sk": i} for i in range(0, 100, 2)]
        r = self.resource.batch_get_item(RequestItems={self.name: {"Keys": keys, "ConsistentRead": True}})
        self.assertEqual(r["UnprocessedKeys"], {})
        self.assertEqual(sorted(int(item["sk"]) for item in r["Responses"][self.name]), list(range(0, 100, 2)))


class Transactions(unittest.TestCase):
    def setUp(self):
        self.client = client()
        self.name = "txn-" + uuid.uuid4().hex[:12]
        self.client.create_table(
            TableName=self.name,
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        self.client.get_waiter("table_exists").wait(TableName=self.name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})

    def tearDown(self):
        self.client.delete_table(TableName=self.name)

    def test_transact_write_then_get(self):
        self.client.transact_write_items(TransactItems=[
            {"Put": {"TableName": self.name, "Item": {"id": {"S": "a"}, "n": {"N": "1"}}}},
            {"Put": {"TableName": self.name, "Item": {"id": {"S": "b"}, "n": {"N": "2"}}}},
        ])
        r = self.client.transact_get_items(TransactItems=[
            {"Get": {"TableName": self.name, "Key": {"id": {"S": "b"}}}},
            {"Get": {"TableName": self.name, "Key": {"id": {"S": "zz"}}}},
            {"Get": {"TableName": self.name, "Key": {"id": {"S": "a"}}}},
        ])
        self.assertEqual(r["Responses"][0]["Item"]["n"], {"N": "2"})
        self.assertEqual(r["Responses"][1], {})
        self.assertEqual(r["Responses"][2]["Item"]["n"], {"N": "1"})

    def test_same_item_twice_is_a_validation_error(self):
        with self.assertRaises(ClientError) as ctx:
            self.client.transact_write_items(TransactItems=[
                {"Put": {"TableName": self.name, "Item": {"id": {"S": "a"}}}},
                {"Delete": {"TableName": self.name, "Key": {"id": {"S": "a"}}}},
            ])
        self.assertEqual(ctx.exception.response["Error"]["Message"],
                         "Transaction request cannot include multiple operations on one item")


if __name__ == "__main__":
    unittest.main()
