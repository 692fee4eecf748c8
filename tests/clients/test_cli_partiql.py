"""The AWS CLI runs PartiQL: `aws dynamodb execute-statement`, `batch-execute-statement` and
`execute-transaction`, with parameters, paging, errors and the request log's plan.

Run under run_with_dynemu.py (AWS_ENDPOINT_URL_DYNAMODB names the server).
"""

import json
import os
import shutil
import subprocess
import unittest
import urllib.request
import uuid

AWS = shutil.which("aws")


def setUpModule():
    if AWS is None:
        raise unittest.SkipTest("the AWS CLI (`aws`) is not on PATH")
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"):
        raise unittest.SkipTest("AWS_ENDPOINT_URL_DYNAMODB is not set: run under run_with_dynemu.py")


class CliPartiql(unittest.TestCase):
    def run_aws(self, *args):
        cmd = [AWS, "dynamodb", *args, "--output", "json", "--endpoint-url", os.environ["AWS_ENDPOINT_URL_DYNAMODB"]]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def aws(self, *args):
        r = self.run_aws(*args)
        self.assertEqual(r.returncode, 0, f"{args}\n{r.stdout}\n{r.stderr}")
        return json.loads(r.stdout) if r.stdout.strip() else {}

    def last_request(self):
        with urllib.request.urlopen(os.environ["AWS_ENDPOINT_URL_DYNAMODB"] + "/_dynemu/requests") as resp:
            return json.load(resp)["requests"][-1]

    def setUp(self):
        self.table = f"CliPartiql_{uuid.uuid4().hex[:8]}"
        self.aws("create-table", "--table-name", self.table,
                 "--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
                 "--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE",
                 "--billing-mode", "PAY_PER_REQUEST")

    def test_execute_statement_forms(self):
        t = f'"{self.table}"'
        for sk in range(4):
            out = self.aws("execute-statement", "--statement", f"INSERT INTO {t} VALUE {{'pk': ?, 'sk': ?, 'v': 'x'}}",
                           "--parameters", json.dumps([{"S": "a"}, {"N": str(sk)}]))
            self.assertEqual(out, {"Items": []})
        dup = self.run_aws("execute-statement", "--statement", f"INSERT INTO {t} VALUE {{'pk': 'a', 'sk': 0}}")
        self.assertNotEqual(dup.returncode, 0)
        self.assertIn("(DuplicateItemException) when calling the ExecuteStatement operation: "
                      "Duplicate primary key exists in table", dup.stderr)

        out = self.aws("execute-statement", "--statement", f"SELECT sk FROM {t} WHERE pk = ? AND sk >= 1 ORDER BY sk DESC",
                       "--parameters", '[{"S":"a"}]')
        self.assertEqual(out["Items"], [{"sk": {"N": "3"}}, {"sk": {"N": "2"}}, {"sk": {"N": "1"}}])
        rec = self.last_request()
        self.assertEqual((rec["operation"], rec["table"], rec["keyCondition"], rec["scan"]),
                         ("ExecuteStatement", self.table, True, False))

        # The CLI pages through NextToken by itself: --limit is per page, every item comes back.
        out = self.aws("execute-statement", "--statement", f"SELECT * FROM {t} WHERE v = 'x'", "--limit", "1")
        self.assertEqual(len(out["Items"]), 1)
        self.assertIn("NextToken", out)
        self.assertTrue(self.last_request()["scan"])

        out = self.aws("execute-statement", "--statement",
                       f"UPDATE {t} SET n = 1 SET v = 'y' WHERE pk = 'a' AND sk = 0 RETURNING MODIFIED NEW *")
        self.assertEqual(out["Items"], [{"n": {"N": "1"}, "v": {"S": "y"}}])
        bad = self.run_aws("execute-statement", "--statement", f"DELETE FROM {t} WHERE pk = 'a'")
        self.assertIn("(ValidationException) when calling the ExecuteStatement operation: Where clause does not "
                      "contain a mandatory equality on all key attributes", bad.stderr)
        bad = self.run_aws("execute-statement", "--statement", f"SELECT * FROM {t} WHERE pk = ?")
        self.assertIn("Number of parameters in request and statement don't match.", bad.stderr)

    def test_batch_and_transaction(self):
        t = f'"{self.table}"'
        out = self.aws("batch-execute-statement", "--statements", json.dumps([
            {"Statement": f"INSERT INTO {t} VALUE {{'pk': 'b', 'sk': 1}}"},
            {"Statement": f"INSERT INTO {t} VALUE {{'pk': 'b', 'sk': 1}}"},
        ]))
        self.assertEqual(out["Responses"][0], {"TableName": self.table})
        self.assertEqual(out["Responses"][1]["Error"]["Code"], "DuplicateItem")
        out = self.aws("batch-execute-statement", "--statements", json.dumps([
            {"Statement": f"SELECT * FROM {t} WHERE pk = ? AND sk = ?", "Parameters": [{"S": "b"}, {"N": "1"}]},
        ]))
        self.assertEqual(out["Responses"][0]["Item"], {"pk": {"S": "b"}, "sk": {"N": "1"}})

        self.aws("execute-transaction", "--transact-statements", json.dumps([
            {"Statement": f"UPDATE {t} SET n = 5 WHERE pk = 'b' AND sk = 1"},
            {"Statement": f"INSERT INTO {t} VALUE {{'pk': 'b', 'sk': 2}}"},
        ]), "--client-request-token", "cli-token-1")
        failed = self.run_aws("execute-transaction", "--transact-statements", json.dumps([
            {"Statement": f"UPDATE {t} SET n = 6 WHERE pk = 'b' AND sk = 1"},
            {"Statement": f"INSERT INTO {t} VALUE {{'pk': 'b', 'sk': 2}}"},
        ]))
        self.assertIn("(TransactionCanceledException) when calling the ExecuteTransaction operation: Transaction "
                      "cancelled, please refer cancellation reasons for specific reasons [None, DuplicateItem]",
                      failed.stderr)
        out = self.aws("execute-transaction", "--transact-statements", json.dumps([
            {"Statement": f"SELECT n FROM {t} WHERE pk = 'b' AND sk = 1"}]))
        self.assertEqual(out["Responses"], [{"Item": {"n": {"N": "5"}}}])


if __name__ == "__main__":
    unittest.main()
