"""The AWS CLI's backup-and-restore walkthrough: create a table with a global secondary index, put
items, create-backup, delete items by mistake, restore-table-from-backup into a new table, and the
restored table's scan equals the original; a second restore into it gets TableAlreadyExistsException.

Run under run_with_dynemu.py (it exports AWS_ENDPOINT_URL_DYNAMODB and credentials).
"""

import json
import os
import shutil
import subprocess
import unittest
import uuid

AWS = shutil.which("aws")


def setUpModule():
    if AWS is None:
        raise unittest.SkipTest("the AWS CLI (`aws`) is not on PATH")
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):
        raise unittest.SkipTest("AWS_ENDPOINT_URL_DYNAMODB is not set: run under run_with_dynemu.py")


def sorted_items(items):
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


class CliBackups(unittest.TestCase):
    maxDiff = None

    def run_aws(self, *args):
        cmd = [AWS, "dynamodb", *args, "--output", "json", "--endpoint-url", os.environ["AWS_ENDPOINT_URL_DYNAMODB"]]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def aws(self, *args):
        r = self.run_aws(*args)
        self.assertEqual(r.returncode, 0, f"{args}\n{r.stdout}\n{r.stderr}")
        return json.loads(r.stdout) if r.stdout.strip() else {}

    def scan(self, table):
        return sorted_items(self.aws("scan", "--table-name", table)["Items"])

    def test_backup_oops_restore(self):
        # Few CLI calls: each one starts a Python interpreter (about a second of CI time).
        table = f"CliOrders_{uuid.uuid4().hex[:8]}"
        restored = f"{table}_restored"
        self.aws("create-table", "--table-name", table,
                 "--attribute-definitions", "AttributeName=id,AttributeType=S", "AttributeName=status,AttributeType=S",
                 "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST",
                 "--global-secondary-indexes",
                 json.dumps([{"IndexName": "byStatus", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                              "Projection": {"ProjectionType": "ALL"}}]))
        original = sorted_items([{"id": {"S": f"o{i}"}, "status": {"S": status}, "total": {"N": str(10 * i)}}
                                 for i, status in enumerate(["open", "open", "shipped", "open"])])
        self.aws("batch-write-item", "--request-items",
                 json.dumps({table: [{"PutRequest": {"Item": item}} for item in original]}))

        details = self.aws("create-backup", "--table-name", table, "--backup-name", "before-cleanup")["BackupDetails"]
        arn = details["BackupArn"]
        self.assertTrue(arn.startswith(f"arn:aws:dynamodb:us-east-1:000000000000:table/{table}/backup/"), arn)
        self.assertEqual((details["BackupName"], details["BackupStatus"], details["BackupType"]),
                         ("before-cleanup", "AVAILABLE", "USER"))

        # The mistake: a cleanup script deletes every open order.
        self.aws("batch-write-item", "--request-items",
                 json.dumps({table: [{"DeleteRequest": {"Key": {"id": item["id"]}}}
                                     for item in original if item["status"]["S"] == "open"]}))

        td = self.aws("restore-table-from-backup", "--target-table-name", restored, "--backup-arn", arn)["TableDescription"]
        self.assertEqual(td["RestoreSummary"]["SourceBackupArn"], arn)
        self.assertEqual(td["RestoreSummary"]["RestoreInProgress"], False)
        self.assertEqual(td["GlobalSecondaryIndexes"][0]["IndexName"], "byStatus")
        self.assertEqual(self.scan(restored), original)

        # Restoring over an existing table is refused, with DynamoDB's error.
        r = self.run_aws("restore-table-from-backup", "--target-table-name", restored, "--backup-arn", arn)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("TableAlreadyExistsException", r.stderr)
        self.assertIn(f"Table already exists: {restored}", r.stderr)


if __name__ == "__main__":
    unittest.main()
