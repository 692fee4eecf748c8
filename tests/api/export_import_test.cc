// Export to and import from S3 played by a folder (--s3-dir): ExportTableToPointInTime's files in
// DynamoDB's layout (manifests, checksums, gzipped DynamoDB JSON or ION), DescribeExport and
// ListExports; ImportTable from DynamoDB JSON, ION and CSV, gzip / zstd / none, creating the table
// and its indexes, counting bad records; DescribeImport and ListImports; DynamoDB's errors; a
// missing bucket; and a file database keeping both across a restart.
#include <unistd.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "export_test_support.h"
#include "table_test_helpers.h"
#include "model/json_codec.h"
#include "transfer/transfer.h"

namespace dynemu::testing_support {
namespace {

// A table (pk S, sk N) with a GSI on g, point-in-time recovery on and three items.
std::string source_table(dynemu::Server& s) {
  const std::string table = unique_table_name("Src");
  ok(s, "CreateTable",
     R"({"TableName":")" + table + R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
     R"({"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"S"}],)"
     R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
     R"("BillingMode":"PAY_PER_REQUEST","GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":)"
     R"([{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]})");
  ok(s, "UpdateContinuousBackups", R"({"TableName":")" + table +
                                       R"(","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})");
  for (const char* item : {R"({"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"},"ss":{"SS":["p","q"]},"b":{"B":"AAEC"}})",
                           R"({"pk":{"S":"a"},"sk":{"N":"2.5"},"m":{"M":{"deep":{"L":[{"NULL":true},{"BOOL":true}]}}}})",
                           R"({"pk":{"S":"b"},"sk":{"N":"-3"},"g":{"S":"x"},"ns":{"NS":["1","2"]}})"})
    ok(s, "PutItem", R"({"TableName":")" + table + R"(","Item":)" + item + "}");
  return table;
}

std::multiset<std::string> scan_items(dynemu::Server& s, const std::string& table) {
  ApiResponse r = ok(s, "Scan", R"({"TableName":")" + table + R"("})");
  std::multiset<std::string> out;
  if (r.json.IsObject() && r.json.HasMember("Items"))
    for (const auto& item : r.json["Items"].GetArray()) out.insert(to_json(item));
  return out;
}

ApiResponse export_table(dynemu::Server& s, const std::string& table_arn, const std::string& extra = "") {
  return call_on(s, "ExportTableToPointInTime",
                 R"({"TableArn":")" + table_arn + R"(","S3Bucket":"bucket-one")" + extra + "}");
}

std::string import_request(const std::string& table, const std::string& prefix, const std::string& format,
                           const std::string& compression, const std::string& extra = "") {
  return R"({"S3BucketSource":{"S3Bucket":"bucket-one","S3KeyPrefix":")" + prefix + R"("},"InputFormat":")" +
         format + R"(","InputCompressionType":")" + compression + R"(")" + extra +
         R"(,"TableCreationParameters":{"TableName":")" + table +
         R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
         R"({"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
         R"("BillingMode":"PAY_PER_REQUEST","GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":)"
         R"([{"AttributeName":"g","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}]}})";
}

// The data folder of an export: what an import's S3KeyPrefix points at.
std::string data_prefix(const rapidjson::Value& export_description) {
  std::string manifest = export_description["ExportManifest"].GetString();
  return manifest.substr(0, manifest.rfind('/')) + "/data/";
}

