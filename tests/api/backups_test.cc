// On-demand backups over HTTP: CreateBackup, DescribeBackup, ListBackups (table, time range, type,
// paging), DeleteBackup and RestoreTableFromBackup (overrides, RestoreSummary, what a restore keeps
// and drops, indexes answering Query), DynamoDB's errors, and a file database keeping backups
// across a restart. Times come from the server clock, frozen per test.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <regex>
#include <set>
#include <string>

#include "table_test_helpers.h"
#include "temp_database_file.h"

namespace dynemu::testing_support {
namespace {

constexpr int64_t kT0Ms = int64_t{1700000000} * 1000 + 250;

dynemu::ServerOptions backup_options() {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  return options;
}

std::unique_ptr<dynemu::Server> start(const dynemu::ServerOptions& options = backup_options()) {
  auto s = std::make_unique<dynemu::Server>(options);
  s->start();
  s->freeze_clock();
  s->set_clock_ms(kT0Ms);
  return s;
}

// A provisioned table with composite key (pk S, sk N), an LSI on `lsk` and a GSI on `g`.
std::string indexed_table_request(const std::string& name) {
  return R"({"TableName":")" + name + R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
         R"({"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"lsk","AttributeType":"S"},)"
         R"({"AttributeName":"g","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
         R"("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":6},)"
         R"("LocalSecondaryIndexes":[{"IndexName":"byL","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
         R"({"AttributeName":"lsk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}],)"
         R"("GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
         R"("Projection":{"ProjectionType":"KEYS_ONLY"},"ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":3}}],)"
         R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"},)"
         R"("Tags":[{"Key":"team","Value":"blue"}]})";
}

ApiResponse ok(dynemu::Server& s, const std::string& op, const std::string& body) {
  ApiResponse r = call_on(s, op, body);
  EXPECT_EQ(r.status, 200) << op << " " << body << "\n" << r.body;
  return r;
}

void put(dynemu::Server& s, const std::string& table, const std::string& item) {
  ok(s, "PutItem", R"({"TableName":")" + table + R"(","Item":)" + item + "}");
}

std::string create_backup(dynemu::Server& s, const std::string& table, const std::string& name) {
  ApiResponse r = ok(s, "CreateBackup", R"({"TableName":")" + table + R"(","BackupName":")" + name + R"("})");
  return r.json.IsObject() && r.json.HasMember("BackupDetails") ? r.json["BackupDetails"]["BackupArn"].GetString() : "";
}

// A backup of a new table (named `source`, else a fresh name) once its CREATING window is over, on a
// server with transient statuses.
std::string backup_of_new_table(dynemu::Server& s, std::string source = "") {
  if (source.empty()) source = unique_table_name("Src");
  ok(s, "CreateTable", hash_table_request(source));
  wait_past_transient_window();
  return create_backup(s, source, "bk1");
}

ApiResponse describe_backup(dynemu::Server& s, const std::string& arn) {
  return call_on(s, "DescribeBackup", R"({"BackupArn":")" + arn + R"("})");
}

// The items a full Scan returns, each as compact JSON, sorted.
std::multiset<std::string> scan_items(dynemu::Server& s, const std::string& table) {
  ApiResponse r = ok(s, "Scan", R"({"TableName":")" + table + R"("})");
  std::multiset<std::string> out;
  if (r.json.IsObject() && r.json.HasMember("Items"))
    for (const auto& item : r.json["Items"].GetArray()) out.insert(to_json(item));
  return out;
}

std::vector<std::string> listed_arns(const ApiResponse& r) {
  std::vector<std::string> out;
  if (r.json.IsObject() && r.json.HasMember("BackupSummaries"))
    for (const auto& b : r.json["BackupSummaries"].GetArray()) out.push_back(b["BackupArn"].GetString());
  return out;
}

