// How the console talks to dynemu: the DynamoDB JSON API (POST / with X-Amz-Target), exactly as an
// SDK would, and the /_dynemu/ admin endpoints. dynemu reads the signature's shape, not its bytes,
// so the console signs nothing: the Authorization header only has the fields DynamoDB requires.
"use strict";

class DynamoError extends Error {
  constructor(type, message, status) {
    super(message || type);
    this.type = type;
    this.status = status;
  }
}

const Api = {
  region: "us-east-1",

  async call(operation, request) {
    const now = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    const response = await fetch("/", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": `DynamoDB_20120810.${operation}`,
        "X-Amz-Date": now,
        Authorization: `AWS4-HMAC-SHA256 Credential=dynemu-console/${now.slice(0, 8)}/${Api.region}/dynamodb/aws4_request, ` +
          `SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}`,
      },
      body: JSON.stringify(request || {}),
    });
    const text = await response.text();
    let body = {};
    try { body = text ? JSON.parse(text) : {}; } catch (e) { body = { __type: "InvalidResponse", message: text }; }
    if (!response.ok) {
      const type = String(body.__type || `HTTP ${response.status}`).replace(/^.*#/, "");
      throw new DynamoError(type, body.message || body.Message || "", response.status);
    }
    return body;
  },

  async admin(method, path, body) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`/_dynemu/${path}`, init);
    const text = await response.text();
    const type = response.headers.get("Content-Type") || "";
    const parsed = type.startsWith("application/json") && text ? JSON.parse(text) : text;
    if (!response.ok) throw new DynamoError(`HTTP ${response.status}`, parsed && parsed.error ? parsed.error : text, response.status);
    return parsed;
  },

  async listAllTables() {
    const names = [];
    let start;
    do {
      const page = await Api.call("ListTables", start ? { ExclusiveStartTableName: start } : {});
      names.push(...page.TableNames);
      start = page.LastEvaluatedTableName;
    } while (start);
    return names;
  },

  async describe(name) { return (await Api.call("DescribeTable", { TableName: name })).Table; },
};

// The key schema of the table or one of its indexes, with each key attribute's type.
function keysOf(table, indexName) {
  let schema = table.KeySchema;
  if (indexName) {
    const index = [...(table.GlobalSecondaryIndexes || []), ...(table.LocalSecondaryIndexes || [])]
      .find((i) => i.IndexName === indexName);
    if (index) schema = index.KeySchema;
  }
  const typeOf = (name) => (table.AttributeDefinitions.find((d) => d.AttributeName === name) || {}).AttributeType || "S";
  const hash = schema.find((k) => k.KeyType === "HASH");
  const range = schema.find((k) => k.KeyType === "RANGE");
  return {
    schema,
    partition: hash && { name: hash.AttributeName, type: typeOf(hash.AttributeName) },
    sort: range && { name: range.AttributeName, type: typeOf(range.AttributeName) },
  };
}

function billingOf(table) {
  const mode = (table.BillingModeSummary && table.BillingModeSummary.BillingMode) || "PROVISIONED";
  if (mode === "PAY_PER_REQUEST") return "On-demand";
  const t = table.ProvisionedThroughput || {};
  return `Provisioned (${t.ReadCapacityUnits} RCU, ${t.WriteCapacityUnits} WCU)`;
}
