#include "http/transaction_conflict.h"

#include <memory>
#include <vector>

#include "api/transactions.h"
#include "model/api_error.h"

namespace dynemu::http {
namespace {

// One item a request touches: its table and the object holding its key (Key, or the whole Item).
struct Touched {
  std::string table;
  const rapidjson::Value* key = nullptr;
};

const rapidjson::Value* object_member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

std::string string_member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

Touched touched(const rapidjson::Value& action, const char* key_member) {
  return Touched{string_member(action, "TableName"), object_member(action, key_member)};
}

// The items in action order; `single` says whether it is a one-item write. Empty for operations
// that never conflict.
std::vector<Touched> touched_items(const std::string& operation, const rapidjson::Value& request, bool* single) {
  std::vector<Touched> items;
  *single = true;
  if (operation == "PutItem") {
    items.push_back(touched(request, "Item"));
  } else if (operation == "UpdateItem" || operation == "DeleteItem") {
    items.push_back(touched(request, "Key"));
  } else if (operation == "TransactWriteItems" || operation == "TransactGetItems") {
    *single = false;
    auto list = request.FindMember("TransactItems");
    if (list == request.MemberEnd() || !list->value.IsArray()) return items;
    for (const auto& entry : list->value.GetArray()) {
      Touched item;
      if (const auto* put = object_member(entry, "Put")) item = touched(*put, "Item");
      else if (const auto* update = object_member(entry, "Update")) item = touched(*update, "Key");
      else if (const auto* del = object_member(entry, "Delete")) item = touched(*del, "Key");
      else if (const auto* check = object_member(entry, "ConditionCheck")) item = touched(*check, "Key");
      else if (const auto* get = object_member(entry, "Get")) item = touched(*get, "Key");
      items.push_back(item);
    }
  }
  return items;
}

bool names_item(const Fault& fault, const rapidjson::Document* key, const Touched& item) {
  if (!fault.table.empty() && item.table != fault.table) return false;
  if (!key) return true;
  if (!item.key) return false;
  for (const auto& attribute : key->GetObject()) {
    auto it = item.key->FindMember(attribute.name);
    if (it == item.key->MemberEnd() || api::canonical_json(it->value) != api::canonical_json(attribute.value))
      return false;
  }
  return true;
}

// The fault's key parsed; nullptr when it names none. *bad is set when it is not a JSON object.
std::unique_ptr<rapidjson::Document> fault_key(const Fault& fault, bool* bad) {
  *bad = false;
  if (fault.key.empty()) return nullptr;
  auto doc = std::make_unique<rapidjson::Document>();
  doc->Parse(fault.key.data(), fault.key.size());
  if (doc->HasParseError() || !doc->IsObject()) *bad = true;
  return doc;
}

}  // namespace

bool is_transaction_conflict(const Fault& fault) { return fault.error == kTransactionConflictFault; }

bool conflict_applies(const Fault& fault, const std::string& operation, const rapidjson::Value& request) {
  bool single = false, bad = false;
  const auto key = fault_key(fault, &bad);
  if (bad || !request.IsObject()) return false;
  for (const auto& item : touched_items(operation, request, &single))
    if (names_item(fault, key.get(), item)) return true;
  return false;
}

void throw_transaction_conflict(const Fault& fault, const std::string& operation, const rapidjson::Value& request) {
  bool single = false, bad = false;
  const auto key = fault_key(fault, &bad);
  const std::vector<Touched> items = touched_items(operation, request, &single);
  if (single)
    throw model::dynamodb_error(
        "TransactionConflictException",
        fault.message.empty() ? "Operation was rejected because there is an ongoing transaction for the item."
                              : fault.message);
  std::vector<api::CancellationReason> reasons(items.size());
  bool marked = false;
  for (size_t i = 0; i < items.size(); ++i) {
    if (marked && !key) break;  // without a key, one item is in the other transaction
    if (!names_item(fault, key.get(), items[i])) continue;
    reasons[i].code = "TransactionConflict";
    reasons[i].message = fault.message.empty() ? "Transaction is ongoing for the item" : fault.message;
    marked = true;
  }
  api::cancel_transaction(reasons);
}

}  // namespace dynemu::http
