"""boto3 (client and resource) against dynemu: item round trips, ReturnValues,
consumed capacity, ListTables paging, DescribeTable, and DynamoDB's exact errors.

Run under run_with_dynemu.py: boto3 finds the emulator through
AWS_ENDPOINT_URL_DYNAMODB, exactly as application code would.

Expected error messages were checked against public captures of real DynamoDB
responses (see the comment above each ERROR_* constant).
"""

import uuid
import unittest
from decimal import Decimal

import boto3
from boto3.dynamodb.types import Binary
from botocore.exceptions import ClientError

from boto3_support import REGION, client, delete_table_quietly, require_endpoint, resource, unique


# --- DynamoDB's messages -----------------------------------------------------------------------
# Real-AWS captures: terraform AFT issue log body {"__type":"...#ResourceNotFoundException",
# "message":"Requested resource not found"} (GetItem/PutItem on a missing table).
MSG_TABLE_NOT_FOUND = "Requested resource not found"
# Many real-AWS reports (boto3#1270, aws-sdk-php#1369 raw body, aws-sdk-android#325).
MSG_KEY_SCHEMA = "The provided key element does not match the schema"
# aws-sdk-js#4057 (reproduced with the AWS CLI against AWS).
MSG_MISSING_KEY = "One or more parameter values were invalid: Missing the key UserId in the item"
# laravel-dynamodb#1 raw AWS body ("...Type mismatch for key id expected: N actual: S"),
# ministack#1432 table of real-AWS answers ("expected: S actual: N").
MSG_TYPE_MISMATCH = "One or more parameter values were invalid: Type mismatch for key UserId expected: S actual: N"
# localstack#2686: AWS body {"__type":"...#ResourceInUseException","message":"Table already exists: thetable"}
MSG_TABLE_EXISTS = "Table already exists: {}"
# DeleteTable/DescribeTable on a missing table: "Requested resource not found: Table: X not found"
# (pac-conference deleteTable handler matching AWS's text; boto JSONResponseError captured from AWS).
MSG_TABLE_X_NOT_FOUND = "Requested resource not found: Table: {} not found"
# NOTE the wording: "are not valid." (not "were invalid:"). Real-AWS Java SDK log with an AWS request id,
# DynamoDB Local output, moto's tests, and paritysuite/dynamodb-conformance (binary variant) all agree.
MSG_EMPTY_KEY = ("One or more parameter values are not valid. The AttributeValue for a key attribute "
                 "cannot contain an empty string value. Key: UserId")
# Many real-AWS reports (aws-dynamodb-session-tomcat#4, ReCiter#205).
MSG_ITEM_TOO_LARGE = "Item size has exceeded the maximum allowed size"


def setUpModule():
    require_endpoint()


def canon(av):
    """Canonical form of a low-level AttributeValue (sets become sorted lists) for comparisons."""
    if isinstance(av, dict) and len(av) == 1:
        (t, v), = av.items()
        if t in ("SS", "NS", "BS"):
            return {t: sorted(v)}
        if t == "M":
            return {"M": {k: canon(x) for k, x in v.items()}}
        if t == "L":
            return {"L": [canon(x) for x in v]}
        return {t: v}
    return av


def canon_item(item):
    return {k: canon(v) for k, v in item.items()}


def create_composite_table(ddb, name):
    ddb.create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "UserId", "AttributeType": "S"},
                              {"AttributeName": "Seq", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "UserId", "KeyType": "HASH"},
                   {"AttributeName": "Seq", "KeyType": "RANGE"}],
        BillingMode="PAY_PER_REQUEST")
    ddb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})


class Boto3Base(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.ddb = client()
        cls.table_name = unique("items")
        create_composite_table(cls.ddb, cls.table_name)

    @classmethod
    def tearDownClass(cls):
        delete_table_quietly(cls.ddb, cls.table_name)

    def assertError(self, ctx, code, message, status=400):
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code, err)
        self.assertEqual(err["Error"]["Message"], message, err)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status, err)


