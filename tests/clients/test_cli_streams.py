"""The AWS CLI reads a whole stream: `aws dynamodbstreams` list-streams -> describe-stream ->
get-shard-iterator -> get-records, after writes made with `aws dynamodb`.

Run under run_with_dynemu.py; the streams commands get --endpoint-url from
AWS_ENDPOINT_URL_DYNAMODB (the CLI reads no DynamoDB Streams variable of that name).
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


class CliStreams(unittest.TestCase):
    def aws(self, service, *args):
        cmd = [AWS, service, *args, "--output", "json", "--endpoint-url", os.environ["AWS_ENDPOINT_URL_DYNAMODB"]]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, f"{' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
        return json.loads(r.stdout) if r.stdout.strip() else {}

    def test_read_a_whole_stream(self):
        table = f"CliStreams_{uuid.uuid4().hex[:8]}"
        self.aws("dynamodb", "create-table", "--table-name", table,
                 "--attribute-definitions", "AttributeName=id,AttributeType=S",
                 "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST",
                 "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_IMAGE")
        self.aws("dynamodb", "put-item", "--table-name", table, "--item", '{"id":{"S":"1"},"v":{"S":"x"}}')
        self.aws("dynamodb", "put-item", "--table-name", table, "--item", '{"id":{"S":"1"},"v":{"S":"y"}}')
        self.aws("dynamodb", "delete-item", "--table-name", table, "--key", '{"id":{"S":"1"}}')

        streams = self.aws("dynamodbstreams", "list-streams", "--table-name", table)["Streams"]
        self.assertEqual(len(streams), 1)
        arn = streams[0]["StreamArn"]
        desc = self.aws("dynamodbstreams", "describe-stream", "--stream-arn", arn)["StreamDescription"]
        self.assertEqual((desc["TableName"], desc["StreamViewType"], desc["StreamStatus"]),
                         (table, "NEW_IMAGE", "ENABLED"))
        records = []
        for shard in desc["Shards"]:
            it = self.aws("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn, "--shard-id",
                          shard["ShardId"], "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
            while it:
                page = self.aws("dynamodbstreams", "get-records", "--shard-iterator", it)
                records += page["Records"]
                it = page.get("NextShardIterator") if page["Records"] else None
        self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"])
        self.assertEqual(records[1]["dynamodb"]["NewImage"], {"id": {"S": "1"}, "v": {"S": "y"}})
        self.assertNotIn("OldImage", records[1]["dynamodb"])
        self.aws("dynamodb", "delete-table", "--table-name", table)


if __name__ == "__main__":
    unittest.main()
