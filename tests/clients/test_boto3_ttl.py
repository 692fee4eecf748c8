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

from botocore.exceptions import ClientError

from boto3_support import client, delete_table_quietly, require_endpoint, unique

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
                                                       "Projection": {"ProjectionType": "ALL"}}])
        self.ddb.get_waiter("table_exists").wait(TableName=self.table)
        self.now = int(time.time())
        admin("/_dynemu/clock", {"now": self.now, "freeze": True})

    def tearDown(self):
        admin("/_dynemu/clock", {"real": True})
        delete_table_quietly(self.ddb, self.table)

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
        # After the streams branch: a REMOVE record for "soon" with userIdentity
        # {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"} belongs here.

        admin("/_dynemu/clock", {"advance": 7200})
        self.assertEqual(admin("/_dynemu/ttl/sweep", {}), {"deleted": 1, "tables": {self.table: 1}})
        remaining = self.ddb.scan(TableName=self.table)["Items"]
        self.assertEqual(sorted(i["id"]["S"] for i in remaining), ["forever", "text"])


if __name__ == "__main__":
    unittest.main()