TEST(Backups, CreateDescribeAndDelete) {
  auto s = start();
  const std::string table = unique_table_name();
  ApiResponse created = ok(*s, "CreateTable", indexed_table_request(table));
  ok(*s, "UpdateTimeToLive",
     R"({"TableName":")" + table + R"(","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"exp"}})");
  put(*s, table, R"({"pk":{"S":"a"},"sk":{"N":"1"},"lsk":{"S":"x"},"g":{"S":"G1"}})");
  put(*s, table, R"({"pk":{"S":"a"},"sk":{"N":"2"},"v":{"S":"hello"}})");
  s->advance_clock_ms(1500);

  ApiResponse r = ok(*s, "CreateBackup", R"({"TableName":")" + table + R"(","BackupName":"nightly-1.x_y"})");
  const std::string table_arn = created.json["TableDescription"]["TableArn"].GetString();
  const std::string arn = r.json["BackupDetails"]["BackupArn"].GetString();
  EXPECT_TRUE(std::regex_match(arn, std::regex(std::regex_replace(table_arn, std::regex(R"([.])"), R"(\.)") +
                                               "/backup/0" + std::to_string(kT0Ms + 1500) + "-[0-9a-f]{8}")))
      << arn;
  const ApiResponse table_now = call_on(*s, "DescribeTable", R"({"TableName":")" + table + R"("})");
  const int64_t size = table_now.json["Table"]["TableSizeBytes"].GetInt64();
  EXPECT_GT(size, 0);
  EXPECT_EQ(to_json(r.json), R"({"BackupDetails":{"BackupArn":")" + arn +
                                 R"(","BackupName":"nightly-1.x_y","BackupSizeBytes":)" + std::to_string(size) +
                                 R"(,"BackupStatus":"AVAILABLE","BackupType":"USER","BackupCreationDateTime":1700000001.75}})");

  ApiResponse d = describe_backup(*s, arn);
  ASSERT_API_OK(d);
  const auto& description = d.json["BackupDescription"];
  EXPECT_EQ(to_json(description["BackupDetails"]), to_json(r.json["BackupDetails"]));
  EXPECT_EQ(to_json(description["SourceTableDetails"]),
            R"({"TableName":")" + table + R"(","TableId":")" + table_now.json["Table"]["TableId"].GetString() +
                R"(","TableArn":")" + table_arn + R"(","TableSizeBytes":)" + std::to_string(size) +
                R"(,"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
                R"("TableCreationDateTime":1700000000.25,"ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":6},)"
                R"("ItemCount":2,"BillingMode":"PROVISIONED"})");
  EXPECT_EQ(to_json(description["SourceTableFeatureDetails"]),
            R"({"LocalSecondaryIndexes":[{"IndexName":"byL","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
            R"({"AttributeName":"lsk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}],)"
            R"("GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
            R"("Projection":{"ProjectionType":"KEYS_ONLY"},"ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":3}}],)"
            R"("StreamDescription":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"},)"
            R"("TimeToLiveDescription":{"TimeToLiveStatus":"ENABLED","AttributeName":"exp"}})");

  // By table ARN too.
  EXPECT_FALSE(create_backup(*s, table_arn, "by-arn").empty());

  ApiResponse deleted = ok(*s, "DeleteBackup", R"({"BackupArn":")" + arn + R"("})");
  EXPECT_EQ(deleted.json["BackupDescription"]["BackupDetails"]["BackupStatus"].GetString(), std::string("DELETED"));
  EXPECT_EQ(to_json(deleted.json["BackupDescription"]["SourceTableDetails"]), to_json(description["SourceTableDetails"]));
  EXPECT_API_ERROR(describe_backup(*s, arn), 400, "BackupNotFoundException", "Backup not found: " + arn);
  EXPECT_API_ERROR(call_on(*s, "DeleteBackup", R"({"BackupArn":")" + arn + R"("})"), 400, "BackupNotFoundException",
                   "Backup not found: " + arn);
}

