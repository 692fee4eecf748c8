// dynemu for Jest/Vitest (or node:test): start the emulator once, reset it before each test, and
// hand out a JS SDK v3 DynamoDB client.
//
//   const { startDynemu } = require("dynemu-test-helper");   // or a relative path to this file
//   let dynemu;
//   beforeAll(async () => { dynemu = await startDynemu({ seed: ["tests/seed"] }); });
//   beforeEach(() => dynemu.reset());      // seeded baseline back, request log and faults cleared
//   afterAll(() => dynemu.stop());
//   test("reads", async () => { await dynemu.client.send(new GetItemCommand({...})); });
//
// startDynemu runs `dynemu --in-memory --port <free> --seed ...` (binary: options.binary, DYNEMU_BIN,
// or `dynemu` on PATH), or uses a running dynemu named by options.endpoint / DYNEMU_TEST_ENDPOINT,
// and sets AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, fake credentials and the region in
// process.env so clients created by the code under test find it.
//
// The server clock and TTL: advanceClock(seconds), setClock(epochSeconds, { freeze }), realClock()
// and clock() (POST/GET /_dynemu/clock); sweepTtl() runs a TTL sweep now (POST /_dynemu/ttl/sweep)
// and resolves to { deleted, tables }. A server started here runs no background sweep (option
// ttlSweepSeconds, default 0), so expired items go when a test sweeps. reset() leaves the clock.
//
// The cost and access-pattern report (GET /_dynemu/report): reset(testName) — or beginTest(name) —
// attributes the requests that follow to that test, and report() resolves to the report: per test
// and for the run, operations, tables and indexes touched, Scans (items scanned vs returned), read
// and write request units as DynamoDB bills them on demand, and costPerMillionRuns at $0.25 / $1.25
// per million read / write request units (options readUnitPrice / writeUnitPrice, else
// DYNEMU_READ_UNIT_PRICE / DYNEMU_WRITE_UNIT_PRICE, else the server's). report({ format: "text" })
// is the table the GoogleTest listener and the pytest plugin print; "markdown" the Markdown page.
//   beforeEach((t) => dynemu.reset(t.name));                        // node:test
//   beforeEach((ctx) => dynemu.reset(ctx.task.name));               // Vitest
//   beforeEach(() => dynemu.reset(expect.getState().currentTestName)); // Jest
//   afterAll(async () => { console.log(await dynemu.report({ format: "text" })); await dynemu.stop(); });
"use strict";
const { spawn } = require("node:child_process");
const http = require("node:http");
const net = require("node:net");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Dynemu {
  constructor(endpoint, child, region) {
    this.endpoint = endpoint;
    this.child = child;
    this.region = region;
    this.savedEnv = null;
    this._client = null;
  }

  environment() {
    return {
      AWS_ENDPOINT_URL_DYNAMODB: this.endpoint,
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_ACCESS_KEY_ID: "dynemu",
      AWS_SECRET_ACCESS_KEY: "dynemu",
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_EC2_METADATA_DISABLED: "true",
    };
  }

  applyEnvironment() {
    const env = this.environment();
    this.savedEnv = {};
    for (const key of [...Object.keys(env), "AWS_SESSION_TOKEN"]) this.savedEnv[key] = process.env[key];
    delete process.env.AWS_SESSION_TOKEN;
    Object.assign(process.env, env);
  }

  restoreEnvironment() {
    if (!this.savedEnv) return;
    for (const [key, value] of Object.entries(this.savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    this.savedEnv = null;
  }

  // A DynamoDBClient for this server (created on first use; needs @aws-sdk/client-dynamodb).
  get client() {
    if (!this._client) {
      const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
      this._client = new DynamoDBClient({
        endpoint: this.endpoint,
        region: this.region,
        credentials: { accessKeyId: "dynemu", secretAccessKey: "dynemu" },
      });
    }
    return this._client;
  }

  // One connection per admin call (agent: false): an idle keep-alive socket would hold up the
  // server's shutdown until its keep-alive timeout. `raw`: resolve to the answer's text.
  admin(method, path, body, raw = false) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(this.endpoint + path, {
        method, agent: false, headers: { "content-type": "application/json" },
      }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => { text += chunk; });
        response.on("end", () => {
          if (response.statusCode !== 200) reject(new Error(`${method} ${path}: HTTP ${response.statusCode} ${text}`));
          else resolve(raw ? text : text ? JSON.parse(text) : {});
        });
      });
      request.on("error", reject);
      request.end(payload);
    });
  }

  health() { return this.admin("GET", "/_dynemu/health"); }
  snapshot() { return this.admin("POST", "/_dynemu/snapshot"); }
  // Back to the baseline; with a test name, the requests that follow are that test's in the report.
  async reset(testName) {
    const answer = await this.admin("POST", "/_dynemu/reset");
    if (typeof testName === "string") await this.beginTest(testName);
    return answer;
  }
  beginTest(name) { return this.admin("POST", "/_dynemu/report/test", { name: String(name) }); }
  // options: { format: "json" (default, resolves to an object) | "text" | "markdown" (strings),
  //            readUnitPrice, writeUnitPrice (US dollars per million request units), top }
  report(options = {}) {
    const format = options.format || "json";
    const params = new URLSearchParams({ format });
    const read = options.readUnitPrice ?? process.env.DYNEMU_READ_UNIT_PRICE;
    const write = options.writeUnitPrice ?? process.env.DYNEMU_WRITE_UNIT_PRICE;
    if (read !== undefined && read !== "") params.set("readUnitPrice", String(read));
    if (write !== undefined && write !== "") params.set("writeUnitPrice", String(write));
    if (options.top !== undefined) params.set("top", String(options.top));
    return this.admin("GET", "/_dynemu/report?" + params.toString(), undefined, format !== "json");
  }
  clearReport() { return this.admin("DELETE", "/_dynemu/report"); }
  async requests() { return (await this.admin("GET", "/_dynemu/requests")).requests; }
  // fault: { operation, error?, count?, table?, latencyMs?, message?, status? }
  async addFault(fault) { return (await this.admin("POST", "/_dynemu/faults", fault)).faults; }
  clearFaults() { return this.admin("DELETE", "/_dynemu/faults"); }

  clock() { return this.admin("GET", "/_dynemu/clock"); }
  setClock(epochSeconds, { freeze } = {}) {
    const body = { now: epochSeconds };
    if (freeze !== undefined) body.freeze = Boolean(freeze);
    return this.admin("POST", "/_dynemu/clock", body);
  }
  advanceClock(seconds) { return this.admin("POST", "/_dynemu/clock", { advance: seconds }); }
  realClock() { return this.admin("POST", "/_dynemu/clock", { real: true }); }
  sweepTtl() { return this.admin("POST", "/_dynemu/ttl/sweep", {}); }

  async stop() {
    this.restoreEnvironment();
    if (this._client) this._client.destroy();
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}

