// ExportTableToPointInTime's INCREMENTAL_EXPORT: the window's validation (DynamoDB's errors), and
// the files it writes after puts, updates and deletes spread over a window the server clock moves
// through: one line per changed item, collapsed to its last change in [from, to), in both view
// types and both formats; the manifests; DescribeExport and ListExports.
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "export_test_support.h"
#include "table_test_helpers.h"
#include "transfer/transfer.h"

namespace dynemu::testing_support {
namespace {

constexpr int64_t kMinuteMs = 60 * 1000;

double seconds(int64_t ms) { return static_cast<double>(ms) / 1000.0; }

std::string number(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

// A table keyed by pk (S) with point-in-time recovery enabled at the server's current time.
std::string pitr_table(dynemu::Server& s) {
  const std::string table = unique_table_name("Inc");
  ok(s, "CreateTable",
     R"({"TableName":")" + table + R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
     R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
  ok(s, "UpdateContinuousBackups", R"({"TableName":")" + table +
                                       R"(","PointInTimeRecoverySpecification":{"PointInTimeRecoveryEnabled":true}})");
  return table;
}

void put(dynemu::Server& s, const std::string& table, const std::string& pk, int v) {
  ok(s, "PutItem", R"({"TableName":")" + table + R"(","Item":{"pk":{"S":")" + pk + R"("},"v":{"N":")" +
                       std::to_string(v) + R"("}}})");
}

void remove(dynemu::Server& s, const std::string& table, const std::string& pk) {
  ok(s, "DeleteItem", R"({"TableName":")" + table + R"(","Key":{"pk":{"S":")" + pk + R"("}}})");
}

ApiResponse incremental_export(dynemu::Server& s, const std::string& table_arn, const std::string& spec,
                               const std::string& extra = "") {
  return call_on(s, "ExportTableToPointInTime",
                 R"({"TableArn":")" + table_arn + R"(","S3Bucket":"bucket-one","ExportType":"INCREMENTAL_EXPORT")" +
                     (spec.empty() ? "" : R"(,"IncrementalExportSpecification":)" + spec) + extra + "}");
}

std::string window_spec(int64_t from_ms, int64_t to_ms, const std::string& view = "") {
  return R"({"ExportFromTime":)" + number(seconds(from_ms)) + R"(,"ExportToTime":)" + number(seconds(to_ms)) +
         (view.empty() ? "" : R"(,"ExportViewType":")" + view + R"(")") + "}";
}

// The changes the window of Scenario sees, written over it on a frozen clock:
//   before the window (t0):   kept=1, upd=1, del=1, flip=1
//   from (t0 + 1 min):        new=1 (a change at the window's inclusive start)
//   from + 1 min:             upd=2 (UpdateItem), del deleted, flip=2
//   from + 2 min:             flip=3; gone put and deleted (nothing to export)
//   to (from + 20 min):       upd=99, late=1 (at the exclusive end: outside the window)
struct Scenario {
  std::string table, table_arn;
  int64_t from_ms = 0, to_ms = 0;
};

Scenario write_scenario(dynemu::Server& s) {
  Scenario sc;
  sc.table = pitr_table(s);
  sc.table_arn = arn_of(s, sc.table);
  for (const char* pk : {"kept", "upd", "del", "flip"}) put(s, sc.table, pk, 1);
  s.advance_clock_ms(kMinuteMs);
  sc.from_ms = kT0Ms + kMinuteMs;
  put(s, sc.table, "new", 1);
  s.advance_clock_ms(kMinuteMs);
  ok(s, "UpdateItem", R"({"TableName":")" + sc.table + R"(","Key":{"pk":{"S":"upd"}},)"
                      R"("UpdateExpression":"SET v = :v","ExpressionAttributeValues":{":v":{"N":"2"}}})");
  remove(s, sc.table, "del");
  put(s, sc.table, "flip", 2);
  s.advance_clock_ms(kMinuteMs);
  put(s, sc.table, "flip", 3);
  put(s, sc.table, "gone", 1);
  remove(s, sc.table, "gone");
  sc.to_ms = sc.from_ms + 20 * kMinuteMs;
  s.set_clock_ms(sc.to_ms);
  put(s, sc.table, "upd", 99);
  put(s, sc.table, "late", 1);
  s.advance_clock_ms(kMinuteMs);
  return sc;
}

