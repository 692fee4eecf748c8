#include "http/request_recording.h"

#include <algorithm>


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

}  // namespace dynemu::http
