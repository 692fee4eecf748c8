// node:test checks of the helper (Jest/Vitest use it the same way). DYNEMU_BIN names the binary.
"use strict";
const { test, before, after, beforeEach } = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { DynamoDBClient, GetItemCommand, PutItemCommand, DeleteItemCommand } = require("@aws-sdk/client-dynamodb");
const { startDynemu } = require("../dynemu");

const seed = path.join(__dirname, "..", "..", "..", "tests", "fixtures", "seed");
const ann = { pk: { S: "USER#ann" }, sk: { S: "PROFILE" } };
let dynemu;

before(async () => { dynemu = await startDynemu({ seed: [seed] }); });
beforeEach(() => dynemu.reset());
after(() => dynemu.stop());

test("the seeded baseline comes back before each test", async () => {
  const got = await dynemu.client.send(new GetItemCommand({ TableName: "App", Key: ann }));
  assert.strictEqual(got.Item.name.S, "Ann Lee");
  await dynemu.client.send(new DeleteItemCommand({ TableName: "App", Key: ann }));
  assert.strictEqual((await dynemu.client.send(new GetItemCommand({ TableName: "App", Key: ann }))).Item, undefined);
  await dynemu.reset();
  assert.ok((await dynemu.client.send(new GetItemCommand({ TableName: "App", Key: ann }))).Item);
});

test("a client created with no endpoint finds the server through process.env", async () => {
  assert.strictEqual(process.env.AWS_ENDPOINT_URL_DYNAMODB, dynemu.endpoint);
  const client = new DynamoDBClient({});
  const got = await client.send(new GetItemCommand({ TableName: "App", Key: ann }));
  assert.strictEqual(got.Item.email.S, "ann@example.com");
  client.destroy();
  const cli = execFileSync("aws", ["dynamodb", "list-tables", "--output", "json"], { encoding: "utf8" });
  assert.match(cli, /"App"/);
});

test("an injected throttle is retried by the SDK and recorded", async () => {
  await dynemu.addFault({ operation: "PutItem", error: "ThrottlingException", count: 1, table: "App" });
  await dynemu.client.send(new PutItemCommand({ TableName: "App", Item: { pk: { S: "USER#js" }, sk: { S: "PROFILE" } } }));
  const log = await dynemu.requests();
  assert.deepStrictEqual(log.map((r) => [r.operation, r.injected, r.status]),
                         [["PutItem", true, 400], ["PutItem", false, 200]]);
});

test("the server clock moves and a TTL sweep deletes what expired", async () => {
  const { UpdateTimeToLiveCommand } = require("@aws-sdk/client-dynamodb");
  await dynemu.setClock(1700000000, { freeze: true });
  try {
    await dynemu.client.send(new UpdateTimeToLiveCommand({
      TableName: "App", TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" } }));
    const key = { pk: { S: "SESSION#js" }, sk: { S: "S" } };
    await dynemu.client.send(new PutItemCommand({ TableName: "App", Item: { ...key, expiresAt: { N: "1700000060" } } }));
    assert.deepStrictEqual(await dynemu.sweepTtl(), { deleted: 0, tables: {} });
    assert.strictEqual((await dynemu.advanceClock(61)).now, 1700000061);
    assert.ok((await dynemu.client.send(new GetItemCommand({ TableName: "App", Key: key }))).Item);  // not yet swept
    assert.deepStrictEqual(await dynemu.sweepTtl(), { deleted: 1, tables: { App: 1 } });
    assert.strictEqual((await dynemu.client.send(new GetItemCommand({ TableName: "App", Key: key }))).Item, undefined);
  } finally {
    assert.strictEqual((await dynemu.realClock()).real, true);
  }
  assert.ok(Math.abs((await dynemu.clock()).now - Date.now() / 1000) < 60);
});

test("a bad seed file fails start-up with the seed's message", async () => {
  const bad = path.join(seed, "..", "bad_seeds", "unknown_shape.json");
  await assert.rejects(startDynemu({ seed: [bad] }), /unknown_shape\.json/);
});