TEST(Backups, RestoreIsTheTableAtBackupTimeWithIndexesAndRestoreSummary) {
  auto s = start();
  const std::string table = unique_table_name();
  ok(*s, "CreateTable", indexed_table_request(table));
  ok(*s, "UpdateTimeToLive",
     R"({"TableName":")" + table + R"(","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"exp"}})");
  put(*s, table, R"({"pk":{"S":"a"},"sk":{"N":"1"},"lsk":{"S":"m"},"g":{"S":"G1"}})");
  put(*s, table, R"({"pk":{"S":"a"},"sk":{"N":"2"},"lsk":{"S":"k"},"g":{"S":"G2"}})");
  put(*s, table, R"({"pk":{"S":"b"},"sk":{"N":"1"},"g":{"S":"G1"},"n":{"N":"12.50"}})");
  const std::multiset<std::string> at_backup = scan_items(*s, table);
  const std::string arn = create_backup(*s, table, "before-the-mistake");
  // The mistake: after the backup, items change and go.
  ok(*s, "DeleteItem", R"({"TableName":")" + table + R"(","Key":{"pk":{"S":"a"},"sk":{"N":"1"}}})");
  put(*s, table, R"({"pk":{"S":"b"},"sk":{"N":"1"},"g":{"S":"changed"}})");
  s->advance_clock_ms(60000);

  const std::string restored = unique_table_name("Restored");
  ApiResponse r = ok(*s, "RestoreTableFromBackup",
                     R"({"TargetTableName":")" + restored + R"(","BackupArn":")" + arn + R"("})");
  const auto& td = r.json["TableDescription"];
  EXPECT_EQ(td["TableName"].GetString(), restored);
  EXPECT_EQ(json_at(td, "RestoreSummary"),
            R"({"SourceBackupArn":")" + arn + R"(","SourceTableArn":"arn:aws:dynamodb:us-east-1:000000000000:table/)" +
                table + R"(","RestoreDateTime":1700000000.25,"RestoreInProgress":false})");
  EXPECT_EQ(scan_items(*s, restored), at_backup);

  ApiResponse d = ok(*s, "DescribeTable", R"({"TableName":")" + restored + R"("})");
  const auto& t = d.json["Table"];
  EXPECT_EQ(json_at(t, "RestoreSummary"), json_at(td, "RestoreSummary"));
  EXPECT_EQ(t["ItemCount"].GetInt(), 3);
  EXPECT_EQ(t["CreationDateTime"].GetDouble(), 1700000060.25);
  EXPECT_EQ(json_at(t, "KeySchema"), R"([{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}])");
  EXPECT_EQ(t["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt(), 5);
  EXPECT_EQ(t["ProvisionedThroughput"]["WriteCapacityUnits"].GetInt(), 6);
  EXPECT_EQ(t["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["WriteCapacityUnits"].GetInt(), 3);
  EXPECT_EQ(t["AttributeDefinitions"].Size(), 4u);
  // Not restored: stream settings, TTL and tags.
  EXPECT_EQ(json_at(t, "StreamSpecification"), "<absent>");
  EXPECT_EQ(ok(*s, "DescribeTimeToLive", R"({"TableName":")" + restored + R"("})").body,
            R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
  EXPECT_EQ(ok(*s, "ListTagsOfResource", R"({"ResourceArn":")" + std::string(t["TableArn"].GetString()) + R"("})").body,
            R"({"Tags":[]})");

  // Both indexes were built from the restored items.
  ApiResponse by_g = ok(*s, "Query", R"({"TableName":")" + restored + R"(","IndexName":"byG",)"
                                     R"("KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"G1"}}})");
  EXPECT_EQ(by_g.json["Count"].GetInt(), 2);
  ApiResponse by_l = ok(*s, "Query", R"({"TableName":")" + restored + R"(","IndexName":"byL",)"
                                     R"("KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}}})");
  ASSERT_EQ(by_l.json["Count"].GetInt(), 2);
  EXPECT_EQ(by_l.json["Items"][0]["lsk"]["S"].GetString(), std::string("k"));  // in LSI sort order
  EXPECT_EQ(by_l.json["Items"][1]["lsk"]["S"].GetString(), std::string("m"));
  // The restored table is an ordinary table.
  put(*s, restored, R"({"pk":{"S":"c"},"sk":{"N":"1"},"g":{"S":"G1"}})");
  EXPECT_EQ(ok(*s, "Query", R"({"TableName":")" + restored + R"(","IndexName":"byG",)"
                            R"("KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"G1"}}})")
                .json["Count"].GetInt(), 3);
}

