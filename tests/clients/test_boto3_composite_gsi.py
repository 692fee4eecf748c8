"""boto3 against dynemu: a global secondary index with multi-attribute keys (two HASH and two RANGE
attributes), queried through the client's Query paginator and the resource API's Key conditions.

botocore's model allows such a KeySchema (the GlobalSecondaryIndex KeySchema list has no maximum), so
these requests pass client-side validation and reach the emulator as written.
Run under run_with_dynemu.py: boto3 finds the emulator through AWS_ENDPOINT_URL_DYNAMODB.
"""

import unittest
from decimal import Decimal

import botocore.session
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from boto3_support import client, delete_table_quietly, require_endpoint, resource, unique

ROUNDS = [-3, 0, 2, 10, 11]  # numeric order (not the order of their text)
BRACKETS = ["lower", "up", "upper"]  # byte order; "up" is a prefix of "upper"


def setUpModule():
    require_endpoint()


class CompositeGsi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = client()
        cls.name = unique("composite-gsi")
        cls.client.create_table(
            TableName=cls.name,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": "id", "AttributeType": "S"},
                {"AttributeName": "tournament", "AttributeType": "S"},
                {"AttributeName": "region", "AttributeType": "S"},
                {"AttributeName": "round", "AttributeType": "N"},
                {"AttributeName": "bracket", "AttributeType": "S"},
            ],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "ByMatch",
                "KeySchema": [
                    {"AttributeName": "tournament", "KeyType": "HASH"},
                    {"AttributeName": "region", "KeyType": "HASH"},
                    {"AttributeName": "round", "KeyType": "RANGE"},
                    {"AttributeName": "bracket", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }],
        )
        table = resource().Table(cls.name)
        keyed = []  # (round, bracket, id) of the WINTER/EU matches
        with table.batch_writer() as batch:
            for r in ROUNDS:
                for b in BRACKETS:
                    for copy in range(4):  # equal index keys: ordered by the table key
                        item_id = f"m{r:+03d}-{b}-{copy}"
                        keyed.append((r, b, item_id))
                        batch.put_item(Item={"id": item_id, "tournament": "WINTER", "region": "EU",
                                             "round": r, "bracket": b})
            batch.put_item(Item={"id": "other-region", "tournament": "WINTER", "region": "NA", "round": 1,
                                 "bracket": "lower"})
            batch.put_item(Item={"id": "no-bracket", "tournament": "WINTER", "region": "EU", "round": 1})
        cls.expected = [item_id for _, _, item_id in sorted(keyed)]  # index order

    @classmethod
    def tearDownClass(cls):
        delete_table_quietly(cls.client, cls.name)

    def paginate(self, condition, values, forward=True, page_size=7):
        pages = self.client.get_paginator("query").paginate(
            TableName=self.name, IndexName="ByMatch", KeyConditionExpression=condition,
            ExpressionAttributeNames={"#region": "region"}, ExpressionAttributeValues=values,
            ScanIndexForward=forward, PaginationConfig={"PageSize": page_size})
        ids, page_count = [], 0
        for page in pages:
            page_count += 1
            ids.extend(item["id"]["S"] for item in page["Items"])
            if "LastEvaluatedKey" in page:
                self.assertEqual(set(page["LastEvaluatedKey"]), {"id", "tournament", "region", "round", "bracket"})
        return ids, page_count

    def test_botocore_model_allows_multi_attribute_key_schemas(self):
        model = botocore.session.get_session().get_service_model("dynamodb")
        key_schema = model.shape_for("GlobalSecondaryIndex").members["KeySchema"]
        self.assertLess(2, key_schema.metadata.get("max", 8))
        description = self.client.describe_table(TableName=self.name)["Table"]["GlobalSecondaryIndexes"][0]
        self.assertEqual([(k["AttributeName"], k["KeyType"]) for k in description["KeySchema"]],
                         [("tournament", "HASH"), ("region", "HASH"), ("round", "RANGE"), ("bracket", "RANGE")])

    def test_paginator_walks_the_partition_in_order_both_ways(self):
        values = {":t": {"S": "WINTER"}, ":r": {"S": "EU"}}
        ids, pages = self.paginate("tournament = :t AND #region = :r", values)
        self.assertEqual(ids, self.expected)
        self.assertEqual(pages, (len(self.expected) + 6) // 7)
        back, _ = self.paginate("tournament = :t AND #region = :r", values, forward=False)
        self.assertEqual(back, list(reversed(self.expected)))

    def test_paginator_with_sort_conditions(self):
        values = {":t": {"S": "WINTER"}, ":r": {"S": "EU"}, ":lo": {"N": "0"}, ":hi": {"N": "10"}}
        ids, _ = self.paginate("tournament = :t AND #region = :r AND round BETWEEN :lo AND :hi", values, page_size=5)
        self.assertEqual(ids, [i for i in self.expected if 0 <= int(i[1:4]) <= 10])
        values = {":t": {"S": "WINTER"}, ":r": {"S": "EU"}, ":n": {"N": "2"}, ":p": {"S": "up"}}
        ids, _ = self.paginate("tournament = :t AND #region = :r AND round = :n AND begins_with(bracket, :p)",
                               values, forward=False, page_size=3)
        self.assertEqual(ids, list(reversed([i for i in self.expected if i.startswith("m+02-up")])))

    def test_resource_key_conditions(self):
        table = resource().Table(self.name)
        got = table.query(IndexName="ByMatch",
                          KeyConditionExpression=Key("tournament").eq("WINTER") & Key("region").eq("EU")
                          & Key("round").eq(Decimal(11)) & Key("bracket").gt("up"))
        self.assertEqual([i["id"] for i in got["Items"]], [i for i in self.expected if i.startswith("m+11-upper")])

    def test_refused_shapes(self):
        with self.assertRaises(ClientError) as caught:
            self.client.query(TableName=self.name, IndexName="ByMatch",
                              KeyConditionExpression="tournament = :t AND round = :n",
                              ExpressionAttributeValues={":t": {"S": "WINTER"}, ":n": {"N": "1"}})
        self.assertEqual(caught.exception.response["Error"]["Code"], "ValidationException")
        self.assertEqual(caught.exception.response["Error"]["Message"],
                         "Query condition missed key schema element: region")


if __name__ == "__main__":
    unittest.main()
