// CreateTable over HTTP: the descriptions it returns for every kind of table it accepts.
// (Its validation errors are in create_table_errors_test.cc.)
#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

const rapidjson::Value& table_description(const ApiResponse& r) { return r.json["TableDescription"]; }

TEST(CreateTable, SimpleOnDemandTableIsActiveWithItsDescription) {
  const std::string name = unique_table_name();
  auto r = create_table_ok(hash_table_request(name, "UserId", "S"));
  ASSERT_API_OK(r);
  const auto& d = table_description(r);
  EXPECT_EQ(std::string(d["TableName"].GetString()), name);
  EXPECT_EQ(std::string(d["TableStatus"].GetString()), "ACTIVE");
  EXPECT_EQ(json_at(d, "KeySchema"), R"([{"AttributeName":"UserId","KeyType":"HASH"}])");
  EXPECT_EQ(json_at(d, "AttributeDefinitions"), R"([{"AttributeName":"UserId","AttributeType":"S"}])");
  EXPECT_EQ(std::string(d["TableArn"].GetString()), "arn:aws:dynamodb:us-east-1:000000000000:table/" + name);
  EXPECT_EQ(std::string(d["BillingModeSummary"]["BillingMode"].GetString()), "PAY_PER_REQUEST");
  EXPECT_TRUE(d["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"].IsNumber());
  EXPECT_EQ(json_at(d, "ProvisionedThroughput"),
            R"({"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0})");
  EXPECT_EQ(d["ItemCount"].GetInt64(), 0);
  EXPECT_EQ(d["TableSizeBytes"].GetInt64(), 0);
  EXPECT_EQ(std::string(d["TableId"].GetString()).size(), 36u);
  EXPECT_GT(d["CreationDateTime"].GetDouble(), 1.7e9);
  EXPECT_FALSE(d["DeletionProtectionEnabled"].GetBool());
  EXPECT_FALSE(d.HasMember("_Tags")) << "bookkeeping members are never written out";
  EXPECT_FALSE(d.HasMember("StreamSpecification"));
  EXPECT_FALSE(d.HasMember("SSEDescription"));
}

TEST(CreateTable, CompositeKeysOfEveryKeyType) {
  for (const char* pk : {"S", "N", "B"})
    for (const char* sk : {"S", "N", "B"}) {
      const std::string name = unique_table_name();
      auto r = create_table_ok(composite_table_request(name, pk, sk));
      ASSERT_API_OK(r);
      EXPECT_EQ(json_at(table_description(r), "KeySchema"),
                R"([{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}])");
      EXPECT_EQ(json_at(table_description(r), "AttributeDefinitions"),
                std::string(R"([{"AttributeName":"pk","AttributeType":")") + pk +
                    R"("},{"AttributeName":"sk","AttributeType":")" + sk + R"("}])");
    }
}

TEST(CreateTable, ProvisionedTableKeepsItsThroughputAndHasNoBillingSummary) {
  const std::string name = unique_table_name();
  auto r = create_table_ok(R"({"TableName":")" + name +
                           R"(","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"N"}],)"
                           R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
                           R"("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":7}})");
  ASSERT_API_OK(r);
  const auto& d = table_description(r);
  EXPECT_EQ(json_at(d, "ProvisionedThroughput"),
            R"({"NumberOfDecreasesToday":0,"ReadCapacityUnits":5,"WriteCapacityUnits":7})");
  EXPECT_FALSE(d.HasMember("BillingModeSummary"));
}

