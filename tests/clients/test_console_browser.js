// The console in real headless Chromium (Debian's, driven by puppeteer-core; no browser download):
// the seed's walkthrough (create Users with the default settings, add u-1001, find it by Query,
// edit it, see the edit with the AWS CLI, delete it), the request log, a Scan's warning, an item
// value holding markup shown as text, a concurrent change reported, and a page of another origin
// failing to reset the database. Each step leaves a screenshot in DYNEMU_CONSOLE_ARTIFACTS.
// Run under run_with_dynemu.py (AWS_ENDPOINT_URL_DYNAMODB names the server).
"use strict";
const { test } = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
const chromium = process.env.DYNEMU_CHROMIUM || "/usr/bin/chromium";
const artifacts = process.env.DYNEMU_CONSOLE_ARTIFACTS || path.resolve(__dirname, "../../build/artifacts/console");
const skip = (!endpoint && "needs AWS_ENDPOINT_URL_DYNAMODB") || (!fs.existsSync(chromium) && `needs ${chromium}`);

// The DynamoDB API from Node, to check what the console did (and to change things behind its back).
async function ddb(operation, request) {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": `DynamoDB_20120810.${operation}`,
      "X-Amz-Date": "20260101T000000Z",
      Authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00",
    },
    body: JSON.stringify(request),
  });
  const body = await response.json();
  assert.strictEqual(response.status, 200, `${operation}: ${JSON.stringify(body)}`);
  return body;
}

