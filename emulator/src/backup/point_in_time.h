// Point in time: a table's items as they were at a past moment, rebuilt from its change history.
//
// Contract (the design; the store side is TableSchema::history_ms and Session::prune_history):
//  - While point-in-time recovery is enabled, every change of the table's items is in the store's
//    change log with the item as it was before the change (its old image). No base copy of the
//    table is kept: the table at time T is the live table with every change made after T undone,
//    newest first. Undoing a key's changes newest first ends at its first change after T, so only
//    that one matters: an INSERT means the key had no item at T; a MODIFY or REMOVE gives the item
//    it had (the old image).
//  - So the history needed for every T in the window [now - period, now] is the rows of the last
//    `period`: older rows are pruned as the table is written, and the memory and disk it takes are
//    bounded by the writes of one recovery window. Disabling recovery drops the history.
//  - items_at() reads the history after T once (keeping one entry per key changed since, the
//    memory a restore needs), then the live table in scan order, all in the caller's session, so
//    the result is consistent with the writes it saw.
//  - changes_between() serves incremental exports from the same history: per key changed in
//    [from, to), the item before the window is the old image of its first change in the window
//    (none for an INSERT), and the item at the window's end is the old image of its first change
//    at or after `to`, else the live item. So it needs no new images and costs one read of the
//    history plus one get per changed key.
//  - The schema of the restored table is the source's current one: DynamoDB's own restore takes
//    "the current settings of the source table at the time of restore" (indexes, capacity,
//    encryption), and key schemas never change.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/store.h"

namespace dynemu::backup {

// Calls `put` with each item (canonical item JSON) `table` held at `at_ms`: the state after every
// change logged at or before at_ms. The history must reach back past at_ms (the caller checks the
// restorable window).
void items_at(store::Session& session, const store::TableSchema& table, int64_t at_ms,
              const std::function<void(std::string&& item_json)>& put);

// One key changed in a window, collapsed to its net effect as DynamoDB's incremental export shows it.
struct ItemChange {
  std::string keys;                 // the key attributes, canonical item JSON
  std::optional<std::string> before;  // the item before the window (nullopt: none)
  std::optional<std::string> after;   // the item at the window's end (nullopt: deleted)
  int64_t last_change_ms = 0;       // the time of its last change inside the window
};

// Calls `visit` with each key of `table` changed at from_ms <= time < to_ms, in key order, except
// keys with no item before and none after (put and deleted inside the window: DynamoDB exports
// nothing for them). The history must reach back to from_ms (the caller checks the window).
void changes_between(store::Session& session, const store::TableSchema& table, int64_t from_ms, int64_t to_ms,
                     const std::function<void(ItemChange&&)>& visit);

}  // namespace dynemu::backup