TEST(CreateTable, SecondaryIndexesWithEveryProjectionType) {
  const std::string name = unique_table_name();
  auto r = create_table_ok(
      R"({"TableName":")" + name + R"(","BillingMode":"PAY_PER_REQUEST",)"
      R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},)"
      R"({"AttributeName":"lsk","AttributeType":"N"},{"AttributeName":"gpk","AttributeType":"B"}],)"
      R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
      R"("LocalSecondaryIndexes":[{"IndexName":"byLsk","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
      R"({"AttributeName":"lsk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],)"
      R"("GlobalSecondaryIndexes":[{"IndexName":"byGpk","KeySchema":[{"AttributeName":"gpk","KeyType":"HASH"}],)"
      R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a","b"]}},)"
      R"({"IndexName":"byGpkSk","KeySchema":[{"AttributeName":"gpk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
      R"("Projection":{"ProjectionType":"ALL"}}]})");
  ASSERT_API_OK(r);
  const auto& d = table_description(r);
  const std::string arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + name;
  ASSERT_TRUE(d.HasMember("LocalSecondaryIndexes")) << r.body;
  EXPECT_EQ(json_at(d, "LocalSecondaryIndexes"),
            R"([{"IndexName":"byLsk","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
            R"({"AttributeName":"lsk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"},)"
            R"("IndexSizeBytes":0,"ItemCount":0,"IndexArn":")" + arn + R"(/index/byLsk"}])");
  ASSERT_TRUE(d.HasMember("GlobalSecondaryIndexes")) << r.body;
  const auto& gsis = d["GlobalSecondaryIndexes"];
  ASSERT_EQ(gsis.Size(), 2u);
  EXPECT_EQ(to_json(gsis[0]),
            R"({"IndexName":"byGpk","KeySchema":[{"AttributeName":"gpk","KeyType":"HASH"}],)"
            R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a","b"]},"IndexStatus":"ACTIVE",)"
            R"("ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":0,"WriteCapacityUnits":0},)"
            R"("WarmThroughput":{"ReadUnitsPerSecond":12000,"WriteUnitsPerSecond":4000,"Status":"ACTIVE"},)"
            R"("IndexSizeBytes":0,"ItemCount":0,"IndexArn":")" + arn + R"(/index/byGpk"})");
  EXPECT_EQ(json_at(gsis[1], "Projection"), R"({"ProjectionType":"ALL"})");
  // Items that lack an index key are still accepted (sparse indexes); wrong index key types are not.
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + name + R"(","Item":{"pk":{"S":"a"},"sk":{"S":"b"}}})"));
  EXPECT_API_ERROR(call("PutItem", R"({"TableName":")" + name +
                                       R"(","Item":{"pk":{"S":"a"},"sk":{"S":"b"},"lsk":{"S":"x"}}})"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Type mismatch for Index Key lsk Expected: N Actual: S "
                   "IndexName: byLsk");
}

