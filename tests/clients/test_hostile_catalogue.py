"""Sends every request of hostile_catalogue.py and checks DynamoDB's answer to each; afterwards the
server must be alive and the seeded table's data exactly what it was (a consistent scan before and
after). Run under run_with_dynemu.py (reads DYNEMU_ENDPOINT).
"""

import http.client
import json
import os
import unittest
import urllib.parse

import hostile_catalogue as catalogue

AUTH = ("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123")


def endpoint():
    ep = os.environ.get("DYNEMU_ENDPOINT")
    if not ep:
        raise unittest.SkipTest("DYNEMU_ENDPOINT is not set: run under run_with_dynemu.py")
    u = urllib.parse.urlsplit(ep)
    return u.hostname, u.port or 80


def send(op, body, header_overrides=None, timeout=120):
    host, port = endpoint()
    headers = {"Host": "%s:%d" % (host, port), "X-Amz-Date": "20240101T000000Z", "Authorization": AUTH,
               "Content-Type": "application/x-amz-json-1.0"}
    if op is not None:
        headers["X-Amz-Target"] = "DynamoDB_20120810." + op
    for name, value in (header_overrides or {}).items():
        if value is None:
            headers.pop(name, None)
        else:
            headers[name] = value
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.putrequest("POST", "/", skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value.encode("latin-1", "replace") if "\x00" not in value else value.encode("latin-1"))
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def call(op, request):
    status, _, body = send(op, json.dumps(request).encode())
    return status, json.loads(body) if body else {}


def scan_all(table):
    items, start = [], None
    while True:
        request = {"TableName": table, "ConsistentRead": True}
        if start:
            request["ExclusiveStartKey"] = start
        status, page = call("Scan", request)
        assert status == 200, page
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return sorted(json.dumps(i, sort_keys=True) for i in items)


class HostileCatalogue(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        endpoint()
        for table in (catalogue.SEEDED, catalogue.SCRATCH):
            status, body = call("CreateTable", {
                "TableName": table, "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]})
            assert status == 200, body
        for item in catalogue.SEEDED_ITEMS:
            status, body = call("PutItem", {"TableName": catalogue.SEEDED, "Item": item})
            assert status == 200, body

    def check(self, entry):
        status, headers, raw = send(entry["op"], entry["body"], entry["headers"])
        problems = []
        if status != entry["status"]:
            problems.append("status %d, expected %d" % (status, entry["status"]))
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            return problems + ["body is not JSON: %r" % raw[:200]]
        if entry["type"] is None:
            if "__type" in body:
                problems.append("unexpected error %s" % body)
            return problems
        if body.get("__type") != entry["type"]:
            problems.append("__type %r, expected %r" % (body.get("__type"), entry["type"]))
        if headers.get("x-amzn-errortype") != entry["type"].split("#")[-1]:
            problems.append("x-amzn-ErrorType %r" % headers.get("x-amzn-errortype"))
        message = body.get("message", body.get("Message"))
        if entry["message"] is not None and message != entry["message"]:
            problems.append("message %r, expected %r" % (message, entry["message"]))
        if entry["suffix"] is not None and not (message or "").endswith(entry["suffix"]):
            problems.append("message %r, expected it to end with %r" % ((message or "")[-300:], entry["suffix"]))
        if entry["prefix"] is not None and not (message or "").startswith(entry["prefix"]):
            problems.append("message %r, expected it to start with %r" % ((message or "")[:300], entry["prefix"]))
        return problems

    def test_catalogue(self):
        entries = catalogue.build()
        self.assertGreaterEqual(len(entries), 200)
        self.assertFalse([e["name"] for e in entries if e["writes"] and catalogue.SEEDED.encode() in e["body"]],
                         "entries expected to write must use the scratch table")
        before = scan_all(catalogue.SEEDED)
        self.assertEqual(len(before), len(catalogue.SEEDED_ITEMS))
        failures = []
        for entry in entries:
            problems = self.check(entry)
            if problems:
                failures.append("%s: %s" % (entry["name"], "; ".join(problems)))
        print("hostile catalogue: %d requests, %d answered otherwise than DynamoDB" % (len(entries), len(failures)))
        self.assertEqual(failures, [], "\n".join(failures))
        # Alive, and the seeded data is exactly what it was.
        host, port = endpoint()
        conn = http.client.HTTPConnection(host, port, timeout=10)
        conn.request("GET", "/")
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()
        self.assertEqual(scan_all(catalogue.SEEDED), before)
        # The expected successes did what they say.
        status, got = call("GetItem", {"TableName": catalogue.SCRATCH, "Key": {"pk": {"S": "dup"}}})
        self.assertEqual(got["Item"]["v"], {"S": "last"})
        status, got = call("GetItem", {"TableName": catalogue.SCRATCH, "Key": {"pk": {"S": "nul\u0000key"}}})
        self.assertEqual(got["Item"]["v"], {"S": "a\u0000b"})
        self.assertEqual(got["Item"]["n\u0000m"], {"N": "1"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