TEST(Backups, RestoreOverrides) {
  auto s = start();
  const std::string table = unique_table_name();
  ok(*s, "CreateTable", indexed_table_request(table));
  put(*s, table, R"({"pk":{"S":"a"},"sk":{"N":"1"},"lsk":{"S":"m"},"g":{"S":"G1"}})");
  const std::string arn = create_backup(*s, table, "bk1");
  auto restore = [&](const std::string& target, const std::string& overrides) {
    return call_on(*s, "RestoreTableFromBackup",
                   R"({"TargetTableName":")" + target + R"(","BackupArn":")" + arn + "\"" + overrides + "}");
  };

  // On demand, without the LSI, with SSE: the GSI loses its throughput and `lsk` its definition.
  const std::string on_demand = unique_table_name("OnDemand");
  ApiResponse r = restore(on_demand, R"(,"BillingModeOverride":"PAY_PER_REQUEST","LocalSecondaryIndexOverride":[],)"
                                     R"("SSESpecificationOverride":{"Enabled":true,"SSEType":"KMS","KMSMasterKeyId":"alias/mine"})");
  ASSERT_API_OK(r);
  const auto& td = r.json["TableDescription"];
  EXPECT_EQ(json_at(td, "BillingModeSummary").find(R"("BillingMode":"PAY_PER_REQUEST")") != std::string::npos, true);
  EXPECT_EQ(json_at(td, "LocalSecondaryIndexes"), "<absent>");
  EXPECT_EQ(td["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt(), 0);
  EXPECT_EQ(json_at(td, "AttributeDefinitions"),
            R"([{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},)"
            R"({"AttributeName":"g","AttributeType":"S"}])");
  EXPECT_EQ(td["SSEDescription"]["KMSMasterKeyArn"].GetString(),
            std::string("arn:aws:kms:us-east-1:000000000000:key/mine"));
  EXPECT_EQ(scan_items(*s, on_demand).size(), 1u);

  // New throughput and a GSI override that keeps the index with other capacities.
  const std::string provisioned = unique_table_name("Prov");
  r = restore(provisioned, R"(,"ProvisionedThroughputOverride":{"ReadCapacityUnits":7,"WriteCapacityUnits":8},)"
                           R"("GlobalSecondaryIndexOverride":[{"IndexName":"byG","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
                           R"("Projection":{"ProjectionType":"ALL"},"ProvisionedThroughput":{"ReadCapacityUnits":9,"WriteCapacityUnits":9}}])");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["TableDescription"]["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt(), 7);
  EXPECT_EQ(to_json(r.json["TableDescription"]["GlobalSecondaryIndexes"][0]["Projection"]), R"({"ProjectionType":"ALL"})");
  EXPECT_EQ(ok(*s, "Query", R"({"TableName":")" + provisioned + R"(","IndexName":"byG",)"
                            R"("KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"G1"}}})")
                .json["Items"][0]["lsk"]["S"].GetString(),
            std::string("m"));  // ALL projection now

  // Overrides are validated as CreateTable validates them.
  EXPECT_API_ERROR(restore(unique_table_name(), R"(,"BillingModeOverride":"PAY_PER_REQUEST",)"
                                                R"("ProvisionedThroughputOverride":{"ReadCapacityUnits":1,"WriteCapacityUnits":1})"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be "
                   "specified when BillingMode is PAY_PER_REQUEST");
  EXPECT_API_ERROR(restore(unique_table_name(), R"(,"ProvisionedThroughputOverride":{"ReadCapacityUnits":0,"WriteCapacityUnits":1})"),
                   400, "ValidationException",
                   "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to "
                   "satisfy constraint: Member must have value greater than or equal to 1");
  EXPECT_API_ERROR(restore(unique_table_name(), R"(,"BillingModeOverride":"FREE")"), 400, "ValidationException",
                   "1 validation error detected: Value 'FREE' at 'billingModeOverride' failed to satisfy constraint: "
                   "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");

  // From an on-demand backup to provisioned: the throughput must be given, as CreateTable says.
  const std::string od_arn = create_backup(*s, on_demand, "od1");
  EXPECT_API_ERROR(call_on(*s, "RestoreTableFromBackup", R"({"TargetTableName":")" + unique_table_name() +
                                                             R"(","BackupArn":")" + od_arn +
                                                             R"(","BillingModeOverride":"PROVISIONED"})"),
                   400, "ValidationException",
                   "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be "
                   "specified when BillingMode is PROVISIONED");
  const std::string back = unique_table_name("Back");
  r = call_on(*s, "RestoreTableFromBackup",
              R"({"TargetTableName":")" + back + R"(","BackupArn":")" + od_arn +
                  R"(","BillingModeOverride":"PROVISIONED","ProvisionedThroughputOverride":{"ReadCapacityUnits":4,"WriteCapacityUnits":4}})");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.json["TableDescription"]["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt(), 4);
  EXPECT_EQ(r.json["TableDescription"]["SSEDescription"]["KMSMasterKeyArn"].GetString(),
            std::string("arn:aws:kms:us-east-1:000000000000:key/mine"));  // the source's SSE is kept
}