TEST(ExportImport, ExportWritesDynamoDbsLayout) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const std::string table = source_table(*s);
  const std::string table_arn = arn_of(*s, table);
  ApiResponse r = export_table(*s, table_arn, R"(,"S3Prefix":"exports/daily","ClientToken":"tok-1")");
  ASSERT_EQ(r.status, 200) << r.body;
  const rapidjson::Value& d = r.json["ExportDescription"];
  const std::string export_arn = d["ExportArn"].GetString();
  EXPECT_EQ(export_arn.rfind(table_arn + "/export/", 0), 0u) << export_arn;
  EXPECT_EQ(std::string(d["ExportStatus"].GetString()), "COMPLETED");
  EXPECT_EQ(d["ItemCount"].GetInt64(), 3);
  EXPECT_GT(d["BilledSizeBytes"].GetInt64(), 0);
  EXPECT_EQ(std::string(d["ExportFormat"].GetString()), "DYNAMODB_JSON");
  EXPECT_EQ(std::string(d["ExportType"].GetString()), "FULL_EXPORT");
  EXPECT_EQ(std::string(d["S3SseAlgorithm"].GetString()), "AES256");
  EXPECT_EQ(std::string(d["ClientToken"].GetString()), "tok-1");
  EXPECT_DOUBLE_EQ(d["ExportTime"].GetDouble(), kT0Ms / 1000.0);
  EXPECT_FALSE(d.HasMember("_Request"));
  const std::string export_id = export_arn.substr(export_arn.rfind('/') + 1);
  const std::string folder = "exports/daily/AWSDynamoDB/" + export_id;
  EXPECT_EQ(std::string(d["ExportManifest"].GetString()), folder + "/manifest-summary.json");

  const fs::path base = s3.root() / "bucket-one" / "exports" / "daily" / "AWSDynamoDB" / export_id;
  EXPECT_TRUE(fs::exists(base / "_started"));
  rapidjson::Document summary;
  const std::string summary_text = read_bytes(base / "manifest-summary.json");
  summary.Parse(summary_text.c_str());
  ASSERT_TRUE(summary.IsObject()) << summary_text;
  EXPECT_EQ(std::string(summary["version"].GetString()), "2020-06-30");
  EXPECT_EQ(std::string(summary["exportArn"].GetString()), export_arn);
  EXPECT_EQ(std::string(summary["tableArn"].GetString()), table_arn);
  EXPECT_EQ(std::string(summary["s3Bucket"].GetString()), "bucket-one");
  EXPECT_EQ(std::string(summary["s3Prefix"].GetString()), "exports/daily");
  EXPECT_EQ(std::string(summary["exportTime"].GetString()), "2023-11-14T22:13:20.250Z");
  EXPECT_EQ(std::string(summary["manifestFilesS3Key"].GetString()), folder + "/manifest-files.json");
  EXPECT_EQ(summary["itemCount"].GetInt64(), 3);
  EXPECT_EQ(std::string(summary["outputFormat"].GetString()), "DYNAMODB_JSON");
  EXPECT_EQ(read_bytes(base / "manifest-summary.checksum"), model::hex_encode(transfer::md5_digest(summary_text)));

  const std::string files_text = read_bytes(base / "manifest-files.json");
  ASSERT_EQ(std::count(files_text.begin(), files_text.end(), '\n'), 1) << files_text;
  rapidjson::Document files;
  files.Parse(files_text.c_str());
  ASSERT_TRUE(files.IsObject()) << files_text;
  EXPECT_EQ(files["itemCount"].GetInt64(), 3);
  const std::string data_key = files["dataFileS3Key"].GetString();
  EXPECT_EQ(data_key.rfind(folder + "/data/", 0), 0u) << data_key;
  EXPECT_EQ(data_key.substr(data_key.size() - 8), ".json.gz");
  const std::string data = read_bytes(s3.root() / "bucket-one" / data_key);
  EXPECT_EQ(std::string(files["etag"].GetString()), model::hex_encode(transfer::md5_digest(data)));
  EXPECT_EQ(std::string(files["md5Checksum"].GetString()), model::base64_encode(transfer::md5_digest(data)));

  // Each line is {"Item":{...}}: together, the table's items.
  const auto lines = transfer::gzip_decompress(data);
  ASSERT_TRUE(lines);
  std::multiset<std::string> exported;
  std::istringstream in(*lines);
  for (std::string line; std::getline(in, line);) {
    rapidjson::Document item;
    item.Parse(line.c_str());
    ASSERT_TRUE(item.IsObject() && item.HasMember("Item") && item.MemberCount() == 1) << line;
    exported.insert(to_json(item["Item"]));
  }
  EXPECT_EQ(exported, scan_items(*s, table));

  // DescribeExport answers the same description; the same ClientToken and request, the same export.
  ApiResponse described = ok(*s, "DescribeExport", R"({"ExportArn":")" + export_arn + R"("})");
  EXPECT_EQ(to_json(described.json["ExportDescription"]), to_json(d));
  ApiResponse again = export_table(*s, table_arn, R"(,"S3Prefix":"exports/daily","ClientToken":"tok-1")");
  EXPECT_EQ(to_json(again.json["ExportDescription"]), to_json(d));
  ApiResponse conflict = export_table(*s, table_arn, R"(,"S3Prefix":"elsewhere","ClientToken":"tok-1")");
  EXPECT_EQ(conflict.error_type(), "ExportConflictException") << conflict.body;
}

