// The JS SDK v3 runs PartiQL: ExecuteStatementCommand (client-dynamodb, AttributeValues), and the
// document client's ExecuteStatementCommand / BatchExecuteStatementCommand / ExecuteTransactionCommand
// (lib-dynamodb, plain JavaScript values marshalled by the SDK).
// Run under run_with_dynemu.py (AWS_ENDPOINT_URL_DYNAMODB names the server); NODE_PATH points at
// sdk-shims/js/node_modules.
"use strict";
const { test } = require("node:test");
const assert = require("node:assert");
const {
  DynamoDBClient, CreateTableCommand, ExecuteStatementCommand, DuplicateItemException,
} = require("@aws-sdk/client-dynamodb");
const lib = require("@aws-sdk/lib-dynamodb");

const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
const options = { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1 };
const skip = !endpoint && "needs AWS_ENDPOINT_URL_DYNAMODB";

async function createTable(ddb, TableName) {
  await ddb.send(new CreateTableCommand({
    TableName, BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
  }));
}

test("ExecuteStatementCommand with AttributeValues", { skip }, async () => {
  const ddb = new DynamoDBClient(options);
  const TableName = `JsPartiql_${process.pid}`;
  await createTable(ddb, TableName);
  for (let sk = 0; sk < 5; sk++) {
    const r = await ddb.send(new ExecuteStatementCommand({
      Statement: `INSERT INTO "${TableName}" VALUE {'pk': ?, 'sk': ?}`, Parameters: [{ S: "a" }, { N: String(sk) }] }));
    assert.deepStrictEqual(r.Items, []);
  }
  await assert.rejects(
    ddb.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "${TableName}" VALUE {'pk': 'a', 'sk': 0}` })),
    (e) => e instanceof DuplicateItemException && e.message === "Duplicate primary key exists in table");
  const seen = [];
  let NextToken;
  do {
    const page = await ddb.send(new ExecuteStatementCommand({
      Statement: `SELECT sk FROM "${TableName}" WHERE pk = ? ORDER BY sk DESC`, Parameters: [{ S: "a" }],
      Limit: 2, NextToken }));
    seen.push(...page.Items.map((i) => Number(i.sk.N)));
    NextToken = page.NextToken;
  } while (NextToken);
  assert.deepStrictEqual(seen, [4, 3, 2, 1, 0]);
});

test("the document client's PartiQL commands marshal plain values", { skip }, async () => {
  const ddb = new DynamoDBClient(options);
  const doc = lib.DynamoDBDocumentClient.from(ddb);
  const TableName = `JsDocPartiql_${process.pid}`;
  await createTable(ddb, TableName);
  await doc.send(new lib.ExecuteStatementCommand({
    Statement: `INSERT INTO "${TableName}" VALUE {'pk': ?, 'sk': ?, 'tags': ?, 'doc': ?}`,
    Parameters: ["u", 1, new Set(["x", "y"]), { nested: [1, "two", true, null] }] }));
  const r = await doc.send(new lib.ExecuteStatementCommand({
    Statement: `SELECT * FROM "${TableName}" WHERE pk = ? AND sk = ?`, Parameters: ["u", 1] }));
  assert.strictEqual(r.Items.length, 1);
  assert.deepStrictEqual(r.Items[0].doc, { nested: [1, "two", true, null] });
  assert.deepStrictEqual([...r.Items[0].tags].sort(), ["x", "y"]);

  const updated = await doc.send(new lib.ExecuteStatementCommand({
    Statement: `UPDATE "${TableName}" SET n = ? WHERE pk = ? AND sk = ? RETURNING MODIFIED NEW *`,
    Parameters: [42, "u", 1] }));
  assert.deepStrictEqual(updated.Items, [{ n: 42 }]);

  const batch = await doc.send(new lib.BatchExecuteStatementCommand({ Statements: [
    { Statement: `SELECT n FROM "${TableName}" WHERE pk = ? AND sk = ?`, Parameters: ["u", 1] },
    { Statement: `SELECT n FROM "${TableName}" WHERE pk = ?`, Parameters: ["u"] },
  ] }));
  assert.deepStrictEqual(batch.Responses[0].Item, { n: 42 });
  assert.strictEqual(batch.Responses[1].Error.Code, "ValidationError");

  await assert.rejects(doc.send(new lib.ExecuteTransactionCommand({ TransactStatements: [
    { Statement: `DELETE FROM "${TableName}" WHERE pk = ? AND sk = ?`, Parameters: ["u", 1] },
    { Statement: `INSERT INTO "${TableName}" VALUE {'pk': ?, 'sk': ?}`, Parameters: ["u", 1] },
  ] })), (e) => e.name === "TransactionCanceledException" &&
      JSON.stringify(e.CancellationReasons.map((x) => x.Code)) === JSON.stringify(["None", "DuplicateItem"]));
  const still = await doc.send(new lib.ExecuteStatementCommand({
    Statement: `SELECT n FROM "${TableName}" WHERE pk = ? AND sk = ?`, Parameters: ["u", 1] }));
  assert.deepStrictEqual(still.Items, [{ n: 42 }]);
});
