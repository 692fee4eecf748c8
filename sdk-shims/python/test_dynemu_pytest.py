"""unittest tests of dynemu_pytest (pytest itself is not needed): DYNEMU_BIN names the binary."""
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dynemu_pytest  # noqa: E402

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fixtures", "seed")
ANN = {"pk": {"S": "USER#ann"}, "sk": {"S": "PROFILE"}}


class SessionFixtureTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["DYNEMU_SEED"] = SEED
        cls.session = dynemu_pytest.session_server()
        cls.server = next(cls.session)

    @classmethod
    def tearDownClass(cls):
        cls.session.close()  # runs the generator's finally: stops the process, restores the env
        os.environ.pop("DYNEMU_SEED", None)

    def client(self):
        gen = dynemu_pytest.per_test_client(self.server)
        self.addCleanup(gen.close)
        return next(gen)

    def test_seeded_baseline_is_back_for_every_test(self):
        client = self.client()
        self.assertEqual(client.get_item(TableName="App", Key=ANN)["Item"]["name"]["S"], "Ann Lee")
        client.delete_item(TableName="App", Key=ANN)
        self.assertNotIn("Item", client.get_item(TableName="App", Key=ANN))
        client = self.client()  # the next test's fixture resets
        self.assertIn("Item", client.get_item(TableName="App", Key=ANN))

    def test_environment_points_the_aws_cli_at_the_server(self):
        self.client()
        self.assertEqual(os.environ["AWS_ENDPOINT_URL_DYNAMODB"], self.server.endpoint)
        out = subprocess.run(["aws", "dynamodb", "list-tables", "--output", "json"], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('"App"', out.stdout)

    def test_injected_throttle_is_retried_by_boto3_and_recorded(self):
        client = self.client()
        self.server.add_fault("PutItem", error="ProvisionedThroughputExceededException", count=2, table="App")
        client.put_item(TableName="App", Item={"pk": {"S": "USER#py"}, "sk": {"S": "PROFILE"}})
        log = self.server.requests()
        self.assertEqual([r["operation"] for r in log], ["PutItem"] * 3)
        self.assertEqual([r["injected"] for r in log], [True, True, False])

    def test_clock_and_ttl_sweep(self):
        client = self.client()
        self.server.set_clock(1700000000, freeze=True)
        self.addCleanup(self.server.real_clock)
        client.update_time_to_live(TableName="App",
                                   TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiresAt"})
        key = {"pk": {"S": "SESSION#py"}, "sk": {"S": "S"}}
        client.put_item(TableName="App", Item=dict(key, expiresAt={"N": "1700000060"}))
        self.assertEqual(self.server.sweep_ttl(), {"deleted": 0, "tables": {}})
        self.assertEqual(self.server.advance_clock(61)["now"], 1700000061)
        self.assertIn("Item", client.get_item(TableName="App", Key=key))  # expired, not yet swept
        self.assertEqual(self.server.sweep_ttl(), {"deleted": 1, "tables": {"App": 1}})
        self.assertNotIn("Item", client.get_item(TableName="App", Key=key))
        self.assertTrue(self.server.real_clock()["real"])
        self.assertLess(abs(self.server.clock()["now"] - time.time()), 60)

    def test_bad_fault_is_refused(self):
        with self.assertRaises(RuntimeError) as ctx:
            self.server.add_fault("PutItem")  # neither error nor latency
        self.assertIn("needs an error or a latencyMs", str(ctx.exception))


class EnvCommandTest(unittest.TestCase):
    def test_eval_dynemu_env_points_the_aws_cli_at_a_server(self):
        binary = os.environ["DYNEMU_BIN"]
        with dynemu_pytest.DynemuServer(seed=[SEED]) as server:
            port = server.endpoint.rsplit(":", 1)[1]
            server.restore_environment()  # only `dynemu env` may point the CLI at the server
            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            script = f'eval "$("{binary}" env --port {port})" && aws dynamodb list-tables --output json'
            out = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn('"App"', out.stdout)
            printed = subprocess.run([binary, "env", "--endpoint", "http://h:1", "--region", "eu-west-1"],
                                     capture_output=True, text=True).stdout
            self.assertIn("export AWS_ENDPOINT_URL_DYNAMODB='http://h:1'\n", printed)
            self.assertIn("export AWS_REGION='eu-west-1'\n", printed)


class StartupTest(unittest.TestCase):
    def test_bad_seed_fails_start_with_the_seed_message(self):
        bad = os.path.join(SEED, "..", "bad_seeds", "unknown_shape.json")
        with self.assertRaises(RuntimeError) as ctx:
            dynemu_pytest.DynemuServer(seed=[bad]).start()
        self.assertIn("unknown_shape.json", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