TEST(ExportImport, ExportThenImportRoundTripsItemsAndIndexes) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const std::string table = source_table(*s);
  for (const char* format : {"DYNAMODB_JSON", "ION"}) {
    ApiResponse e = export_table(*s, arn_of(*s, table), std::string(R"(,"ExportFormat":")") + format + "\"");
    ASSERT_EQ(e.status, 200) << e.body;
    const std::string target = unique_table_name(std::string("Imp") + format);
    ApiResponse r = ok(*s, "ImportTable", import_request(target, data_prefix(e.json["ExportDescription"]), format, "GZIP"));
    const rapidjson::Value& d = r.json["ImportTableDescription"];
    EXPECT_EQ(std::string(d["ImportStatus"].GetString()), "COMPLETED") << r.body;
    EXPECT_EQ(d["ProcessedItemCount"].GetInt64(), 3) << format;
    EXPECT_EQ(d["ImportedItemCount"].GetInt64(), 3) << format;
    EXPECT_EQ(d["ErrorCount"].GetInt64(), 0) << format;
    EXPECT_GT(d["ProcessedSizeBytes"].GetInt64(), 0);
    EXPECT_EQ(std::string(d["InputCompressionType"].GetString()), "GZIP");
    EXPECT_EQ(std::string(d["TableCreationParameters"]["TableName"].GetString()), target);
    const std::string import_arn = d["ImportArn"].GetString();
    EXPECT_EQ(import_arn.rfind(arn_of(*s, target) + "/import/", 0), 0u) << import_arn;
    EXPECT_EQ(scan_items(*s, target), scan_items(*s, table)) << format;
    // The index was built over the imported items.
    ApiResponse q = ok(*s, "Query", R"({"TableName":")" + target +
                                        R"(","IndexName":"byG","KeyConditionExpression":"g = :g",)"
                                        R"("ExpressionAttributeValues":{":g":{"S":"x"}}})");
    EXPECT_EQ(q.json["Count"].GetInt(), 2);
    ApiResponse described = ok(*s, "DescribeImport", R"({"ImportArn":")" + import_arn + R"("})");
    EXPECT_EQ(to_json(described.json["ImportTableDescription"]), to_json(d));
  }
}

// An ExportTime in the past exports the table as it was then (rebuilt from the point-in-time
// history), not as it is: the import of that export equals the table before the later writes.
TEST(ExportImport, AnEarlierExportTimeExportsTheTableAsItWasThen) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const std::string table = source_table(*s);  // three items, written at kT0Ms
  const std::multiset<std::string> before = scan_items(*s, table);
  s->set_clock_ms(kT0Ms + 60 * 1000);
  ok(*s, "DeleteItem", R"({"TableName":")" + table + R"(","Key":{"pk":{"S":"b"},"sk":{"N":"-3"}}})");
  ok(*s, "PutItem", R"({"TableName":")" + table + R"(","Item":{"pk":{"S":"c"},"sk":{"N":"7"}}})");
  ok(*s, "UpdateItem", R"({"TableName":")" + table + R"(","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},)"
                       R"("UpdateExpression":"SET g = :g","ExpressionAttributeValues":{":g":{"S":"changed"}}})");
  ASSERT_NE(scan_items(*s, table), before);

  ApiResponse e = export_table(*s, arn_of(*s, table), R"(,"ExportTime":)" + std::to_string(kT0Ms / 1000 + 30));
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.json["ExportDescription"]["ItemCount"].GetInt64(), 3);
  const std::string target = unique_table_name("ImpEarlier");
  ApiResponse r = ok(*s, "ImportTable", import_request(target, data_prefix(e.json["ExportDescription"]),
                                                      "DYNAMODB_JSON", "GZIP"));
  EXPECT_EQ(std::string(r.json["ImportTableDescription"]["ImportStatus"].GetString()), "COMPLETED") << r.body;
  EXPECT_EQ(scan_items(*s, target), before);
}

