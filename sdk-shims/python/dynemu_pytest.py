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

The cost and access-pattern report (GET /_dynemu/report): the `dynemu` fixture names each test to
the server (begin_test(nodeid)), so the server folds every request into that test's operations,
tables and indexes, Scans (items scanned vs returned), read and write request units as DynamoDB
bills them on demand, and "cost per million runs" at $0.25 / $1.25 per million read / write
request units (DYNEMU_READ_UNIT_PRICE / DYNEMU_WRITE_UNIT_PRICE, or the ini options
dynemu_read_unit_price / dynemu_write_unit_price). At the end of the session the plugin prints the
report's table; with DYNEMU_REPORT=PATH it also writes PATH.json and PATH.md, merged into a report
already there (a test of the same name replaced), as the GoogleTest listener does.
Without pytest: server.report() (JSON as a dict), server.report("text"), server.report("markdown").
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
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
    def _admin(self, method, path, body=None, raw=False):
        """An admin call: the JSON answer as Python values, or its text when raw (body: a value to
        send as JSON, or a str sent as it is)."""
        data = None if body is None else (body if isinstance(body, str) else json.dumps(body)).encode()
        request = urllib.request.Request(self.endpoint + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
                return text.decode() if raw else json.loads(text or b"{}")
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

    # -- the cost and access-pattern report
    def begin_test(self, name):
        """The requests that follow belong to test `name` in the report ("" for none)."""
        return self._admin("POST", "/_dynemu/report/test", {"name": name})

    @staticmethod
    def _report_query(fmt, read_unit_price, write_unit_price, top):
        params = {"format": fmt}
        if read_unit_price is not None:
            params["readUnitPrice"] = repr(float(read_unit_price))
        if write_unit_price is not None:
            params["writeUnitPrice"] = repr(float(write_unit_price))
        if top is not None:
            params["top"] = str(int(top))
        return "?" + urllib.parse.urlencode(params)

    def report(self, fmt="json", read_unit_price=None, write_unit_price=None, top=None):
        """The report: a dict for "json", the text for "markdown" and "text" (the compact table).
        Prices are US dollars per million read / write request units (default: the server's)."""
        query = self._report_query(fmt, read_unit_price, write_unit_price, top)
        return self._admin("GET", "/_dynemu/report" + query, raw=fmt != "json")

    def report_over(self, earlier_json, fmt="json", read_unit_price=None, write_unit_price=None):
        """An earlier report's JSON text with this server's tests put over it (same name: replaced)."""
        query = self._report_query(fmt, read_unit_price, write_unit_price, None)
        return self._admin("POST", "/_dynemu/report/merge" + query, earlier_json, raw=True)

    def clear_report(self):
        return self._admin("DELETE", "/_dynemu/report")

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


def _price_settings(config=None):
    """(read, write) US dollars per million request units: environment, then ini, else None."""
    prices = []
    for variable, ini in (("DYNEMU_READ_UNIT_PRICE", "dynemu_read_unit_price"),
                          ("DYNEMU_WRITE_UNIT_PRICE", "dynemu_write_unit_price")):
        value = os.environ.get(variable) or (config.getini(ini) if config is not None else "")
        prices.append(float(value) if value else None)
    return tuple(prices)


def write_report_files(server, path, read_unit_price=None, write_unit_price=None):
    """PATH.json and PATH.md (a .json/.md ending dropped), merged into the report already at
    PATH.json under a lock on PATH.lock, as the GoogleTest listener writes them. Returns the base."""
    import fcntl

    base = path[:-len(".json")] if path.endswith(".json") else path[:-len(".md")] if path.endswith(".md") else path
    prices = dict(read_unit_price=read_unit_price, write_unit_price=write_unit_price)
    with open(base + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        earlier = '{"format":"dynemu-cost-report/1","tests":[]}'  # nothing there yet
        if os.path.exists(base + ".json"):
            with open(base + ".json", encoding="utf-8") as f:
                earlier = f.read() or earlier
        for fmt, ext in (("json", ".json"), ("markdown", ".md")):
            text = server.report_over(earlier, fmt, **prices)
            temporary = f"{base}{ext}.tmp{os.getpid()}"
            with open(temporary, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(temporary, base + ext)
    return base


def session_server(config=None, report_sink=None):
    """The session's server. At the end, before it stops, `report_sink` (if given) receives the
    report's table, and DYNEMU_REPORT (if set) gets the report files."""
    binary = (config.getini("dynemu_binary") if config is not None else "") or None
    server = DynemuServer(binary=binary, seed=_seed_setting(config)).start()
    try:
        yield server
    finally:
        try:
            read_price, write_price = _price_settings(config)
            lines = [server.report("text", read_price, write_price)]
            path = os.environ.get("DYNEMU_REPORT")
            if path:
                base = write_report_files(server, path, read_price, write_price)
                lines.append(f"dynemu cost report written to {base}.json and {base}.md\n")
            if report_sink is not None:
                report_sink("".join(lines))
        finally:
            server.stop()


def per_test_client(server, test_name=None):
    """Resets the server and, with a test name, attributes the test's requests to it in the report."""
    server.reset()
    if test_name is not None:
        server.begin_test(test_name)
    try:
        yield server.client()
    finally:
        if test_name is not None:
            server.begin_test("")


try:
    import pytest
except ImportError:  # the helper above works without pytest
    pytest = None

if pytest is not None:
    _report_key = pytest.StashKey[str]()

    def pytest_addoption(parser):
        parser.addini("dynemu_seed", "dynemu seed files or folders (os.pathsep-separated)", default="")
        parser.addini("dynemu_binary", "path of the dynemu binary", default="")
        parser.addini("dynemu_read_unit_price", "US dollars per million read request units (default 0.25)",
                      default="")
        parser.addini("dynemu_write_unit_price", "US dollars per million write request units (default 1.25)",
                      default="")

    @pytest.fixture(scope="session")
    def dynemu_server(pytestconfig):
        def keep(text):
            pytestconfig.stash[_report_key] = text
        yield from session_server(pytestconfig, report_sink=keep)

    @pytest.fixture
    def dynemu(dynemu_server, request):
        yield from per_test_client(dynemu_server, request.node.nodeid)

    def pytest_terminal_summary(terminalreporter, exitstatus, config):
        text = config.stash.get(_report_key, None)
        if text:
            terminalreporter.write_sep("-", "dynemu cost report")
            terminalreporter.write(text)
