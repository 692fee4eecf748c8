// What the export and import operations share (transfers.h).
#include "api/transfers.h"

#include <cctype>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "api/table_description.h"
#include "transfer/transfer.h"

namespace dynemu::api {
namespace {

bool bucket_pattern_ok(const std::string& b) {
  auto edge = [](unsigned char c) { return std::isalnum(c) != 0; };
  if (b.size() < 2 || !edge(b.front()) || !edge(b.back())) return false;
  for (unsigned char c : b)
    if (!(std::isalnum(c) || c == '.' || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace

void check_s3_bucket(const rapidjson::Value* bucket, const char* path, ConstraintErrors& errors) {
  if (!bucket) {
    errors.not_null(path);
    return;
  }
  const std::string value(bucket->GetString(), bucket->GetStringLength());
  errors.string_length(value, path, 0, 255);
  if (!bucket_pattern_ok(value))
    errors.add(api::quoted(value), path, "Member must satisfy regular expression pattern: ^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$");
}

void check_s3_bucket_owner(const rapidjson::Value* owner, const char* path, ConstraintErrors& errors) {
  if (!owner) return;
  const std::string value(owner->GetString(), owner->GetStringLength());
  bool digits = value.size() == 12;
  for (unsigned char c : value) digits = digits && std::isdigit(c);
  if (!digits) errors.add(api::quoted(value), path, "Member must satisfy regular expression pattern: [0-9]{12}");
}

void check_client_token(const rapidjson::Value* token, ConstraintErrors& errors) {
  if (!token) return;
  const std::string value(token->GetString(), token->GetStringLength());
  if (value.empty() || value.find('$') != std::string::npos)
    errors.add(api::quoted(value), "clientToken", "Member must satisfy regular expression pattern: ^[^\\$]+$");
}

std::string fingerprint(const rapidjson::Value& request) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> out(buffer);
  request.Accept(out);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<store::TransferRow> transfer_for_token(store::Session& session, store::TransferKind kind,
                                                     const std::string& token) {
  if (token.empty()) return std::nullopt;
  for (auto& t : session.transfers(kind))
    if (t.client_token == token) return t;
  return std::nullopt;
}

store::TransferRow require_transfer(store::Session& session, store::TransferKind kind, const std::string& arn,
                                    const char* not_found_type, const char* what) {
  auto found = session.find_transfer(kind, arn);
  if (!found) throw model::dynamodb_error(not_found_type, std::string(what) + " not found: " + arn);
  return *found;
}

rapidjson::Document parse_record(const store::TransferRow& transfer) {
  rapidjson::Document d;
  d.Parse(transfer.record.c_str(), transfer.record.size());
  if (d.HasParseError() || !d.IsObject()) throw model::dynamodb_error("InternalServerError", "Internal server error", 500);
  return d;
}

std::vector<store::TransferRow> transfer_page(store::Session& session, store::TransferKind kind,
                                              const std::string& table_arn, const std::string& next_token,
                                              size_t size, bool* more) {
  std::vector<store::TransferRow> all = session.transfers(kind);
  size_t start = 0;
  if (!next_token.empty()) {
    size_t i = 0;
    while (i < all.size() && all[i].arn != next_token) ++i;
    if (i == all.size()) throw model::validation_error("Invalid NextToken");
    start = i + 1;
  }
  std::vector<store::TransferRow> page;
  *more = false;
  for (size_t i = start; i < all.size(); ++i) {
    if (!table_arn.empty() && all[i].table_arn != table_arn) continue;
    if (page.size() == size) {
      *more = true;
      break;
    }
    page.push_back(std::move(all[i]));
  }
  return page;
}

void describe_transfer(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out,
                       const TransferDescribe& op) {
  ConstraintErrors errors;
  const std::string arn = string_member(request, op.arn_member);
  if (!member(request, op.arn_member)) errors.not_null(op.arn_path);
  else errors.string_length(arn, op.arn_path, 37, 1024);
  errors.throw_if_any();
  store::TransferRow found;
  {
    auto session = ctx.store.read();
    found = require_transfer(session, op.kind, arn, op.not_found_type, op.what);
  }
  out.StartObject();
  out.Key(op.answer_member);
  transfer::write_public_members(out, parse_record(found));
  out.EndObject();
}

void list_transfers(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out,
                    const TransferList& op) {
  constexpr int64_t kMaxPage = 25;
  ConstraintErrors errors;
  const std::string table = string_member(request, "TableArn");
  if (member(request, "TableArn")) errors.string_length(table, "tableArn", 1, 1024);
  const std::optional<int64_t> size = long_member(request, op.size_member);
  errors.value_range(size, op.size_path, 1, kMaxPage);
  errors.throw_if_any();

  bool more = false;
  std::vector<store::TransferRow> page;
  {
    auto session = ctx.store.read();
    page = transfer_page(session, op.kind, table, string_member(request, "NextToken"),
                         static_cast<size_t>(size.value_or(kMaxPage)), &more);
  }
  out.StartObject();
  out.Key(op.list_member);
  out.StartArray();
  for (const auto& t : page) {
    const rapidjson::Document record = parse_record(t);
    out.StartObject();
    for (const char* field : op.fields)
      if (const rapidjson::Value* v = member(record, field)) {
        out.Key(field);
        v->Accept(out);
      }
    out.EndObject();
  }
  out.EndArray();
  if (more) {
    out.Key("NextToken");
    out.String(page.back().arn);
  }
  out.EndObject();
}

}  // namespace dynemu::api