TEST(ExportImport, ImportCountsBadRecordsAsErrors) {
  S3Folder s3;
  auto s = start(s3.root().string());
  write_bytes(s3.root() / "bucket-one" / "in" / "part-1.json",
              "{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}\n"
              "this is not json\n"
              "{\"Item\":{\"pk\":{\"S\":\"a\"}}}\n"                                  // no sort key
              "{\"Item\":{\"pk\":{\"N\":\"5\"},\"sk\":{\"N\":\"1\"}}}\n"              // wrong key type
              "{\"Item\":{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"1\"},\"g\":{\"N\":\"1\"}}}\n"  // wrong index key type
              "{\"Item\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"2\"},\"v\":{\"SS\":[]}}}\n"   // empty set
              "{\"Item\":{\"pk\":{\"S\":\"d\"},\"sk\":{\"N\":\"3\"},\"g\":{\"S\":\"x\"}}}\n");
  write_bytes(s3.root() / "bucket-one" / "in" / "part-2.json", "{\"Item\":{\"pk\":{\"S\":\"e\"},\"sk\":{\"N\":\"4\"}}}");
  write_bytes(s3.root() / "bucket-one" / "other" / "ignored.json", "garbage");
  const std::string target = unique_table_name("Bad");
  ApiResponse r = ok(*s, "ImportTable", import_request(target, "in/", "DYNAMODB_JSON", "NONE"));
  const rapidjson::Value& d = r.json["ImportTableDescription"];
  EXPECT_EQ(std::string(d["ImportStatus"].GetString()), "COMPLETED");
  EXPECT_EQ(d["ProcessedItemCount"].GetInt64(), 8);
  EXPECT_EQ(d["ImportedItemCount"].GetInt64(), 3);
  EXPECT_EQ(d["ErrorCount"].GetInt64(), 5);
  EXPECT_EQ(scan_items(*s, target).size(), 3u);

  // A file that is not what InputCompressionType says is one error.
  const std::string gz = unique_table_name("Gz");
  ApiResponse g = ok(*s, "ImportTable", import_request(gz, "in/part-2", "DYNAMODB_JSON", "GZIP"));
  EXPECT_EQ(g.json["ImportTableDescription"]["ErrorCount"].GetInt64(), 1);
  EXPECT_EQ(g.json["ImportTableDescription"]["ImportedItemCount"].GetInt64(), 0);
}

TEST(ExportImport, ImportReadsCsvAndZstd) {
  S3Folder s3;
  auto s = start(s3.root().string());
  write_bytes(s3.root() / "bucket-one" / "csv" / "a.csv", "a|1|x|hello\nb|2||\"with | pipe\"\n");
  const std::string target = unique_table_name("Csv");
  ApiResponse r = ok(*s, "ImportTable",
                     import_request(target, "csv/", "CSV", "NONE",
                                    R"(,"InputFormatOptions":{"Csv":{"Delimiter":"|","HeaderList":["pk","sk","g","note"]}})"));
  EXPECT_EQ(r.json["ImportTableDescription"]["ImportedItemCount"].GetInt64(), 2) << r.body;
  EXPECT_EQ(scan_items(*s, target),
            (std::multiset<std::string>{R"({"g":{"S":"x"},"note":{"S":"hello"},"pk":{"S":"a"},"sk":{"N":"1"}})",
                                        R"({"note":{"S":"with | pipe"},"pk":{"S":"b"},"sk":{"N":"2"}})"}));

  const std::string ion = "$ion_1_0 {Item:{pk:\"z\",sk:9.,g:\"x\",tags:$dynamodb_SS::[\"t\"]}}\n";
  std::string frame(ZSTD_compressBound(ion.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), ion.data(), ion.size(), 3));
  write_bytes(s3.root() / "bucket-one" / "zst" / "data.ion.zst", frame);
  const std::string zt = unique_table_name("Zstd");
  ApiResponse z = ok(*s, "ImportTable", import_request(zt, "zst/", "ION", "ZSTD"));
  EXPECT_EQ(z.json["ImportTableDescription"]["ImportedItemCount"].GetInt64(), 1) << z.body;
  EXPECT_EQ(scan_items(*s, zt),
            (std::multiset<std::string>{R"({"g":{"S":"x"},"pk":{"S":"z"},"sk":{"N":"9"},"tags":{"SS":["t"]}})"}));
}