std::string item(const std::string& pk, int v) {
  return R"({"pk":{"S":")" + pk + R"("},"v":{"N":")" + std::to_string(v) + R"("}})";
}
std::string keys(const std::string& pk) { return R"({"pk":{"S":")" + pk + R"("}})"; }
std::string micros(int64_t ms) { return R"({"N":")" + std::to_string(ms * 1000) + R"("})"; }

struct ExportFiles {
  rapidjson::Document summary;
  std::string data_key;
  std::string data;  // decompressed
};

ExportFiles read_export(const S3Folder& s3, const rapidjson::Value& description) {
  ExportFiles files;
  const std::string manifest = description["ExportManifest"].GetString();
  const fs::path bucket = s3.root() / "bucket-one";
  const std::string summary_text = read_bytes(bucket / manifest);
  files.summary.Parse(summary_text.c_str());
  EXPECT_TRUE(files.summary.IsObject()) << summary_text;
  if (!files.summary.IsObject()) return files;
  const std::string files_key = files.summary["manifestFilesS3Key"].GetString();
  rapidjson::Document listing;
  const std::string listing_text = read_bytes(bucket / files_key);
  listing.Parse(listing_text.c_str());
  EXPECT_TRUE(listing.IsObject()) << listing_text;
  if (!listing.IsObject()) return files;
  files.data_key = listing["dataFileS3Key"].GetString();
  const std::string compressed = read_bytes(bucket / files.data_key);
  EXPECT_EQ(std::string(listing["md5Checksum"].GetString()), model::base64_encode(transfer::md5_digest(compressed)));
  EXPECT_EQ(listing["itemCount"].GetInt64(), files.summary["itemCount"].GetInt64());
  const auto data = transfer::gzip_decompress(compressed);
  EXPECT_TRUE(data);
  if (data) files.data = *data;
  return files;
}

// The DynamoDB JSON lines by their Keys' pk, each re-serialised canonically.
std::map<std::string, std::string> json_lines_by_pk(const std::string& data) {
  std::map<std::string, std::string> lines;
  std::istringstream in(data);
  for (std::string line; std::getline(in, line);) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    EXPECT_TRUE(d.IsObject() && d.HasMember("Keys")) << line;
    if (!d.IsObject() || !d.HasMember("Keys")) continue;
    lines[d["Keys"]["pk"]["S"].GetString()] = to_json(d);
  }
  return lines;
}

std::string line(const std::string& pk, int64_t write_ms, const std::string& new_image, const std::string& old_image) {
  std::string out = R"({"Metadata":{"WriteTimestampMicros":)" + micros(write_ms) + R"(},"Keys":)" + keys(pk);
  if (!new_image.empty()) out += R"(,"NewImage":)" + new_image;
  if (!old_image.empty()) out += R"(,"OldImage":)" + old_image;
  return out + "}";
}