TEST(Backups, Errors) {
  auto s = start();
  const std::string table = unique_table_name();
  ok(*s, "CreateTable", hash_table_request(table));
  const std::string arn = create_backup(*s, table, "bk1");

  EXPECT_API_ERROR(call_on(*s, "CreateBackup", R"({"TableName":"Nope","BackupName":"bk1"})"), 400,
                   "TableNotFoundException", "Table not found: Nope");
  EXPECT_API_ERROR(call_on(*s, "CreateBackup",
                           R"({"TableName":"arn:aws:dynamodb:us-east-1:000000000000:table/Nope","BackupName":"bk1"})"),
                   400, "TableNotFoundException", "Table not found: arn:aws:dynamodb:us-east-1:000000000000:table/Nope");
  EXPECT_API_ERROR(call_on(*s, "CreateBackup", R"({"TableName":")" + table + R"("})"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'backupName' failed to satisfy constraint: Member must "
                   "not be null");
  EXPECT_API_ERROR(call_on(*s, "CreateBackup", R"({"BackupName":"a!"})"), 400, "ValidationException",
                   "3 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must "
                   "not be null; Value 'a!' at 'backupName' failed to satisfy constraint: Member must satisfy regular "
                   "expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at 'backupName' failed to satisfy constraint: "
                   "Member must have length greater than or equal to 3");
  EXPECT_API_ERROR(call_on(*s, "CreateBackup", R"({"TableName":")" + table + R"(","BackupName":5})"), 400,
                   "SerializationException", "NUMBER_VALUE cannot be converted to String");

  EXPECT_API_ERROR(describe_backup(*s, "arn:short"), 400, "ValidationException",
                   "1 validation error detected: Value 'arn:short' at 'backupArn' failed to satisfy constraint: Member "
                   "must have length greater than or equal to 37");
  const std::string missing = arn.substr(0, arn.size() - 8) + "00000000";
  EXPECT_API_ERROR(describe_backup(*s, missing), 400, "BackupNotFoundException", "Backup not found: " + missing);
  EXPECT_API_ERROR(call_on(*s, "DeleteBackup", "{}"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'backupArn' failed to satisfy constraint: Member must "
                   "not be null");

  EXPECT_API_ERROR(call_on(*s, "RestoreTableFromBackup",
                           R"({"TargetTableName":")" + table + R"(","BackupArn":")" + arn + R"("})"),
                   400, "TableAlreadyExistsException", "Table already exists: " + table);
  EXPECT_API_ERROR(call_on(*s, "RestoreTableFromBackup", R"({"TargetTableName":"New1","BackupArn":")" + missing + R"("})"),
                   400, "BackupNotFoundException", "Backup not found: " + missing);
  EXPECT_API_ERROR(call_on(*s, "RestoreTableFromBackup", R"({"TargetTableName":"x","BackupArn":")" + arn + R"("})"),
                   400, "ValidationException",
                   "1 validation error detected: Value 'x' at 'targetTableName' failed to satisfy constraint: Member "
                   "must have length greater than or equal to 3");

  EXPECT_API_ERROR(call_on(*s, "ListBackups", R"({"Limit":0,"BackupType":"MINE"})"), 400, "ValidationException",
                   "2 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                   "value greater than or equal to 1; Value 'MINE' at 'backupType' failed to satisfy constraint: "
                   "Member must satisfy enum value set: [USER, SYSTEM, AWS_BACKUP, ALL]");
  EXPECT_API_ERROR(call_on(*s, "ListBackups", R"({"Limit":101})"), 400, "ValidationException",
                   "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have "
                   "value less than or equal to 100");
}

TEST(Backups, ListFiltersPagesAndOutlivesTheTable) {
  auto s = start();
  const std::string a = unique_table_name("A");
  const std::string b = unique_table_name("B");
  ok(*s, "CreateTable", hash_table_request(a));
  ok(*s, "CreateTable", hash_table_request(b));
  put(*s, a, R"({"id":{"S":"1"}})");
  std::vector<std::string> arns;  // at T0+1s, +2s, +3s, +4s
  for (const std::string& t : {a, b, a, b}) {
    s->advance_clock_ms(1000);
    arns.push_back(create_backup(*s, t, "bk1"));
  }
  EXPECT_EQ(listed_arns(ok(*s, "ListBackups", "{}")), arns);
  EXPECT_EQ(listed_arns(ok(*s, "ListBackups", R"({"BackupType":"ALL"})")), arns);
  EXPECT_TRUE(listed_arns(ok(*s, "ListBackups", R"({"BackupType":"SYSTEM"})")).empty());
  EXPECT_TRUE(listed_arns(ok(*s, "ListBackups", R"({"BackupType":"AWS_BACKUP"})")).empty());
  EXPECT_EQ(listed_arns(ok(*s, "ListBackups", R"({"TableName":")" + a + R"("})")),
            (std::vector<std::string>{arns[0], arns[2]}));
  EXPECT_EQ(listed_arns(ok(*s, "ListBackups",
                           R"({"TableName":"arn:aws:dynamodb:us-east-1:000000000000:table/)" + b + R"("})")),
            (std::vector<std::string>{arns[1], arns[3]}));
  // Lower bound inclusive, upper bound exclusive (T0 is 1700000000.25).
  EXPECT_EQ(listed_arns(ok(*s, "ListBackups", R"({"TimeRangeLowerBound":1700000002.25,"TimeRangeUpperBound":1700000004.25})")),
            (std::vector<std::string>{arns[1], arns[2]}));

  ApiResponse summary = ok(*s, "ListBackups", R"({"TableName":")" + a + R"(","Limit":1})");
  EXPECT_EQ(to_json(summary.json["BackupSummaries"][0]),
            R"({"TableName":")" + a + R"(","TableId":")" +
                ok(*s, "DescribeTable", R"({"TableName":")" + a + R"("})").json["Table"]["TableId"].GetString() +
                R"(","TableArn":"arn:aws:dynamodb:us-east-1:000000000000:table/)" + a + R"(","BackupArn":")" + arns[0] +
                R"(","BackupName":"bk1","BackupCreationDateTime":1700000001.25,"BackupStatus":"AVAILABLE",)"
                R"("BackupType":"USER","BackupSizeBytes":)" +
                std::to_string(describe_backup(*s, arns[0]).json["BackupDescription"]["BackupDetails"]["BackupSizeBytes"].GetInt64()) +
                "}");

  // Paging with Limit: LastEvaluatedBackupArn while more remain.
  std::vector<std::string> paged;
  std::string start_arn;
  int pages = 0;
  do {
    ApiResponse page = ok(*s, "ListBackups", R"({"Limit":3)" +
                                                 (start_arn.empty() ? "" : R"(,"ExclusiveStartBackupArn":")" + start_arn + "\"") + "}");
    for (const auto& arn : listed_arns(page)) paged.push_back(arn);
    start_arn = page.json.HasMember("LastEvaluatedBackupArn") ? page.json["LastEvaluatedBackupArn"].GetString() : "";
    ++pages;
  } while (!start_arn.empty() && pages < 10);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(paged, arns);
  // A page may start after a backup deleted since.
  ok(*s, "DeleteBackup", R"({"BackupArn":")" + arns[1] + R"("})");
  EXPECT_EQ(listed_arns(ok(*s, "ListBackups", R"({"ExclusiveStartBackupArn":")" + arns[1] + R"("})")),
            (std::vector<std::string>{arns[2], arns[3]}));

  // Backups outlive their table, and restore it under its own name.
  ok(*s, "DeleteTable", R"({"TableName":")" + a + R"("})");
  EXPECT_EQ(listed_arns(ok(*s, "ListBackups", R"({"TableName":")" + a + R"("})")),
            (std::vector<std::string>{arns[0], arns[2]}));
  ok(*s, "RestoreTableFromBackup", R"({"TargetTableName":")" + a + R"(","BackupArn":")" + arns[2] + R"("})");
  EXPECT_EQ(scan_items(*s, a), (std::multiset<std::string>{R"({"id":{"S":"1"}})"}));
}