TEST(ExportImport, ErrorsAtTheCall) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const std::string table = source_table(*s);
  const std::string table_arn = arn_of(*s, table);

  const std::string plain = unique_table_name("NoPitr");
  ok(*s, "CreateTable", composite_table_request(plain));
  ApiResponse no_pitr = export_table(*s, arn_of(*s, plain));
  EXPECT_EQ(no_pitr.error_type(), "PointInTimeRecoveryUnavailableException") << no_pitr.body;

  ApiResponse missing = export_table(*s, table_arn + "Gone");
  EXPECT_EQ(missing.error_type(), "TableNotFoundException") << missing.body;

  ApiResponse bad = call_on(*s, "ExportTableToPointInTime",
                            R"({"TableArn":")" + table_arn + R"(","S3Bucket":"-bad-","ExportFormat":"CSV"})");
  EXPECT_EQ(bad.error_type(), "ValidationException");
  EXPECT_NE(bad.message().find("exportFormat"), std::string::npos) << bad.message();
  EXPECT_NE(bad.message().find("s3Bucket"), std::string::npos) << bad.message();
  ApiResponse no_bucket = call_on(*s, "ExportTableToPointInTime", R"({"TableArn":")" + table_arn + R"("})");
  EXPECT_EQ(no_bucket.error_type(), "ValidationException");

  ApiResponse future = export_table(*s, table_arn, R"(,"ExportTime":)" + std::to_string(kT0Ms / 1000 + 60));
  EXPECT_EQ(future.error_type(), "InvalidExportTimeException") << future.body;
  // An INCREMENTAL_EXPORT needs its window (incremental_export_test.cc has the rest of its rules).
  EXPECT_API_ERROR(export_table(*s, table_arn, R"(,"ExportType":"INCREMENTAL_EXPORT")"), 400, "ValidationException",
                   "IncrementalExportSpecification with ExportFromTime is required for an INCREMENTAL_EXPORT");
  ApiResponse unsafe = export_table(*s, table_arn, R"(,"S3Prefix":"../../escape")");
  ASSERT_EQ(unsafe.status, 200) << unsafe.body;
  EXPECT_EQ(std::string(unsafe.json["ExportDescription"]["ExportStatus"].GetString()), "FAILED");
  EXPECT_FALSE(fs::exists(s3.root().parent_path() / "escape"));

  ApiResponse not_found = call_on(*s, "DescribeExport", R"({"ExportArn":")" + table_arn + R"(/export/01234567890123-abcdef12"})");
  EXPECT_EQ(not_found.error_type(), "ExportNotFoundException") << not_found.body;
  ApiResponse import_not_found = call_on(*s, "DescribeImport", R"({"ImportArn":")" + table_arn + R"(/import/01234567890123-abcdef12"})");
  EXPECT_EQ(import_not_found.error_type(), "ImportNotFoundException") << import_not_found.body;

  ApiResponse exists = call_on(*s, "ImportTable", import_request(table, "x/", "DYNAMODB_JSON", "NONE"));
  EXPECT_EQ(exists.error_type(), "ResourceInUseException") << exists.body;
  ApiResponse no_format = call_on(*s, "ImportTable",
                                  R"({"S3BucketSource":{"S3Bucket":"bucket-one"},"TableCreationParameters":{"TableName":"x1"}})");
  EXPECT_EQ(no_format.error_type(), "ValidationException");
  EXPECT_NE(no_format.message().find("inputFormat"), std::string::npos) << no_format.message();
  // CreateTable's own checks on TableCreationParameters.
  ApiResponse no_keys = call_on(*s, "ImportTable",
                                R"({"S3BucketSource":{"S3Bucket":"bucket-one"},"InputFormat":"CSV",)"
                                R"("TableCreationParameters":{"TableName":"NoKeysTable","BillingMode":"PAY_PER_REQUEST"}})");
  EXPECT_EQ(no_keys.error_type(), "ValidationException") << no_keys.body;
  EXPECT_EQ(call_on(*s, "DescribeTable", R"({"TableName":"NoKeysTable"})").error_type(), "ResourceNotFoundException");
}

TEST(ExportImport, WithoutAnS3FolderEveryBucketIsMissing) {
  auto s = start("");
  const std::string table = source_table(*s);
  ApiResponse e = export_table(*s, arn_of(*s, table));
  ASSERT_EQ(e.status, 200) << e.body;
  const rapidjson::Value& d = e.json["ExportDescription"];
  EXPECT_EQ(std::string(d["ExportStatus"].GetString()), "FAILED");
  EXPECT_EQ(std::string(d["FailureCode"].GetString()), "S3NoSuchBucket");
  EXPECT_NE(std::string(d["FailureMessage"].GetString()).find("bucket does not exist"), std::string::npos);

  const std::string target = unique_table_name("NoBucket");
  ApiResponse i = ok(*s, "ImportTable", import_request(target, "", "DYNAMODB_JSON", "NONE"));
  EXPECT_EQ(std::string(i.json["ImportTableDescription"]["ImportStatus"].GetString()), "FAILED");
  EXPECT_EQ(std::string(i.json["ImportTableDescription"]["FailureCode"].GetString()), "S3NoSuchBucket");
  EXPECT_EQ(call_on(*s, "DescribeTable", R"({"TableName":")" + target + R"("})").error_type(),
            "ResourceNotFoundException");
}

