"""boto3 against `dynemu --isolate region,account`: two regions and two accounts (12-digit access
key ids) each see their own tables, ARNs carry the region and account, and the admin endpoints
address one namespace with ?region= and ?account= or all of them without.

Run under run_with_dynemu.py with `--isolate region,account` (tests/clients/CMakeLists.txt).
"""

import json
import os
import unittest
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from boto3_support import require_endpoint, unique

ENDPOINT = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB", "")


def setUpModule():
    require_endpoint()


def admin(path, method="GET"):
    request = urllib.request.Request(ENDPOINT + path, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def client(region, access_key="AKIDEXAMPLE"):
    return boto3.client("dynamodb", region_name=region, aws_access_key_id=access_key,
                        aws_secret_access_key="secret",
                        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))


def create(ddb, name):
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])


class TwoRegions(unittest.TestCase):
    def test_one_table_name_two_regions(self):
        name = unique("Isolated")
        east, west = client("us-east-1"), client("eu-west-1")
        create(east, name)
        create(west, name)
        east.put_item(TableName=name, Item={"id": {"S": "k"}, "where": {"S": "east"}})
        west.put_item(TableName=name, Item={"id": {"S": "k"}, "where": {"S": "west"}})
        self.assertEqual(east.get_item(TableName=name, Key={"id": {"S": "k"}})["Item"]["where"]["S"], "east")
        self.assertEqual(west.get_item(TableName=name, Key={"id": {"S": "k"}})["Item"]["where"]["S"], "west")
        arn = west.describe_table(TableName=name)["Table"]["TableArn"]
        self.assertEqual(arn, f"arn:aws:dynamodb:eu-west-1:000000000000:table/{name}")

        only_west = unique("WestOnly")
        create(west, only_west)
        self.assertIn(only_west, west.list_tables()["TableNames"])
        self.assertNotIn(only_west, east.list_tables()["TableNames"])
        with self.assertRaises(ClientError) as raised:
            east.describe_table(TableName=only_west)
        self.assertEqual(raised.exception.response["Error"]["Code"], "ResourceNotFoundException")

    def test_accounts_and_admin_addressing(self):
        name = unique("Account")
        mine, theirs = client("ap-south-1", "111122223333"), client("ap-south-1", "444455556666")
        create(mine, name)
        mine.put_item(TableName=name, Item={"id": {"S": "k"}})
        self.assertEqual(mine.describe_table(TableName=name)["Table"]["TableArn"],
                         f"arn:aws:dynamodb:ap-south-1:111122223333:table/{name}")
        self.assertNotIn(name, theirs.list_tables()["TableNames"])

        health = admin("/_dynemu/health")
        self.assertEqual(health["isolate"], "region,account")
        spaces = {(n["region"], n["account"]) for n in health["namespaces"]}
        self.assertIn(("ap-south-1", "111122223333"), spaces)
        one = admin("/_dynemu/health?region=ap-south-1&account=111122223333")
        self.assertEqual(one["tables"], 1)

        # Reset of that namespace only: its table goes, the other namespaces keep theirs.
        kept = unique("Kept")
        create(client("us-east-1"), kept)
        self.assertEqual(admin("/_dynemu/reset?region=ap-south-1&account=111122223333", "POST")["restored"], "empty")
        self.assertNotIn(name, mine.list_tables()["TableNames"])
        self.assertIn(kept, client("us-east-1").list_tables()["TableNames"])

    def test_region_that_names_no_namespace(self):
        with self.assertRaises(ClientError) as raised:
            client("EU-WEST-1").list_tables()
        self.assertEqual(raised.exception.response["Error"]["Code"], "IncompleteSignatureException")


if __name__ == "__main__":
    unittest.main()
