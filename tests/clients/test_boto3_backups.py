"""boto3 against dynemu's on-demand backups: create_backup, describe_backup, list_backups (and
boto3's paginator over it), delete_backup and restore_table_from_backup with overrides, with
DynamoDB's error codes as botocore surfaces them. The walkthrough: put items, back up, delete
items by mistake, restore into a new table whose scan equals the original.
"""

import unittest
from decimal import Decimal

from boto3_support import client, delete_table_quietly, error_of, require_endpoint, resource, unique


def setUpModule():
    require_endpoint()


def scan_all(ddb, table):
    items = []
    for page in ddb.get_paginator("scan").paginate(TableName=table):
        items += page["Items"]
    return sorted(items, key=lambda item: (item["pk"]["S"], item["sk"]["N"]))


class Backups(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.ddb = client()
        cls.table = unique("Ledger")
        cls.tables = [cls.table]
        cls.ddb.create_table(
            TableName=cls.table,
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "day", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            LocalSecondaryIndexes=[{"IndexName": "byDay",
                                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                  {"AttributeName": "day", "KeyType": "RANGE"}],
                                    "Projection": {"ProjectionType": "ALL"}}],
            ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
        with resource().Table(cls.table).batch_writer() as batch:
            for i in range(30):
                batch.put_item(Item={"pk": f"acct{i % 3}", "sk": i, "day": f"2024-01-{i % 28 + 1:02d}",
                                     "amount": Decimal(i) * Decimal("1.5"), "tags": {"x", "y"}})

    @classmethod
    def tearDownClass(cls):
        for table in cls.tables:
            delete_table_quietly(cls.ddb, table)

    def test_walkthrough_and_overrides(self):
        original = scan_all(self.ddb, self.table)
        self.assertEqual(len(original), 30)
        details = self.ddb.create_backup(TableName=self.table, BackupName="daily.2024-01-31")["BackupDetails"]
        arn = details["BackupArn"]
        self.assertEqual(details["BackupStatus"], "AVAILABLE")
        self.assertGreater(details["BackupSizeBytes"], 0)
        self.assertEqual(details["BackupCreationDateTime"].tzinfo is not None, True)

        # Oops: one account's items are deleted.
        for item in original:
            if item["pk"]["S"] == "acct1":
                self.ddb.delete_item(TableName=self.table, Key={"pk": item["pk"], "sk": item["sk"]})
        self.assertEqual(len(scan_all(self.ddb, self.table)), 20)

        restored = unique("LedgerRestored")
        self.tables.append(restored)
        td = self.ddb.restore_table_from_backup(TargetTableName=restored, BackupArn=arn,
                                                BillingModeOverride="PAY_PER_REQUEST")["TableDescription"]
        self.assertEqual(td["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertEqual(td["RestoreSummary"]["SourceBackupArn"], arn)
        self.ddb.get_waiter("table_exists").wait(TableName=restored)
        self.assertEqual(scan_all(self.ddb, restored), original)
        by_day = self.ddb.query(TableName=restored, IndexName="byDay", KeyConditionExpression="pk = :p AND #d < :d",
                                ExpressionAttributeNames={"#d": "day"},
                                ExpressionAttributeValues={":p": {"S": "acct1"}, ":d": {"S": "2024-01-10"}})
        self.assertEqual([i["day"]["S"] for i in by_day["Items"]], ["2024-01-01", "2024-01-02", "2024-01-05", "2024-01-08"])  # i = 28, 1, 4, 7
        described = self.ddb.describe_table(TableName=restored)["Table"]
        self.assertEqual(described["ItemCount"], 30)
        self.assertEqual(described["RestoreSummary"]["RestoreInProgress"], False)

        code, message = error_of(lambda: self.ddb.restore_table_from_backup(TargetTableName=restored, BackupArn=arn))
        self.assertEqual((code, message), ("TableAlreadyExistsException", f"Table already exists: {restored}"))
        code, _ = error_of(lambda: self.ddb.restore_table_from_backup(
            TargetTableName=unique("Bad"), BackupArn=arn, BillingModeOverride="PAY_PER_REQUEST",
            ProvisionedThroughputOverride={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}))
        self.assertEqual(code, "ValidationException")

    def test_list_paginator_describe_and_delete(self):
        arns = [self.ddb.create_backup(TableName=self.table, BackupName=f"page-{i}")["BackupDetails"]["BackupArn"]
                for i in range(5)]
        pages = list(self.ddb.get_paginator("list_backups").paginate(TableName=self.table,
                                                                     PaginationConfig={"PageSize": 2}))
        listed = [b["BackupArn"] for page in pages for b in page["BackupSummaries"]]
        self.assertEqual([a for a in listed if a in arns], arns)
        self.assertGreaterEqual(len(pages), 3)
        self.assertEqual(self.ddb.list_backups(TableName=self.table, BackupType="SYSTEM")["BackupSummaries"], [])

        source = self.ddb.describe_backup(BackupArn=arns[0])["BackupDescription"]["SourceTableDetails"]
        self.assertEqual((source["TableName"], source["BillingMode"], source["ItemCount"]),
                         (self.table, "PROVISIONED", source["ItemCount"]))
        self.assertEqual(source["ProvisionedThroughput"], {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
        for arn in arns:
            status = self.ddb.delete_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"]
            self.assertEqual(status, "DELETED")
        self.assertEqual(error_of(lambda: self.ddb.describe_backup(BackupArn=arns[0])),
                         ("BackupNotFoundException", f"Backup not found: {arns[0]}"))
        self.assertEqual(error_of(lambda: self.ddb.create_backup(TableName=unique("Missing"), BackupName="abc"))[0],
                         "TableNotFoundException")


if __name__ == "__main__":
    unittest.main()
