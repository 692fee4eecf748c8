"""dynemu for Python tests: a server helper, and a pytest plugin built on it.

pytest (conftest.py):

    pytest_plugins = ["dynemu_pytest"]          # sdk-shims/python on sys.path / PYTHONPATH

    def test_put(dynemu):                       # a boto3 DynamoDB client, state reset per test
        dynemu.put_item(TableName="App", Item={"pk": {"S": "a"}, "sk": {"S": "b"}})

    def test_retry(dynemu, dynemu_server):      # the server: faults, request log, reset
        dynemu_server.add_fault("PutItem", error="ThrottlingException", count=1)

  Settings (ini options or environment): dynemu_seed / DYNEMU_SEED (seed files or folders,
  separated by os.pathsep), dynemu_binary / DYNEMU_BIN (default: `dynemu` on PATH), and
  DYNEMU_TEST_ENDPOINT to use a running dynemu instead of starting one.

Without pytest (unittest, scripts):

    with DynemuServer(seed=["tests/seed"]) as server:   # starts `dynemu --in-memory --seed ...`
        client = server.client()
        server.reset()                                   # POST /_dynemu/reset
        server.advance_clock(3600); server.sweep_ttl()   # move the server clock, expire TTL items

The session starts the binary once; every test gets the seeded baseline back through the admin
endpoint, and the process environment points boto3 and the AWS CLI at the server
(AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, fake credentials, region).

The server clock and TTL: advance_clock(seconds), set_clock(epoch_seconds), real_clock() and
clock() (POST/GET /_dynemu/clock); sweep_ttl() runs a TTL sweep now (POST /_dynemu/ttl/sweep) and
returns {"deleted": N, "tables": {...}}. A server this helper starts runs no background sweep
(ttl_sweep_seconds=0; pass a number of seconds for one), so expired items go when a test sweeps.
The clock is not part of the baseline: reset() leaves it where a test put it.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

__all__ = ["DynemuServer"]


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DynemuServer:
    """A dynemu process (or a running dynemu named by `endpoint`) and its admin endpoints."""

    def __init__(self, binary=None, seed=(), endpoint=None, region="us-east-1", startup_timeout=10.0,
                 ttl_sweep_seconds=0):
        self.binary = binary or os.environ.get("DYNEMU_BIN") or shutil.which("dynemu")
        self.seed = [str(p) for p in seed]
        self.endpoint = endpoint or os.environ.get("DYNEMU_TEST_ENDPOINT") or None
        self.region = region
        self.startup_timeout = startup_timeout
        self.ttl_sweep_seconds = ttl_sweep_seconds
        self.process = None
        self._saved_env = None

    # -- lifecycle
    def start(self):
        if self.endpoint is None:
            if not self.binary:
                raise RuntimeError("dynemu binary not found: set DYNEMU_BIN or put dynemu on PATH")
            port = _free_port()
            args = [self.binary, "--in-memory", "--port", str(port)]
            for path in self.seed:
                args += ["--seed", path]
            if self.ttl_sweep_seconds is not None:
                args += ["--ttl-sweep-seconds", str(int(self.ttl_sweep_seconds))]
            self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            self.endpoint = f"http://127.0.0.1:{port}"
            self._wait_healthy()
        else:
            self._wait_healthy()
            self.snapshot()
        self.apply_environment()
        return self

    def stop(self):
        self.restore_environment()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            finally:
                if self.process.stderr:
                    self.process.stderr.close()
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _wait_healthy(self):
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.process is not None and self.process.poll() is not None:
                message = self.process.stderr.read().decode(errors="replace")
                self.process.stderr.close()
                self.process = None
                raise RuntimeError("dynemu exited at start-up: " + message)
            try:
                health = self.health()
                # With seeds, the server is ready once it took the baseline after seeding (it listens
                # while seeding, and exits if a seed is bad).
                if health.get("status") == "ok" and (health.get("snapshot") or not self.seed or self.process is None):
                    return
            except (OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"dynemu at {self.endpoint} did not become healthy")
            time.sleep(0.02)

    # -- environment
    def environment(self):
        """The variables that point SDKs and the AWS CLI at this server (what `dynemu env` prints)."""
        return {
            "AWS_ENDPOINT_URL_DYNAMODB": self.endpoint,
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "dynemu",
            "AWS_SECRET_ACCESS_KEY": "dynemu",
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def apply_environment(self):
        self._saved_env = {k: os.environ.get(k) for k in self.environment()}
        self._saved_env["AWS_SESSION_TOKEN"] = os.environ.pop("AWS_SESSION_TOKEN", None)
        os.environ.update(self.environment())

    def restore_environment(self):
        if self._saved_env is None:
            return
        for k, v in self._saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        self._saved_env = None

    def client(self, **kwargs):
        """A boto3 DynamoDB client for this server (boto3 is imported on first use)."""
        import boto3

        kwargs.setdefault("region_name", self.region)
        return boto3.client("dynamodb", endpoint_url=self.endpoint, aws_access_key_id="dynemu",
                            aws_secret_access_key="dynemu", **kwargs)

    # -- admin endpoints (/_dynemu/...)
    def _admin(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.endpoint + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: HTTP {e.code} {e.read().decode(errors='replace')}") from None

    def health(self):
        return self._admin("GET", "/_dynemu/health")

    def snapshot(self):
        return self._admin("POST", "/_dynemu/snapshot")

    def reset(self):
        """Back to the seeded baseline; clears the request log and faults."""
        return self._admin("POST", "/_dynemu/reset")

    def requests(self):
        return self._admin("GET", "/_dynemu/requests")["requests"]

    def add_fault(self, operation, error="", count=1, table="", latency_ms=0, message="", status=0):
        fault = {"operation": operation, "error": error, "count": count, "table": table,
                 "latencyMs": latency_ms, "message": message, "status": status}
        return self._admin("POST", "/_dynemu/faults", fault)["faults"]

    def clear_faults(self):
        return self._admin("DELETE", "/_dynemu/faults")

    # -- the server clock and TTL
    def clock(self):
        """{"now": epoch seconds, "real": bool, "frozen": bool}"""
        return self._admin("GET", "/_dynemu/clock")

    def set_clock(self, epoch_seconds, freeze=None):
        body = {"now": epoch_seconds}
        if freeze is not None:
            body["freeze"] = bool(freeze)
        return self._admin("POST", "/_dynemu/clock", body)

    def advance_clock(self, seconds):
        return self._admin("POST", "/_dynemu/clock", {"advance": seconds})

    def real_clock(self):
        return self._admin("POST", "/_dynemu/clock", {"real": True})

    def sweep_ttl(self):
        """Deletes the expired items of TTL tables now: {"deleted": N, "tables": {"T": N}}."""
        return self._admin("POST", "/_dynemu/ttl/sweep", {})


# -- pytest plugin (the fixtures are plain generators so they run without pytest too)

def _seed_setting(config=None):
    value = config.getini("dynemu_seed") if config is not None else ""
    value = value or os.environ.get("DYNEMU_SEED", "")
    return [p for p in value.split(os.pathsep) if p]


def session_server(config=None):
    binary = (config.getini("dynemu_binary") if config is not None else "") or None
    server = DynemuServer(binary=binary, seed=_seed_setting(config)).start()
    try:
        yield server
    finally:
        server.stop()


def per_test_client(server):
    server.reset()
    yield server.client()


try:
    import pytest
except ImportError:  # the helper above works without pytest
    pytest = None

if pytest is not None:
    def pytest_addoption(parser):
        parser.addini("dynemu_seed", "dynemu seed files or folders (os.pathsep-separated)", default="")
        parser.addini("dynemu_binary", "path of the dynemu binary", default="")

    @pytest.fixture(scope="session")
    def dynemu_server(pytestconfig):
        yield from session_server(pytestconfig)

    @pytest.fixture
    def dynemu(dynemu_server):
        yield from per_test_client(dynemu_server)
