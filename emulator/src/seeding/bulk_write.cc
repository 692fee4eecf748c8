#include "seeding/bulk_write.h"

#include <algorithm>
#include <exception>
#include <numeric>
#include <thread>
#include <tuple>

#include "api/constraints.h"
#include "api/item_collections.h"
#include "api/item_keys.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"
#include "model/json_codec.h"

namespace dynemu::seeding {
namespace {

const api::Shape& request_shape() {
  using api::Shape;
  // Each write's own shape is checked with the write (checked_write), so that the first write at
  // fault is the one named, as when they are sent one at a time.
  static const Shape any_write;
  static const Shape& s =
      Shape::structure("BulkWriteInput", {{"RequestItems", &Shape::map_of(Shape::list_of(any_write))}});
  return s;
}

// From this many writes into an empty table, building its indexes afterwards beats updating them.
constexpr size_t kDeferIndexesFrom = 1000;

struct Write {
  bool is_put = true;
  store::ItemRow row;  // put: the whole row; delete: pk, sk and hash only
};

// One write, decoded and checked as PutItem / DeleteItem check theirs.
Write checked_write(const store::TableSchema& schema, const rapidjson::Value& request) {
  api::check_shape(request, api::batch_write_request_shape());
  const rapidjson::Value* put = api::member(request, "PutRequest");
  const rapidjson::Value* del = api::member(request, "DeleteRequest");
  if ((put != nullptr) == (del != nullptr) || !api::member(put ? *put : *del, put ? "Item" : "Key"))
    throw model::validation_error("Each write must be exactly one of PutRequest {Item} or DeleteRequest {Key}");
  Write w;
  w.is_put = put != nullptr;
  const model::Item item = model::decode_item(w.is_put ? *api::member(*put, "Item") : *api::member(*del, "Key"));
  if (w.is_put) {
    api::validate_item_keys(schema, item);
    w.row = store::ItemRow::from_item(schema, item);  // measures the item: row.size
    if (static_cast<size_t>(w.row.size) > api::kMaxItemSize)
      throw model::validation_error("Item size has exceeded the maximum allowed size");
  } else {
    api::EncodedKey key = api::key_from_request(schema, item);
    w.row.pk = std::move(key.pk);
    w.row.sk = std::move(key.sk);
    w.row.hash = store::ItemRow::hash_of(w.row.pk);
  }
  return w;
}

// From this many writes, decoding is split across threads: it is most of a large seed's CPU time,
// and each write's checks depend on nothing but the write and the schema.
constexpr size_t kParallelDecodeFrom = 10000;

// One table's writes, each checked by checked_write(). When several fail, the first in request
// order is the one thrown, as if they had been checked one by one.
std::vector<Write> checked_writes(const store::TableSchema& schema, const rapidjson::Value& requests) {
  const auto list = requests.GetArray();
  const size_t count = list.Size();
  std::vector<Write> writes(count);
  const size_t threads =
      count < kParallelDecodeFrom ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  std::vector<std::exception_ptr> failures(threads);
  auto decode_part = [&](size_t part) {
    const size_t begin = count * part / threads, end = count * (part + 1) / threads;
    try {
      for (size_t i = begin; i < end; ++i) writes[i] = checked_write(schema, list[static_cast<rapidjson::SizeType>(i)]);
    } catch (...) {
      failures[part] = std::current_exception();  // this part stops at its first failure
    }
  };
  std::vector<std::thread> helpers;
  for (size_t part = 1; part < threads; ++part) helpers.emplace_back(decode_part, part);
  decode_part(0);
  for (auto& t : helpers) t.join();
  for (const auto& failure : failures)  // parts are in request order
    if (failure) std::rethrow_exception(failure);
  return writes;
}

// The order to apply `writes` in. Without a change log, only each key's last write matters, and
// writing in primary-key order appends to the table's B-tree instead of splitting pages all over
// it (the bulk path's main saving). With a change log (streams), the records keep request order.
std::vector<size_t> apply_order(const store::TableSchema& schema, const std::vector<Write>& writes) {
  std::vector<size_t> order(writes.size());
  std::iota(order.begin(), order.end(), 0);
  if (schema.change_log_needs().any || api::has_item_collections(schema)) return order;
  auto key_less = [&](size_t a, size_t b) {
    const auto& x = writes[a].row;
    const auto& y = writes[b].row;
    return std::tie(x.hash, x.pk, x.sk) < std::tie(y.hash, y.pk, y.sk);
  };
  std::stable_sort(order.begin(), order.end(), key_less);
  // Of equal keys, keep the last in request order (stable sort keeps them in that order).
  std::vector<size_t> last;
  last.reserve(order.size());
  for (size_t i = 0; i < order.size(); ++i)
    if (i + 1 == order.size() || key_less(order[i], order[i + 1])) last.push_back(order[i]);
  return last;
}

}  // namespace

void bulk_write(api::OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  api::check_shape(request, request_shape());
  const rapidjson::Value* tables = api::member(request, "RequestItems");
  if (!tables || !tables->IsObject()) throw model::validation_error("RequestItems is required");

  auto session = ctx.store.write(ctx.clock.now_ms());
  for (auto it = tables->MemberBegin(); it != tables->MemberEnd(); ++it) {
    const std::string table(it->name.GetString(), it->name.GetStringLength());
    const auto schema = api::require_active_table(session, table, ctx.clock.now_ms());
    const std::vector<Write> writes = checked_writes(*schema, it->value);
    const bool collections = api::has_item_collections(*schema);
    // Into an empty table, the secondary indexes are built once at the end instead of row by row.
    const bool defer_indexes =
        !schema->indexes.empty() && writes.size() >= kDeferIndexesFrom && session.table_is_empty(*schema);
    if (defer_indexes) session.suspend_secondary_indexes(*schema);
    for (size_t i : apply_order(*schema, writes)) {
      const Write& w = writes[i];
      if (!w.is_put) {
        session.delete_item(*schema, w.row.pk, w.row.sk);
        continue;
      }
      if (collections) {
        auto old = session.get_item(*schema, w.row.pk, w.row.sk);
        api::check_collection_limit(session, *schema, w.row.pk, w.row.size - (old ? old->size : 0),
                                    ctx.settings.max_item_collection_bytes);
      }
      session.put_item(*schema, w.row);
    }
    if (defer_indexes) session.resume_secondary_indexes(*schema);
  }
  session.commit();
  out.StartObject();
  out.EndObject();
}

}  // namespace dynemu::seeding