// A page holds at most 1 MB of summaries whatever the Limit (none here): long names make each summary
// about 1.3 KB, so 900 backups take two pages, and paging on LastEvaluatedBackupArn lists each once.
TEST(Backups, ListBackupsPagesAtOneMegabyte) {
  auto s = start();
  const std::string table = unique_table_name("T") + std::string(200, 'x');
  ok(*s, "CreateTable", hash_table_request(table));
  const std::string backup_name(255, 'b');
  std::vector<std::string> arns;
  for (int i = 0; i < 900; ++i) {
    if (i % 100 == 0) s->advance_clock_ms(1000);
    arns.push_back(create_backup(*s, table, backup_name));
  }
  std::sort(arns.begin(), arns.end());
  std::vector<std::string> listed;
  std::string start_arn;
  int pages = 0;
  do {
    ApiResponse page = ok(*s, "ListBackups", start_arn.empty() ? std::string("{}")
                                                               : R"({"ExclusiveStartBackupArn":")" + start_arn + R"("})");
    EXPECT_LE(page.json.IsObject() && page.json.HasMember("BackupSummaries")
                  ? to_json(page.json["BackupSummaries"]).size() : 0, size_t{1024 * 1024});
    const auto arns_on_page = listed_arns(page);
    ASSERT_FALSE(arns_on_page.empty());
    listed.insert(listed.end(), arns_on_page.begin(), arns_on_page.end());
    start_arn = page.json.HasMember("LastEvaluatedBackupArn") ? page.json["LastEvaluatedBackupArn"].GetString() : "";
    if (!start_arn.empty()) {
      EXPECT_EQ(start_arn, arns_on_page.back());
    }
    ++pages;
  } while (!start_arn.empty() && pages < 10);
  EXPECT_EQ(pages, 2);
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, arns);
}

