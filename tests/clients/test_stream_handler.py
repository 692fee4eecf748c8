"""`dynemu --stream-handler TABLE=URL`: a table's stream records POSTed to a local HTTP handler as AWS
Lambda's event, in order, a refused batch sent again (Lambda's retry), nothing skipped.

The handler here is a plain http.server in this process; writes go through boto3. Run under
run_with_dynemu.py (which exports DYNEMU_BINARY); this test starts its own dynemu.
"""

import http.server
import json
import os
import socket
import subprocess
import threading
import time
import unittest
import urllib.request

import boto3
from botocore.config import Config


def setUpModule():
    if not os.environ.get("DYNEMU_BINARY"):
        raise unittest.SkipTest("DYNEMU_BINARY is not set: run under run_with_dynemu.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler(http.server.BaseHTTPRequestHandler):
    """Records every POST; refuses (HTTP 500) as many as `refuse` says."""
    received = []
    refuse = 0
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with Handler.lock:
            Handler.received.append((self.path, self.headers.get("Content-Type"), json.loads(body)))
            refused = Handler.refuse > 0
            Handler.refuse -= 1 if refused else 0
        self.send_response(500 if refused else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class StreamHandlerTest(unittest.TestCase):
    def setUp(self):
        Handler.received = []
        Handler.refuse = 1
        self.handler = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.handler.serve_forever, daemon=True).start()
        port = free_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            [os.environ["DYNEMU_BINARY"], "--port", str(port), "--in-memory",
             "--stream-handler", f"Orders=http://127.0.0.1:{self.handler.server_port}/orders-fn",
             "--stream-handler-batch-size", "2"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while True:
            try:
                urllib.request.urlopen(self.endpoint + "/", timeout=1).read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.ddb = boto3.client("dynamodb", endpoint_url=self.endpoint, region_name="us-east-1",
                                aws_access_key_id="test", aws_secret_access_key="test",
                                config=Config(retries={"total_max_attempts": 1}))

    def tearDown(self):
        self.proc.terminate()
        self.assertEqual(self.proc.wait(timeout=10), 0)
        self.proc.stderr.close()
        self.handler.shutdown()
        self.handler.server_close()

    def wait_for_records(self, count, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with Handler.lock:
                delivered = [r for (_, _, event) in Handler.received[1:] for r in event["Records"]]
            if len(delivered) >= count:
                return delivered
            time.sleep(0.05)
        self.fail(f"the handler got {len(delivered)} of {count} records: {Handler.received}")

    def test_records_reach_the_handler_in_order_and_a_refused_batch_is_retried(self):
        self.ddb.create_table(
            TableName="Orders", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        for i in range(5):
            self.ddb.put_item(TableName="Orders", Item={"id": {"S": f"o{i}"}, "n": {"N": str(i)}})
        self.ddb.update_item(TableName="Orders", Key={"id": {"S": "o0"}}, UpdateExpression="SET n = :n",
                             ExpressionAttributeValues={":n": {"N": "100"}})
        self.ddb.delete_item(TableName="Orders", Key={"id": {"S": "o1"}})
        records = self.wait_for_records(7)
        with Handler.lock:
            received = list(Handler.received)
        # The first batch was refused and sent again, the same records.
        self.assertEqual(received[0][2], received[1][2])
        self.assertEqual(received[0][0], "/orders-fn")
        self.assertEqual(received[0][1], "application/json")
        self.assertTrue(all(len(event["Records"]) <= 2 for (_, _, event) in received))
        self.assertEqual([r["eventName"] for r in records],
                         ["INSERT"] * 5 + ["MODIFY", "REMOVE"])
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in records],
                         ["o0", "o1", "o2", "o3", "o4", "o0", "o1"])
        sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        self.assertEqual(sequence, sorted(sequence))
        self.assertEqual(len(set(sequence)), len(sequence))
        first = records[0]
        self.assertEqual(first["eventSource"], "aws:dynamodb")
        self.assertEqual(first["awsRegion"], "us-east-1")
        self.assertTrue(first["eventSourceARN"].startswith("arn:aws:dynamodb:us-east-1:"))
        self.assertIn(":table/Orders/stream/", first["eventSourceARN"])
        self.assertEqual(records[5]["dynamodb"]["OldImage"]["n"], {"N": "0"})
        self.assertEqual(records[5]["dynamodb"]["NewImage"]["n"], {"N": "100"})


if __name__ == "__main__":
    unittest.main()
