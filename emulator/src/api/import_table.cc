// ImportTable: a new table from files in S3, a folder of --s3-dir (transfer/transfer.h).
// Validate (JSON types → constraints) → a ClientToken already used answers with its import (the
// same request) or ImportConflictException → the table through CreateTable's own validation
// (backup::create_table_with_items; ResourceInUseException when it exists) → without the bucket,
// a FAILED import (S3NoSuchBucket) and no table; else every file under S3KeyPrefix decompressed
// and read in InputFormat, each record validated as PutItem validates an item: the good ones
// written, the rest counted in ErrorCount → ImportTableDescription, COMPLETED.
//
// Counts: ProcessedItemCount is every record read (good or bad), ImportedItemCount the items
// written, ErrorCount the records refused plus the files that could not be decompressed,
// ProcessedSizeBytes the bytes of the source files as stored. DynamoDB writes the details of each
// error to CloudWatch Logs; dynemu has none, so CloudWatchLogGroupArn is left out.
#include <fstream>
#include <iterator>
#include <optional>

#include "api/item_keys.h"
#include "api/table_description.h"
#include "api/transfers.h"
#include "backup/backup.h"
#include "transfer/transfer.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& source = Shape::structure("S3BucketSource", {{"S3BucketOwner", &Shape::string()},
                                                                  {"S3Bucket", &Shape::string()},
                                                                  {"S3KeyPrefix", &Shape::string()}});
  static const Shape& csv = Shape::structure(
      "CsvOptions", {{"Delimiter", &Shape::string()}, {"HeaderList", &Shape::list_of(Shape::string())}});
  static const Shape& options = Shape::structure("InputFormatOptions", {{"Csv", &csv}});
  static const Shape& creation = Shape::structure(
      "TableCreationParameters", {{"TableName", &Shape::string()},
                                  {"AttributeDefinitions", &attribute_definitions_shape()},
                                  {"KeySchema", &key_schema_shape()},
                                  {"BillingMode", &Shape::string()},
                                  {"ProvisionedThroughput", &throughput_shape()},
                                  {"OnDemandThroughput", &on_demand_throughput_shape()},
                                  {"SSESpecification", &sse_specification_shape()},
                                  {"GlobalSecondaryIndexes", &Shape::list_of(global_secondary_index_shape())}});
  static const Shape& s = Shape::structure("ImportTableInput", {{"ClientToken", &Shape::string()},
                                                               {"S3BucketSource", &source},
                                                               {"InputFormat", &Shape::string()},
                                                               {"InputFormatOptions", &options},
                                                               {"InputCompressionType", &Shape::string()},
                                                               {"TableCreationParameters", &creation}});
  return s;
}

using Allocator = rapidjson::Document::AllocatorType;

void add_string(rapidjson::Value& object, const char* name, const std::string& value, Allocator& a) {
  object.AddMember(rapidjson::StringRef(name), string_value(value, a), a);
}

// The CreateTable request TableCreationParameters stand for.
rapidjson::Document create_table_request(const rapidjson::Value& parameters) {
  rapidjson::Document r(rapidjson::kObjectType);
  auto& a = r.GetAllocator();
  for (const auto& m : parameters.GetObject()) r.AddMember(rapidjson::Value(m.name, a), rapidjson::Value(m.value, a), a);
  return r;
}

