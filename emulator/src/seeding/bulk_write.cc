#include "seeding/bulk_write.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>
#include <tuple>

#include "api/constraints.h"
#include "api/item_collections.h"
#include "api/item_keys.h"
#include "api/request_shape.h"
#include "api/table_lookup.h"
#include "model/json_codec.h"
#include "model/key_codec.h"

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

// One table's writes, each checked by checked_write(), and the order to apply them in.
struct CheckedWrites {
  std::vector<Write> writes;  // in request order
  std::vector<size_t> order;  // indexes into writes
};

// Without a change log (or item collections, whose limits are checked write by write), only each
// key's last write matters, and writing in primary-key order appends to the table's B-tree instead
// of splitting pages all over it (the bulk path's main saving). With one, writes keep request order
// (stream records follow it).
bool applies_in_key_order(const store::TableSchema& schema) {
  return !schema.change_log_needs().any && !api::has_item_collections(schema);
}

bool key_less(const Write& a, const Write& b) {
  return std::tie(a.row.hash, a.row.pk, a.row.sk) < std::tie(b.row.hash, b.row.pk, b.row.sk);
}

// Checks every write; when several fail, the first in request order is the one thrown, as if
// they had been checked one by one. Each decoding thread also sorts its own part by key, so that
// the parts need only merging.
CheckedWrites checked_writes(const store::TableSchema& schema, const rapidjson::Value& requests) {
  const auto list = requests.GetArray();
  const size_t count = list.Size();
  CheckedWrites result;
  result.writes.resize(count);
  result.order.resize(count);
  std::iota(result.order.begin(), result.order.end(), 0);
  const bool key_order = applies_in_key_order(schema);
  auto& writes = result.writes;
  auto by_key = [&writes](size_t a, size_t b) { return key_less(writes[a], writes[b]); };
  const size_t threads =
      count < kParallelDecodeFrom ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  std::vector<size_t> bounds(threads + 1);
  for (size_t part = 0; part <= threads; ++part) bounds[part] = count * part / threads;
  std::vector<std::exception_ptr> failures(threads);
  auto decode_part = [&](size_t part) {
    try {
      for (size_t i = bounds[part]; i < bounds[part + 1]; ++i)
        writes[i] = checked_write(schema, list[static_cast<rapidjson::SizeType>(i)]);
      if (key_order)  // stable: of equal keys, request order stays
        std::stable_sort(result.order.begin() + bounds[part], result.order.begin() + bounds[part + 1], by_key);
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
  if (!key_order) return result;
  // Merging part after part keeps equal keys in request order (inplace_merge is stable).
  for (size_t part = 1; part < threads; ++part)
    std::inplace_merge(result.order.begin(), result.order.begin() + bounds[part],
                       result.order.begin() + bounds[part + 1], by_key);
  // Of equal keys, keep the last in request order.
  auto& order = result.order;
  size_t kept = 0;
  for (size_t i = 0; i < order.size(); ++i)
    if (i + 1 == order.size() || by_key(order[i], order[i + 1])) order[kept++] = order[i];
  order.resize(kept);
  return result;
}

// With item collections (LSIs), each put is checked against its collection's size limit as
// PutItem checks it: what the collection holds then, this write's old version excluded.
void apply_with_collection_limit(api::OperationContext& ctx, store::Session& session, const store::TableSchema& schema,
                                 const Write& w) {
  if (!w.is_put) {
    session.delete_item(schema, w.row.pk, w.row.sk);
    return;
  }
  auto old = session.get_item(schema, w.row.pk, w.row.sk);
  api::check_collection_limit(session, schema, w.row.pk, w.row.size - (old ? old->size : 0),
                              ctx.settings.max_item_collection_bytes);
  session.put_item(schema, w.row);
}

// Applies the writes in `order`: each run of puts in one put_items() call, deletes one by one.
void apply_in_runs(store::Session& session, const store::TableSchema& schema, const std::vector<Write>& writes,
                   const std::vector<size_t>& order) {
  std::vector<const store::ItemRow*> puts;
  puts.reserve(order.size());
  for (size_t i : order) {
    const Write& w = writes[i];
    if (w.is_put) {
      puts.push_back(&w.row);
      continue;
    }
    session.put_items(schema, puts);
    puts.clear();
    session.delete_item(schema, w.row.pk, w.row.sk);
  }
  session.put_items(schema, puts);
}


// ---------------------------------------------------------------- the key-order pipeline
//
// For a large load in key order, decoding (most of the CPU time) runs beside the inserts instead of
// before them: first each write's primary key alone is read, which gives the order; then helper
// threads decode and check chunk after chunk in that order while this thread inserts the chunks
// done, each still warm in cache. Every write is checked, overwritten ones too; on any failure
// nothing more is inserted (the session is never committed) and the failure of the write first in
// request order is thrown, as checked_writes() would.

constexpr size_t kPipelineChunk = 2048;  // writes per chunk: small enough to stay in cache

struct WriteKey {
  int64_t hash = 0;
  std::string pk, sk;
  size_t index = 0;  // in request order
};

bool key_order_less(const WriteKey& a, const WriteKey& b) {
  return std::tie(a.hash, a.pk, a.sk, a.index) < std::tie(b.hash, b.pk, b.sk, b.index);
}

bool same_key(const WriteKey& a, const WriteKey& b) { return a.hash == b.hash && a.pk == b.pk && a.sk == b.sk; }

// The primary key checked_write() finds for `request` when it accepts it: the key attributes of its
// Item or Key, encoded. Nullopt when they cannot be read so (checked_write then refuses the write).
std::optional<WriteKey> key_of(const store::TableSchema& schema, const rapidjson::Value& request, size_t index) {
  if (!request.IsObject()) return std::nullopt;
  const rapidjson::Value* put = api::member(request, "PutRequest");
  const rapidjson::Value* del = put ? nullptr : api::member(request, "DeleteRequest");
  const rapidjson::Value* payload =
      put && put->IsObject() ? api::member(*put, "Item") : del && del->IsObject() ? api::member(*del, "Key") : nullptr;
  if (!payload || !payload->IsObject()) return std::nullopt;
  auto encoded = [&](const store::KeyAttribute& attr) -> std::optional<std::string> {
    const rapidjson::Value* value = api::member(*payload, attr.name.c_str());
    if (!value) return std::nullopt;
    const model::AttributeValue decoded = model::decode_attribute_value(*value);
    if (decoded.type != attr.type) return std::nullopt;
    return model::encode_key(decoded);
  };
  try {
    WriteKey key;
    key.index = index;
    auto pk = encoded(schema.key.hash);
    if (!pk) return std::nullopt;
    key.pk = std::move(*pk);
    if (schema.key.range) {
      auto sk = encoded(*schema.key.range);
      if (!sk) return std::nullopt;
      key.sk = std::move(*sk);
    }
    key.hash = store::ItemRow::hash_of(key.pk);
    return key;
  } catch (...) {  // what checked_write will refuse, with its own error
    return std::nullopt;
  }
}

// Every write's key in key order (equal keys in request order), read in `threads` parts; nullopt
// when some write's key cannot be read.
std::optional<std::vector<WriteKey>> keys_in_order(const store::TableSchema& schema, const rapidjson::Value& requests,
                                                   size_t threads) {
  const auto list = requests.GetArray();
  const size_t count = list.Size();
  std::vector<WriteKey> keys(count);
  std::vector<size_t> bounds(threads + 1);
  for (size_t part = 0; part <= threads; ++part) bounds[part] = count * part / threads;
  std::atomic<bool> unreadable{false};
  auto read_part = [&](size_t part) {
    for (size_t i = bounds[part]; i < bounds[part + 1] && !unreadable; ++i) {
      auto key = key_of(schema, list[static_cast<rapidjson::SizeType>(i)], i);
      if (!key) {
        unreadable = true;
        return;
      }
      keys[i] = std::move(*key);
    }
    std::sort(keys.begin() + bounds[part], keys.begin() + bounds[part + 1], key_order_less);
  };
  std::vector<std::thread> helpers;
  for (size_t part = 1; part < threads; ++part) helpers.emplace_back(read_part, part);
  read_part(0);
  for (auto& t : helpers) t.join();
  if (unreadable) return std::nullopt;
  for (size_t part = 1; part < threads; ++part)
    std::inplace_merge(keys.begin(), keys.begin() + bounds[part], keys.begin() + bounds[part + 1], key_order_less);
  return keys;
}

// Runs the pipeline over `requests` in the order of `keys`. Returns normally only when every
// write passed its checks and each key's last write is inserted.
void pipeline_writes(store::Session& session, const store::TableSchema& schema, const rapidjson::Value& requests,
                     const std::vector<WriteKey>& keys, size_t threads) {
  const auto list = requests.GetArray();
  const size_t count = keys.size();
  const size_t chunks = (count + kPipelineChunk - 1) / kPipelineChunk;
  std::vector<Write> writes(count);  // in key order, as `keys`
  std::vector<std::atomic<bool>> decoded(chunks);
  std::atomic<size_t> next_chunk{0};
  std::atomic<bool> stop{false};  // this thread failed: the helpers stop
  std::mutex mutex;
  std::condition_variable chunk_done;
  struct Failure {
    size_t index = SIZE_MAX;  // in request order
    std::exception_ptr error;
  };
  std::vector<Failure> failures(threads);  // per decoding thread, its first in request order
  std::atomic<bool> failed{false};

  auto decode_chunk = [&](size_t chunk, Failure& failure) {
    const size_t end = std::min(count, (chunk + 1) * kPipelineChunk);
    for (size_t pos = chunk * kPipelineChunk; pos < end; ++pos) {
      const size_t index = keys[pos].index;
      try {
        writes[pos] = checked_write(schema, list[static_cast<rapidjson::SizeType>(index)]);
      } catch (...) {
        if (index < failure.index) failure = {index, std::current_exception()};
        failed = true;
      }
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      decoded[chunk] = true;
    }
    chunk_done.notify_all();
  };
  auto helper = [&](size_t part) {
    for (size_t chunk; !stop && (chunk = next_chunk++) < chunks;) decode_chunk(chunk, failures[part]);
  };
  std::vector<std::thread> helpers;
  for (size_t part = 1; part < threads; ++part) helpers.emplace_back(helper, part);
  struct Joiner {  // however this thread leaves, the helpers are done first
    std::vector<std::thread>& threads;
    std::atomic<bool>& stop;
    ~Joiner() {
      stop = true;
      for (auto& t : threads) t.join();
    }
  };
  {
    Joiner joiner{helpers, stop};
    std::vector<const store::ItemRow*> puts;  // the next rows to insert, in key order
    puts.reserve(kPipelineChunk + store::kPutRowsPerStatement);
    for (size_t chunk = 0; chunk < chunks; ++chunk) {
      // Help decode while the chunk to insert next is not done.
      while (!decoded[chunk]) {
        const size_t mine = next_chunk++;
        if (mine < chunks) {
          decode_chunk(mine, failures[0]);
          continue;
        }
        std::unique_lock<std::mutex> lock(mutex);
        chunk_done.wait(lock, [&] { return decoded[chunk].load(); });
      }
      if (failed) continue;  // nothing of this call will be committed: only the checks go on
      const size_t end = std::min(count, (chunk + 1) * kPipelineChunk);
      for (size_t pos = chunk * kPipelineChunk; pos < end; ++pos) {
        if (pos + 1 < count && same_key(keys[pos], keys[pos + 1])) continue;  // a later write of the key wins
        if (writes[pos].is_put) {
          puts.push_back(&writes[pos].row);
          continue;
        }
        session.put_items(schema, puts);
        puts.clear();
        session.delete_item(schema, writes[pos].row.pk, writes[pos].row.sk);
      }
      // Whole statements now; the rest waits for the next chunk (rows stay where they are).
      const size_t ready = puts.size() / store::kPutRowsPerStatement * store::kPutRowsPerStatement;
      session.put_items(schema, std::vector<const store::ItemRow*>(puts.begin(), puts.begin() + ready));
      puts.erase(puts.begin(), puts.begin() + ready);
    }
    if (!failed) session.put_items(schema, puts);
  }
  const Failure* first = nullptr;
  for (const auto& f : failures)
    if (f.error && (!first || f.index < first->index)) first = &f;
  if (first) std::rethrow_exception(first->error);
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
    const size_t count = it->value.GetArray().Size();
    const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
    std::optional<std::vector<WriteKey>> keys;
    if (count >= kParallelDecodeFrom && applies_in_key_order(*schema))
      keys = keys_in_order(*schema, it->value, threads);
    if (keys) {
      const bool defer_indexes =
          !schema->indexes.empty() && count >= kDeferIndexesFrom && session.table_is_empty(*schema);
      if (defer_indexes) session.suspend_secondary_indexes(*schema);
      pipeline_writes(session, *schema, it->value, *keys, threads);
      if (defer_indexes) session.resume_secondary_indexes(*schema);
      continue;
    }
    const CheckedWrites checked = checked_writes(*schema, it->value);
    const std::vector<Write>& writes = checked.writes;
    const bool collections = api::has_item_collections(*schema);
    // Into an empty table, the secondary indexes are built once at the end instead of row by row.
    const bool defer_indexes =
        !schema->indexes.empty() && writes.size() >= kDeferIndexesFrom && session.table_is_empty(*schema);
    if (defer_indexes) session.suspend_secondary_indexes(*schema);
    if (collections) {
      for (size_t i : checked.order) apply_with_collection_limit(ctx, session, *schema, writes[i]);
    } else {
      apply_in_runs(session, *schema, writes, checked.order);
    }
    if (defer_indexes) session.resume_secondary_indexes(*schema);
  }
  session.commit();
  out.StartObject();
  out.EndObject();
}

}  // namespace dynemu::seeding