async function startDynemu(options = {}) {
  const region = options.region || "us-east-1";
  const remote = options.endpoint || process.env.DYNEMU_TEST_ENDPOINT;
  let dynemu;
  let stderr = "";
  if (remote) {
    dynemu = new Dynemu(remote, null, region);
  } else {
    const binary = options.binary || process.env.DYNEMU_BIN || "dynemu";
    const port = await freePort();
    const args = ["--in-memory", "--port", String(port)];
    for (const path of options.seed || []) args.push("--seed", path);
    const sweepSeconds = options.ttlSweepSeconds === undefined ? 0 : options.ttlSweepSeconds;
    if (sweepSeconds !== null) args.push("--ttl-sweep-seconds", String(Math.trunc(sweepSeconds)));
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    child.on("error", (e) => { stderr += String(e); });
    dynemu = new Dynemu(`http://127.0.0.1:${port}`, child, region);
  }
  const deadline = Date.now() + (options.startupTimeoutMs || 10000);
  for (;;) {
    if (dynemu.child && dynemu.child.exitCode !== null) throw new Error("dynemu exited at start-up: " + stderr);
    try {
      // With seeds, ready means the baseline was taken after seeding (a bad seed exits the server).
      const health = await dynemu.health();
      if (health.status === "ok" && (health.snapshot || remote || !(options.seed || []).length)) break;
    } catch (e) { /* not listening yet */ }
    if (Date.now() > deadline) {
      await dynemu.stop();
      throw new Error(`dynemu at ${dynemu.endpoint} did not become healthy: ${stderr}`);
    }
    await sleep(20);
  }
  if (remote) await dynemu.snapshot();
  dynemu.applyEnvironment();
  return dynemu;
}

module.exports = { startDynemu, Dynemu };
