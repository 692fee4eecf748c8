// items_at(): the live table with the changes after T undone (point_in_time.h).
#include "backup/point_in_time.h"

#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include "model/json_codec.h"
#include "model/key_codec.h"

namespace dynemu::backup {
namespace {

using EncodedKey = std::pair<std::string, std::string>;  // (pk, sk) as the store encodes them

EncodedKey encoded_key_of(const store::TableSchema& table, const std::string& keys_json) {
  const model::Item keys = model::item_from_json(keys_json);
  EncodedKey key;
  key.first = model::encode_key(keys.at(table.key.hash.name));
  if (table.key.range) key.second = model::encode_key(keys.at(table.key.range->name));
  return key;
}

}  // namespace

void items_at(store::Session& session, const store::TableSchema& table, int64_t at_ms,
              const std::function<void(std::string&& item_json)>& put) {
  // Per key changed after at_ms: the item it had then (nullopt: none).
  std::map<EncodedKey, std::optional<std::string>> then;
  session.read_changes(table.id(), 0, -1, [&](store::ChangeRecord&& change) {
    if (change.time_ms <= at_ms) return true;
    EncodedKey key = encoded_key_of(table, change.keys);
    if (then.count(key)) return true;  // a later change of a key already undone to its first
    if (change.event == store::ChangeEvent::Insert) {
      then.emplace(std::move(key), std::nullopt);
    } else {
      if (change.old_image.empty())
        throw std::logic_error("dynemu: a change of table " + table.name + " without the image history needs");
      then.emplace(std::move(key), std::move(change.old_image));
    }
    return true;
  });
  session.scan(table, store::ScanSpec{}, [&](store::StoredRow&& row) {
    auto it = then.find(EncodedKey{row.pk, row.sk});
    if (it == then.end()) {
      put(std::move(row.json));
      return true;
    }
    if (it->second) put(std::move(*it->second));
    then.erase(it);
    return true;
  });
  // Keys deleted since at_ms.
  for (auto& [key, item] : then)
    if (item) put(std::move(*item));
}

}  // namespace dynemu::backup
