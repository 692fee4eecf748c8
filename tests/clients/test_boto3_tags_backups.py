"""boto3 against dynemu's tags and point-in-time recovery settings: TagResource, UntagResource,
ListTagsOfResource (and boto3's paginator over it), CreateTable's Tags, UpdateContinuousBackups and
DescribeContinuousBackups, with DynamoDB's error codes and messages as botocore surfaces them.
"""

import datetime
import unittest

from botocore.exceptions import ClientError

from boto3_support import client, delete_table_quietly, require_endpoint, unique


def setUpModule():
    require_endpoint()


def error_of(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError("no error")


class TagsAndBackups(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.ddb = client()
        cls.table = unique("Tagged")
        cls.arn = cls.ddb.create_table(
            TableName=cls.table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            Tags=[{"Key": "team", "Value": "blue"}])["TableDescription"]["TableArn"]

    @classmethod
    def tearDownClass(cls):
        delete_table_quietly(cls.ddb, cls.table)

    def tags(self):
        pages = self.ddb.get_paginator("list_tags_of_resource").paginate(ResourceArn=self.arn)
        return [t for page in pages for t in page["Tags"]]

    def test_tag_round_trip(self):
        self.assertEqual(self.tags(), [{"Key": "team", "Value": "blue"}])
        self.ddb.tag_resource(ResourceArn=self.arn, Tags=[{"Key": "team", "Value": "red"}, {"Key": "env", "Value": "ci"}])
        self.assertEqual(self.tags(), [{"Key": "team", "Value": "red"}, {"Key": "env", "Value": "ci"}])
        self.ddb.untag_resource(ResourceArn=self.arn, TagKeys=["env"])
        self.assertEqual(self.tags(), [{"Key": "team", "Value": "red"}])

    def test_tag_errors(self):
        self.assertEqual(error_of(lambda: self.ddb.tag_resource(ResourceArn=self.arn, Tags=[{"Key": "aws:x", "Value": "1"}])),
                         ("ValidationException", "Tag Key cannot be prefixed with aws:, Key: aws:x"))
        self.assertEqual(error_of(lambda: self.ddb.tag_resource(ResourceArn=self.arn, Tags=[{"Key": "k", "Value": "a,b"}])),
                         ("ValidationException", "The Tag Value provided is invalid, Value: a,b"))
        missing = self.arn.rsplit("/", 1)[0] + "/" + unique("Missing")
        self.assertEqual(error_of(lambda: self.ddb.list_tags_of_resource(ResourceArn=missing)),
                         ("ResourceNotFoundException", f"Requested resource not found: ResourcArn: {missing} not found"))
        self.assertEqual(error_of(lambda: self.ddb.list_tags_of_resource(ResourceArn="arn:aws:s3:::bucket")),
                         ("ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:s3:::bucket"))
        too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
        self.assertEqual(error_of(lambda: self.ddb.tag_resource(ResourceArn=self.arn, Tags=too_many)),
                         ("ValidationException", "Number of Tags exceed the current limit for the provided ResourceArn"))

    def test_point_in_time_recovery(self):
        d = self.ddb.describe_continuous_backups(TableName=self.table)["ContinuousBackupsDescription"]
        self.assertEqual(d, {"ContinuousBackupsStatus": "ENABLED",
                             "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}})
        before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
        d = self.ddb.update_continuous_backups(
            TableName=self.table,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 10},
        )["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        self.assertEqual(d["PointInTimeRecoveryStatus"], "ENABLED")
        self.assertEqual(d["RecoveryPeriodInDays"], 10)
        self.assertGreaterEqual(d["EarliestRestorableDateTime"], before)  # botocore parses them as datetimes
        self.assertGreaterEqual(d["LatestRestorableDateTime"], d["EarliestRestorableDateTime"])
        d = self.ddb.describe_continuous_backups(TableName=self.arn)["ContinuousBackupsDescription"]
        self.assertEqual(d["PointInTimeRecoveryDescription"]["RecoveryPeriodInDays"], 10)
        self.assertEqual(
            error_of(lambda: self.ddb.update_continuous_backups(
                TableName=self.table,
                PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": 3})),
            ("ValidationException",
             "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery."))
        self.ddb.update_continuous_backups(TableName=self.table,
                                           PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
        missing = unique("Missing")
        self.assertEqual(error_of(lambda: self.ddb.describe_continuous_backups(TableName=missing)),
                         ("TableNotFoundException", f"Table not found: {missing}"))


if __name__ == "__main__":
    unittest.main()