TEST(IncrementalExport, WritesEachChangedItemsLastChangeWithNewAndOldImages) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const Scenario sc = write_scenario(*s);
  ApiResponse r = incremental_export(*s, sc.table_arn, window_spec(sc.from_ms, sc.to_ms, "NEW_AND_OLD_IMAGES"),
                                     R"(,"S3Prefix":"cdc")");
  ASSERT_EQ(r.status, 200) << r.body;
  const rapidjson::Value& d = r.json["ExportDescription"];
  EXPECT_EQ(std::string(d["ExportStatus"].GetString()), "COMPLETED");
  EXPECT_EQ(std::string(d["ExportType"].GetString()), "INCREMENTAL_EXPORT");
  EXPECT_EQ(d["ItemCount"].GetInt64(), 4);
  EXPECT_GT(d["BilledSizeBytes"].GetInt64(), 0);
  EXPECT_FALSE(d.HasMember("ExportTime"));
  const rapidjson::Value& spec = d["IncrementalExportSpecification"];
  EXPECT_DOUBLE_EQ(spec["ExportFromTime"].GetDouble(), seconds(sc.from_ms));
  EXPECT_DOUBLE_EQ(spec["ExportToTime"].GetDouble(), seconds(sc.to_ms));
  EXPECT_EQ(std::string(spec["ExportViewType"].GetString()), "NEW_AND_OLD_IMAGES");

  const ExportFiles files = read_export(s3, d);
  ASSERT_TRUE(files.summary.IsObject());
  EXPECT_EQ(std::string(files.summary["version"].GetString()), "2023-08-01");
  EXPECT_EQ(std::string(files.summary["exportType"].GetString()), "INCREMENTAL_EXPORT");
  EXPECT_EQ(std::string(files.summary["exportFromTime"].GetString()), transfer::iso8601_ms(sc.from_ms));
  EXPECT_EQ(std::string(files.summary["exportToTime"].GetString()), transfer::iso8601_ms(sc.to_ms));
  EXPECT_EQ(std::string(files.summary["outputView"].GetString()), "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(std::string(files.summary["outputFormat"].GetString()), "DYNAMODB_JSON");
  EXPECT_EQ(std::string(files.summary["s3Prefix"].GetString()), "cdc");
  EXPECT_EQ(files.summary["itemCount"].GetInt64(), 4);
  EXPECT_FALSE(files.summary.HasMember("exportTime"));
  // The data file sits in the folder incremental exports share; the manifests in the export's own.
  EXPECT_EQ(files.data_key.rfind("cdc/AWSDynamoDB/data/", 0), 0u) << files.data_key;
  EXPECT_EQ(files.data_key.substr(files.data_key.size() - 8), ".json.gz");
  const std::string export_arn = d["ExportArn"].GetString();
  EXPECT_EQ(std::string(d["ExportManifest"].GetString()),
            "cdc/AWSDynamoDB/" + export_arn.substr(export_arn.rfind('/') + 1) + "/manifest-summary.json");

  const std::map<std::string, std::string> expected = {
      {"new", line("new", sc.from_ms, item("new", 1), "")},
      {"upd", line("upd", sc.from_ms + kMinuteMs, item("upd", 2), item("upd", 1))},
      {"del", line("del", sc.from_ms + kMinuteMs, "", item("del", 1))},
      {"flip", line("flip", sc.from_ms + 2 * kMinuteMs, item("flip", 3), item("flip", 1))},
  };
  EXPECT_EQ(json_lines_by_pk(files.data), expected);

  ApiResponse described = ok(*s, "DescribeExport", R"({"ExportArn":")" + export_arn + R"("})");
  EXPECT_EQ(to_json(described.json["ExportDescription"]), to_json(d));
  ApiResponse listed = ok(*s, "ListExports", R"({"TableArn":")" + sc.table_arn + R"("})");
  ASSERT_EQ(listed.json["ExportSummaries"].Size(), 1u) << listed.body;
  EXPECT_EQ(std::string(listed.json["ExportSummaries"][0]["ExportType"].GetString()), "INCREMENTAL_EXPORT");
}

TEST(IncrementalExport, NewImageViewLeavesOldImagesOut) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const Scenario sc = write_scenario(*s);
  ApiResponse r = incremental_export(*s, sc.table_arn, window_spec(sc.from_ms, sc.to_ms, "NEW_IMAGE"));
  ASSERT_EQ(r.status, 200) << r.body;
  const rapidjson::Value& d = r.json["ExportDescription"];
  EXPECT_EQ(std::string(d["IncrementalExportSpecification"]["ExportViewType"].GetString()), "NEW_IMAGE");
  const ExportFiles files = read_export(s3, d);
  ASSERT_TRUE(files.summary.IsObject());
  EXPECT_EQ(std::string(files.summary["outputView"].GetString()), "NEW_IMAGE");
  EXPECT_EQ(files.data_key.rfind("AWSDynamoDB/data/", 0), 0u) << files.data_key;
  const std::map<std::string, std::string> expected = {
      {"new", line("new", sc.from_ms, item("new", 1), "")},
      {"upd", line("upd", sc.from_ms + kMinuteMs, item("upd", 2), "")},
      {"del", line("del", sc.from_ms + kMinuteMs, "", "")},  // a delete: its keys alone
      {"flip", line("flip", sc.from_ms + 2 * kMinuteMs, item("flip", 3), "")},
  };
  EXPECT_EQ(json_lines_by_pk(files.data), expected);
}

