"""The AWS CLI's export-and-import walkthrough against `dynemu --s3-dir`: create a table, enable
point-in-time recovery, put items, export-table-to-point-in-time, describe-export until COMPLETED,
then import-table from the export's data files into a new table whose scan equals the source's,
and describe-import's counts. The export's files are read back from the folder to check the layout.

Run under run_with_dynemu.py with --s3-dir DYNEMU_S3_DIR (tests/clients/CMakeLists.txt).
"""

import gzip
import json
import os
import shutil
import subprocess
import unittest
import uuid

AWS = shutil.which("aws")
S3_DIR = os.environ.get("DYNEMU_S3_DIR", "")


def setUpModule():
    if AWS is None:
        raise unittest.SkipTest("the AWS CLI (`aws`) is not on PATH")
    if not os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or not S3_DIR:
        raise unittest.SkipTest("run under run_with_dynemu.py with --s3-dir $DYNEMU_S3_DIR")


def sorted_items(items):
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


class CliExportImport(unittest.TestCase):
    maxDiff = None

    def aws(self, *args):
        cmd = [AWS, "dynamodb", *args, "--output", "json", "--endpoint-url", os.environ["AWS_ENDPOINT_URL_DYNAMODB"]]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, f"{args}\n{r.stdout}\n{r.stderr}")
        return json.loads(r.stdout) if r.stdout.strip() else {}

    def test_export_then_import(self):
        # Few CLI calls: each one starts a Python interpreter (about a second of CI time).
        bucket = f"cli-exports-{uuid.uuid4().hex[:8]}"
        os.makedirs(os.path.join(S3_DIR, bucket))
        self.addCleanup(shutil.rmtree, os.path.join(S3_DIR, bucket), True)
        table = f"CliSource_{uuid.uuid4().hex[:8]}"
        imported = f"{table}_imported"
        definitions = ["AttributeName=id,AttributeType=S", "AttributeName=status,AttributeType=S"]
        indexes = [{"IndexName": "byStatus", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"}}]
        table_arn = self.aws("create-table", "--table-name", table, "--attribute-definitions", *definitions,
                             "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST",
                             "--global-secondary-indexes", json.dumps(indexes))["TableDescription"]["TableArn"]
        self.aws("update-continuous-backups", "--table-name", table,
                 "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true")
        original = sorted_items([{"id": {"S": f"o{i}"}, "status": {"S": status}, "total": {"N": str(10 * i)},
                                  "tags": {"SS": ["a", f"t{i}"]}}
                                 for i, status in enumerate(["open", "open", "shipped", "open"])])
        self.aws("batch-write-item", "--request-items",
                 json.dumps({table: [{"PutRequest": {"Item": item}} for item in original]}))

        export = self.aws("export-table-to-point-in-time", "--table-arn", table_arn, "--s3-bucket", bucket,
                          "--s3-prefix", "nightly", "--export-format", "DYNAMODB_JSON")["ExportDescription"]
        self.assertIn(export["ExportStatus"], ("IN_PROGRESS", "COMPLETED"))
        described = self.aws("describe-export", "--export-arn", export["ExportArn"])["ExportDescription"]
        self.assertEqual(described["ExportStatus"], "COMPLETED")
        self.assertEqual(described["ItemCount"], 4)

        # The files a post-processing script reads: the summary, the files manifest, gzipped lines.
        bucket_dir = os.path.join(S3_DIR, bucket)
        with open(os.path.join(bucket_dir, described["ExportManifest"])) as f:
            summary = json.load(f)
        self.assertEqual(summary["exportArn"], export["ExportArn"])
        self.assertEqual(summary["itemCount"], 4)
        with open(os.path.join(bucket_dir, summary["manifestFilesS3Key"])) as f:
            data_files = [json.loads(line) for line in f if line.strip()]
        exported = []
        for entry in data_files:
            with gzip.open(os.path.join(bucket_dir, entry["dataFileS3Key"]), "rt") as f:
                exported += [json.loads(line)["Item"] for line in f if line.strip()]
        self.assertEqual(sorted_items(exported), original)

        data_prefix = described["ExportManifest"].rsplit("/", 1)[0] + "/data/"
        creation = {"TableName": imported,
                    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                                             {"AttributeName": "status", "AttributeType": "S"}],
                    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
                    "GlobalSecondaryIndexes": indexes}
        started = self.aws("import-table", "--s3-bucket-source", json.dumps({"S3Bucket": bucket, "S3KeyPrefix": data_prefix}),
                           "--input-format", "DYNAMODB_JSON", "--input-compression-type", "GZIP",
                           "--table-creation-parameters", json.dumps(creation))["ImportTableDescription"]
        result = self.aws("describe-import", "--import-arn", started["ImportArn"])["ImportTableDescription"]
        self.assertEqual(result["ImportStatus"], "COMPLETED")
        self.assertEqual((result["ProcessedItemCount"], result["ImportedItemCount"], result["ErrorCount"]), (4, 4, 0))
        self.assertEqual(sorted_items(self.aws("scan", "--table-name", imported)["Items"]), original)
        self.assertEqual(self.aws("query", "--table-name", imported, "--index-name", "byStatus",
                                  "--key-condition-expression", "#s = :s", "--expression-attribute-names",
                                  '{"#s":"status"}', "--expression-attribute-values",
                                  '{":s":{"S":"open"}}')["Count"], 3)


if __name__ == "__main__":
    unittest.main()
