"""`dynemu --seed` with CloudFormation and SAM templates (YAML and JSON) and --seed-parameter: the
tables come up with what the templates declare, the baseline reset returns to them, and a template
dynemu cannot honour stops the start-up with a message naming file, resource and property.

Run under run_with_dynemu.py, which exports DYNEMU_BINARY; each test starts its own dynemu.
"""

import os
import select
import subprocess
import time
import unittest

from test_command_line import Dynemu, binary, call, setUpModule  # noqa: F401 (setUpModule skips without a binary)

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "templates")
GOOD = os.path.normpath(os.path.join(TEMPLATES, "good"))
ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/"


def seeded(server):
    """Waits for the start-up line dynemu prints once seeding and the baseline are done (the port
    answers earlier); returns the lines before it."""
    text, deadline = "", time.time() + 20
    fd = server.proc.stderr.fileno()
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(fd, 65536).decode()
        if not chunk:
            break
        text += chunk
        if " listening on " in text:
            return text.splitlines(keepends=True)
    raise AssertionError(f"dynemu did not finish seeding: {text}")


def admin_reset(port):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/_dynemu/reset")
    status = conn.getresponse().status
    conn.close()
    return status


class SeedTemplates(unittest.TestCase):
    maxDiff = None

    def start(self, *args):
        server = Dynemu("--in-memory", "--seed", GOOD, "--seed-parameter", "Stage=test",
                        "--seed-parameter", "AWS::StackName=cli", *args)
        self.addCleanup(server.stop)
        self.log = seeded(server)
        return server

    def test_tables_and_their_properties(self):
        port = self.start().port
        status, _, users = call(port, "DescribeTable", {"TableName": "Users"})
        self.assertEqual(status, 200, users)
        self.assertEqual(users["Table"]["KeySchema"], [{"AttributeName": "UserId", "KeyType": "HASH"}])
        self.assertEqual(users["Table"]["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST")
        status, _, backups = call(port, "DescribeContinuousBackups", {"TableName": "Users"})
        self.assertEqual(backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
                         ["PointInTimeRecoveryStatus"], "ENABLED")

        status, _, orders = call(port, "DescribeTable", {"TableName": "cli-orders-test"})
        self.assertEqual(status, 200, orders)
        table = orders["Table"]
        self.assertEqual(table["ProvisionedThroughput"]["ReadCapacityUnits"], 5)
        self.assertEqual([ix["IndexName"] for ix in table["GlobalSecondaryIndexes"]], ["ByCustomer"])
        self.assertEqual([ix["IndexName"] for ix in table["LocalSecondaryIndexes"]], ["ByPlaced"])
        self.assertEqual(table["StreamSpecification"], {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        self.assertEqual(table["TableClassSummary"]["TableClass"], "STANDARD_INFREQUENT_ACCESS")
        self.assertTrue(table["DeletionProtectionEnabled"])
        status, _, ttl = call(port, "DescribeTimeToLive", {"TableName": "cli-orders-test"})
        self.assertEqual(ttl["TimeToLiveDescription"], {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiresAt"})
        status, _, tags = call(port, "ListTagsOfResource", {"ResourceArn": ARN + "cli-orders-test"})
        self.assertEqual(tags["Tags"], [{"Key": "stage", "Value": "test"},
                                        {"Key": "region", "Value": "us-east-1/000000000000"},
                                        {"Key": "owner", "Value": "team-b"}, {"Key": "sandbox", "Value": "yes"}])
        status, _, catalog = call(port, "DescribeTable", {"TableName": "catalog-test"})
        self.assertEqual(status, 200, catalog)
        self.assertEqual(catalog["Table"]["OnDemandThroughput"], {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50})

    def test_generated_names_are_stable(self):
        names = []
        for _ in range(2):
            server = Dynemu("--in-memory", "--seed", GOOD, "--seed-parameter", "Stage=test",
                            "--seed-parameter", "AWS::StackName=cli")
            try:
                log = "".join(seeded(server))
                status, _, listed = call(server.port, "ListTables", {})
            finally:
                server.stop()
            sessions = [n for n in listed["TableNames"] if n.startswith("cli-SessionsTable-")]
            self.assertEqual(len(sessions), 1, listed)
            self.assertRegex(sessions[0], r"^cli-SessionsTable-[A-Z0-9]{12}$")
            self.assertIn(f"dynemu: template resource SessionsTable is table {sessions[0]}\n", log)
            self.assertIn("dynemu: template resource UsersTable is table Users\n", log)
            names.append(sessions[0])
        self.assertEqual(names[0], names[1])

    def test_reset_returns_to_the_templates_state(self):
        port = self.start().port
        self.assertEqual(call(port, "UntagResource", {"ResourceArn": ARN + "carts-test", "TagKeys": ["app"]})[0], 200)
        self.assertEqual(admin_reset(port), 200)
        status, _, tags = call(port, "ListTagsOfResource", {"ResourceArn": ARN + "carts-test"})
        self.assertEqual(tags["Tags"], [{"Key": "app", "Value": "shop"}, {"Key": "tier", "Value": "web"}])

    def test_bad_templates_stop_start_up(self):
        bad = os.path.normpath(os.path.join(TEMPLATES, "bad", "kinesis.yaml"))
        r = subprocess.run([binary(), "--in-memory", "--port", "0", "--seed", bad], capture_output=True, text=True,
                           timeout=20)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(f"dynemu: seed file '{bad}': resource 'Events': property 'KinesisStreamSpecification': "
                      "dynemu cannot honour it: Kinesis Data Streams are not emulated", r.stderr)
        missing = os.path.normpath(os.path.join(TEMPLATES, "bad", "missing_parameter.yaml"))
        r = subprocess.run([binary(), "--in-memory", "--port", "0", "--seed", missing], capture_output=True,
                           text=True, timeout=20)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("parameter 'TableName' has no Default and no value was given", r.stderr)
        r = subprocess.run([binary(), "--seed-parameter", "novalue"], capture_output=True, text=True, timeout=20)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--seed-parameter takes NAME=VALUE: novalue", r.stderr)

    def test_seed_parameter_fills_a_parameter_without_default(self):
        missing = os.path.normpath(os.path.join(TEMPLATES, "bad", "missing_parameter.yaml"))
        server = Dynemu("--in-memory", "--seed", missing, "--seed-parameter", "TableName=from-cli")
        self.addCleanup(server.stop)
        seeded(server)
        self.assertEqual(call(server.port, "DescribeTable", {"TableName": "from-cli"})[0], 200)


if __name__ == "__main__":
    unittest.main()
