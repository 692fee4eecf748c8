"""boto3 against dynemu's HTTP content codings (emulator/src/http/content_coding.h).

Requests: botocore compresses a request body with gzip when the operation's model carries the
`requestcompression` trait. DynamoDB's model does not, so the suite adds it to every operation of
its own client, and lowers botocore's 10 KB threshold to 1 byte: every request then leaves gzipped
(the suite checks the Content-Encoding actually sent).

Responses: botocore neither asks for nor decodes compressed responses. The suite adds
Accept-Encoding before signing and decodes in a before-parse hook, after botocore has checked
x-amz-crc32 against the bytes received (which is what DynamoDB's checksum covers).
"""

import gzip
import unittest
import zlib

import boto3
from botocore.config import Config

from boto3_support import REGION, config, delete_table_quietly, require_endpoint, unique


def setUpModule():
    require_endpoint()


def compressing_client():
    ddb = boto3.client("dynamodb", region_name=REGION,
                       config=config().merge(Config(request_min_compression_size_bytes=1)))
    service = ddb.meta.service_model._service_description
    for operation in service["operations"].values():
        operation["requestcompression"] = {"encodings": ["gzip"]}
    return ddb


class Codings:
    """Records what went over the wire and decodes compressed answers for botocore's parser."""

    def __init__(self, ddb, accept=None):
        self.sent_encodings = []
        self.received_encodings = []
        self.wire_sizes = []
        if accept is not None:
            ddb.meta.events.register("before-call", lambda params, **_: params["headers"].update(
                {"Accept-Encoding": accept}))
        ddb.meta.events.register("before-send", self.before_send)
        ddb.meta.events.register("before-parse", self.before_parse)

    def before_send(self, request, **_):
        self.sent_encodings.append(request.headers.get("Content-Encoding", b""))

    def before_parse(self, response_dict, **_):
        encoding = response_dict["headers"].get("Content-Encoding", "")
        self.received_encodings.append(encoding)
        self.wire_sizes.append(len(response_dict["body"]))
        if encoding == "gzip":
            response_dict["body"] = gzip.decompress(response_dict["body"])
        elif encoding == "deflate":
            response_dict["body"] = zlib.decompress(response_dict["body"])


class CompressedRequests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ddb = compressing_client()
        cls.codings = Codings(cls.ddb)
        cls.table = unique("compressed_requests")
        cls.ddb.create_table(TableName=cls.table, BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                                   {"AttributeName": "sk", "AttributeType": "N"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                        {"AttributeName": "sk", "KeyType": "RANGE"}])

    @classmethod
    def tearDownClass(cls):
        delete_table_quietly(cls.ddb, cls.table)

    def test_every_operation_works_gzipped(self):
        before = len(self.codings.sent_encodings)
        big = "x" * 300_000  # well past botocore's usual 10 KB threshold too
        self.ddb.put_item(TableName=self.table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "big": {"S": big}})
        self.ddb.batch_write_item(RequestItems={self.table: [
            {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": str(i)}, "v": {"S": "y" * 1000}}}}
            for i in range(2, 20)]})
        item = self.ddb.get_item(TableName=self.table, Key={"pk": {"S": "a"}, "sk": {"N": "1"}},
                                 ConsistentRead=True)["Item"]
        self.assertEqual(item["big"]["S"], big)
        pages = self.ddb.get_paginator("query").paginate(
            TableName=self.table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}},
            PaginationConfig={"PageSize": 5})
        keys = [int(i["sk"]["N"]) for page in pages for i in page["Items"]]
        self.assertEqual(keys, list(range(1, 20)))
        sent = self.codings.sent_encodings[before:]
        self.assertGreaterEqual(len(sent), 7)
        self.assertTrue(all(e in ("gzip", b"gzip") for e in sent), sent)

    def test_errors_come_back_as_from_an_uncompressed_request(self):
        with self.assertRaises(self.ddb.exceptions.ResourceNotFoundException):
            self.ddb.describe_table(TableName="no_such_table_compressed")
        with self.assertRaises(self.ddb.exceptions.ConditionalCheckFailedException):
            self.ddb.put_item(TableName=self.table, Item={"pk": {"S": "c"}, "sk": {"N": "1"}},
                              ConditionExpression="attribute_exists(pk)")


class CompressedResponses(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ddb = boto3.client("dynamodb", region_name=REGION, config=config())
        cls.table = unique("compressed_responses")
        cls.ddb.create_table(TableName=cls.table, BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        cls.ddb.put_item(TableName=cls.table, Item={"pk": {"S": "big"}, "x": {"S": "x" * 10_000}})
        cls.ddb.put_item(TableName=cls.table, Item={"pk": {"S": "small"}, "x": {"S": "x"}})

    @classmethod
    def tearDownClass(cls):
        delete_table_quietly(cls.ddb, cls.table)

    def reader(self, accept):
        ddb = boto3.client("dynamodb", region_name=REGION, config=config())
        return ddb, Codings(ddb, accept)

    def test_large_answers_come_compressed_as_asked_and_pass_botocores_checksum(self):
        for accept, expected in (("gzip", "gzip"), ("deflate", "deflate"), ("br, deflate;q=0.5, gzip;q=0.9", "gzip")):
            ddb, codings = self.reader(accept)
            item = ddb.get_item(TableName=self.table, Key={"pk": {"S": "big"}})["Item"]
            self.assertEqual(item["x"]["S"], "x" * 10_000)
            self.assertEqual(codings.received_encodings, [expected], accept)
            self.assertLess(codings.wire_sizes[0], 1000)

    def test_small_answers_and_errors_are_never_compressed(self):
        ddb, codings = self.reader("gzip")
        self.assertEqual(ddb.get_item(TableName=self.table, Key={"pk": {"S": "small"}})["Item"]["x"]["S"], "x")
        with self.assertRaises(ddb.exceptions.ConditionalCheckFailedException):
            ddb.put_item(TableName=self.table, Item={"pk": {"S": "big"}}, ConditionExpression="attribute_not_exists(pk)",
                         ReturnValuesOnConditionCheckFailure="ALL_OLD")
        self.assertEqual(codings.received_encodings, ["", ""])

    def test_a_paginated_scan_decodes_page_by_page(self):
        for i in range(30):
            self.ddb.put_item(TableName=self.table, Item={"pk": {"S": f"page-{i:02}"}, "x": {"S": "z" * 2000}})
        ddb, codings = self.reader("gzip")
        pages = list(ddb.get_paginator("scan").paginate(TableName=self.table, PaginationConfig={"PageSize": 10}))
        keys = sorted(i["pk"]["S"] for page in pages for i in page["Items"])
        self.assertEqual(len([k for k in keys if k.startswith("page-")]), 30)
        self.assertIn("gzip", codings.received_encodings)


if __name__ == "__main__":
    unittest.main()
