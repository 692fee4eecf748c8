"""boto3's `dynamodbstreams` client reads a whole stream (describe_stream -> get_shard_iterator ->
get_records) after every kind of write, across a shard rotation the test causes by moving the
server clock (POST /_dynemu/clock), and gets DynamoDB Streams' errors as boto3 models them.
"""

import json
import os
import unittest
import urllib.request

import boto3
from botocore.exceptions import ClientError

from boto3_support import REGION, client, config, delete_table_quietly, require_endpoint, unique


def setUpModule():
    require_endpoint()


def streams_client():
    return boto3.client("dynamodbstreams", region_name=REGION, config=config(),
                        endpoint_url=os.environ["AWS_ENDPOINT_URL_DYNAMODB"])


def advance_clock(seconds):
    req = urllib.request.Request(os.environ["AWS_ENDPOINT_URL_DYNAMODB"] + "/_dynemu/clock",
                                 data=json.dumps({"advance": seconds}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def read_stream(streams, arn):
    """Every record of every shard, parents before children, as a consumer loop reads them."""
    records, shards, start = [], [], None
    while True:
        kwargs = {"StreamArn": arn, **({"ExclusiveStartShardId": start} if start else {})}
        desc = streams.describe_stream(**kwargs)["StreamDescription"]
        shards += desc["Shards"]
        start = desc.get("LastEvaluatedShardId")
        if not start:
            break
    for shard in shards:
        it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            page = streams.get_records(ShardIterator=it, Limit=1000)
            records += page["Records"]
            it = page.get("NextShardIterator")
            if not page["Records"] and it:
                break  # the open shard, read to its end
    return shards, records


class Boto3Streams(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ddb = client()
        cls.streams = streams_client()
        cls.table = unique("Streams")
        created = cls.ddb.create_table(
            TableName=cls.table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        cls.arn = created["TableDescription"]["LatestStreamArn"]

    @classmethod
    def tearDownClass(cls):
        delete_table_quietly(cls.ddb, cls.table)

    def test_whole_stream_across_a_rotation(self):
        t = self.table
        self.ddb.put_item(TableName=t, Item={"pk": {"S": "a"}, "n": {"N": "1"}})
        self.ddb.update_item(TableName=t, Key={"pk": {"S": "a"}}, UpdateExpression="SET n = :n",
                             ExpressionAttributeValues={":n": {"N": "2"}})
        self.ddb.batch_write_item(RequestItems={t: [{"PutRequest": {"Item": {"pk": {"S": "b"}}}}]})
        self.ddb.transact_write_items(TransactItems=[{"Delete": {"TableName": t, "Key": {"pk": {"S": "b"}}}}])
        advance_clock(4 * 3600 + 1)  # past the default rotation period: a child shard opens
        self.ddb.delete_item(TableName=t, Key={"pk": {"S": "a"}})

        shards, records = read_stream(self.streams, self.arn)
        self.assertEqual(len(shards), 2)
        self.assertEqual(shards[1]["ParentShardId"], shards[0]["ShardId"])
        self.assertIn("EndingSequenceNumber", shards[0]["SequenceNumberRange"])
        self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records],
                         [("INSERT", "a"), ("MODIFY", "a"), ("INSERT", "b"), ("REMOVE", "b"), ("REMOVE", "a")])
        modify = records[1]["dynamodb"]
        self.assertEqual(modify["OldImage"], {"pk": {"S": "a"}, "n": {"N": "1"}})
        self.assertEqual(modify["NewImage"], {"pk": {"S": "a"}, "n": {"N": "2"}})
        self.assertEqual(modify["StreamViewType"], "NEW_AND_OLD_IMAGES")
        # boto3 parses ApproximateCreationDateTime as a timestamp.
        self.assertTrue(hasattr(modify["ApproximateCreationDateTime"], "year"))
        numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        self.assertEqual(numbers, sorted(set(numbers)))
        self.assertTrue(all(r["eventSource"] == "aws:dynamodb" and r["eventVersion"] == "1.1" for r in records))

    def test_list_streams_and_errors(self):
        listed = self.streams.list_streams(TableName=self.table)["Streams"]
        self.assertEqual([s["StreamArn"] for s in listed], [self.arn])
        with self.assertRaises(ClientError) as e:
            self.streams.describe_stream(StreamArn=self.arn.replace("/stream/", "Missing/stream/"))
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceNotFoundException")
        with self.assertRaises(self.streams.exceptions.ResourceNotFoundException):
            shard = self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"][0]["ShardId"]
            self.streams.get_shard_iterator(StreamArn=self.arn, ShardId="shardId-00000000000000000000-00000000",
                                            ShardIteratorType="LATEST")
        it = self.streams.get_shard_iterator(StreamArn=self.arn, ShardId=shard,
                                             ShardIteratorType="LATEST")["ShardIterator"]
        advance_clock(16 * 60)
        with self.assertRaises(self.streams.exceptions.ExpiredIteratorException):
            self.streams.get_records(ShardIterator=it)


if __name__ == "__main__":
    unittest.main()
