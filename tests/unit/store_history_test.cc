// Point-in-time recovery's change history in the store (TableSchema::history_ms): every change
// keeps the old image, rows older than the recovery period are pruned as the table is written,
// disabling drops the history, and a stream's 24-hour trim leaves what the history still needs.
#include <gtest/gtest.h>

#include "model/json_codec.h"
#include "store/store.h"
#include "streams/streams.h"

namespace dynemu::store {
namespace {

using model::AttributeValue;
using model::AttrType;
using model::Item;

constexpr int64_t kDayMs = int64_t{24} * 3600 * 1000;
constexpr int64_t kT0 = int64_t{1700000000} * 1000;

TableSchema history_schema(const std::string& view_type, int64_t history_ms) {
  TableSchema s;
  s.name = "Ledger";
  s.key.hash = {"id", AttrType::S};
  s.description = "{}";
  s.stream_view_type = view_type;
  s.history_ms = history_ms;
  return s;
}

Item entry(const std::string& id, const std::string& v) {
  return {{"id", AttributeValue::string(id)}, {"v", AttributeValue::string(v)}};
}

std::vector<ChangeRecord> changes(Store& store) {
  auto s = store.read();
  std::vector<ChangeRecord> out;
  s.read_changes(s.find_table("Ledger")->id(), 0, -1, [&](ChangeRecord&& r) {
    out.push_back(std::move(r));
    return true;
  });
  return out;
}

void put(Store& store, const Item& item, int64_t at) {
  auto w = store.write(at);
  auto schema = w.find_table("Ledger");
  w.put_item(*schema, ItemRow::from_item(*schema, item));
  w.commit();
}

void create(Store& store, const TableSchema& schema) {
  auto w = store.write(kT0);
  w.create_table(schema);
  w.commit();
}

TEST(ChangeHistory, KeepsOldImagesWithoutAStream) {
  Store store({"", true});
  create(store, history_schema("", kDayMs));
  put(store, entry("a", "1"), kT0);
  put(store, entry("a", "2"), kT0 + 1);
  auto rows = changes(store);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].event, ChangeEvent::Insert);
  EXPECT_EQ(rows[0].old_image, "");
  EXPECT_EQ(rows[0].new_image, "");  // no stream: no new image
  EXPECT_EQ(rows[1].event, ChangeEvent::Modify);
  EXPECT_EQ(rows[1].old_image, model::item_to_json(entry("a", "1")));
  EXPECT_EQ(rows[1].new_image, "");
}

TEST(ChangeHistory, WritesPruneRowsOlderThanThePeriod) {
  Store store({"", true});
  create(store, history_schema("", kDayMs));
  for (int i = 0; i < 50; ++i) put(store, entry("k" + std::to_string(i), "x"), kT0 + i);
  EXPECT_EQ(changes(store).size(), 50u);
  // Within the period nothing goes.
  put(store, entry("late", "x"), kT0 + kDayMs - 1);
  EXPECT_EQ(changes(store).size(), 51u);
  // Half a day later the first 50 rows are out of the window; the write prunes them.
  put(store, entry("later", "x"), kT0 + kDayMs + kDayMs / 2);
  auto rows = changes(store);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].time_ms, kT0 + kDayMs - 1);
  EXPECT_EQ(rows[1].time_ms, kT0 + kDayMs + kDayMs / 2);
}

TEST(ChangeHistory, DisablingDropsTheHistoryAndDroppingTheTableToo) {
  Store store({"", true});
  create(store, history_schema("", kDayMs));
  put(store, entry("a", "1"), kT0);
  {
    auto w = store.write(kT0 + 5);
    TableSchema off = *w.find_table("Ledger");
    off.history_ms = 0;
    w.replace_schema(off);
    w.drop_history(off, kT0 + 5);
    w.commit();
  }
  EXPECT_TRUE(changes(store).empty());
  put(store, entry("a", "2"), kT0 + 6);  // no need left: no row
  EXPECT_TRUE(changes(store).empty());
  {
    auto w = store.write(kT0 + 7);
    TableSchema on = *w.find_table("Ledger");
    on.history_ms = kDayMs;
    w.replace_schema(on);
    w.commit();
  }
  put(store, entry("a", "3"), kT0 + 8);
  int64_t id = 0;
  {
    auto r = store.read();
    id = r.find_table("Ledger")->id();
  }
  EXPECT_EQ(changes(store).size(), 1u);
  {
    auto w = store.write(kT0 + 9);
    w.drop_table("Ledger");
    w.commit();
  }
  auto r = store.read();
  int rows = 0;
  r.read_changes(id, 0, -1, [&](ChangeRecord&&) { return ++rows, true; });
  EXPECT_EQ(rows, 0);
}

TEST(ChangeHistory, StreamTrimOnlyMarksWhatTheHistoryStillNeeds) {
  Store store({"", true});
  create(store, history_schema("KEYS_ONLY", 3 * kDayMs));
  StreamRow stream;
  {
    auto w = store.write(kT0);
    stream = streams::open_stream(w, *w.find_table("Ledger"), "arn:stream", "label", "KEYS_ONLY", "[]", kT0);
    w.commit();
  }
  put(store, entry("a", "1"), kT0 + 1);
  put(store, entry("a", "2"), kT0 + 2);
  const int64_t later = kT0 + 2 * kDayMs;
  put(store, entry("b", "1"), later);
  {
    auto w = store.write(later);
    ASSERT_TRUE(streams::sync_stream(w, stream, streams::StreamSettings{}, later));
    w.commit();
  }
  // The stream no longer shows the two-day-old records, but the history keeps their rows.
  EXPECT_EQ(stream.trimmed_seq, changes(store)[1].seq);
  EXPECT_EQ(changes(store).size(), 3u);
  // Past the period the history's own pruning deletes them.
  put(store, entry("c", "1"), kT0 + 3 * kDayMs + 10);
  EXPECT_EQ(changes(store).size(), 2u);
}

TEST(ChangeHistory, StreamWithoutHistoryStillTrimsAfterADay) {
  Store store({"", true});
  create(store, history_schema("KEYS_ONLY", 0));
  StreamRow stream;
  {
    auto w = store.write(kT0);
    stream = streams::open_stream(w, *w.find_table("Ledger"), "arn:stream", "label", "KEYS_ONLY", "[]", kT0);
    w.commit();
  }
  put(store, entry("a", "1"), kT0 + 1);
  put(store, entry("a", "2"), kT0 + 2 * kDayMs);
  {
    auto w = store.write(kT0 + 2 * kDayMs);
    ASSERT_TRUE(streams::sync_stream(w, stream, streams::StreamSettings{}, kT0 + 2 * kDayMs));
    w.commit();
  }
  auto rows = changes(store);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].old_image, "");  // KEYS_ONLY and no history: no image kept
}

}  // namespace
}  // namespace dynemu::store
