"""--auth verify through real SDKs: boto3, the AWS CLI and the JS SDK v3 sign requests dynemu
accepts with the right secret and refuses with a wrong one (InvalidSignatureException), an
unknown key (UnrecognizedClientException), and a temporary key without its session token.

Runs under run_with_dynemu.py with --auth verify --credentials data/auth_verify_credentials.txt.
"""

import json
import os
import shutil
import subprocess
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["DYNEMU_ENDPOINT"]
HERE = os.path.dirname(os.path.abspath(__file__))
JS_MODULES = os.path.join(HERE, "..", "..", "sdk-shims", "js", "node_modules")
WRONG_SIGNATURE = ("The request signature we calculated does not match the signature you provided. Check your AWS "
                   "Secret Access Key and signing method. Consult the service documentation for details.")


def client(key="test", secret="test", token=None, region="us-east-1"):
    return boto3.client("dynamodb", endpoint_url=ENDPOINT, region_name=region, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token,
                        config=Config(retries={"max_attempts": 1}))


def error_of(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"][
            "HTTPStatusCode"]
    return None


class Boto3(unittest.TestCase):
    def test_right_secret_passes_and_table_arn_names_the_signed_region(self):
        db = client(region="eu-central-1")
        description = db.create_table(
            TableName="auth_boto3", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}])["TableDescription"]
        self.assertTrue(description["TableArn"].startswith("arn:aws:dynamodb:eu-central-1:"), description["TableArn"])
        db.put_item(TableName="auth_boto3", Item={"k": {"S": "a"}, "v": {"S": "x" * 5000}})  # a compressed-size body
        self.assertEqual(db.get_item(TableName="auth_boto3", Key={"k": {"S": "a"}})["Item"]["v"]["S"], "x" * 5000)

    def test_wrong_secret_is_invalid_signature(self):
        self.assertEqual(error_of(lambda: client(secret="wrong").list_tables()),
                         ("InvalidSignatureException", WRONG_SIGNATURE, 400))

    def test_unknown_key_is_unrecognized_client(self):
        self.assertEqual(error_of(lambda: client(key="AKIDNOBODY").list_tables()),
                         ("UnrecognizedClientException", "The security token included in the request is invalid.",
                          400))

    def test_temporary_key_needs_its_session_token(self):
        client("ASIATEMPCLIENT", "temp-secret", token="client-session-token").list_tables()
        self.assertEqual(error_of(lambda: client("ASIATEMPCLIENT", "temp-secret").list_tables())[0],
                         "UnrecognizedClientException")
        self.assertEqual(error_of(lambda: client("ASIATEMPCLIENT", "temp-secret", token="other").list_tables())[0],
                         "UnrecognizedClientException")


@unittest.skipUnless(shutil.which("aws"), "the AWS CLI is not installed")
class AwsCli(unittest.TestCase):
    def run_cli(self, secret):
        env = dict(os.environ, AWS_SECRET_ACCESS_KEY=secret, AWS_MAX_ATTEMPTS="1")
        return subprocess.run(["aws", "dynamodb", "list-tables", "--endpoint-url", ENDPOINT, "--output", "json"],
                              env=env, capture_output=True, text=True, timeout=120)

    def test_right_secret_passes_wrong_secret_is_refused(self):
        ok = self.run_cli("test")
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertIn("TableNames", json.loads(ok.stdout))
        refused = self.run_cli("wrong")
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("InvalidSignatureException", refused.stderr)


JS_LIST_TABLES = """
const { DynamoDBClient, ListTablesCommand } = require("@aws-sdk/client-dynamodb");
const client = new DynamoDBClient({ endpoint: process.env.DYNEMU_ENDPOINT, region: "us-west-2", maxAttempts: 1,
  credentials: { accessKeyId: "test", secretAccessKey: process.argv[1] } });
client.send(new ListTablesCommand({})).then(
  (r) => console.log(JSON.stringify({ ok: Array.isArray(r.TableNames) })),
  (e) => console.log(JSON.stringify({ error: e.name, status: e.$metadata && e.$metadata.httpStatusCode })));
"""


@unittest.skipUnless(shutil.which("node") and os.path.isdir(os.path.join(JS_MODULES, "@aws-sdk", "client-dynamodb")),
                     "node or @aws-sdk/client-dynamodb in sdk-shims/js is missing")
class JsSdkV3(unittest.TestCase):
    def run_js(self, secret):
        env = dict(os.environ, NODE_PATH=JS_MODULES)
        done = subprocess.run(["node", "-e", JS_LIST_TABLES, secret], env=env, capture_output=True, text=True,
                              timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def test_right_secret_passes_wrong_secret_is_refused(self):
        self.assertEqual(self.run_js("test"), {"ok": True})
        self.assertEqual(self.run_js("wrong"), {"error": "InvalidSignatureException", "status": 400})


if __name__ == "__main__":
    unittest.main()