// DescribeTable's index counters: the items each (sparse) index holds, and the size of what it
// projects of them. Sizes by the developer guide's rules: name bytes + value bytes; a number is
// 1 byte per two significant digits plus 1.
TEST(DescribeTable, IndexCountersAreTheItemsEachIndexHoldsAndTheSizeItProjects) {
  const std::string name = unique_table_name();
  ASSERT_API_OK(create_table_ok(
      R"({"TableName":")" + name + R"(","BillingMode":"PAY_PER_REQUEST",)"
      R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},)"
      R"({"AttributeName":"lsk","AttributeType":"N"},{"AttributeName":"gpk","AttributeType":"B"}],)"
      R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
      R"("LocalSecondaryIndexes":[{"IndexName":"byLsk","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
      R"({"AttributeName":"lsk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],)"
      R"("GlobalSecondaryIndexes":[{"IndexName":"byGpk","KeySchema":[{"AttributeName":"gpk","KeyType":"HASH"}],)"
      R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a","b"]}},)"
      R"({"IndexName":"byGpkSk","KeySchema":[{"AttributeName":"gpk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
      R"("Projection":{"ProjectionType":"ALL"}}]})"));
  // A: pk 3 + sk 3 + lsk 5 + gpk 4 + a 3 + c 5 = 23 bytes, in every index.
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + name + R"(","Item":{"pk":{"S":"p"},"sk":{"S":"1"},)"
                                    R"("lsk":{"N":"1"},"gpk":{"B":"eA=="},"a":{"S":"aa"},"c":{"S":"cccc"}}})"));
  // B: pk 3 + sk 3 + gpk 4 + b 4 = 14 bytes; no lsk, so not in byLsk.
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + name + R"(","Item":{"pk":{"S":"p"},"sk":{"S":"2"},)"
                                    R"("gpk":{"B":"eA=="},"b":{"S":"bbb"}}})"));
  // C: pk 3 + sk 3 + lsk 5 = 11 bytes; no gpk, so in no global index.
  ASSERT_API_OK(call("PutItem", R"({"TableName":")" + name + R"(","Item":{"pk":{"S":"q"},"sk":{"S":"3"},)"
                                    R"("lsk":{"N":"22"}}})"));
  auto r = call("DescribeTable", R"({"TableName":")" + name + R"("})");
  ASSERT_API_OK(r);
  const auto& t = r.json["Table"];
  EXPECT_EQ(t["ItemCount"].GetInt64(), 3);
  EXPECT_EQ(t["TableSizeBytes"].GetInt64(), 48);
  const auto& lsi = t["LocalSecondaryIndexes"][0];  // KEYS_ONLY: pk, sk, lsk of A and C
  EXPECT_EQ(lsi["ItemCount"].GetInt64(), 2);
  EXPECT_EQ(lsi["IndexSizeBytes"].GetInt64(), 11 + 11);
  const auto& include = t["GlobalSecondaryIndexes"][0];  // INCLUDE a, b: pk, sk, gpk + a of A, b of B
  EXPECT_EQ(include["ItemCount"].GetInt64(), 2);
  EXPECT_EQ(include["IndexSizeBytes"].GetInt64(), 13 + 14);
  const auto& all = t["GlobalSecondaryIndexes"][1];  // ALL: A and B whole
  EXPECT_EQ(all["ItemCount"].GetInt64(), 2);
  EXPECT_EQ(all["IndexSizeBytes"].GetInt64(), 23 + 14);

  // A delete leaves the index as surely as the table.
  ASSERT_API_OK(call("DeleteItem", R"({"TableName":")" + name + R"(","Key":{"pk":{"S":"p"},"sk":{"S":"1"}}})"));
  r = call("DescribeTable", R"({"TableName":")" + name + R"("})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["Table"]["LocalSecondaryIndexes"][0]["ItemCount"].GetInt64(), 1);
  EXPECT_EQ(r.json["Table"]["GlobalSecondaryIndexes"][0]["IndexSizeBytes"].GetInt64(), 14);
  EXPECT_EQ(r.json["Table"]["GlobalSecondaryIndexes"][1]["ItemCount"].GetInt64(), 1);
}

TEST(CreateTable, ProvisionedGlobalIndexKeepsItsThroughput) {
  const std::string name = unique_table_name();
  auto r = create_table_ok(
      R"({"TableName":")" + name + R"(","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1},)"
      R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],)"
      R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
      R"("GlobalSecondaryIndexes":[{"IndexName":"gix","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
      R"("Projection":{"ProjectionType":"KEYS_ONLY"},"ProvisionedThroughput":{"ReadCapacityUnits":3,"WriteCapacityUnits":4}}]})");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(table_description(r)["GlobalSecondaryIndexes"][0], "ProvisionedThroughput"),
            R"({"NumberOfDecreasesToday":0,"ReadCapacityUnits":3,"WriteCapacityUnits":4})");
}