// A restore onto a table in its CREATING or DELETING window (--delay-transient-statuses) is
// TableInUseException; once the deleted table is gone the restore goes ahead.
TEST(Backups, RestoreOntoATableBeingCreatedOrDeletedIsTableInUse) {
  auto& s = transient_status_server();
  const std::string target = unique_table_name("Dst");
  const std::string arn = backup_of_new_table(s);
  ASSERT_FALSE(arn.empty());
  const std::string restore = R"({"TargetTableName":")" + target + R"(","BackupArn":")" + arn + R"("})";
  ok(s, "CreateTable", hash_table_request(target));
  EXPECT_API_ERROR(call_on(s, "RestoreTableFromBackup", restore), 400, "TableInUseException",
                   "A target table with the specified name is either being created or deleted.");
  wait_past_transient_window();
  EXPECT_API_ERROR(call_on(s, "RestoreTableFromBackup", restore), 400, "TableAlreadyExistsException",
                   "Table already exists: " + target);
  ok(s, "DeleteTable", R"({"TableName":")" + target + R"("})");
  EXPECT_API_ERROR(call_on(s, "RestoreTableFromBackup", restore), 400, "TableInUseException",
                   "A target table with the specified name is either being created or deleted.");
  wait_past_transient_window();
  ok(s, "RestoreTableFromBackup", restore);
}

// While a table restored from a backup is CREATING (--delay-transient-statuses) its restore is in
// progress: DescribeTable says so, and the backup cannot be deleted (BackupInUseException). Once
// the table is ACTIVE the restore is over and the backup can go.
TEST(Backups, ABackupBeingRestoredIsInUse) {
  auto& s = transient_status_server();
  const std::string target = unique_table_name("Dst");
  const std::string arn = backup_of_new_table(s);
  ASSERT_FALSE(arn.empty());
  const std::string delete_request = R"({"BackupArn":")" + arn + R"("})";
  ok(s, "RestoreTableFromBackup", R"({"TargetTableName":")" + target + R"(","BackupArn":")" + arn + R"("})");
  const ApiResponse during = call_on(s, "DescribeTable", R"({"TableName":")" + target + R"("})");
  ASSERT_API_OK(during);
  EXPECT_STREQ(during.json["Table"]["TableStatus"].GetString(), "CREATING");
  EXPECT_TRUE(during.json["Table"]["RestoreSummary"]["RestoreInProgress"].GetBool());
  EXPECT_API_ERROR(call_on(s, "DeleteBackup", delete_request), 400, "BackupInUseException",
                   "Backup " + arn + " is in use: table " + target + " is being restored from it");
  wait_past_transient_window();
  const ApiResponse after = call_on(s, "DescribeTable", R"({"TableName":")" + target + R"("})");
  EXPECT_STREQ(after.json["Table"]["TableStatus"].GetString(), "ACTIVE");
  EXPECT_FALSE(after.json["Table"]["RestoreSummary"]["RestoreInProgress"].GetBool());
  ok(s, "DeleteBackup", delete_request);
}

