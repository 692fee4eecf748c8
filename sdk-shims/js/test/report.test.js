// node:test: the helper's cost report, each test named through beforeEach's test context.
// The request units are worked out by hand from DynamoDB's on-demand rules (item size = attribute
// name bytes + value bytes; writes in 1 KB steps; reads in 4 KB steps, halved when eventually
// consistent). DYNEMU_BIN names the binary.
"use strict";
const { test, before, after, beforeEach } = require("node:test");
const assert = require("node:assert");
const { CreateTableCommand, GetItemCommand, PutItemCommand } = require("@aws-sdk/client-dynamodb");
const { startDynemu } = require("../dynemu");

let dynemu;
before(async () => { dynemu = await startDynemu(); });
beforeEach((t) => dynemu.reset(t.name));
after(() => dynemu.stop());

const item = (pk, bytes) => ({ pk: { S: pk }, data: { S: "x".repeat(bytes) } });

test("writes and reads", async () => {
  await dynemu.client.send(new CreateTableCommand({
    TableName: "Priced", BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] }));
  await dynemu.client.send(new PutItemCommand({ TableName: "Priced", Item: item("a", 1490) }));  // 1497 B: 2 WRU
  const Key = { pk: { S: "a" } };
  assert.ok((await dynemu.client.send(new GetItemCommand({ TableName: "Priced", Key, ConsistentRead: true }))).Item);  // 1 RRU
  assert.ok((await dynemu.client.send(new GetItemCommand({ TableName: "Priced", Key }))).Item);  // 0.5 RRU
});

test("the report gives the named test its units and cost", async () => {
  const report = await dynemu.report();
  assert.strictEqual(report.format, "dynemu-cost-report/1");
  const entry = report.tests.find((t) => t.name === "writes and reads");
  assert.ok(entry, JSON.stringify(report));
  assert.deepStrictEqual(
    [entry.requests, entry.readRequestUnits, entry.writeRequestUnits, entry.costPerMillionRuns, entry.scans],
    [4, 1.5, 2, 1.5 * 0.25 + 2 * 1.25, 0]);
  assert.deepStrictEqual(entry.operations, { CreateTable: 1, GetItem: 2, PutItem: 1 });
  assert.deepStrictEqual(entry.touched, ["Priced"]);
  // This test's own report calls are admin calls, not DynamoDB requests: it has no entry.
  assert.strictEqual(report.tests.find((t) => t.name === "the report gives the named test its units and cost"), undefined);

  const priced = await dynemu.report({ readUnitPrice: 2, writeUnitPrice: 4 });
  assert.strictEqual(priced.tests.find((t) => t.name === "writes and reads").costPerMillionRuns, 1.5 * 2 + 2 * 4);
  const text = await dynemu.report({ format: "text" });
  assert.match(text, /^dynemu cost report: 1 test, 4 requests, 1\.5 RRU, 2 WRU: \$2\.875 per million runs/);
  assert.match(text, /\$2\.875 +1\.5 +2 +4 {2}writes and reads\n/);
  const markdown = await dynemu.report({ format: "markdown" });
  assert.match(markdown, /\| writes and reads \| \$2\.875 \| 1\.5 \| 2 \| 4 \| CreateTable 1, GetItem 2, PutItem 1 \| Priced \| none \|/);
  await assert.rejects(dynemu.report({ format: "html" }), /format must be json, markdown or text/);
});
