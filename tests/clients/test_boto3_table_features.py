"""boto3 against dynemu's table features: DescribeLimits, Contributor Insights, Kinesis streaming
destinations, a resource-based policy round trip, WarmThroughput and UpdateTable ReplicaUpdates
(global tables 2019.11.21 replica records), with DynamoDB's error codes as botocore
surfaces them. (dynemu settles status transitions at once unless started with
-delayTransientStatuses, so ENABLING is followed by ENABLED on the next describe.)
"""

import json
import unittest

from boto3_support import client, delete_table_quietly, error_of, require_endpoint, unique

STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/boto3-orders"


def setUpModule():
    require_endpoint()


class TableFeatures(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.ddb = client()
        cls.table = unique("Features")
        cls.arn = cls.ddb.create_table(
            TableName=cls.table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])["TableDescription"]["TableArn"]

    @classmethod
    def tearDownClass(cls):
        delete_table_quietly(cls.ddb, cls.table)

    def test_describe_limits(self):
        limits = self.ddb.describe_limits()
        self.assertEqual({k: v for k, v in limits.items() if k != "ResponseMetadata"},
                         {"AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
                          "TableMaxReadCapacityUnits": 40000, "TableMaxWriteCapacityUnits": 40000})

    def test_contributor_insights(self):
        out = self.ddb.update_contributor_insights(TableName=self.table, ContributorInsightsAction="ENABLE")
        self.assertEqual(out["ContributorInsightsStatus"], "ENABLING")
        described = self.ddb.describe_contributor_insights(TableName=self.arn)
        self.assertEqual(described["ContributorInsightsStatus"], "ENABLED")
        self.assertEqual(len(described["ContributorInsightsRuleList"]), 2)
        self.assertIn("LastUpdateDateTime", described)
        summaries = self.ddb.list_contributor_insights(TableName=self.table)["ContributorInsightsSummaries"]
        self.assertEqual([(s["TableName"], s["ContributorInsightsStatus"]) for s in summaries],
                         [(self.table, "ENABLED")])
        self.ddb.update_contributor_insights(TableName=self.table, ContributorInsightsAction="DISABLE")
        self.assertEqual(self.ddb.describe_contributor_insights(TableName=self.table)["ContributorInsightsStatus"],
                         "DISABLED")
        self.assertEqual(error_of(lambda: self.ddb.describe_contributor_insights(TableName=self.table, IndexName="Nope")),
                         ("ResourceNotFoundException", "Requested resource not found: Index: Nope not found"))

    def test_kinesis_streaming_destination(self):
        out = self.ddb.enable_kinesis_streaming_destination(
            TableName=self.table, StreamArn=STREAM,
            EnableKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MICROSECOND"})
        self.assertEqual(out["DestinationStatus"], "ENABLING")
        dests = self.ddb.describe_kinesis_streaming_destination(TableName=self.table)["KinesisDataStreamDestinations"]
        self.assertEqual(dests, [{"StreamArn": STREAM, "DestinationStatus": "ACTIVE",
                                  "ApproximateCreationDateTimePrecision": "MICROSECOND"}])
        self.ddb.update_kinesis_streaming_destination(
            TableName=self.table, StreamArn=STREAM,
            UpdateKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MILLISECOND"})
        self.ddb.disable_kinesis_streaming_destination(TableName=self.table, StreamArn=STREAM)
        dests = self.ddb.describe_kinesis_streaming_destination(TableName=self.table)["KinesisDataStreamDestinations"]
        self.assertEqual(dests, [{"StreamArn": STREAM, "DestinationStatus": "DISABLED",
                                  "ApproximateCreationDateTimePrecision": "MILLISECOND"}])
        code, _ = error_of(lambda: self.ddb.enable_kinesis_streaming_destination(TableName=unique("Missing"), StreamArn=STREAM))
        self.assertEqual(code, "ResourceNotFoundException")

    def test_resource_policy_round_trip(self):
        policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
            "Action": "dynamodb:GetItem", "Resource": self.arn}]})
        revision = self.ddb.put_resource_policy(ResourceArn=self.arn, Policy=policy,
                                                ExpectedRevisionId="NO_POLICY")["RevisionId"]
        got = self.ddb.get_resource_policy(ResourceArn=self.arn)
        self.assertEqual((got["Policy"], got["RevisionId"]), (policy, revision))
        code, _ = error_of(lambda: self.ddb.put_resource_policy(ResourceArn=self.arn, Policy=policy + " ",
                                                                ExpectedRevisionId="0"))
        self.assertEqual(code, "PolicyNotFoundException")
        self.assertEqual(self.ddb.delete_resource_policy(ResourceArn=self.arn, ExpectedRevisionId=revision)["RevisionId"],
                         revision)
        code, _ = error_of(lambda: self.ddb.get_resource_policy(ResourceArn=self.arn))
        self.assertEqual(code, "PolicyNotFoundException")

    def test_warm_throughput(self):
        table = unique("Warm")
        try:
            created = self.ddb.create_table(
                TableName=table, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                WarmThroughput={"ReadUnitsPerSecond": 15000})["TableDescription"]
            self.assertEqual(created["WarmThroughput"],
                             {"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"})
            self.ddb.update_table(TableName=table, WarmThroughput={"WriteUnitsPerSecond": 5000})
            self.assertEqual(self.ddb.describe_table(TableName=table)["Table"]["WarmThroughput"],
                             {"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 5000, "Status": "ACTIVE"})
            code, message = error_of(lambda: self.ddb.update_table(TableName=table,
                                                                   WarmThroughput={"ReadUnitsPerSecond": 1}))
            self.assertEqual(code, "ValidationException")
            self.assertIn("Warm throughput cannot be decreased for the table", message)
        finally:
            delete_table_quietly(self.ddb, table)

    def test_replica_updates(self):
        table = unique("Replicas")
        try:
            self.ddb.create_table(
                TableName=table, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
            self.ddb.update_table(TableName=table, ReplicaUpdates=[{"Create": {"RegionName": "eu-west-1"}}])
            described = self.ddb.describe_table(TableName=table)["Table"]
            self.assertEqual(described["GlobalTableVersion"], "2019.11.21")
            self.assertEqual([(r["RegionName"], r["ReplicaStatus"]) for r in described["Replicas"]],
                             [("eu-west-1", "ACTIVE")])
            self.assertEqual(described["StreamSpecification"],
                             {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
            self.assertEqual(
                error_of(lambda: self.ddb.update_table(TableName=table,
                                                       ReplicaUpdates=[{"Create": {"RegionName": "us-east-1"}}])),
                ("ValidationException", "Cannot add, delete, or update the local region through ReplicaUpdates. "
                                        "Use CreateTable, DeleteTable, or UpdateTable as required."))
            self.ddb.update_table(TableName=table, ReplicaUpdates=[{"Delete": {"RegionName": "eu-west-1"}}])
            self.assertNotIn("Replicas", self.ddb.describe_table(TableName=table)["Table"])
        finally:
            delete_table_quietly(self.ddb, table)


if __name__ == "__main__":
    unittest.main()
