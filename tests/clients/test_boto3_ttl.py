"""boto3 against dynemu's TTL: UpdateTimeToLive / DescribeTimeToLive with DynamoDB's errors, then
items expiring when the test moves the server clock (POST /_dynemu/clock) and sweeps
(POST /_dynemu/ttl/sweep).

Run under run_with_dynemu.py with `--ttl-sweep-seconds 0` (tests/clients/CMakeLists.txt): no
background sweep, so every deletion comes from the sweep the test asks for.

Messages: real DynamoDB answers as applications and public probes of the service quote them
("TimeToLive is already enabled", "Time to live has been modified multiple times within a fixed
interval", "TimeToLive is active on a different AttributeName: current AttributeName is X").
"""

import json
import os
import time
import unittest
import urllib.request

import boto3

from botocore.exceptions import ClientError

from boto3_support import REGION, client, config, delete_table_quietly, require_endpoint, unique

ENDPOINT = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB", "")


def setUpModule():
    require_endpoint()


def admin(path, body=None):
    request = urllib.request.Request(ENDPOINT + path, method="POST" if body is not None else "GET",
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def error_of(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError("the call succeeded")


class TtlTest(unittest.TestCase):
    def setUp(self):
        self.ddb = client()
        self.table = unique("Ttl")
        self.ddb.create_table(TableName=self.table, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                                    {"AttributeName": "owner", "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                              GlobalSecondaryIndexes=[{"IndexName": "ByOwner",
                                                       "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}],
                                                       "Projection": {"ProjectionType": "ALL"}}],
                              StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        self.ddb.get_waiter("table_exists").wait(TableName=self.table)
        self.now = int(time.time())
        admin("/_dynemu/clock", {"now": self.now, "freeze": True})

    def tearDown(self):
        admin("/_dynemu/clock", {"real": True})
        delete_table_quietly(self.ddb, self.table)

    def stream_records(self):
        """Every record of the table's stream, through boto3's dynamodbstreams client."""
        streams = boto3.client("dynamodbstreams", region_name=REGION, config=config())
        arn = self.ddb.describe_table(TableName=self.table)["Table"]["LatestStreamArn"]
        records = []
        for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
            iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while iterator:
                page = streams.get_records(ShardIterator=iterator)
                records += page["Records"]
                if not page["Records"]:
                    break
                iterator = page.get("NextShardIterator")
        return records

    def enable(self, enabled=True, attribute="expiresAt"):
        return self.ddb.update_time_to_live(
            TableName=self.table, TimeToLiveSpecification={"Enabled": enabled, "AttributeName": attribute})

    def test_settings_and_their_errors(self):
        self.assertEqual(self.ddb.describe_time_to_live(TableName=self.table)["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "DISABLED"})
        self.assertEqual(self.enable()["TimeToLiveSpecification"], {"Enabled": True, "AttributeName": "expiresAt"})
        self.assertEqual(self.ddb.describe_time_to_live(TableName=self.table)["TimeToLiveDescription"],
                         {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiresAt"})
        self.assertNotIn("TimeToLiveDescription", self.ddb.describe_table(TableName=self.table)["Table"])
        self.assertEqual(error_of(self.enable), ("ValidationException", "TimeToLive is already enabled"))
        self.assertEqual(error_of(lambda: self.enable(attribute="other")),
                         ("ValidationException",
                          "TimeToLive is active on a different AttributeName: current AttributeName is expiresAt"))
        self.assertEqual(error_of(lambda: self.enable(False)),
                         ("ValidationException",
                          "Time to live has been modified multiple times within a fixed interval"))
        admin("/_dynemu/clock", {"advance": 3600})
        self.enable(False)
        self.assertEqual(error_of(lambda: self.enable(False)), ("ValidationException", "TimeToLive is already disabled"))
        self.assertEqual(error_of(lambda: self.ddb.describe_time_to_live(TableName="NoSuchTable_ttl"))[0],
                         "ResourceNotFoundException")

    def test_expired_items_are_deleted_when_the_clock_passes_them(self):
        self.enable()
        items = {
            "soon": {"N": str(self.now + 60)},
            "later": {"N": str(self.now + 7200)},
            "text": {"S": str(self.now + 60)},       # not a Number: never expires
        }
        for key, expires in items.items():
            self.ddb.put_item(TableName=self.table,
                              Item={"id": {"S": key}, "owner": {"S": "ann"}, "expiresAt": expires})
        self.ddb.put_item(TableName=self.table, Item={"id": {"S": "forever"}, "owner": {"S": "ann"}})

        self.assertEqual(admin("/_dynemu/ttl/sweep", {}), {"deleted": 0, "tables": {}})
        clock = admin("/_dynemu/clock", {"advance": 61})
        self.assertEqual(clock["now"], self.now + 61)
        # Expired but not yet swept: still returned, as in DynamoDB.
        self.assertIn("Item", self.ddb.get_item(TableName=self.table, Key={"id": {"S": "soon"}}))

        self.assertEqual(admin("/_dynemu/ttl/sweep", {}), {"deleted": 1, "tables": {self.table: 1}})
        self.assertNotIn("Item", self.ddb.get_item(TableName=self.table, Key={"id": {"S": "soon"}},
                                                   ConsistentRead=True))
        owners = self.ddb.query(TableName=self.table, IndexName="ByOwner", KeyConditionExpression="#o = :o",
                                ExpressionAttributeNames={"#o": "owner"},
                                ExpressionAttributeValues={":o": {"S": "ann"}})
        self.assertEqual(sorted(i["id"]["S"] for i in owners["Items"]), ["forever", "later", "text"])
        # The stream shows the sweep's REMOVE as the service's, the user's writes as nobody's.
        records = self.stream_records()
        self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]["id"]["S"]) for r in records],
                         [("INSERT", "soon"), ("INSERT", "later"), ("INSERT", "text"), ("INSERT", "forever"),
                          ("REMOVE", "soon")])
        removal = records[-1]
        self.assertEqual(removal["userIdentity"], {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"})
        self.assertEqual(removal["dynamodb"]["OldImage"]["expiresAt"], items["soon"])
        self.assertNotIn("NewImage", removal["dynamodb"])
        self.assertTrue(all("userIdentity" not in r for r in records[:-1]))

        admin("/_dynemu/clock", {"advance": 7200})
        self.assertEqual(admin("/_dynemu/ttl/sweep", {}), {"deleted": 1, "tables": {self.table: 1}})
        remaining = self.ddb.scan(TableName=self.table)["Items"]
        self.assertEqual(sorted(i["id"]["S"] for i in remaining), ["forever", "text"])


if __name__ == "__main__":
    unittest.main()