void check_csv_options(const rapidjson::Value& request, transfer::CsvOptions& csv, ConstraintErrors& errors) {
  const rapidjson::Value* options = member(request, "InputFormatOptions");
  const rapidjson::Value* csv_member = options ? member(*options, "Csv") : nullptr;
  if (!csv_member) return;
  if (const rapidjson::Value* d = member(*csv_member, "Delimiter")) {
    const std::string delimiter(d->GetString(), d->GetStringLength());
    errors.string_length(delimiter, "inputFormatOptions.csv.delimiter", 1, 1);
    if (delimiter.size() == 1 && std::string(",\t:;| ").find(delimiter[0]) == std::string::npos)
      errors.add(api::quoted(delimiter), "inputFormatOptions.csv.delimiter",
                 "Member must satisfy regular expression pattern: [,;:|\\t ]");
    if (!delimiter.empty()) csv.delimiter = delimiter[0];
  }
  if (const rapidjson::Value* header = member(*csv_member, "HeaderList")) {
    errors.list_length(header, "inputFormatOptions.csv.headerList", 1, 255);
    for (const auto& name : header->GetArray()) csv.header.emplace_back(name.GetString(), name.GetStringLength());
  }
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

struct ImportCounts {
  int64_t processed = 0, imported = 0, errors = 0, bytes = 0;
};

}  // namespace

