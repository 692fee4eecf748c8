#include "http/request_recording.h"

#include <algorithm>

#include <rapidjson/reader.h>

namespace dynemu::http {
namespace {

std::string string_member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                     : "";
}

void add_table(RequestRecord& record, const std::string& name) {
  if (name.empty() || std::find(record.tables.begin(), record.tables.end(), name) != record.tables.end()) return;
  record.tables.push_back(name);
}

// Streams a response body and picks out the few numbers the log needs, without building a DOM.
struct ItemsReadHandler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ItemsReadHandler> {
  enum class Kind { ScannedCount, GetItem, BatchGet, TransactGet } kind;
  explicit ItemsReadHandler(Kind k) : kind(k) {}
  int depth = 0;       // containers open around the current value
  std::string top_key; // the current member of the root object
  int64_t items = 0;

  bool Default() { return true; }
  bool Int(int v) { return number(v); }
  bool Uint(unsigned v) { return number(v); }
  bool Int64(int64_t v) { return number(v); }
  bool Uint64(uint64_t v) { return number(static_cast<int64_t>(v)); }
  bool number(int64_t v) {
    if (kind == Kind::ScannedCount && depth == 1 && top_key == "ScannedCount") items = v;
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (depth == 1) top_key.assign(s, n);
    if (kind == Kind::TransactGet && depth == 3 && top_key == "Responses" && std::string(s, n) == "Item") ++items;
    return true;
  }
  bool StartObject() {
    if (kind == Kind::GetItem && depth == 1 && top_key == "Item") items = 1;
    if (kind == Kind::BatchGet && depth == 3 && top_key == "Responses") ++items;
    ++depth;
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return --depth, true; }
  bool StartArray() { return ++depth, true; }
  bool EndArray(rapidjson::SizeType) { return --depth, true; }
};

}  // namespace

void describe_request(const std::string& operation, const rapidjson::Value& request, RequestRecord& record) {
  record.table = string_member(request, "TableName");
  record.index = string_member(request, "IndexName");
  add_table(record, record.table);
  record.scan = operation == "Scan";
  if (operation == "Query" && request.IsObject())
    record.key_condition = request.HasMember("KeyConditionExpression") || request.HasMember("KeyConditions");
  if (!request.IsObject()) return;
  auto items = request.FindMember("RequestItems");  // BatchGetItem, BatchWriteItem
  if (items != request.MemberEnd() && items->value.IsObject())
    for (const auto& m : items->value.GetObject()) add_table(record, std::string(m.name.GetString(), m.name.GetStringLength()));
  auto transact = request.FindMember("TransactItems");  // TransactWriteItems, TransactGetItems
  if (transact != request.MemberEnd() && transact->value.IsArray()) {
    for (const auto& action : transact->value.GetArray()) {
      if (!action.IsObject()) continue;
      for (const auto& m : action.GetObject()) add_table(record, string_member(m.value, "TableName"));
    }
  }
  if (record.table.empty() && !record.tables.empty()) record.table = record.tables.front();
}

int64_t count_items_read(const std::string& operation, const std::string& response_body) {
  ItemsReadHandler::Kind kind;
  if (operation == "Query" || operation == "Scan") kind = ItemsReadHandler::Kind::ScannedCount;
  else if (operation == "GetItem") kind = ItemsReadHandler::Kind::GetItem;
  else if (operation == "BatchGetItem") kind = ItemsReadHandler::Kind::BatchGet;
  else if (operation == "TransactGetItems") kind = ItemsReadHandler::Kind::TransactGet;
  else return 0;
  ItemsReadHandler handler(kind);
  rapidjson::Reader reader;
  rapidjson::StringStream stream(response_body.c_str());
  reader.Parse<rapidjson::kParseIterativeFlag>(stream, handler);
  return handler.items;
}

}  // namespace dynemu::http
