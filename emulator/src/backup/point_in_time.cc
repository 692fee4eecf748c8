// items_at(): the live table with the changes after T undone; changes_between(): the net change of
// each key in a window (point_in_time.h).
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

// The item a key had just before `change` (nullopt: none).
std::optional<std::string> item_before(const store::TableSchema& table, store::ChangeRecord& change) {
  if (change.event == store::ChangeEvent::Insert) return std::nullopt;
  if (change.old_image.empty())
    throw std::logic_error("dynemu: a change of table " + table.name + " without the image history needs");
  return std::move(change.old_image);
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
    then.emplace(std::move(key), item_before(table, change));
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

void changes_between(store::Session& session, const store::TableSchema& table, int64_t from_ms, int64_t to_ms,
                     const std::function<void(ItemChange&&)>& visit) {
  struct Window {
    ItemChange change;
    bool after_known = false;  // a change at or after to_ms gave the item at the window's end
  };
  std::map<EncodedKey, Window> changed;
  session.read_changes(table.id(), 0, -1, [&](store::ChangeRecord&& change) {
    if (change.time_ms < from_ms) return true;
    EncodedKey key = encoded_key_of(table, change.keys);
    if (change.time_ms < to_ms) {
      auto [it, first] = changed.try_emplace(std::move(key));
      if (first) {
        it->second.change.keys = std::move(change.keys);
        it->second.change.before = item_before(table, change);
      }
      it->second.change.last_change_ms = change.time_ms;
      return true;
    }
    auto it = changed.find(key);
    if (it != changed.end() && !it->second.after_known) {
      it->second.change.after = item_before(table, change);
      it->second.after_known = true;
    }
    return true;
  });
  for (auto& [key, window] : changed) {
    if (!window.after_known)
      if (auto live = session.get_item(table, key.first, key.second)) window.change.after = std::move(live->json);
    if (!window.change.before && !window.change.after) continue;
    visit(std::move(window.change));
  }
}

}  // namespace dynemu::backup