TEST(ExportImport, ListsPageAndFilterByTable) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const std::string first = source_table(*s);
  const std::string second = source_table(*s);
  std::vector<std::string> arns;
  for (const auto& t : {first, second, first}) {
    s->set_clock_ms(kT0Ms + 1000 * static_cast<int64_t>(arns.size() + 1));
    arns.push_back(export_table(*s, arn_of(*s, t)).json["ExportDescription"]["ExportArn"].GetString());
  }
  std::vector<std::string> seen;
  std::string token;
  for (int page = 0; page < 5; ++page) {
    ApiResponse r = ok(*s, "ListExports", R"({"MaxResults":2)" + (token.empty() ? "" : R"(,"NextToken":")" + token + "\"") + "}");
    for (const auto& e : r.json["ExportSummaries"].GetArray()) {
      seen.push_back(e["ExportArn"].GetString());
      EXPECT_EQ(std::string(e["ExportStatus"].GetString()), "COMPLETED");
    }
    if (!r.json.HasMember("NextToken")) break;
    token = r.json["NextToken"].GetString();
  }
  EXPECT_EQ(seen, arns);
  ApiResponse filtered = ok(*s, "ListExports", R"({"TableArn":")" + arn_of(*s, first) + R"("})");
  ASSERT_EQ(filtered.json["ExportSummaries"].Size(), 2u);
  EXPECT_EQ(std::string(filtered.json["ExportSummaries"][1]["ExportArn"].GetString()), arns[2]);
  EXPECT_EQ(call_on(*s, "ListExports", R"({"MaxResults":26})").error_type(), "ValidationException");
  EXPECT_EQ(call_on(*s, "ListExports", R"({"NextToken":"nope"})").error_type(), "ValidationException");

  const std::string imported = unique_table_name("L");
  ok(*s, "ImportTable", import_request(imported, "nothing-here/", "DYNAMODB_JSON", "NONE"));
  ApiResponse imports = ok(*s, "ListImports", R"({"PageSize":1})");
  ASSERT_EQ(imports.json["ImportSummaryList"].Size(), 1u);
  const rapidjson::Value& summary = imports.json["ImportSummaryList"][0];
  EXPECT_EQ(std::string(summary["ImportStatus"].GetString()), "COMPLETED");
  EXPECT_EQ(std::string(summary["TableArn"].GetString()), arn_of(*s, imported));
  EXPECT_EQ(std::string(summary["S3BucketSource"]["S3Bucket"].GetString()), "bucket-one");
  EXPECT_FALSE(imports.json.HasMember("NextToken"));
}

TEST(ExportImport, FileDatabaseKeepsExportsAndImportsAcrossRestart) {
  S3Folder s3;
  const std::string path = (s3.root() / "db.sqlite").string();
  std::string export_description, import_description, export_arn, import_arn;
  {
    auto s = start(s3.root().string(), path);
    const std::string table = source_table(*s);
    ApiResponse e = export_table(*s, arn_of(*s, table));
    export_arn = e.json["ExportDescription"]["ExportArn"].GetString();
    export_description = to_json(e.json["ExportDescription"]);
    ApiResponse i = ok(*s, "ImportTable", import_request(unique_table_name("Kept"), data_prefix(e.json["ExportDescription"]),
                                                        "DYNAMODB_JSON", "GZIP"));
    import_arn = i.json["ImportTableDescription"]["ImportArn"].GetString();
    import_description = to_json(i.json["ImportTableDescription"]);
    s->stop();
  }
  auto s = start(s3.root().string(), path);
  EXPECT_EQ(to_json(ok(*s, "DescribeExport", R"({"ExportArn":")" + export_arn + R"("})").json["ExportDescription"]),
            export_description);
  EXPECT_EQ(to_json(ok(*s, "DescribeImport", R"({"ImportArn":")" + import_arn + R"("})").json["ImportTableDescription"]),
            import_description);
  EXPECT_EQ(ok(*s, "ListExports", "{}").json["ExportSummaries"].Size(), 1u);
  s->stop();
}

}  // namespace
}  // namespace dynemu::testing_support
