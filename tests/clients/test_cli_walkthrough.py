"""The AWS CLI (v1) walkthrough against dynemu.

Run under run_with_dynemu.py, which sets AWS_ENDPOINT_URL_DYNAMODB (honoured by
AWS CLI v1 >= 1.29 / botocore >= 1.31, checked with CLI 1.45), credentials and
region. No --endpoint-url is passed: the walkthrough is what a user who only
set the environment gets.

The steps run in order (unittest sorts test methods by name) and each depends on
the state the previous ones left behind:
create-table -> wait table-exists -> describe-table -> list-tables -> put-item ->
get-item -> delete-item -> get-item (no Item) -> delete-table -> list-tables (empty),
plus an error case (get-item on a missing table).
"""

import json
import os
import shutil
import subprocess
import unittest

TABLE = "Users"
ITEM = {"UserId": {"S": "u-1001"}, "email": {"S": "ada.lovelace@example.com"}, "age": {"N": "36"}}
KEY = {"UserId": {"S": "u-1001"}}
AWS = shutil.which("aws")


def setUpModule():
    if AWS is None:
        raise unittest.SkipTest("the AWS CLI (`aws`) is not on PATH")
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):
        raise unittest.SkipTest("AWS_ENDPOINT_URL_DYNAMODB is not set: run under run_with_dynemu.py")


def aws(*args, timeout=120):
    """Run `aws dynamodb ARGS --output json`; return CompletedProcess (text)."""
    cmd = [AWS, "dynamodb", *args, "--output", "json"]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def aws_json(testcase, *args):
    """Run the command, assert exit 0, return parsed stdout ({} when the CLI prints nothing)."""
    r = aws(*args)
    testcase.assertEqual(
        r.returncode, 0,
        f"`aws dynamodb {' '.join(args)}` exited {r.returncode}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}")
    out = r.stdout.strip()
    if not out:
        return {}
    try:
        return json.loads(out)
    except json.JSONDecodeError as e:
        testcase.fail(f"`aws dynamodb {' '.join(args)}` printed non-JSON output ({e}):\n{r.stdout}")


class CliWalkthrough(unittest.TestCase):
    maxDiff = None
    created = False  # set by test_01 once create-table succeeded

    def test_01_create_table(self):
        out = aws_json(
            self, "create-table",
            "--table-name", TABLE,
            "--attribute-definitions", "AttributeName=UserId,AttributeType=S",
            "--key-schema", "AttributeName=UserId,KeyType=HASH",
            "--billing-mode", "PAY_PER_REQUEST")
        self.assertIn("TableDescription", out)
        desc = out["TableDescription"]
        self.assertEqual(desc["TableName"], TABLE)
        self.assertEqual(desc["KeySchema"], [{"AttributeName": "UserId", "KeyType": "HASH"}])
        self.assertEqual(desc["AttributeDefinitions"], [{"AttributeName": "UserId", "AttributeType": "S"}])
        self.assertEqual(desc["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        # dynemu by default has no CREATING window (like DynamoDB Local); real DynamoDB says CREATING here.
        self.assertEqual(desc["TableStatus"], "ACTIVE")
        arn = desc["TableArn"]
        self.assertTrue(arn.startswith("arn:aws:dynamodb:us-east-1:"), arn)
        self.assertTrue(arn.endswith(":table/Users"), arn)
        # arn:aws:dynamodb:REGION:ACCOUNT:table/NAME — the account is 12 digits.
        account = arn.split(":")[4]
        self.assertRegex(account, r"^\d{12}$")
        CliWalkthrough.created = True

    def test_02_wait_table_exists(self):
        if not CliWalkthrough.created:
            # The waiter polls every 20 s for up to 25 tries; don't sit through that for a missing table.
            self.fail("create-table did not succeed; not waiting for the table")
        try:
            # The table is ACTIVE at once, so the first DescribeTable ends the wait.
            r = aws("wait", "table-exists", "--table-name", TABLE, timeout=90)
        except subprocess.TimeoutExpired:
            self.fail("`aws dynamodb wait table-exists` did not finish within 90 s")
        self.assertEqual(r.returncode, 0, f"wait table-exists failed:\n{r.stdout}\n{r.stderr}")

    def test_03_describe_table(self):
        out = aws_json(self, "describe-table", "--table-name", TABLE)
        t = out["Table"]
        self.assertEqual(t["TableName"], TABLE)
        self.assertEqual(t["TableStatus"], "ACTIVE")
        self.assertEqual(t["KeySchema"], [{"AttributeName": "UserId", "KeyType": "HASH"}])
        self.assertEqual(t["AttributeDefinitions"], [{"AttributeName": "UserId", "AttributeType": "S"}])
        self.assertEqual(t["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        self.assertTrue(t["TableArn"].startswith("arn:aws:dynamodb:us-east-1:"))
        self.assertTrue(t["TableArn"].endswith(":table/Users"))
        self.assertIn("CreationDateTime", t)
        self.assertEqual(t.get("ItemCount"), 0)

    def test_04_list_tables_contains_users(self):
        out = aws_json(self, "list-tables")
        self.assertIn(TABLE, out["TableNames"])

    def test_05_put_item(self):
        out = aws_json(self, "put-item", "--table-name", TABLE, "--item", json.dumps(ITEM))
        # No ReturnValues / ReturnConsumedCapacity: an empty response.
        self.assertNotIn("Attributes", out)

    def test_06_get_item(self):
        out = aws_json(self, "get-item", "--table-name", TABLE, "--key", json.dumps(KEY))
        self.assertEqual(out, {"Item": ITEM})

    def test_07_delete_item(self):
        out = aws_json(self, "delete-item", "--table-name", TABLE, "--key", json.dumps(KEY),
                       "--return-values", "ALL_OLD")
        self.assertEqual(out.get("Attributes"), ITEM)

    def test_08_get_item_after_delete(self):
        out = aws_json(self, "get-item", "--table-name", TABLE, "--key", json.dumps(KEY),
                       "--consistent-read")
        self.assertNotIn("Item", out)

    def test_09_delete_table(self):
        out = aws_json(self, "delete-table", "--table-name", TABLE)
        desc = out["TableDescription"]
        self.assertEqual(desc["TableName"], TABLE)
        # Real DynamoDB answers DELETING; an emulator without transient states may answer ACTIVE.
        self.assertIn(desc["TableStatus"], ("DELETING", "ACTIVE"))
        self.assertTrue(desc["TableArn"].endswith(":table/Users"))

    def test_10_list_tables_empty(self):
        out = aws_json(self, "list-tables")
        self.assertEqual(out, {"TableNames": []})

    def test_11_get_item_missing_table(self):
        r = aws("get-item", "--table-name", "NoSuchTable", "--key", json.dumps(KEY))
        self.assertNotEqual(r.returncode, 0, f"expected failure, got:\n{r.stdout}")
        self.assertIn("ResourceNotFoundException", r.stderr)
        self.assertIn("Requested resource not found", r.stderr)
        # The CLI's own error line: "An error occurred (ResourceNotFoundException) when calling
        # the GetItem operation: Requested resource not found"
        self.assertIn("An error occurred (ResourceNotFoundException) when calling the GetItem operation: "
                      "Requested resource not found", r.stderr)
        self.assertEqual(r.stdout.strip(), "")


if __name__ == "__main__":
    unittest.main(verbosity=2)
