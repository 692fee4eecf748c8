"""Raw-HTTP robustness of dynemu's wire protocol.

Each test sends hostile or malformed requests with http.client and checks
DynamoDB's answer; after every test the server must still answer GET / and a
valid ListTables. Every response to a POST is checked for x-amzn-RequestId and
x-amz-crc32 (CRC-32 of the exact body bytes, which botocore and the Go and Java
SDKs verify), and every error for x-amzn-ErrorType matching its __type.

Run under run_with_dynemu.py (reads DYNEMU_ENDPOINT).

Sources for the expected answers (DynamoDB's own wire behaviour):
- SerializationException / UnknownOperationException without a message, 413 over 16 MB,
  MissingAuthenticationTokenException "Request is missing Authentication Token",
  IncompleteSignatureException "Authorization header requires 'Signature' parameter. ...":
  dynalite's index.js, written against real DynamoDB; the MissingAuthenticationToken body is
  also quoted from AWS in aws-sdk-ios-samples#111 and aws-dynamodb-session-tomcat#42.
- "NUMBER_VALUE cannot be converted to String" (SerializationException, key "Message"): dynalite's
  validation tests and moto's server-side checks, both mirroring AWS.
- "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond
  supported limit", 31 map wraps accepted and 32 rejected: paritysuite/dynamodb-conformance
  (captured against eu-west-2 and us-east-1).
- "Item size has exceeded the maximum allowed size": many real-AWS reports.
"""

import concurrent.futures
import http.client
import json
import os
import random
import socket
import time
import unittest
import urllib.parse
import zlib

AUTH = ("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123")
AMZ_DATE = "20240101T000000Z"
JSON10 = "application/x-amz-json-1.0"
T = "DynamoDB_20120810."

SERIALIZATION = "com.amazon.coral.service#SerializationException"
UNKNOWN_OP = "com.amazon.coral.service#UnknownOperationException"
MISSING_AUTH = "com.amazon.coral.service#MissingAuthenticationTokenException"
INCOMPLETE_SIG = "com.amazon.coral.service#IncompleteSignatureException"
VALIDATION = "com.amazon.coral.validate#ValidationException"

NEST_MSG = ("Nesting Levels have exceeded supported limits: "
            "Attributes in the item have nested levels beyond supported limit")
TABLE = "RobustnessTable"

_ENDPOINT = None


def endpoint():
    global _ENDPOINT
    if _ENDPOINT is None:
        ep = os.environ.get("DYNEMU_ENDPOINT")
        if not ep:
            raise unittest.SkipTest("DYNEMU_ENDPOINT is not set: run under run_with_dynemu.py")
        u = urllib.parse.urlsplit(ep)
        _ENDPOINT = (u.hostname, u.port or 80)
    return _ENDPOINT


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-cased names
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        b = self.body[:300]
        return f"<HTTP {self.status} {dict(self.headers)} {b!r}{'...' if len(self.body) > 300 else ''}>"


def request(method, path="/", body=b"", headers=None, timeout=60):
    host, port = endpoint()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        hdrs = dict(headers or {})
        if body or method == "POST":
            hdrs.setdefault("Content-Length", str(len(body)))
        for k, v in hdrs.items():
            conn.putheader(k, v)
        try:
            conn.endheaders(body if body else None)
        except (BrokenPipeError, ConnectionResetError):
            # The server may answer (e.g. 413) and close before reading the whole body; the answer
            # is still in our receive buffer.
            pass
        r = conn.getresponse()
        data = r.read()
        return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, data)
    finally:
        conn.close()


