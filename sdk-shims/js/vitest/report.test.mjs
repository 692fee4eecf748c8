// Vitest: the helper as a Vitest suite uses it — one server for the file, each test named to the
// report through beforeEach's context. Request units worked out by hand from DynamoDB's on-demand
// rules (writes in 1 KB steps, doubled in a transaction; a Scan page charged for all the bytes it
// read, in 4 KB steps, halved when eventually consistent). DYNEMU_BIN names the binary.
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { startDynemu } = require("../dynemu.js");
const {
  CreateTableCommand, PutItemCommand, ScanCommand, TransactWriteItemsCommand, GetItemCommand,
} = require("@aws-sdk/client-dynamodb");

let dynemu;
beforeAll(async () => { dynemu = await startDynemu(); });
beforeEach((context) => dynemu.reset(context.task.name));
afterAll(() => dynemu.stop());

const item = (pk, bytes) => ({ pk: { S: pk }, data: { S: "x".repeat(bytes) } });

async function createTable() {
  await dynemu.client.send(new CreateTableCommand({
    TableName: "Priced", BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] }));
}

test("a transaction and a filtered scan", async () => {
  await createTable();
  await dynemu.client.send(new TransactWriteItemsCommand({
    TransactItems: [{ Put: { TableName: "Priced", Item: item("b", 500) } }] }));  // 507 B: 1 WRU, doubled
  await dynemu.client.send(new PutItemCommand({ TableName: "Priced", Item: item("c", 5000) }));  // 5007 B: 5 WRU
  const page = await dynemu.client.send(new ScanCommand({
    TableName: "Priced", FilterExpression: "pk = :b", ExpressionAttributeValues: { ":b": { S: "b" } } }));
  expect([page.ScannedCount, page.Count]).toEqual([2, 1]);  // 5514 B read: 2 x 4 KB, halved: 1 RRU
});

test("a strongly consistent read of a 5 KB item", async () => {
  await createTable();
  await dynemu.client.send(new PutItemCommand({ TableName: "Priced", Item: item("c", 5000) }));  // 5 WRU
  const got = await dynemu.client.send(new GetItemCommand({
    TableName: "Priced", Key: { pk: { S: "c" } }, ConsistentRead: true }));  // 2 x 4 KB: 2 RRU
  expect(got.Item.data.S).toHaveLength(5000);
});

test("the report holds each test's units, cost and scans", async () => {
  const report = await dynemu.report();
  const byName = Object.fromEntries(report.tests.map((t) => [t.name, t]));
  expect(byName["a transaction and a filtered scan"]).toMatchObject({
    requests: 4, readRequestUnits: 1, writeRequestUnits: 7, costPerMillionRuns: 0.25 + 7 * 1.25,
    scans: 1, itemsScanned: 2, itemsReturned: 1, touched: ["Priced"],
    operations: { CreateTable: 1, PutItem: 1, Scan: 1, TransactWriteItems: 1 },
  });
  expect(byName["a strongly consistent read of a 5 KB item"]).toMatchObject({
    requests: 3, readRequestUnits: 2, writeRequestUnits: 5, costPerMillionRuns: 2 * 0.25 + 5 * 1.25, scans: 0,
  });
  expect(report.run).toMatchObject({ requests: 7, readRequestUnits: 3, writeRequestUnits: 12 });
  const text = await dynemu.report({ format: "text" });
  expect(text).toContain("    a transaction and a filtered scan: 1 Scan, 2 items scanned, 1 returned\n");
  // Most expensive first: $9 before $6.75.
  expect(text.indexOf("a transaction and a filtered scan")).toBeLessThan(text.indexOf("a strongly consistent read"));
});