TEST(IncrementalExport, IonLinesCarryTheSameChanges) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const Scenario sc = write_scenario(*s);
  ApiResponse r = incremental_export(*s, sc.table_arn, window_spec(sc.from_ms, sc.to_ms), R"(,"ExportFormat":"ION")");
  ASSERT_EQ(r.status, 200) << r.body;
  const rapidjson::Value& d = r.json["ExportDescription"];
  // No ExportViewType: DynamoDB's default, NEW_AND_OLD_IMAGES.
  EXPECT_EQ(std::string(d["IncrementalExportSpecification"]["ExportViewType"].GetString()), "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(std::string(d["ExportFormat"].GetString()), "ION");
  const ExportFiles files = read_export(s3, d);
  ASSERT_TRUE(files.summary.IsObject());
  EXPECT_EQ(std::string(files.summary["outputFormat"].GetString()), "ION");
  EXPECT_EQ(files.data_key.substr(files.data_key.size() - 7), ".ion.gz");
  ASSERT_EQ(files.data.rfind("$ion_1_0 ", 0), 0u) << files.data;
  std::map<std::string, std::string> lines;
  std::istringstream in(files.data.substr(9));
  for (std::string text; std::getline(in, text);) {
    const auto at = text.find("Keys:{pk:\"");
    ASSERT_NE(at, std::string::npos) << text;
    const auto start_of_pk = at + 10;
    lines[text.substr(start_of_pk, text.find('"', start_of_pk) - start_of_pk)] = text;
  }
  const auto ion_line = [](const std::string& pk, int64_t ms, const std::string& images) {
    return "{Metadata:{WriteTimestampMicros:" + std::to_string(ms * 1000) + "},Keys:{pk:\"" + pk + "\"}" + images +
           "}";
  };
  const std::map<std::string, std::string> expected = {
      {"new", ion_line("new", sc.from_ms, ",NewImage:{pk:\"new\",v:1.}")},
      {"upd", ion_line("upd", sc.from_ms + kMinuteMs, ",NewImage:{pk:\"upd\",v:2.},OldImage:{pk:\"upd\",v:1.}")},
      {"del", ion_line("del", sc.from_ms + kMinuteMs, ",OldImage:{pk:\"del\",v:1.}")},
      {"flip", ion_line("flip", sc.from_ms + 2 * kMinuteMs, ",NewImage:{pk:\"flip\",v:3.},OldImage:{pk:\"flip\",v:1.}")},
  };
  EXPECT_EQ(lines, expected);
}

TEST(IncrementalExport, WithoutExportToTimeTheWindowEndsNow) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const std::string table = pitr_table(*s);
  const std::string table_arn = arn_of(*s, table);
  put(*s, table, "a", 1);
  s->advance_clock_ms(30 * kMinuteMs);
  ApiResponse r = incremental_export(*s, table_arn, R"({"ExportFromTime":)" + number(seconds(kT0Ms)) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
  const rapidjson::Value& d = r.json["ExportDescription"];
  EXPECT_DOUBLE_EQ(d["IncrementalExportSpecification"]["ExportToTime"].GetDouble(), seconds(kT0Ms + 30 * kMinuteMs));
  EXPECT_EQ(d["ItemCount"].GetInt64(), 1);
  const ExportFiles files = read_export(s3, d);
  EXPECT_EQ(json_lines_by_pk(files.data),
            (std::map<std::string, std::string>{{"a", line("a", kT0Ms, item("a", 1), "")}}));
}

