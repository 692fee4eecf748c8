// The JS SDK v3 DynamoDB Streams client (@aws-sdk/client-dynamodb-streams) reads a whole stream:
// DescribeStream -> GetShardIterator -> GetRecords, after PutItem/UpdateItem/DeleteItem.
// Run under run_with_dynemu.py (AWS_ENDPOINT_URL_DYNAMODB names the server); NODE_PATH points at
// sdk-shims/js/node_modules.
"use strict";
const { test } = require("node:test");
const assert = require("node:assert");
const {
  DynamoDBClient, CreateTableCommand, PutItemCommand, UpdateItemCommand, DeleteItemCommand,
} = require("@aws-sdk/client-dynamodb");
const {
  DynamoDBStreamsClient, ListStreamsCommand, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand,
} = require("@aws-sdk/client-dynamodb-streams");

const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
const options = { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };

test("the JS SDK v3 streams client reads a whole stream", { skip: !endpoint && "needs AWS_ENDPOINT_URL_DYNAMODB" },
  async () => {
    const ddb = new DynamoDBClient(options);
    const streams = new DynamoDBStreamsClient(options);
    const TableName = `JsStreams_${process.pid}`;
    const created = await ddb.send(new CreateTableCommand({
      TableName, BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    }));
    const arn = created.TableDescription.LatestStreamArn;
    await ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: "a" }, n: { N: "1" } } }));
    await ddb.send(new UpdateItemCommand({ TableName, Key: { pk: { S: "a" } }, UpdateExpression: "SET n = :n",
      ExpressionAttributeValues: { ":n": { N: "2" } } }));
    await ddb.send(new DeleteItemCommand({ TableName, Key: { pk: { S: "a" } } }));

    const listed = await streams.send(new ListStreamsCommand({ TableName }));
    assert.deepStrictEqual(listed.Streams.map((s) => s.StreamArn), [arn]);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    assert.strictEqual(StreamDescription.StreamStatus, "ENABLED");
    const records = [];
    for (const shard of StreamDescription.Shards) {
      let it = (await streams.send(new GetShardIteratorCommand({
        StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
      while (it) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }));
        records.push(...page.Records);
        it = page.Records.length > 0 ? page.NextShardIterator : undefined;
      }
    }
    assert.deepStrictEqual(records.map((r) => r.eventName), ["INSERT", "MODIFY", "REMOVE"]);
    assert.deepStrictEqual(records[1].dynamodb.OldImage, { pk: { S: "a" }, n: { N: "1" } });
    assert.deepStrictEqual(records[1].dynamodb.NewImage, { pk: { S: "a" }, n: { N: "2" } });
    assert.ok(records[0].dynamodb.ApproximateCreationDateTime instanceof Date);
    ddb.destroy();
    streams.destroy();
  });