// A headless Chromium page on the console, with the helpers the tests share. Screenshots are
// named `${prefix}NN-step.png`.
async function openSession(prefix) {
  const puppeteer = require("puppeteer-core");
  fs.mkdirSync(artifacts, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  const dialogs = [];
  const pageErrors = [];
  let step = 0;
  const page = await browser.newPage();
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.setViewport({ width: 1280, height: 800 });
  return {
    browser, page, dialogs, pageErrors,
    shot: async (name) => {
      step += 1;
      await page.screenshot({ path: path.join(artifacts, `${prefix}${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
    },
    textOf: (selector) => page.$eval(selector, (el) => el.textContent),
    // On a timeout the error says what the page showed instead (its notices first).
    waitText: (selector, text) => page.waitForFunction(
      (s, t) => { const el = document.querySelector(s); return el && el.textContent.includes(t); }, { timeout: 10000 }, selector, text)
      .catch(async (e) => {
        const shown = await page.evaluate((s) => [document.getElementById("notices"), document.querySelector(s)]
          .map((el) => (el ? el.textContent : "(none)")).join(" | "), selector).catch(() => "?");
        throw new Error(`${e.message}: waiting for ${JSON.stringify(text)} in ${selector}; the page shows: ${shown.slice(0, 600)}`);
      }),
    valueInput: async (attribute) => {
      for (const row of await page.$$(".attr-row")) {
        if (await row.$eval(".attr-name", (el, a) => el.value === a, attribute)) return row.$(".attr-value input, .attr-value textarea");
      }
      throw new Error(`no attribute row ${attribute}`);
    },
    addAttribute: async (name, type, value) => {
      await page.click("#add-attribute");
      const rows = await page.$$(".attr-row");
      const row = rows[rows.length - 1];
      await (await row.$(".attr-name")).type(name);
      await (await row.$("select.attr-type")).select(type);
      await (await row.$(".attr-value input")).type(value);
    },
  };
}

test("the console in a browser: the seed's walkthrough, the log, a Scan, markup as text, another origin", { skip, timeout: 120000 }, async () => {
  const { browser, page, dialogs, pageErrors, shot, textOf, waitText, valueInput, addAttribute } = await openSession("");
  try {
    await page.goto(`${endpoint}/_dynemu/console`);
    await waitText("#tables", "No tables yet");
    await shot("tables-empty");

    // The seed's walkthrough: Tables → Create table → name, partition key and type, default settings.
    await page.click("#create-table");
    await page.waitForSelector("#table-name");
    await page.type("#table-name", "Users");
    await page.type("#pk-name", "UserId");
    assert.strictEqual(await page.$eval("#pk-type", (el) => el.value), "S");
    assert.ok(await page.$eval("#settings-default", (el) => el.checked), "default settings are the default");
    await shot("create-table-form");
    await page.click("#create-submit");
    await waitText("#tables", "Users");
    await waitText("#notices", "Table Users was created.");
    const row = await textOf("#tables tbody");
    assert.match(row, /UserId \(S\)/);
    assert.match(row, /On-demand/);
    await shot("table-created");
    const described = (await ddb("DescribeTable", { TableName: "Users" })).Table;
    assert.strictEqual(described.BillingModeSummary.BillingMode, "PAY_PER_REQUEST");
    assert.deepStrictEqual(described.KeySchema, [{ AttributeName: "UserId", KeyType: "HASH" }]);

    // The seed's item, through the form.
    await page.click("#tables a[href='#/table/Users']");
    await page.waitForSelector("#explore-items");
    await page.click("#explore-items");
    await page.waitForSelector("#create-item");
    await page.click("#create-item");
    await page.waitForSelector(".attr-row");
    await (await valueInput("UserId")).type("u-1001");
    await addAttribute("email", "S", "alice@example.com");
    await addAttribute("age", "N", "36");
    await shot("item-form");
    await page.click("#save-item");
    await waitText("#notices", "Item created.");
    const stored = await ddb("GetItem", { TableName: "Users", Key: { UserId: { S: "u-1001" } } });
    assert.deepStrictEqual(stored.Item, { UserId: { S: "u-1001" }, email: { S: "alice@example.com" }, age: { N: "36" } });

    // Found by Query: the key-condition builder on the partition key.
    await page.click("label[for='mode-query']");
    await page.type("#pk-value", "u-1001");
    await page.click("#run");
    await waitText("#items", "alice@example.com");
    assert.match(await textOf("#result-summary"), /^Query: 1 returned, 1 read/);
    assert.strictEqual(await page.$("#scan-warning"), null, "a Query carries no Scan warning");
    await shot("query-found-item");

    // Edited in the form; the AWS CLI sees the edit.
    await page.click("#items tbody tr");
    await page.waitForSelector("#save-item");
    const age = await valueInput("age");
    await age.click({ clickCount: 3 });
    await age.type("37");
    await shot("item-edit");
    await page.click("#save-item");
    await waitText("#notices", "Item saved.");
    const cli = JSON.parse(execFileSync("aws", ["dynamodb", "get-item", "--table-name", "Users", "--key",
      '{"UserId": {"S": "u-1001"}}', "--output", "json"], { encoding: "utf8", timeout: 60000 }));
    assert.deepStrictEqual(cli.Item, { UserId: { S: "u-1001" }, email: { S: "alice@example.com" }, age: { N: "37" } });

    // A change made elsewhere after the console read the item is reported, not overwritten.
    await waitText("#items", "37");
    await page.click("#items tbody tr");
    await page.waitForSelector("#save-item");
    await ddb("UpdateItem", { TableName: "Users", Key: { UserId: { S: "u-1001" } }, UpdateExpression: "SET age = :a",
      ExpressionAttributeValues: { ":a": { N: "40" } } });
    const stale = await valueInput("email");
    await stale.click({ clickCount: 3 });
    await stale.type("bob@example.com");
    await page.click("#save-item");
    await waitText("#notices", "the item changed since it was read");
    assert.match(await textOf("#notices"), /ConditionalCheckFailedException: The conditional request failed/);
    await shot("concurrent-change-reported");
    assert.strictEqual((await ddb("GetItem", { TableName: "Users", Key: { UserId: { S: "u-1001" } } })).Item.email.S, "alice@example.com");

    // Deleted (the editor re-reads the item, so the delete is conditional on the current version).
    await page.goto(`${endpoint}/_dynemu/console#/tables`);
    await page.goto(`${endpoint}/_dynemu/console#/table/Users/item/${encodeURIComponent('{"UserId":{"S":"u-1001"}}')}`);
    await page.waitForSelector("#delete-item");
    await page.click("#delete-item");
    await waitText("#delete-item", "Press again to delete");
    await page.click("#delete-item");
    await waitText("#notices", "Item deleted.");
    assert.strictEqual((await ddb("GetItem", { TableName: "Users", Key: { UserId: { S: "u-1001" } } })).Item, undefined);

    // A Scan shows its warning; markup in a value is shown as text and never runs.
    const markup = "<img src=x onerror=alert(1)>";
    await ddb("PutItem", { TableName: "Users", Item: { UserId: { S: "u-xss" }, note: { S: markup }, big: { N: "12345678901234567890.123456789" },
      tags: { SS: ["a", "b"] }, doc: { M: { list: { L: [{ N: "1" }, { BOOL: true }, { NULL: true }] } } } } });
    await page.click("label[for='mode-scan']");
    await page.click("#run");
    await waitText("#items", "u-xss");
    await page.waitForSelector("#scan-warning");
    assert.match(await textOf("#scan-warning"), /Scan reads the whole table\. This page read 1 items to return 1, 0\.5 read units/);
    const cells = await page.$$eval("#items td", (tds) => tds.map((td) => td.textContent));
    assert.ok(cells.includes(markup), `the markup is shown as text: ${JSON.stringify(cells)}`);
    assert.ok(cells.includes("12345678901234567890.123456789"), "a number keeps every digit");
    assert.ok(cells.includes('{"a", "b"}') && cells.includes('{"list": [1, true, null]}'), JSON.stringify(cells));
    assert.strictEqual(await page.$("#items img"), null, "no element was made from the value");
    await shot("scan-warning-and-markup-as-text");
    await page.click("#items tbody tr");
    await page.waitForSelector("#view-json");
    await page.click("#view-json");
    const json = JSON.parse(await page.$eval("#item-json", (el) => el.value));
    assert.strictEqual(json.big.N, "12345678901234567890.123456789");
    assert.deepStrictEqual(json.doc, { M: { list: { L: [{ N: "1" }, { BOOL: true }, { NULL: true }] } } });
    await shot("item-as-dynamodb-json");
    assert.deepStrictEqual(dialogs, [], "no dialog fired");

    // The request log shows the console's requests, the Scan flagged.
    await page.goto(`${endpoint}/_dynemu/console#/requests`);
    await waitText("#request-log", "DeleteItem");
    const log = await textOf("#request-log tbody");
    for (const op of ["CreateTable", "PutItem", "Query", "UpdateItem", "DeleteItem", "Scan"]) assert.ok(log.includes(op), `${op} in the log`);
    assert.ok(log.includes("Scan ⚠"), "the Scan is flagged in the log");
    await shot("request-log");

    await page.goto(`${endpoint}/_dynemu/console#/tools`);
    await waitText("#snapshot-state", "tables");
    await shot("test-tools");

    await page.setViewport({ width: 390, height: 800 });
    await page.goto(`${endpoint}/_dynemu/console#/tables`);
    await waitText("#tables", "Users");
    await shot("tables-narrow");

    // Another origin's page posts to /_dynemu/reset (a form POST needs no preflight): refused.
    const foreign = http.createServer((req, res) => {
      res.setHeader("Content-Type", "text/html");
      res.end(`<!doctype html><form id="f" method="POST" action="${endpoint}/_dynemu/reset" enctype="text/plain">` +
        `<input name="x" value="y"></form><script>fetch("${endpoint}/_dynemu/reset", {method: "POST", mode: "no-cors"})` +
        `.finally(() => document.getElementById("f").submit());</script>`);
    });
    await new Promise((resolve) => foreign.listen(0, "127.0.0.1", resolve));
    try {
      const refused = page.waitForResponse((r) => r.url() === `${endpoint}/_dynemu/reset` && r.request().resourceType() === "document");
      await page.goto(`http://127.0.0.1:${foreign.address().port}/`);
      const answer = await refused;
      assert.strictEqual(answer.status(), 403);
      assert.match(await answer.text(), /dynemu refuses this request from origin http:\/\/127\.0\.0\.1:\d+/);
      await page.waitForFunction(() => document.body && document.body.textContent.includes("refuses"));
      await shot("cross-origin-reset-refused");
    } finally {
      foreign.close();
    }
    const tables = await ddb("ListTables", {});
    assert.deepStrictEqual(tables.TableNames, ["Users"], "the foreign page did not reset the database");
    assert.ok((await ddb("GetItem", { TableName: "Users", Key: { UserId: { S: "u-xss" } } })).Item);
    assert.deepStrictEqual(pageErrors, []);
  } finally {
    await browser.close();
  }
});

test("the console in a browser: a customised table, deletion protection, settings, paging, PartiQL, a fault", { skip, timeout: 120000 }, async () => {
  const { browser, page, dialogs, pageErrors, shot, textOf, waitText } = await openSession("more-");
  try {
    await page.goto(`${endpoint}/_dynemu/console#/create`);
    await page.waitForSelector("#table-name");
    await page.type("#table-name", "Orders");
    await page.type("#pk-name", "CustomerId");
    await page.type("#sk-name", "OrderId");
    await page.select("#sk-type", "N");
    await page.click("#settings-custom");
    await page.click("#add-gsi");
    await page.type("input[aria-label='Index name']", "ByStatus");
    await page.type("input[aria-label='Index partition key']", "status");
    await page.select("#stream", "NEW_AND_OLD_IMAGES");
    await page.type("#ttl", "expiresAt");
    await page.click("#pitr");
    await page.click("#deletion-protection");
    await page.type("#tags", "team=payments");
    await shot("create-customised");
    await page.click("#create-submit");
    await waitText("#notices", "Table Orders was created.");
    const table = (await ddb("DescribeTable", { TableName: "Orders" })).Table;
    assert.deepStrictEqual(table.KeySchema, [{ AttributeName: "CustomerId", KeyType: "HASH" }, { AttributeName: "OrderId", KeyType: "RANGE" }]);
    assert.deepStrictEqual(table.GlobalSecondaryIndexes.map((i) => [i.IndexName, i.KeySchema[0].AttributeName, i.Projection.ProjectionType]),
      [["ByStatus", "status", "ALL"]]);
    assert.deepStrictEqual(table.StreamSpecification, { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    assert.strictEqual(table.DeletionProtectionEnabled, true);
    assert.strictEqual(table.BillingModeSummary.BillingMode, "PAY_PER_REQUEST");
    const ttl = (await ddb("DescribeTimeToLive", { TableName: "Orders" })).TimeToLiveDescription;
    assert.deepStrictEqual([ttl.TimeToLiveStatus, ttl.AttributeName], ["ENABLED", "expiresAt"]);
    const pitr = (await ddb("DescribeContinuousBackups", { TableName: "Orders" })).ContinuousBackupsDescription;
    assert.strictEqual(pitr.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus, "ENABLED");
    assert.deepStrictEqual((await ddb("ListTagsOfResource", { ResourceArn: table.TableArn })).Tags, [{ Key: "team", Value: "payments" }]);

    // Deletion protection: DynamoDB's own error, and the table stays.
    await page.goto(`${endpoint}/_dynemu/console#/table/Orders`);
    await page.waitForSelector("#delete-table");
    await waitText("main", "Deletion protection");
    await page.click("#delete-table");
    await page.type("#confirm-delete", "Orders");
    await page.click("#confirm-delete-submit");
    await waitText("#notices", "ValidationException: Resource cannot be deleted as it is currently protected against deletion.");
    await shot("deletion-protected");
    assert.ok((await ddb("ListTables", {})).TableNames.includes("Orders"));

    // Settings: protection off, the stream's view, the tags.
    await page.goto(`${endpoint}/_dynemu/console#/table/Orders/settings`);
    await page.waitForSelector("#save-settings");
    await page.click("#set-protection");
    await page.click("#set-tags", { clickCount: 3 });
    await page.type("#set-tags", "team=billing\nenv=dev");
    await shot("settings");
    await page.click("#save-settings");
    await waitText("#notices", "Saved: UpdateTable, TagResource.");
    const updated = (await ddb("DescribeTable", { TableName: "Orders" })).Table;
    assert.strictEqual(updated.DeletionProtectionEnabled, false);
    const tags = (await ddb("ListTagsOfResource", { ResourceArn: table.TableArn })).Tags;
    assert.deepStrictEqual(tags.sort((a, b) => a.Key.localeCompare(b.Key)), [{ Key: "env", Value: "dev" }, { Key: "team", Value: "billing" }]);

    // Query pages forward and back through LastEvaluatedKey; the sort-key condition.
    for (const id of ["1", "2", "3", "4"]) {
      await ddb("PutItem", { TableName: "Orders", Item: { CustomerId: { S: "c1" }, OrderId: { N: id }, status: { S: id === "4" ? "open" : "shipped" } } });
    }
    await page.goto(`${endpoint}/_dynemu/console#/table/Orders/items`);
    await page.waitForSelector("#run");
    await page.click("label[for='mode-query']");
    await page.type("#pk-value", "c1");
    await page.select("#sk-op", "<=");
    await page.type("#sk-value", "3");
    await page.click("#explore-form summary");
    await page.click("#limit", { clickCount: 3 });
    await page.type("#limit", "1");
    await page.click("#run");
    const firstCell = async () => page.$eval("#items tbody tr td:nth-child(2)", (td) => td.textContent);
    await waitText("#result-summary", "page 1");
    assert.strictEqual(await firstCell(), "1");
    await page.click("#next-page");
    await waitText("#result-summary", "page 2");
    assert.strictEqual(await firstCell(), "2");
    await page.click("#next-page");
    await waitText("#result-summary", "page 3");
    assert.strictEqual(await firstCell(), "3");
    await page.click("#prev-page");
    await waitText("#result-summary", "page 2");
    assert.strictEqual(await firstCell(), "2");
    await shot("query-paging");

    // The index and a filter.
    await page.select("#index", "ByStatus");
    await page.click("#pk-value", { clickCount: 3 });
    await page.type("#pk-value", "open");
    await page.click("#limit", { clickCount: 3 });
    await page.type("#limit", "25");
    await page.click("#run");
    await waitText("#result-summary", "Query: 1 returned");
    assert.match(await textOf("#items tbody"), /c14open/);

    // PartiQL: results as a table.
    await page.goto(`${endpoint}/_dynemu/console#/partiql`);
    await page.waitForSelector("#statement");
    await page.type("#statement", `SELECT OrderId, status FROM "Orders" WHERE CustomerId = 'c1' AND OrderId >= 3`);
    await page.click("#run-statement");
    await waitText("#partiql-results", "2 items");
    const rows = await page.$$eval("#partiql-results tbody tr", (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    assert.deepStrictEqual(rows, [["3", "shipped"], ["4", "open"]]);
    await shot("partiql");

    // A fault armed in the tools makes the next Scan fail with DynamoDB's throttling error.
    await page.goto(`${endpoint}/_dynemu/console#/tools`);
    await page.waitForSelector("#fault-op");
    await page.click("#fault-op", { clickCount: 3 });
    await page.type("#fault-op", "Scan");
    await page.click("#add-fault");
    await waitText("#notices", "Fault armed.");
    await shot("fault-armed");
    await page.goto(`${endpoint}/_dynemu/console#/table/Orders/items`);
    await page.waitForSelector("#run");
    await page.click("label[for='mode-scan']");
    await page.click("#run");
    await waitText("#results", "ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded.");
    await shot("fault-seen");
    await page.click("#run");
    await waitText("#result-summary", "Scan: 4 returned");
    assert.deepStrictEqual(dialogs, []);
    assert.deepStrictEqual(pageErrors, []);
  } finally {
    await browser.close();
  }
});