def post(body, target="ListTables", auth=AUTH, content_type=JSON10, extra=None, timeout=60, raw_target=False):
    """POST / with DynamoDB's headers. `target` is an operation name ("GetItem") or, when it contains a
    dot or raw_target is set, the whole X-Amz-Target value; None leaves the header out."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    headers = {"Host": "%s:%d" % endpoint(), "X-Amz-Date": AMZ_DATE}
    if target is not None:
        headers["X-Amz-Target"] = target if (raw_target or "." in target) else T + target
    if content_type is not None:
        headers["Content-Type"] = content_type
    if auth is not None:
        headers["Authorization"] = auth
    headers.update(extra or {})
    return request("POST", "/", body, headers, timeout=timeout)


def nested_map_json(depth, leaf='{"S":"leaf"}'):
    """DynamoDB JSON of `depth` single-key map wrappers around a string leaf."""
    return '{"M":{"a":' * depth + leaf + "}}" * depth


class RobustnessBase(unittest.TestCase):
    maxDiff = None

    _table_ready = False

    @classmethod
    def setUpClass(cls):
        endpoint()

    def ensure_table(self):
        """Create TABLE once (only the tests that write items need it)."""
        if RobustnessBase._table_ready:
            return
        r = post(json.dumps({
            "TableName": TABLE,
            "AttributeDefinitions": [{"AttributeName": "UserId", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "UserId", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"}), target="CreateTable")
        if r.status != 200:
            body = r.json() if r.body else {}
            if not str(body.get("__type", "")).endswith("ResourceInUseException"):
                self.fail(f"could not create {TABLE}: {r!r}")
        RobustnessBase._table_ready = True

    # --- assertions ---------------------------------------------------------------------------

    def assertWire(self, r, request_content_type=JSON10):
        """Headers every POST response carries."""
        self.assertTrue(r.headers.get("x-amzn-requestid"), f"no x-amzn-RequestId: {r!r}")
        crc = r.headers.get("x-amz-crc32")
        self.assertIsNotNone(crc, f"no x-amz-crc32: {r!r}")
        self.assertEqual(crc, str(zlib.crc32(r.body) & 0xFFFFFFFF), f"x-amz-crc32 does not match the body: {r!r}")
        if r.body and request_content_type in (JSON10, "application/json"):
            self.assertTrue(r.headers.get("content-type", "").startswith(request_content_type),
                            f"Content-Type should echo {request_content_type}: {r!r}")

    def assertErrorResponse(self, r, types, status=400, message=None, message_key=None):
        """An error response: status, __type in `types`, x-amzn-ErrorType, optional exact message."""
        if isinstance(types, str):
            types = (types,)
        self.assertEqual(r.status, status, r)
        self.assertWire(r)
        try:
            body = r.json()
        except Exception as e:
            self.fail(f"error body is not JSON ({e}): {r!r}")
        self.assertIn(body.get("__type"), types, r)
        short = body["__type"].split("#")[-1]
        et = r.headers.get("x-amzn-errortype")
        self.assertIsNotNone(et, f"no x-amzn-ErrorType: {r!r}")
        self.assertEqual(et.split(":")[0], short, r)
        if message is not None:
            if message_key:
                self.assertEqual(body.get(message_key), message, r)
            else:
                self.assertEqual(body.get("message", body.get("Message")), message, r)
        return body

    # --- after every test: the server is alive and still serves a valid request ----------------

    def tearDown(self):
        try:
            h = request("GET", "/", timeout=10)
        except Exception as e:
            self.fail(f"GET / failed after the test: {e!r}")
        self.assertEqual(h.status, 200, f"GET / after the test: {h!r}")
        r = post("{}", target="ListTables", timeout=10)
        self.assertEqual(r.status, 200, f"ListTables after the test: {r!r}")
        self.assertWire(r)
        self.assertIsInstance(r.json().get("TableNames"), list, r)


class Basics(RobustnessBase):
    def test_health(self):
        r = request("GET", "/")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.body.strip(), "GET / answers a health line")

    def test_valid_list_tables_headers(self):
        self.ensure_table()
        r = post("{}", target="ListTables")
        self.assertEqual(r.status, 200, r)
        self.assertWire(r)
        self.assertIn(TABLE, r.json()["TableNames"])

    def test_application_json_content_type_is_accepted_and_echoed(self):
        r = post("{}", target="ListTables", content_type="application/json")
        self.assertEqual(r.status, 200, r)
        self.assertWire(r, request_content_type="application/json")

    def test_error_headers_on_validation_error(self):
        self.ensure_table()
        r = post(json.dumps({"TableName": TABLE, "Key": {"UserId": {"N": "1"}}}), target="GetItem")
        self.assertErrorResponse(r, VALIDATION, message="The provided key element does not match the schema")


class Serialization(RobustnessBase):
    def test_malformed_json(self):
        for body in (b'{"TableName": ', b"{", b"not json at all", b'{"a":1,}', b"{'single': 'quotes'}"):
            with self.subTest(body=body):
                r = post(body, target="DescribeTable")
                self.assertErrorResponse(r, SERIALIZATION)

    def test_empty_body(self):
        r = post(b"", target="ListTables")
        self.assertErrorResponse(r, SERIALIZATION)

    def test_body_is_json_array(self):
        r = post(b"[]", target="ListTables")
        self.assertErrorResponse(r, SERIALIZATION)
        r = post(b'[{"TableName": "x"}]', target="DescribeTable")
        self.assertErrorResponse(r, SERIALIZATION)

    def test_body_is_json_scalar(self):
        for body in (b"42", b"-1.5e300", b'"a string"', b"true", b"null"):
            with self.subTest(body=body):
                r = post(body, target="ListTables")
                self.assertErrorResponse(r, SERIALIZATION)

    def test_table_name_is_a_number(self):
        r = post(b'{"TableName": 123}', target="DescribeTable")
        self.assertErrorResponse(r, SERIALIZATION, message="NUMBER_VALUE cannot be converted to String",
                                 message_key="Message")

    def test_invalid_utf8(self):
        bodies = [
            b'{"TableName": "\xff\xfe\xfd"}',
            b'{"TableName": "ok", "Key": {"UserId": {"S": "\xc3\x28"}}}',
            b"\xff\xff\xff\xff",
            b'{"\xed\xa0\x80": 1}',  # an encoded UTF-16 surrogate
        ]
        for body in bodies:
            with self.subTest(body=body):
                target = "DescribeTable" if b"Key" not in body else "GetItem"
                r = post(body, target=target)
                # DynamoDB rejects it in deserialization or validation; never a 5xx, never success.
                self.assertErrorResponse(r, (SERIALIZATION, VALIDATION))

    def test_deeply_nested_array(self):
        depth = 100000
        for body in (b"[" * depth, b"[" * depth + b"]" * depth):
            with self.subTest(balanced=body.endswith(b"]")):
                r = post(body, target="ListTables")
                self.assertErrorResponse(r, SERIALIZATION)

    def test_deeply_nested_object(self):
        depth = 100000
        r = post(b'{"a":' * depth, target="ListTables")
        self.assertErrorResponse(r, SERIALIZATION)
        # Balanced: syntactically valid JSON whose only member is unknown to ListTables. A parser depth
        # limit rejects it (SerializationException); a server that skips unknown members may answer 200.
        r = post(b'{"a":' * depth + b"1" + b"}" * depth, target="ListTables")
        if r.status == 200:
            self.assertWire(r)
            self.assertIsInstance(r.json().get("TableNames"), list, r)
        else:
            self.assertErrorResponse(r, (SERIALIZATION, VALIDATION))

    def test_deeply_nested_attribute_value(self):
        self.ensure_table()
        body = '{"TableName": "%s", "Item": {"UserId": {"S": "deep"}, "d": %s}}' % (
            TABLE, nested_map_json(100000))
        r = post(body, target="PutItem")
        b = self.assertErrorResponse(r, (SERIALIZATION, VALIDATION))
        if b["__type"] == VALIDATION:
            self.assertEqual(b.get("message"), NEST_MSG, r)
        self.assertItemAbsent("deep")

    def test_nesting_limit_boundary(self):
        self.ensure_table()
        # 31 wrappers (leaf at level 32) are accepted, 32 are rejected.
        ok = '{"TableName": "%s", "Item": {"UserId": {"S": "nest31"}, "d": %s}}' % (TABLE, nested_map_json(31))
        r = post(ok, target="PutItem")
        self.assertEqual(r.status, 200, r)
        self.assertWire(r)
        bad = '{"TableName": "%s", "Item": {"UserId": {"S": "nest32"}, "d": %s}}' % (TABLE, nested_map_json(32))
        r = post(bad, target="PutItem")
        self.assertErrorResponse(r, VALIDATION, message=NEST_MSG)
        self.assertItemAbsent("nest32")
        post(json.dumps({"TableName": TABLE, "Key": {"UserId": {"S": "nest31"}}}), target="DeleteItem")

    def assertItemAbsent(self, user_id):
        r = post(json.dumps({"TableName": TABLE, "Key": {"UserId": {"S": user_id}}, "ConsistentRead": True}),
                 target="GetItem")
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("Item", r.json())


class TargetsAndAuth(RobustnessBase):
    def test_unknown_operation(self):
        r = post(b"{}", target="DynamoDB_20120810.Nope")
        self.assertErrorResponse(r, UNKNOWN_OP)

    def test_unknown_target_forms(self):
        for target in ("DynamoDB_20120810.", "DynamoDB_20120810", "Nope.ListTables",
                       "DynamoDB_20120810.listTables", "DynamoDB_20120810.ListTables.Extra", "\u00e9t\u00e9"):
            with self.subTest(target=target):
                r = post(b"{}", target=target, raw_target=True)
                self.assertErrorResponse(r, UNKNOWN_OP)

    def test_missing_target(self):
        r = post(b"{}", target=None)
        self.assertErrorResponse(r, UNKNOWN_OP)

    def test_missing_authorization(self):
        r = post(b"{}", target="ListTables", auth=None)
        self.assertErrorResponse(r, MISSING_AUTH, message="Request is missing Authentication Token")

    def test_incomplete_signature(self):
        auth = ("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=host;x-amz-date;x-amz-target")
        r = post(b"{}", target="ListTables", auth=auth)
        b = self.assertErrorResponse(r, INCOMPLETE_SIG)
        msg = b.get("message", b.get("Message", ""))
        self.assertTrue(msg.startswith("Authorization header requires 'Signature' parameter."), r)

    def test_malformed_authorization(self):
        for auth in ("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 garbage", "AWS4-HMAC-SHA256 Credential=, Signature=",
                     "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, Signature=abc"):
            with self.subTest(auth=auth[:60]):
                r = post(b"{}", target="ListTables", auth=auth)
                self.assertErrorResponse(r, (INCOMPLETE_SIG, MISSING_AUTH))

    def test_oversized_headers(self):
        # A 20 KB Authorization header and 200 extra headers: any 4xx answer (or a closed connection),
        # never a crash; the server keeps serving (checked in tearDown).
        for extra, auth in (({}, "AWS4-HMAC-SHA256 " + "x" * 20000),
                            ({f"X-Junk-{i}": "y" * 100 for i in range(200)}, AUTH)):
            with self.subTest(n_headers=len(extra), auth_len=len(auth)):
                try:
                    r = post(b"{}", target="ListTables", auth=auth, extra=extra)
                except (OSError, http.client.HTTPException):
                    continue
                self.assertTrue(400 <= r.status < 500 or r.status == 200, r)

    def test_non_sigv4_authorization(self):
        r = post(b"{}", target="ListTables", auth="Bearer abc.def.ghi")
        self.assertErrorResponse(r, (MISSING_AUTH, INCOMPLETE_SIG))


class Sizes(RobustnessBase):
    def test_body_over_16mb_is_413(self):
        # Syntactically a PutItem whose single value pushes the body past 16 MB.
        filler = "x" * (17 * 1024 * 1024)
        body = '{"TableName": "%s", "Item": {"UserId": {"S": "huge"}, "p": {"S": "%s"}}}' % (TABLE, filler)
        try:
            r = post(body, target="PutItem", timeout=120)
        except (OSError, http.client.HTTPException) as e:
            self.fail(f"no HTTP answer to a 17 MB body (expected 413): {e!r}")
        self.assertEqual(r.status, 413, repr(r)[:500])
        if "x-amz-crc32" in r.headers:
            self.assertEqual(r.headers["x-amz-crc32"], str(zlib.crc32(r.body) & 0xFFFFFFFF))

    def test_huge_valid_item_10mb(self):
        self.ensure_table()
        filler = "y" * (10 * 1024 * 1024)
        body = '{"TableName": "%s", "Item": {"UserId": {"S": "tenmb"}, "p": {"S": "%s"}}}' % (TABLE, filler)
        r = post(body, target="PutItem", timeout=120)
        self.assertErrorResponse(r, VALIDATION, message="Item size has exceeded the maximum allowed size")
        r = post(json.dumps({"TableName": TABLE, "Key": {"UserId": {"S": "tenmb"}}, "ConsistentRead": True}),
                 target="GetItem")
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("Item", r.json())

    def test_many_attributes(self):
        self.ensure_table()
        # 20,000 tiny attributes: well under 400 KB, accepted, and read back intact.
        item = {"UserId": {"S": "wide"}}
        item.update({f"a{i}": {"N": str(i)} for i in range(20000)})
        r = post(json.dumps({"TableName": TABLE, "Item": item}), target="PutItem")
        self.assertEqual(r.status, 200, r)
        r = post(json.dumps({"TableName": TABLE, "Key": {"UserId": {"S": "wide"}}, "ConsistentRead": True}),
                 target="GetItem")
        self.assertEqual(r.status, 200, r)
        self.assertWire(r)
        self.assertEqual(len(r.json()["Item"]), 20001)
        post(json.dumps({"TableName": TABLE, "Key": {"UserId": {"S": "wide"}}}), target="DeleteItem")


class Concurrency(RobustnessBase):
    N_REQUESTS = 400
    N_THREADS = 16
    TIME_LIMIT_S = 120

    @staticmethod
    def garbage(rng):
        kind = rng.randrange(6)
        if kind == 0:
            return rng.randbytes(rng.randrange(1, 4096)), "ListTables"
        if kind == 1:
            return b'{"TableName": "' + rng.randbytes(rng.randrange(0, 200)), "DescribeTable"
        if kind == 2:
            return b"[" * rng.randrange(1, 5000), "GetItem"
        if kind == 3:
            return b"{}", "DynamoDB_20120810.Op" + str(rng.randrange(10**6))
        if kind == 4:
            return b'{"TableName": %d}' % rng.randrange(10**9), "DescribeTable"
        return bytes(rng.choice(b'{}[]":,0123456789abcdefSNBML\\') for _ in range(rng.randrange(1, 2000))), "PutItem"

    def test_concurrent_garbage(self):
        deadline = time.monotonic() + self.TIME_LIMIT_S

        def one(i):
            rng = random.Random(i)
            body, target = self.garbage(rng)
            if time.monotonic() > deadline:
                return i, None, "skipped: time limit"
            try:
                return i, post(body, target=target, timeout=30), None
            except (OSError, http.client.HTTPException) as e:
                return i, None, repr(e)

        results = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.N_THREADS) as ex:
            for res in ex.map(one, range(self.N_REQUESTS)):
                results.append(res)
        failures = [(i, err) for i, r, err in results if err and not err.startswith("skipped")]
        self.assertEqual(failures, [], "transport errors under concurrent garbage")
        answered = [(i, r) for i, r, _ in results if r is not None]
        self.assertGreater(len(answered), self.N_REQUESTS // 2)
        bad = []
        for i, r in answered:
            try:
                self.assertErrorResponse(r, (SERIALIZATION, UNKNOWN_OP, VALIDATION))
            except AssertionError as e:
                bad.append(f"request {i}: {str(e)[:400]}")
        self.assertEqual(len(bad), 0, f"{len(bad)} of {len(answered)} garbage requests got a wrong answer; "
                                      f"first ones:\n" + "\n".join(bad[:5]))

    def test_concurrent_valid_and_garbage_keep_alive(self):
        # Half the threads send valid ListTables over a keep-alive connection while others send garbage.
        host, port = endpoint()
        deadline = time.monotonic() + 60

        def valid_worker(n):
            conn = http.client.HTTPConnection(host, port, timeout=30)
            ok = 0
            try:
                for _ in range(n):
                    if time.monotonic() > deadline:
                        break
                    conn.request("POST", "/", body=b"{}", headers={
                        "X-Amz-Target": T + "ListTables", "Content-Type": JSON10,
                        "Authorization": AUTH, "X-Amz-Date": AMZ_DATE})
                    r = conn.getresponse()
                    data = r.read()
                    if r.status == 200 and r.getheader("x-amz-crc32") == str(zlib.crc32(data)):
                        ok += 1
            finally:
                conn.close()
            return ok

        def garbage_worker(seed):
            rng = random.Random(seed)
            for _ in range(25):
                if time.monotonic() > deadline:
                    break
                body, target = self.garbage(rng)
                try:
                    post(body, target=target, timeout=30)
                except (OSError, http.client.HTTPException):
                    pass
            return 0

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as ex:
            valid = [ex.submit(valid_worker, 50) for _ in range(4)]
            junk = [ex.submit(garbage_worker, 1000 + s) for s in range(4)]
            for f in junk:
                f.result()
            counts = [f.result() for f in valid]
        self.assertEqual(counts, [50, 50, 50, 50], "every keep-alive ListTables succeeded")


class SlowAndBrokenClients(RobustnessBase):
    def test_truncated_body_then_close(self):
        # Content-Length promises more than we send, then we hang up.
        host, port = endpoint()
        s = socket.create_connection((host, port), timeout=10)
        try:
            s.sendall(("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: %sListTables\r\nContent-Type: %s\r\n"
                       "Authorization: %s\r\nX-Amz-Date: %s\r\nContent-Length: 1000\r\n\r\n{\"Li"
                       % (T, JSON10, AUTH, AMZ_DATE)).encode())
        finally:
            s.close()

    def test_garbage_request_line(self):
        host, port = endpoint()
        for raw in (b"\x00\x01\x02\x03\r\n\r\n", b"GARBAGE / HTTP/9.9\r\n\r\n", b"POST / HTTP/1.1\r\n" + b"X" * 100000,
                    b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                    b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"):
            with self.subTest(raw=raw[:40]):
                s = socket.create_connection((host, port), timeout=10)
                try:
                    try:
                        s.sendall(raw)
                        s.shutdown(socket.SHUT_WR)
                        s.recv(65536)  # whatever it answers (or a close) is fine; it must not crash
                    except OSError:
                        pass
                finally:
                    s.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