TEST(IncrementalExport, ValidationErrors) {
  S3Folder s3;
  auto s = start(s3.root().string());
  const std::string table = pitr_table(*s);  // recovery enabled at kT0Ms
  const std::string table_arn = arn_of(*s, table);
  s->advance_clock_ms(2 * 3600 * 1000);
  const int64_t now = kT0Ms + 2 * 3600 * 1000;

  EXPECT_API_ERROR(incremental_export(*s, table_arn, ""), 400, "ValidationException",
                   "IncrementalExportSpecification with ExportFromTime is required for an INCREMENTAL_EXPORT");
  EXPECT_API_ERROR(incremental_export(*s, table_arn, R"({"ExportToTime":)" + number(seconds(now)) + "}"), 400,
                   "ValidationException",
                   "IncrementalExportSpecification with ExportFromTime is required for an INCREMENTAL_EXPORT");
  EXPECT_API_ERROR(incremental_export(*s, table_arn, window_spec(now - 20 * kMinuteMs, now),
                                      R"(,"ExportTime":)" + number(seconds(now))),
                   400, "ValidationException", "ExportTime cannot be specified for an INCREMENTAL_EXPORT");
  EXPECT_API_ERROR(incremental_export(*s, table_arn, window_spec(now - 20 * kMinuteMs, now, "OLD_IMAGE")), 400,
                   "ValidationException",
                   "1 validation error detected: Value 'OLD_IMAGE' at 'incrementalExportSpecification.exportViewType' "
                   "failed to satisfy constraint: Member must satisfy enum value set: [NEW_IMAGE, NEW_AND_OLD_IMAGES]");
  const char* duration =
      "The duration between ExportFromTime and ExportToTime must be at least 15 minutes and at most 24 hours";
  EXPECT_API_ERROR(incremental_export(*s, table_arn, window_spec(now - 15 * kMinuteMs + 1000, now)), 400,
                   "ValidationException", duration);
  EXPECT_API_ERROR(incremental_export(*s, table_arn, window_spec(now - 25 * 3600 * 1000, now)), 400,
                   "ValidationException", duration);
  // A start so far back that the window's length does not fit in 64 bits of milliseconds.
  EXPECT_API_ERROR(incremental_export(*s, table_arn,
                                      R"({"ExportFromTime":-9223372036854775,"ExportToTime":)" + number(seconds(now)) + "}"),
                   400, "ValidationException", duration);
  EXPECT_API_ERROR(incremental_export(*s, table_arn, window_spec(now - 20 * kMinuteMs, now + 10 * kMinuteMs)), 400,
                   "InvalidExportTimeException", "ExportToTime cannot be in the future");
  EXPECT_API_ERROR(incremental_export(*s, table_arn, window_spec(now - 10 * kMinuteMs, now - 30 * kMinuteMs)), 400,
                   "InvalidExportTimeException", "ExportFromTime must be earlier than ExportToTime");
  EXPECT_API_ERROR(incremental_export(*s, table_arn, window_spec(kT0Ms - 10 * kMinuteMs, kT0Ms + 10 * kMinuteMs)),
                   400, "InvalidExportTimeException",
                   "ExportFromTime is before the earliest restorable time of the table");
  EXPECT_API_ERROR(incremental_export(*s, table_arn, R"({"ExportFromTime":"yesterday"})"), 400,
                   "SerializationException", "STRING_VALUE cannot be converted to Date");
  // Exactly 15 minutes and exactly 24 hours are allowed.
  EXPECT_EQ(incremental_export(*s, table_arn, window_spec(now - 15 * kMinuteMs, now)).status, 200);
  s->advance_clock_ms(23 * 3600 * 1000);
  EXPECT_EQ(incremental_export(*s, table_arn, window_spec(kT0Ms, kT0Ms + 24 * 3600 * 1000)).status, 200);

  const std::string no_pitr = unique_table_name("NoPitr");
  ok(*s, "CreateTable",
     R"({"TableName":")" + no_pitr + R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
     R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
  const int64_t later = now + 23 * 3600 * 1000;
  EXPECT_EQ(incremental_export(*s, arn_of(*s, no_pitr), window_spec(later - 20 * kMinuteMs, later)).error_type(),
            "PointInTimeRecoveryUnavailableException");
}

}  // namespace
}  // namespace dynemu::testing_support
