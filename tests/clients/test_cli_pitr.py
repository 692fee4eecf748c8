"""The AWS CLI's point-in-time recovery walkthrough, "oops, restore to five minutes ago", driven by
the server clock (POST /_dynemu/clock): enable PITR, write orders, ten minutes pass, a cleanup
deletes some by mistake, restore-table-to-point-in-time at the latest restorable time (five
minutes ago, before the mistake), and the restored table's scan is the orders before the mistake.
boto3 covers the rest in the same file (fewer CLI calls: each costs about a second): the errors as
boto3 models them and a restore to an exact earlier second.

Run under run_with_dynemu.py (it exports AWS_ENDPOINT_URL_DYNAMODB and credentials).
"""

import datetime
import json
import os
import shutil
import subprocess
import unittest
import urllib.request
import uuid

AWS = shutil.which("aws")

try:
    import boto3_support
except ImportError:  # boto3 missing: the CLI part still runs
    boto3_support = None


def setUpModule():
    if AWS is None:
        raise unittest.SkipTest("the AWS CLI (`aws`) is not on PATH")
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):
        raise unittest.SkipTest("AWS_ENDPOINT_URL_DYNAMODB is not set: run under run_with_dynemu.py")


def clock(body):
    req = urllib.request.Request(os.environ["AWS_ENDPOINT_URL_DYNAMODB"] + "/_dynemu/clock",
                                 data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def sorted_items(items):
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


T0 = 1_800_000_000


class CliPointInTimeRecovery(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        clock({"now": T0, "freeze": True})

    def tearDown(self):
        clock({"real": True})

    def run_aws(self, *args):
        cmd = [AWS, "dynamodb", *args, "--output", "json", "--endpoint-url", os.environ["AWS_ENDPOINT_URL_DYNAMODB"]]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def aws(self, *args):
        r = self.run_aws(*args)
        self.assertEqual(r.returncode, 0, f"{args}\n{r.stdout}\n{r.stderr}")
        return json.loads(r.stdout) if r.stdout.strip() else {}

    def test_oops_restore_to_five_minutes_ago(self):
        table = f"CliLedger_{uuid.uuid4().hex[:8]}"
        restored = f"{table}_restored"
        self.aws("create-table", "--table-name", table,
                 "--attribute-definitions", "AttributeName=id,AttributeType=S",
                 "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
        pitr = self.aws("update-continuous-backups", "--table-name", table,
                        "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true")
        self.assertEqual(pitr["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
                         ["PointInTimeRecoveryStatus"], "ENABLED")
        original = sorted_items([{"id": {"S": f"o{i}"}, "status": {"S": status}}
                                 for i, status in enumerate(["open", "open", "shipped", "open"])])
        self.aws("batch-write-item", "--request-items",
                 json.dumps({table: [{"PutRequest": {"Item": item}} for item in original]}))

        clock({"advance": 600})
        # The mistake, ten minutes later: a cleanup script deletes every open order.
        self.aws("batch-write-item", "--request-items",
                 json.dumps({table: [{"DeleteRequest": {"Key": {"id": item["id"]}}}
                                     for item in original if item["status"]["S"] == "open"]}))

        td = self.aws("restore-table-to-point-in-time", "--source-table-name", table,
                      "--target-table-name", restored, "--use-latest-restorable-time")["TableDescription"]
        summary = td["RestoreSummary"]
        self.assertNotIn("SourceBackupArn", summary)
        self.assertEqual(summary["SourceTableArn"], f"arn:aws:dynamodb:us-east-1:000000000000:table/{table}")
        # Five minutes ago (the CLI shows epoch seconds or ISO 8601, as its cli_timestamp_format says).
        shown = summary["RestoreDateTime"]
        seconds = shown if isinstance(shown, (int, float)) else datetime.datetime.fromisoformat(shown).timestamp()
        self.assertEqual(seconds, T0 + 300)
        restored_items = self.aws("scan", "--table-name", restored)["Items"]
        self.assertEqual(sorted_items(restored_items), original)

    @unittest.skipIf(boto3_support is None, "boto3 is not importable")
    def test_boto3_restores_an_exact_second_and_models_the_errors(self):
        ddb = boto3_support.client()
        table = boto3_support.unique("Pitr")
        ddb.create_table(TableName=table, AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        err = boto3_support.error_of(lambda: ddb.restore_table_to_point_in_time(
            SourceTableName=table, TargetTableName=table + "_r", UseLatestRestorableTime=True))
        self.assertEqual(err, ("PointInTimeRecoveryUnavailableException",
                               "Point in time recovery has not yet been enabled for this source table."))
        ddb.update_continuous_backups(TableName=table,
                                      PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        ddb.put_item(TableName=table, Item={"id": {"S": "a"}, "v": {"N": "1"}})
        clock({"advance": 60})
        ddb.update_item(TableName=table, Key={"id": {"S": "a"}}, UpdateExpression="SET v = :v",
                        ExpressionAttributeValues={":v": {"N": "2"}})
        clock({"advance": 600})
        at = datetime.datetime.fromtimestamp(T0 + 59, tz=datetime.timezone.utc)
        ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=table + "_r", RestoreDateTime=at)
        self.assertEqual(ddb.get_item(TableName=table + "_r", Key={"id": {"S": "a"}})["Item"]["v"], {"N": "1"})
        err = boto3_support.error_of(lambda: ddb.restore_table_to_point_in_time(
            SourceTableName=table, TargetTableName=table + "_x",
            RestoreDateTime=datetime.datetime.fromtimestamp(T0 - 1, tz=datetime.timezone.utc)))
        self.assertEqual(err[0], "InvalidRestoreTimeException")
        err = boto3_support.error_of(lambda: ddb.restore_table_to_point_in_time(
            SourceTableName=table, TargetTableName=table + "_r", UseLatestRestorableTime=True))
        self.assertEqual(err, ("TableAlreadyExistsException", f"Table already exists: {table}_r"))


if __name__ == "__main__":
    unittest.main()
