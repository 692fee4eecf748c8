"""boto3 against dynemu's export and import (`dynemu --s3-dir`): export_table_to_point_in_time in
DYNAMODB_JSON and ION, an INCREMENTAL_EXPORT over a window the server clock moves through (its data
lines read back), describe_export, list_exports (paged by hand: botocore has no paginator for it), import_table back into new
tables whose items equal the source's, describe_import, list_imports, a CSV import, and DynamoDB's
error codes as botocore surfaces them (PITR off, unknown export, existing table).
"""

import gzip
import json
import math
import os
import shutil
import unittest
import uuid
from datetime import datetime, timezone
from decimal import Decimal

from boto3_support import client, delete_table_quietly, error_of, require_endpoint, resource, server_clock, unique

S3_DIR = os.environ.get("DYNEMU_S3_DIR", "")


def setUpModule():
    require_endpoint()
    if not S3_DIR:
        raise unittest.SkipTest("run under run_with_dynemu.py with --s3-dir $DYNEMU_S3_DIR")


def scan_all(ddb, table):
    items = []
    for page in ddb.get_paginator("scan").paginate(TableName=table):
        items += page["Items"]
    return sorted(items, key=lambda item: item["pk"]["S"])


class ExportImport(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.ddb = client()
        cls.bucket = f"boto3-{uuid.uuid4().hex[:8]}"
        os.makedirs(os.path.join(S3_DIR, cls.bucket))
        cls.table = unique("Catalog")
        cls.tables = [cls.table]
        cls.arn = cls.ddb.create_table(
            TableName=cls.table, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST")["TableDescription"]["TableArn"]
        cls.ddb.update_continuous_backups(TableName=cls.table,
                                          PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        with resource().Table(cls.table).batch_writer() as batch:
            for i in range(40):
                batch.put_item(Item={"pk": f"p{i:03d}", "price": Decimal(i) / Decimal(4), "tags": {"x", f"t{i}"},
                                     "blob": bytes([i, 0, 255]), "ok": i % 2 == 0, "nested": {"l": [i, None, "s"]}})

    @classmethod
    def tearDownClass(cls):
        for table in cls.tables:
            delete_table_quietly(cls.ddb, table)
        shutil.rmtree(os.path.join(S3_DIR, cls.bucket), True)

    def import_from(self, prefix, input_format, compression, **extra):
        target = unique("Imported")
        self.tables.append(target)
        description = self.ddb.import_table(
            S3BucketSource={"S3Bucket": self.bucket, "S3KeyPrefix": prefix}, InputFormat=input_format,
            InputCompressionType=compression,
            TableCreationParameters={"TableName": target,
                                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                                     "BillingMode": "PAY_PER_REQUEST"}, **extra)["ImportTableDescription"]
        return target, self.ddb.describe_import(ImportArn=description["ImportArn"])["ImportTableDescription"]

    def test_export_and_import_round_trip_in_both_formats(self):
        original = scan_all(self.ddb, self.table)
        self.assertEqual(len(original), 40)
        arns = []
        for export_format in ("DYNAMODB_JSON", "ION"):
            export = self.ddb.export_table_to_point_in_time(TableArn=self.arn, S3Bucket=self.bucket,
                                                            ExportFormat=export_format)["ExportDescription"]
            arns.append(export["ExportArn"])
            described = self.ddb.describe_export(ExportArn=export["ExportArn"])["ExportDescription"]
            self.assertEqual(described["ExportStatus"], "COMPLETED")
            self.assertEqual(described["ItemCount"], 40)
            self.assertEqual(described["ExportFormat"], export_format)
            self.assertIsNotNone(described["ExportTime"].tzinfo)
            prefix = described["ExportManifest"].rsplit("/", 1)[0] + "/data/"
            target, result = self.import_from(prefix, export_format, "GZIP")
            self.assertEqual(result["ImportStatus"], "COMPLETED")
            self.assertEqual((result["ImportedItemCount"], result["ErrorCount"]), (40, 0))
            self.assertEqual(scan_all(self.ddb, target), original, export_format)
        listed, token = [], None
        while True:  # botocore has no paginator for list_exports: MaxResults and NextToken by hand
            page = self.ddb.list_exports(TableArn=self.arn, MaxResults=1, **({"NextToken": token} if token else {}))
            self.assertLessEqual(len(page["ExportSummaries"]), 1)
            listed += [e["ExportArn"] for e in page["ExportSummaries"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual([arn for arn in listed if arn in arns], arns)
        imports = self.ddb.list_imports(TableArn=self.ddb.describe_table(TableName=self.tables[-1])["Table"]["TableArn"])
        self.assertEqual(len(imports["ImportSummaryList"]), 1)

    def incremental_lines(self, table_arn, start, end, view):
        export = self.ddb.export_table_to_point_in_time(
            TableArn=table_arn, S3Bucket=self.bucket, ExportType="INCREMENTAL_EXPORT",
            IncrementalExportSpecification={"ExportFromTime": start, "ExportToTime": end, "ExportViewType": view},
        )["ExportDescription"]
        described = self.ddb.describe_export(ExportArn=export["ExportArn"])["ExportDescription"]
        self.assertEqual(described["ExportStatus"], "COMPLETED")
        self.assertEqual(described["ExportType"], "INCREMENTAL_EXPORT")
        self.assertEqual(described["IncrementalExportSpecification"],
                         {"ExportFromTime": start, "ExportToTime": end, "ExportViewType": view})
        bucket = os.path.join(S3_DIR, self.bucket)
        with open(os.path.join(bucket, described["ExportManifest"])) as f:
            summary = json.load(f)
        self.assertEqual((summary["exportType"], summary["outputView"]), ("INCREMENTAL_EXPORT", view))
        with open(os.path.join(bucket, summary["manifestFilesS3Key"])) as f:
            data_key = json.loads(f.readline())["dataFileS3Key"]
        self.assertTrue(data_key.startswith("AWSDynamoDB/data/"), data_key)
        with gzip.open(os.path.join(bucket, data_key), "rt") as f:
            lines = [json.loads(line) for line in f]
        self.assertEqual(described["ItemCount"], len(lines))
        return export["ExportArn"], {line["Keys"]["pk"]["S"]: line for line in lines}

    def test_incremental_export_writes_each_changed_item(self):
        table = unique("Changes")
        self.tables.append(table)
        arn = self.ddb.create_table(TableName=table, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                    BillingMode="PAY_PER_REQUEST")["TableDescription"]["TableArn"]
        self.ddb.update_continuous_backups(TableName=table,
                                           PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        for pk in ("same", "changed", "deleted"):
            self.ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "v": {"N": "1"}})
        # The window opens after those writes (whole seconds: botocore may send timestamps so).
        start = datetime.fromtimestamp(math.floor(server_clock({"advance": 2})["now"]), timezone.utc)
        self.ddb.put_item(TableName=table, Item={"pk": {"S": "added"}, "v": {"N": "1"}})
        self.ddb.update_item(TableName=table, Key={"pk": {"S": "changed"}}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}})
        self.ddb.delete_item(TableName=table, Key={"pk": {"S": "deleted"}})
        end = datetime.fromtimestamp(math.floor(server_clock({"advance": 20 * 60})["now"]), timezone.utc)

        export_arn, lines = self.incremental_lines(arn, start, end, "NEW_AND_OLD_IMAGES")
        self.assertEqual(sorted(lines), ["added", "changed", "deleted"])  # "same" did not change
        for line in lines.values():
            micros = int(line["Metadata"]["WriteTimestampMicros"]["N"])
            self.assertTrue(start.timestamp() * 1e6 <= micros < end.timestamp() * 1e6, line)
            self.assertEqual(sorted(line), sorted(k for k in ("Metadata", "Keys", "NewImage", "OldImage") if k in line))
        self.assertEqual(lines["added"]["NewImage"], {"pk": {"S": "added"}, "v": {"N": "1"}})
        self.assertNotIn("OldImage", lines["added"])
        self.assertEqual(lines["changed"]["NewImage"], {"pk": {"S": "changed"}, "v": {"N": "2"}})
        self.assertEqual(lines["changed"]["OldImage"], {"pk": {"S": "changed"}, "v": {"N": "1"}})
        self.assertNotIn("NewImage", lines["deleted"])
        self.assertEqual(lines["deleted"]["OldImage"], {"pk": {"S": "deleted"}, "v": {"N": "1"}})

        _, new_only = self.incremental_lines(arn, start, end, "NEW_IMAGE")
        self.assertEqual(sorted(new_only["deleted"]), ["Keys", "Metadata"])
        self.assertEqual(new_only["changed"]["NewImage"], {"pk": {"S": "changed"}, "v": {"N": "2"}})
        self.assertNotIn("OldImage", new_only["changed"])
        summaries = self.ddb.list_exports(TableArn=arn)["ExportSummaries"]
        self.assertEqual({s["ExportArn"]: s["ExportType"] for s in summaries}[export_arn], "INCREMENTAL_EXPORT")

        code, _ = error_of(lambda: self.ddb.export_table_to_point_in_time(
            TableArn=arn, S3Bucket=self.bucket, ExportType="INCREMENTAL_EXPORT",
            IncrementalExportSpecification={"ExportFromTime": end, "ExportToTime": end}))
        self.assertEqual(code, "InvalidExportTimeException")

    def test_csv_import_counts_bad_lines(self):
        folder = os.path.join(S3_DIR, self.bucket, "csv")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "rows.csv"), "w") as f:
            f.write("pk,color,size\nk1,red,10\nk2,blue,\n,missing key,1\nk3,\"a,b\",2,extra\n")
        target, result = self.import_from("csv/", "CSV", "NONE")
        self.assertEqual((result["ProcessedItemCount"], result["ImportedItemCount"], result["ErrorCount"]), (4, 2, 2))
        self.assertEqual(scan_all(self.ddb, target),
                         [{"pk": {"S": "k1"}, "color": {"S": "red"}, "size": {"S": "10"}},
                          {"pk": {"S": "k2"}, "color": {"S": "blue"}}])

    def test_errors(self):
        plain = unique("NoPitr")
        self.tables.append(plain)
        arn = self.ddb.create_table(TableName=plain, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                                    BillingMode="PAY_PER_REQUEST")["TableDescription"]["TableArn"]
        code, _ = error_of(lambda: self.ddb.export_table_to_point_in_time(TableArn=arn, S3Bucket=self.bucket))
        self.assertEqual(code, "PointInTimeRecoveryUnavailableException")
        code, _ = error_of(lambda: self.ddb.describe_export(ExportArn=self.arn + "/export/01234567890123-abcdef12"))
        self.assertEqual(code, "ExportNotFoundException")
        code, _ = error_of(lambda: self.ddb.import_table(
            S3BucketSource={"S3Bucket": self.bucket}, InputFormat="DYNAMODB_JSON",
            TableCreationParameters={"TableName": self.table,
                                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                                     "BillingMode": "PAY_PER_REQUEST"}))
        self.assertEqual(code, "ResourceInUseException")
        missing = self.ddb.export_table_to_point_in_time(TableArn=self.arn, S3Bucket="no-such-bucket-here")
        self.assertEqual(missing["ExportDescription"]["ExportStatus"], "FAILED")
        self.assertEqual(missing["ExportDescription"]["FailureCode"], "S3NoSuchBucket")


if __name__ == "__main__":
    unittest.main()