TEST(CreateTable, StreamSseTableClassTagsAndDeletionProtection) {
  const std::string name = unique_table_name();
  std::string request = hash_table_request(name);
  request.pop_back();
  request += R"(,"StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"},)"
             R"("SSESpecification":{"Enabled":true,"SSEType":"KMS","KMSMasterKeyId":"alias/mine"},)"
             R"("TableClass":"STANDARD_INFREQUENT_ACCESS","DeletionProtectionEnabled":true,)"
             R"("Tags":[{"Key":"team","Value":"blue"}]})";
  auto r = create_table_ok(request);
  ASSERT_API_OK(r);
  const auto& d = table_description(r);
  EXPECT_EQ(json_at(d, "StreamSpecification"), R"({"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"})");
  const std::string label = d["LatestStreamLabel"].GetString();
  EXPECT_EQ(label.size(), 23u) << label;  // 2024-01-01T00:00:00.000
  EXPECT_EQ(std::string(d["LatestStreamArn"].GetString()),
            "arn:aws:dynamodb:us-east-1:000000000000:table/" + name + "/stream/" + label);
  EXPECT_EQ(json_at(d, "SSEDescription"),
            R"({"Status":"ENABLED","SSEType":"KMS","KMSMasterKeyArn":"arn:aws:kms:us-east-1:000000000000:key/mine"})");
  EXPECT_EQ(json_at(d, "TableClassSummary"), R"({"TableClass":"STANDARD_INFREQUENT_ACCESS"})");
  EXPECT_TRUE(d["DeletionProtectionEnabled"].GetBool());
  EXPECT_FALSE(d.HasMember("_Tags"));
}

TEST(CreateTable, DisabledStreamAndDefaultEncryptionAddNothing) {
  const std::string name = unique_table_name();
  std::string request = hash_table_request(name);
  request.pop_back();
  request += R"(,"StreamSpecification":{"StreamEnabled":false},"SSESpecification":{"Enabled":false}})";
  auto r = create_table_ok(request);
  ASSERT_API_OK(r);
  EXPECT_FALSE(table_description(r).HasMember("StreamSpecification")) << r.body;
  EXPECT_FALSE(table_description(r).HasMember("SSEDescription")) << r.body;
}

TEST(CreateTable, OnDemandThroughputLimits) {
  const std::string name = unique_table_name();
  std::string request = hash_table_request(name);
  request.back() = ',';
  auto r = create_table_ok(request + R"("OnDemandThroughput":{"MaxReadRequestUnits":100}})");
  ASSERT_API_OK(r);
  EXPECT_EQ(json_at(table_description(r), "OnDemandThroughput"), R"({"MaxReadRequestUnits":100})");
  auto provisioned = call("CreateTable", R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
                                         R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],)"
                                         R"("ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1},)"
                                         R"("OnDemandThroughput":{"MaxWriteRequestUnits":5}})");
  EXPECT_API_ERROR(provisioned, 400, "ValidationException",
                   "One or more parameter values were invalid: MaxWriteRequestUnits for OnDemandThroughput cannot be "
                   "specified when table BillingMode is PROVISIONED.");
  EXPECT_API_ERROR(call("CreateTable", request + R"("OnDemandThroughput":{"MaxReadRequestUnits":0}})"), 400,
                   "ValidationException",
                   "One or more parameter values were invalid: Requested MaxReadRequestUnits for OnDemandThroughput "
                   "for table is outside of valid range");
}

TEST(CreateTable, ExistingTableIsResourceInUse) {
  const std::string name = create_hash_table();
  EXPECT_API_ERROR(call("CreateTable", hash_table_request(name)), 400, "ResourceInUseException",
                   "Table already exists: " + name);
}

TEST(CreateTable, ArnUsesTheRegionOfTheCredentialScope) {
  const std::string name = unique_table_name();
  auto r = post_raw("DynamoDB_20120810.CreateTable", hash_table_request(name),
                    {{"Authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDTEST/20240101/eu-west-2/dynamodb/aws4_request, "
                      "SignedHeaders=host;x-amz-date;x-amz-target, Signature=00"}});
  ASSERT_API_OK(r);
  EXPECT_EQ(std::string(r.json["TableDescription"]["TableArn"].GetString()),
            "arn:aws:dynamodb:eu-west-2:000000000000:table/" + name);
}

TEST(CreateTable, NamesMayUseEveryAllowedCharacterAndBothLengthLimits) {
  for (const std::string& name : {std::string("a.b"), std::string(255, 'z'), unique_table_name() + "-x.y_Z9"}) {
    auto r = call("CreateTable", hash_table_request(name));
    EXPECT_EQ(r.status, 200) << name << ": " << r.body;
    call("DeleteTable", R"({"TableName":")" + name + R"("})");
  }
}

}  // namespace
}  // namespace dynemu::testing_support