// DynamoDB's limit on simultaneous table operations (500; 250 new tables with indexes), counted
// while tables are CREATING, UPDATING or DELETING under --delay-transient-statuses, and covering
// restores. A server with a limit of 4 reaches it cheaply.
TEST(Backups, RestoresCountTowardSimultaneousTableOperations) {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  options.delay_transient_statuses = true;
  options.simultaneous_table_operations = 4;
  dynemu::Server s(options);
  s.start();
  const std::string source = unique_table_name("Src");
  const std::string arn = backup_of_new_table(s, source);
  const std::string limit =
      "Subscriber limit exceeded: Only 4 tables can be created, updated, or deleted simultaneously";
  for (int i = 0; i < 3; ++i) ok(s, "CreateTable", hash_table_request(unique_table_name("Busy")));
  ok(s, "RestoreTableFromBackup", R"({"TargetTableName":")" + unique_table_name("R") + R"(","BackupArn":")" + arn + R"("})");
  const std::string fifth = unique_table_name("R");
  EXPECT_API_ERROR(call_on(s, "RestoreTableFromBackup",
                           R"({"TargetTableName":")" + fifth + R"(","BackupArn":")" + arn + R"("})"),
                   400, "LimitExceededException", limit);
  EXPECT_API_ERROR(call_on(s, "CreateTable", hash_table_request(fifth)), 400, "LimitExceededException", limit);
  EXPECT_API_ERROR(call_on(s, "DeleteTable", R"({"TableName":")" + source + R"("})"), 400, "LimitExceededException",
                   limit);
  EXPECT_EQ(call_on(s, "DescribeTable", R"({"TableName":")" + fifth + R"("})").error_type(),
            "ResourceNotFoundException");
  wait_past_transient_window();
  ok(s, "RestoreTableFromBackup", R"({"TargetTableName":")" + fifth + R"(","BackupArn":")" + arn + R"("})");
}

TEST(Backups, FileDatabaseKeepsBackupsAcrossRestart) {
  test_support::TempDatabaseFile file("dynemu-backups");
  const std::string& path = file.path();
  auto options = backup_options();
  options.in_memory = false;
  options.db_path = path;
  const std::string table = unique_table_name();
  std::string arn;
  std::string details;
  {
    auto s = start(options);
    ok(*s, "CreateTable", composite_table_request(table));
    put(*s, table, R"({"pk":{"S":"a"},"sk":{"N":"1"},"v":{"L":[{"S":"x"},{"N":"2"}]}})");
    put(*s, table, R"({"pk":{"S":"a"},"sk":{"N":"2"}})");
    arn = create_backup(*s, table, "kept");
    details = to_json(describe_backup(*s, arn).json);
    s->stop();
  }
  {
    auto s = start(options);
    EXPECT_EQ(to_json(describe_backup(*s, arn).json), details);
    EXPECT_EQ(listed_arns(ok(*s, "ListBackups", "{}")), std::vector<std::string>{arn});
    const std::string restored = unique_table_name("R");
    ok(*s, "RestoreTableFromBackup", R"({"TargetTableName":")" + restored + R"(","BackupArn":")" + arn + R"("})");
    EXPECT_EQ(scan_items(*s, restored), scan_items(*s, table));
    EXPECT_EQ(scan_items(*s, restored).size(), 2u);
    s->stop();
  }
}

}  // namespace
}  // namespace dynemu::testing_support