class ItemRoundTrips(Boto3Base):
    def test_all_types_round_trip_client(self):
        item = {
            "UserId": {"S": "types-1"},
            "Seq": {"N": "1"},
            "s": {"S": "héllo wörld ✓ 𝄞"},
            "empty_s": {"S": ""},
            "n_int": {"N": "42"},
            "n_neg": {"N": "-17"},
            "n_precise": {"N": "12345678901234567890.123456789"},
            "n_38_digits": {"N": "12345678901234567890123456789012345678"},
            "b": {"B": b"\x00\x01\x02\xffbinary"},
            "empty_b": {"B": b""},
            "bs": {"BS": [b"\x00", b"abc", b"\xff\xfe"]},
            "t": {"BOOL": True},
            "f": {"BOOL": False},
            "nul": {"NULL": True},
            "m": {"M": {"inner": {"S": "x"}, "num": {"N": "3.5"},
                        "deeper": {"M": {"l": {"L": [{"N": "1"}, {"S": "two"}]}}}}},
            "empty_m": {"M": {}},
            "l": {"L": [{"S": "a"}, {"N": "2"}, {"BOOL": False}, {"NULL": True},
                        {"L": []}, {"M": {"k": {"SS": ["v"]}}}]},
            "empty_l": {"L": []},
            "ss": {"SS": ["b", "a", "c", ""]},
            "ns": {"NS": ["1", "2.5", "-3", "100"]},
        }
        self.ddb.put_item(TableName=self.table_name, Item=item)
        key = {"UserId": {"S": "types-1"}, "Seq": {"N": "1"}}
        got = self.ddb.get_item(TableName=self.table_name, Key=key, ConsistentRead=True)
        self.assertIn("Item", got)
        self.assertEqual(canon_item(got["Item"]), canon_item(item))
        # The precise decimal comes back as the exact same string (never through a double).
        self.assertEqual(got["Item"]["n_precise"], {"N": "12345678901234567890.123456789"})
        self.assertEqual(got["Item"]["n_38_digits"], {"N": "12345678901234567890123456789012345678"})
        # Eventually consistent read returns the same item.
        got2 = self.ddb.get_item(TableName=self.table_name, Key=key)
        self.assertEqual(canon_item(got2["Item"]), canon_item(item))
        # Delete and confirm it is gone.
        self.ddb.delete_item(TableName=self.table_name, Key=key)
        gone = self.ddb.get_item(TableName=self.table_name, Key=key, ConsistentRead=True)
        self.assertNotIn("Item", gone)

    def test_projection_of_some_attributes(self):
        item = {"UserId": {"S": "proj"}, "Seq": {"N": "7"}, "a": {"S": "A"}, "b": {"N": "2"}}
        self.ddb.put_item(TableName=self.table_name, Item=item)
        got = self.ddb.get_item(TableName=self.table_name, Key={"UserId": {"S": "proj"}, "Seq": {"N": "7"}},
                                ProjectionExpression="a, #b", ExpressionAttributeNames={"#b": "b"})
        self.assertEqual(got["Item"], {"a": {"S": "A"}, "b": {"N": "2"}})

    def test_resource_decimal_and_python_types(self):
        table = resource().Table(self.table_name)
        item = {
            "UserId": "res-1",
            "Seq": Decimal("2"),
            "price": Decimal("12345678901234567890.123456789"),
            "count": 7,
            "tiny": Decimal("-0.5"),
            "flag": True,
            "nothing": None,
            "blob": b"\x00raw\xff",
            "words": {"x", "y"},
            "nums": {Decimal("1"), Decimal("2.25")},
            "blobs": {b"\x01", b"\x02"},
            "doc": {"nested": {"list": [Decimal("1"), "two", False, None]}},
            "empty": "",
        }
        table.put_item(Item=item)
        got = table.get_item(Key={"UserId": "res-1", "Seq": 2}, ConsistentRead=True)["Item"]
        self.assertEqual(got["price"], Decimal("12345678901234567890.123456789"))
        self.assertIsInstance(got["price"], Decimal)
        self.assertEqual(str(got["price"]), "12345678901234567890.123456789")
        self.assertEqual(got["count"], Decimal(7))
        self.assertEqual(got["tiny"], Decimal("-0.5"))
        self.assertIs(got["flag"], True)
        self.assertIsNone(got["nothing"])
        self.assertIsInstance(got["blob"], Binary)
        self.assertEqual(got["blob"].value, b"\x00raw\xff")
        self.assertEqual(got["words"], {"x", "y"})
        self.assertEqual(got["nums"], {Decimal("1"), Decimal("2.25")})
        self.assertEqual({b.value for b in got["blobs"]}, {b"\x01", b"\x02"})
        self.assertEqual(got["doc"], {"nested": {"list": [Decimal("1"), "two", False, None]}})
        self.assertEqual(got["empty"], "")
        self.assertEqual(got["UserId"], "res-1")
        self.assertEqual(got["Seq"], Decimal(2))
        table.delete_item(Key={"UserId": "res-1", "Seq": 2})
        self.assertNotIn("Item", table.get_item(Key={"UserId": "res-1", "Seq": 2}, ConsistentRead=True))

    def test_return_values_all_old(self):
        key = {"UserId": {"S": "rv"}, "Seq": {"N": "1"}}
        first = dict(key, v={"S": "first"})
        second = dict(key, v={"S": "second"}, extra={"N": "1"})
        r = self.ddb.put_item(TableName=self.table_name, Item=first, ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", r)  # nothing was replaced
        r = self.ddb.put_item(TableName=self.table_name, Item=second, ReturnValues="ALL_OLD")
        self.assertEqual(r["Attributes"], first)
        r = self.ddb.put_item(TableName=self.table_name, Item=second, ReturnValues="NONE")
        self.assertNotIn("Attributes", r)
        r = self.ddb.delete_item(TableName=self.table_name, Key=key, ReturnValues="ALL_OLD")
        self.assertEqual(r["Attributes"], second)
        r = self.ddb.delete_item(TableName=self.table_name, Key=key, ReturnValues="ALL_OLD")
        self.assertNotIn("Attributes", r)  # deleting a missing item is not an error

    def test_consumed_capacity_total(self):
        key = {"UserId": {"S": "cap"}, "Seq": {"N": "1"}}
        item = dict(key, payload={"S": "small"})
        r = self.ddb.put_item(TableName=self.table_name, Item=item, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"]["TableName"], self.table_name)
        self.assertEqual(r["ConsumedCapacity"]["CapacityUnits"], 1.0)
        # Eventually consistent read of an item up to 4 KB: one half read unit.
        r = self.ddb.get_item(TableName=self.table_name, Key=key, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"], {"TableName": self.table_name, "CapacityUnits": 0.5})
        # Strongly consistent read: one read unit.
        r = self.ddb.get_item(TableName=self.table_name, Key=key, ConsistentRead=True,
                              ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"], {"TableName": self.table_name, "CapacityUnits": 1.0})
        # Without ReturnConsumedCapacity there is no ConsumedCapacity.
        r = self.ddb.get_item(TableName=self.table_name, Key=key)
        self.assertNotIn("ConsumedCapacity", r)
        r = self.ddb.delete_item(TableName=self.table_name, Key=key, ReturnConsumedCapacity="TOTAL")
        self.assertEqual(r["ConsumedCapacity"], {"TableName": self.table_name, "CapacityUnits": 1.0})

    def test_item_just_under_400kb_is_accepted(self):
        key = {"UserId": {"S": "big-ok"}, "Seq": {"N": "1"}}
        # Item size = attribute name bytes + value bytes; stay safely under 400 KB (409,600 bytes).
        item = dict(key, p={"S": "x" * (400 * 1024 - 1024)})
        self.ddb.put_item(TableName=self.table_name, Item=item)
        got = self.ddb.get_item(TableName=self.table_name, Key=key, ConsistentRead=True)
        self.assertEqual(len(got["Item"]["p"]["S"]), 400 * 1024 - 1024)
        self.ddb.delete_item(TableName=self.table_name, Key=key)


class Tables(Boto3Base):
    def test_describe_table(self):
        for i in range(3):
            self.ddb.put_item(TableName=self.table_name,
                              Item={"UserId": {"S": "dt"}, "Seq": {"N": str(i)}, "v": {"S": "x" * 10}})
        t = self.ddb.describe_table(TableName=self.table_name)["Table"]
        self.assertEqual(t["TableName"], self.table_name)
        self.assertEqual(t["TableStatus"], "ACTIVE")
        self.assertEqual(t["KeySchema"], [{"AttributeName": "UserId", "KeyType": "HASH"},
                                          {"AttributeName": "Seq", "KeyType": "RANGE"}])
        self.assertEqual(sorted(t["AttributeDefinitions"], key=lambda d: d["AttributeName"]),
                         [{"AttributeName": "Seq", "AttributeType": "N"},
                          {"AttributeName": "UserId", "AttributeType": "S"}])
        self.assertEqual(t["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertTrue(t["TableArn"].startswith(f"arn:aws:dynamodb:{REGION}:"), t["TableArn"])
        self.assertTrue(t["TableArn"].endswith(f":table/{self.table_name}"), t["TableArn"])
        self.assertEqual(t["ProvisionedThroughput"]["ReadCapacityUnits"], 0)
        self.assertEqual(t["ProvisionedThroughput"]["WriteCapacityUnits"], 0)
        # Real DynamoDB refreshes ItemCount/TableSizeBytes about every six hours; a local emulator
        # (like DynamoDB Local) reports the live values, which is what tests rely on.
        self.assertEqual(t["ItemCount"], 3)
        self.assertGreater(t["TableSizeBytes"], 0)
        for i in range(3):
            self.ddb.delete_item(TableName=self.table_name, Key={"UserId": {"S": "dt"}, "Seq": {"N": str(i)}})
        t = self.ddb.describe_table(TableName=self.table_name)["Table"]
        self.assertEqual(t["ItemCount"], 0)

    def test_list_tables_paging(self):
        prefix = unique("page")
        names = [f"{prefix}_{i}" for i in range(5)]
        for n in names:
            self.ddb.create_table(
                TableName=n,
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                BillingMode="PAY_PER_REQUEST")
        try:
            # Limit alone: at most 2 names, and LastEvaluatedTableName is the last one returned.
            first = self.ddb.list_tables(Limit=2)
            self.assertEqual(len(first["TableNames"]), 2)
            self.assertEqual(first["LastEvaluatedTableName"], first["TableNames"][-1])
            # ExclusiveStartTableName: every name after it, in order.
            after = self.ddb.list_tables(ExclusiveStartTableName=names[1])
            self.assertEqual([n for n in after["TableNames"] if n.startswith(prefix)], names[2:])
            self.assertTrue(all(n > names[1] for n in after["TableNames"]), after["TableNames"])
            # The paginator drives Limit + ExclusiveStartTableName.
            pages = list(self.ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2}))
            self.assertGreaterEqual(len(pages), 3)
            listed = []
            for p in pages:
                self.assertLessEqual(len(p["TableNames"]), 2)
                listed.extend(p["TableNames"])
            self.assertNotIn("LastEvaluatedTableName", pages[-1])
            self.assertEqual(listed, sorted(listed), "ListTables returns names in ascending order")
            self.assertEqual(len(listed), len(set(listed)), "no name is listed twice across pages")
            for n in names + [self.table_name]:
                self.assertIn(n, listed)
            # Everything in one call matches the paginated listing.
            self.assertEqual(self.ddb.list_tables()["TableNames"], listed)
        finally:
            for n in names:
                try:
                    self.ddb.delete_table(TableName=n)
                except ClientError:
                    pass


class Errors(Boto3Base):
    KEY = {"UserId": {"S": "e"}, "Seq": {"N": "1"}}

    def test_get_item_key_missing_range_key(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.get_item(TableName=self.table_name, Key={"UserId": {"S": "e"}})
        self.assertError(ctx, "ValidationException", MSG_KEY_SCHEMA)

    def test_get_item_key_with_extra_attribute(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.get_item(TableName=self.table_name, Key=dict(self.KEY, other={"S": "x"}))
        self.assertError(ctx, "ValidationException", MSG_KEY_SCHEMA)

    def test_get_item_key_wrong_type(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.get_item(TableName=self.table_name, Key={"UserId": {"N": "1"}, "Seq": {"N": "1"}})
        self.assertError(ctx, "ValidationException", MSG_KEY_SCHEMA)

    def test_delete_item_key_wrong_type(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.delete_item(TableName=self.table_name, Key={"UserId": {"S": "e"}, "Seq": {"S": "1"}})
        self.assertError(ctx, "ValidationException", MSG_KEY_SCHEMA)

    def test_put_item_missing_hash_key(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.put_item(TableName=self.table_name, Item={"Seq": {"N": "1"}, "v": {"S": "x"}})
        self.assertError(ctx, "ValidationException", MSG_MISSING_KEY)

    def test_put_item_key_wrong_type(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.put_item(TableName=self.table_name, Item={"UserId": {"N": "1"}, "Seq": {"N": "1"}})
        self.assertError(ctx, "ValidationException", MSG_TYPE_MISMATCH)

    def test_create_existing_table(self):
        with self.assertRaises(ClientError) as ctx:
            create_composite_table(self.ddb, self.table_name)
        self.assertError(ctx, "ResourceInUseException", MSG_TABLE_EXISTS.format(self.table_name))

    def test_put_item_empty_string_key(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.put_item(TableName=self.table_name, Item={"UserId": {"S": ""}, "Seq": {"N": "1"}})
        self.assertError(ctx, "ValidationException", MSG_EMPTY_KEY)

    def test_get_item_empty_string_key(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.get_item(TableName=self.table_name, Key={"UserId": {"S": ""}, "Seq": {"N": "1"}})
        self.assertError(ctx, "ValidationException", MSG_EMPTY_KEY)

    def test_item_over_400kb(self):
        item = dict(self.KEY, big={"S": "x" * (400 * 1024 + 1)})
        with self.assertRaises(ClientError) as ctx:
            self.ddb.put_item(TableName=self.table_name, Item=item)
        self.assertError(ctx, "ValidationException", MSG_ITEM_TOO_LARGE)
        # Nothing was written.
        got = self.ddb.get_item(TableName=self.table_name, Key=self.KEY, ConsistentRead=True)
        self.assertNotIn("Item", got)


class MissingTableErrors(unittest.TestCase):
    """Errors that need no table (these run even before CreateTable works)."""
    maxDiff = None
    KEY = {"UserId": {"S": "e"}, "Seq": {"N": "1"}}
    assertError = Boto3Base.assertError

    @classmethod
    def setUpClass(cls):
        cls.ddb = client()

    def test_get_item_missing_table(self):
        with self.assertRaises(ClientError) as ctx:
            self.ddb.get_item(TableName="NoSuchTable_" + uuid.uuid4().hex[:8], Key=self.KEY)
        self.assertError(ctx, "ResourceNotFoundException", MSG_TABLE_NOT_FOUND)

    def test_delete_missing_table(self):
        name = "Missing_" + uuid.uuid4().hex[:8]
        with self.assertRaises(ClientError) as ctx:
            self.ddb.delete_table(TableName=name)
        self.assertError(ctx, "ResourceNotFoundException", MSG_TABLE_X_NOT_FOUND.format(name))

    def test_describe_missing_table(self):
        name = "Missing_" + uuid.uuid4().hex[:8]
        with self.assertRaises(ClientError) as ctx:
            self.ddb.describe_table(TableName=name)
        self.assertError(ctx, "ResourceNotFoundException", MSG_TABLE_X_NOT_FOUND.format(name))

    def test_resource_error_is_client_error(self):
        table = resource().Table("NoSuchTable_" + uuid.uuid4().hex[:8])
        with self.assertRaises(ClientError) as ctx:
            table.get_item(Key={"UserId": "x"})
        self.assertError(ctx, "ResourceNotFoundException", MSG_TABLE_NOT_FOUND)


if __name__ == "__main__":
    unittest.main(verbosity=2)