void import_table(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  check_client_token(member(request, "ClientToken"), errors);
  const rapidjson::Value* source = member(request, "S3BucketSource");
  if (!source) {
    errors.not_null("s3BucketSource");
  } else {
    check_s3_bucket(member(*source, "S3Bucket"), "s3BucketSource.s3Bucket", errors);
    check_s3_bucket_owner(member(*source, "S3BucketOwner"), "s3BucketSource.s3BucketOwner", errors);
    errors.string_length(string_member(*source, "S3KeyPrefix"), "s3BucketSource.s3KeyPrefix", 0, 1024);
  }
  const std::string format = string_member(request, "InputFormat");
  if (!member(request, "InputFormat")) errors.not_null("inputFormat");
  else errors.enum_value(format, "inputFormat", {"DYNAMODB_JSON", "ION", "CSV"});
  const std::string compression = string_member(request, "InputCompressionType", "NONE");
  errors.enum_value(compression, "inputCompressionType", {"GZIP", "ZSTD", "NONE"});
  transfer::CsvOptions csv;
  check_csv_options(request, csv, errors);
  const rapidjson::Value* parameters = member(request, "TableCreationParameters");
  if (!parameters) errors.not_null("tableCreationParameters");
  else errors.table_name(member(*parameters, "TableName"), "tableCreationParameters.tableName");
  errors.throw_if_any();

  const std::string token = string_member(request, "ClientToken");
  const std::string bucket = string_member(*source, "S3Bucket");
  const std::string key_prefix = string_member(*source, "S3KeyPrefix");
  const std::string table_name = string_member(*parameters, "TableName");
  {
    auto session = ctx.store.read();
    if (auto earlier = transfer_for_token(session, store::TransferKind::Import, token)) {
      const rapidjson::Document record = parse_record(*earlier);
      const rapidjson::Value* asked = member(record, "_Request");
      if (!asked || !asked->IsString() || asked->GetString() != fingerprint(request))
        throw model::dynamodb_error("ImportConflictException",
                                    "There was a conflict when importing from the specified S3 source: the "
                                    "ClientToken " + token + " was used with different parameters");
      out.StartObject();
      out.Key("ImportTableDescription");
      transfer::write_public_members(out, record);
      out.EndObject();
      return;
    }
  }
  // CreateTable's own checks on the parameters come first: a bad key schema is refused at the call.
  const rapidjson::Document create_request = create_table_request(*parameters);
  validate_create_table(create_request);
  {
    auto session = ctx.store.read();
    if (session.find_table(table_name)) throw model::resource_in_use("Table already exists: " + table_name);
  }

  const int64_t now = ctx.clock.now_ms();
  const std::string id = transfer::new_transfer_id(now);
  const std::string arn = table_arn(ctx, table_name) + "/import/" + id;
  ImportCounts counts;
  std::string failure_code, failure_message;
  std::string table_id;
  const auto bucket_dir = transfer::bucket_directory(ctx.settings.s3_dir, bucket);
  if (!bucket_dir) {
    failure_code = transfer::kNoSuchBucketCode;
    failure_message = transfer::no_such_bucket_message(bucket);
  } else {
    // The attributes CSV values take their type from: the table's and its indexes' keys.
    std::vector<std::pair<std::string, std::string>> key_types;
    if (const rapidjson::Value* definitions = member(*parameters, "AttributeDefinitions"))
      for (const auto& d : definitions->GetArray())
        key_types.emplace_back(string_member(d, "AttributeName"), string_member(d, "AttributeType"));
    const std::vector<transfer::SourceFile> files = transfer::source_files(*bucket_dir, key_prefix);
    auto items = [&](store::Session& session, const std::function<void(std::string&&)>& put) {
      const auto schema = session.find_table(table_name);
      auto take = [&](std::optional<std::string>&& record) {
        ++counts.processed;
        if (!record) {
          ++counts.errors;
          return;
        }
        try {
          rapidjson::Document json;
          json.Parse(record->c_str(), record->size());
          if (json.HasParseError() || !json.IsObject()) throw model::validation_error("not an item");
          model::Item item = model::decode_item(json);
          validate_item_keys(*schema, item);
          if (model::item_size(item) > kMaxItemSize) throw model::validation_error("Item size has exceeded the maximum allowed size");
          put(model::item_to_json(item));
          ++counts.imported;
        } catch (const model::ApiError&) {
          ++counts.errors;
        }
      };
      for (const auto& file : files) {
        std::optional<std::string> bytes = read_file(file.path);
        if (bytes) counts.bytes += static_cast<int64_t>(bytes->size());
        if (bytes && compression == "GZIP") bytes = transfer::gzip_decompress(*bytes);
        else if (bytes && compression == "ZSTD") bytes = transfer::zstd_decompress(*bytes);
        if (!bytes) {
          ++counts.errors;
          continue;
        }
        transfer::read_records(*bytes, format, csv, key_types, take);
      }
    };
    auto no_decoration = [](rapidjson::Document&) {};
    const backup::NewTable made =
        backup::create_table_with_items(ctx, create_request, no_decoration, items, "ResourceInUseException");
    table_id = string_member(made.description, "TableId");
  }

  rapidjson::Document record(rapidjson::kObjectType);
  auto& a = record.GetAllocator();
  add_string(record, "ImportArn", arn, a);
  add_string(record, "ImportStatus", failure_code.empty() ? "COMPLETED" : "FAILED", a);
  add_string(record, "TableArn", table_arn(ctx, table_name), a);
  if (!table_id.empty()) add_string(record, "TableId", table_id, a);
  if (!token.empty()) add_string(record, "ClientToken", token, a);
  record.AddMember("S3BucketSource", rapidjson::Value(*source, a), a);
  record.AddMember("ErrorCount", counts.errors, a);
  add_string(record, "InputFormat", format, a);
  if (const rapidjson::Value* options = member(request, "InputFormatOptions"))
    record.AddMember("InputFormatOptions", rapidjson::Value(*options, a), a);
  add_string(record, "InputCompressionType", compression, a);
  record.AddMember("TableCreationParameters", rapidjson::Value(*parameters, a), a);
  record.AddMember("StartTime", epoch_seconds(now), a);
  record.AddMember("EndTime", epoch_seconds(ctx.clock.now_ms()), a);
  record.AddMember("ProcessedSizeBytes", counts.bytes, a);
  record.AddMember("ProcessedItemCount", counts.processed, a);
  record.AddMember("ImportedItemCount", counts.imported, a);
  if (!failure_code.empty()) {
    add_string(record, "FailureCode", failure_code, a);
    add_string(record, "FailureMessage", failure_message, a);
  }
  add_string(record, "_Request", fingerprint(request), a);

  store::TransferRow row;
  row.kind = store::TransferKind::Import;
  row.arn = arn;
  row.table_arn = table_arn(ctx, table_name);
  row.client_token = token;
  row.created_ms = now;
  row.record = serialize_description(record);
  {
    auto session = ctx.store.write(now);
    session.put_transfer(row);
    session.commit();
  }
  out.StartObject();
  out.Key("ImportTableDescription");
  transfer::write_public_members(out, record);
  out.EndObject();
}

}  // namespace dynemu::api
