// UpdateTable: billing mode, provisioned throughput, streams, encryption, table class and deletion
// protection. Validate (constraints → request rules → the table's current state) → rewrite the
// stored description (and start an UPDATING window when transient statuses are delayed) → respond.
//
// GlobalSecondaryIndexUpdates (create, delete, re-provision a GSI) are applied by index_updates.cc,
// WarmThroughput by warm_throughput.cc, ReplicaUpdates (global tables 2019.11.21) by table_replicas.cc.
#include "api/index_updates.h"
#include "api/table_description.h"
#include "api/table_lookup.h"
#include "api/table_replicas.h"
#include "api/warm_throughput.h"

namespace dynemu::api {
namespace {

using Allocator = rapidjson::Document::AllocatorType;
const std::string kInvalid = "One or more parameter values were invalid: ";

const Shape& request_shape() {
  static const Shape& index_update = Shape::structure(
      "GlobalSecondaryIndexUpdate",
      {{"Update", &Shape::structure("UpdateGlobalSecondaryIndexAction",
                                    {{"IndexName", &Shape::string()},
                                     {"ProvisionedThroughput", &throughput_shape()},
                                     {"WarmThroughput", &warm_throughput_shape()}})},
       {"Create", &Shape::structure("CreateGlobalSecondaryIndexAction",
                                    {{"IndexName", &Shape::string()},
                                     {"KeySchema", &key_schema_shape()},
                                     {"Projection", &projection_shape()},
                                     {"ProvisionedThroughput", &throughput_shape()},
                                     {"WarmThroughput", &warm_throughput_shape()}})},
       {"Delete", &Shape::structure("DeleteGlobalSecondaryIndexAction", {{"IndexName", &Shape::string()}})}});
  static const Shape& s = Shape::structure("UpdateTableInput", {
      {"AttributeDefinitions", &attribute_definitions_shape()},
      {"TableName", &Shape::string()},
      {"BillingMode", &Shape::string()},
      {"ProvisionedThroughput", &throughput_shape()},
      {"GlobalSecondaryIndexUpdates", &Shape::list_of(index_update)},
      {"StreamSpecification", &stream_specification_shape()},
      {"SSESpecification", &sse_specification_shape()},
      {"TableClass", &Shape::string()},
      {"DeletionProtectionEnabled", &Shape::boolean()},
      {"OnDemandThroughput", &on_demand_throughput_shape()},
      {"ReplicaUpdates", &replica_updates_shape()},
      {"WarmThroughput", &warm_throughput_shape()},
  });
  return s;
}

struct Requested {
  const rapidjson::Value* billing_mode = nullptr;
  const rapidjson::Value* throughput = nullptr;
  const rapidjson::Value* index_updates = nullptr;
  const rapidjson::Value* stream = nullptr;
  const rapidjson::Value* sse = nullptr;
  const rapidjson::Value* table_class = nullptr;
  const rapidjson::Value* deletion_protection = nullptr;
  const rapidjson::Value* replica_updates = nullptr;
  const rapidjson::Value* on_demand = nullptr;
  const rapidjson::Value* warm = nullptr;

  explicit Requested(const rapidjson::Value& r)
      : billing_mode(member(r, "BillingMode")),
        throughput(member(r, "ProvisionedThroughput")),
        index_updates(member(r, "GlobalSecondaryIndexUpdates")),
        stream(member(r, "StreamSpecification")),
        sse(member(r, "SSESpecification")),
        table_class(member(r, "TableClass")),
        deletion_protection(member(r, "DeletionProtectionEnabled")),
        replica_updates(member(r, "ReplicaUpdates")),
        on_demand(member(r, "OnDemandThroughput")),
        warm(member(r, "WarmThroughput")) {}

  bool has_replica_updates() const { return replica_updates && replica_updates->Size() > 0; }
  // How many kinds of change the request asks for (an empty index or replica update list asks for none).
  int kinds() const {
    const bool has_index_updates = index_updates && index_updates->Size() > 0;
    return (billing_mode || throughput) + has_index_updates + (stream != nullptr) + (sse != nullptr) +
           (table_class != nullptr) + (deletion_protection != nullptr) + has_replica_updates() +
           (on_demand != nullptr) + (warm != nullptr);
  }
};

void check_constraints(const rapidjson::Value& request, const Requested& req) {
  ConstraintErrors errors;
  errors.table_name(member(request, "TableName"), "tableName");
  if (req.billing_mode)
    errors.enum_value(string_member(request, "BillingMode"), "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  if (req.throughput) check_throughput_constraints(errors, *req.throughput, "provisionedThroughput");
  if (req.stream) check_stream_constraints(errors, *req.stream);
  if (req.sse) check_sse_constraints(errors, *req.sse);
  if (req.warm) check_warm_throughput_constraints(errors, *req.warm, "warmThroughput");
  if (req.index_updates) {
    rapidjson::SizeType i = 0;
    for (const auto& update : req.index_updates->GetArray()) {
      const std::string path = "globalSecondaryIndexUpdates." + std::to_string(++i) + ".member";
      for (const char* action : {"Update", "Create"})
        if (const rapidjson::Value* a = update.IsObject() ? member(update, action) : nullptr)
          if (const rapidjson::Value* w = member(*a, "WarmThroughput"))
            check_warm_throughput_constraints(errors, *w,
                                              path + (action[0] == 'U' ? ".update" : ".create") + ".warmThroughput");
      if (const rapidjson::Value* create = update.IsObject() ? member(update, "Create") : nullptr)
        check_index_attribute_name_lengths(errors, *create, path + ".create");
    }
  }
  if (const rapidjson::Value* definitions = member(request, "AttributeDefinitions"))
    check_attribute_definition_name_lengths(errors, *definitions);
  if (req.replica_updates) check_replica_update_constraints(errors, *req.replica_updates);
  errors.throw_if_any();
}

// The request-level rules that need no table.
void check_request_rules(const OperationContext& ctx, const Requested& req) {
  if (req.kinds() == 0)
    throw model::validation_error(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or "
        "SSESpecification or ReplicaUpdates is required");
  if (req.throughput) check_throughput_bounds(*req.throughput);
  if (req.index_updates) {
    std::vector<std::string> names;
    for (const auto& update : req.index_updates->GetArray()) {
      const int actions = update.IsObject() ? (member(update, "Update") != nullptr) + (member(update, "Create") != nullptr) +
                                                  (member(update, "Delete") != nullptr)
                                            : 0;
      if (actions == 0)
        throw model::validation_error(kInvalid +
                                      "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                                      "GlobalSecondaryIndexUpdate.Delete must not be null");
      if (actions > 1)
        throw model::validation_error(kInvalid +
                                      "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate "
                                      "object");
      const rapidjson::Value* action = member(update, "Update");
      if (!action) action = member(update, "Create");
      if (!action) action = member(update, "Delete");
      const std::string name = string_member(*action, "IndexName");
      for (const auto& seen : names)
        if (seen == name)
          throw model::validation_error(kInvalid +
                                        "Only one global secondary index update per index is allowed simultaneously. "
                                        "Index: " + name);
      names.push_back(name);
    }
  }
  // These changes must each come alone.
  if (req.sse && req.kinds() > 1)
    throw model::validation_error(kInvalid + "Server-Side Encryption modification must be the only operation in the request");
  if (req.table_class && req.kinds() > 1)
    throw model::validation_error(kInvalid + "TableClass modification must be the only operation in the request");
  if (req.deletion_protection && req.kinds() > 1)
    throw model::validation_error(kInvalid + "DeletionProtection modification must be the only operation in the request");
  // dynemu's wording: replica changes come alone (the brief's reading of DynamoDB), and the
  // reference gives no message for it.
  if (req.has_replica_updates() && req.kinds() > 1)
    throw model::validation_error(kInvalid + "ReplicaUpdates modification must be the only operation in the request");
  if (req.on_demand && req.kinds() - 1 - ((req.billing_mode || req.throughput) ? 1 : 0) > 0)
    throw model::validation_error(kInvalid + "OnDemandThroughput can only be combined with BillingMode in an UpdateTable "
                                  "request");
  if (req.stream) {
    const bool enabled = member(*req.stream, "StreamEnabled")->GetBool();
    const bool has_view = member(*req.stream, "StreamViewType") != nullptr;
    if (enabled && !has_view)
      throw model::validation_error(kInvalid + "If stream is being enabled then UpdateViewType is required");
    if (!enabled && has_view)
      throw model::validation_error(kInvalid + "If stream is being disabled, then UpdateViewType must not be specified");
  }
  if (req.sse) validate_sse(*req.sse);
  if (req.table_class) validate_table_class(std::string(req.table_class->GetString(), req.table_class->GetStringLength()));
  if (req.warm) validate_warm_throughput(*req.warm);
  if (req.index_updates)
    for (const auto& update : req.index_updates->GetArray())
      for (const char* action : {"Update", "Create"})
        if (const rapidjson::Value* a = member(update, action))
          if (const rapidjson::Value* w = member(*a, "WarmThroughput")) validate_warm_throughput(*w);
  if (req.has_replica_updates()) check_replica_update_rules(ctx, *req.replica_updates);
}

// Whether GlobalSecondaryIndexUpdates updates `index` with a ProvisionedThroughput, or deletes it.
bool index_update_gives_throughput(const rapidjson::Value* index_updates, const std::string& index) {
  if (!index_updates) return false;
  for (const auto& u : index_updates->GetArray()) {
    if (const rapidjson::Value* del = member(u, "Delete"); del && string_member(*del, "IndexName") == index) return true;
    const rapidjson::Value* update = member(u, "Update");
    if (update && string_member(*update, "IndexName") == index && member(*update, "ProvisionedThroughput")) return true;
  }
  return false;
}

// Billing mode and table throughput.
void update_capacity(rapidjson::Document& d, const Requested& req, int64_t now) {
  auto& a = d.GetAllocator();
  const rapidjson::Value* summary = member(d, "BillingModeSummary");
  const std::string current_mode = summary ? string_member(*summary, "BillingMode") : "PROVISIONED";
  const std::string target_mode = req.billing_mode ? req.billing_mode->GetString() : current_mode;
  rapidjson::Value& throughput = d["ProvisionedThroughput"];

  if (target_mode == "PAY_PER_REQUEST") {
    if (req.throughput)
      throw model::validation_error(kInvalid +
                                    "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode "
                                    "is PAY_PER_REQUEST");
    if (current_mode == "PAY_PER_REQUEST") return;
    rapidjson::Value s(rapidjson::kObjectType);
    s.AddMember("BillingMode", "PAY_PER_REQUEST", a);
    s.AddMember("LastUpdateToPayPerRequestDateTime", epoch_seconds(now), a);
    set_member(d, "BillingModeSummary", std::move(s), a);
    set_member(throughput, "ReadCapacityUnits", rapidjson::Value(0), a);
    set_member(throughput, "WriteCapacityUnits", rapidjson::Value(0), a);
    if (d.HasMember("GlobalSecondaryIndexes"))
      for (auto& ix : d["GlobalSecondaryIndexes"].GetArray()) {
        set_member(ix["ProvisionedThroughput"], "ReadCapacityUnits", rapidjson::Value(0), a);
        set_member(ix["ProvisionedThroughput"], "WriteCapacityUnits", rapidjson::Value(0), a);
      }
    return;
  }

  // PROVISIONED.
  if (!req.throughput) {
    if (current_mode == "PAY_PER_REQUEST")
      throw model::validation_error(kInvalid + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
    return;
  }
  const int64_t read = *long_member(*req.throughput, "ReadCapacityUnits");
  const int64_t write = *long_member(*req.throughput, "WriteCapacityUnits");
  if (current_mode == "PAY_PER_REQUEST") {
    // Every global index kept needs its own throughput, which only an Update of this request's
    // GlobalSecondaryIndexUpdates can give (applied after this, on the provisioned table).
    if (d.HasMember("GlobalSecondaryIndexes"))
      for (const auto& ix : d["GlobalSecondaryIndexes"].GetArray()) {
        const std::string index = string_member(ix, "IndexName");
        if (!index_update_gives_throughput(req.index_updates, index))
          throw model::validation_error(kInvalid + "ProvisionedThroughput must be specified for index: " + index);
      }
    rapidjson::Value s(rapidjson::kObjectType);
    s.AddMember("BillingMode", "PROVISIONED", a);
    if (summary && member(*summary, "LastUpdateToPayPerRequestDateTime"))
      s.AddMember("LastUpdateToPayPerRequestDateTime",
                  rapidjson::Value(*member(*summary, "LastUpdateToPayPerRequestDateTime"), a), a);
    set_member(d, "BillingModeSummary", std::move(s), a);
  } else {
    const int64_t old_read = long_member(throughput, "ReadCapacityUnits").value_or(0);
    const int64_t old_write = long_member(throughput, "WriteCapacityUnits").value_or(0);
    if (read == old_read && write == old_write)
      throw model::validation_error(
          "The provisioned throughput for the table will not change. The requested value equals the current value. "
          "Current ReadCapacityUnits provisioned for the table: " + std::to_string(old_read) +
          ". Requested ReadCapacityUnits: " + std::to_string(read) +
          ". Current WriteCapacityUnits provisioned for the table: " + std::to_string(old_write) +
          ". Requested WriteCapacityUnits: " + std::to_string(write) +
          ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
    if (read > old_read || write > old_write)
      set_member(throughput, "LastIncreaseDateTime", rapidjson::Value(epoch_seconds(now)), a);
    if (read < old_read || write < old_write) {
      set_member(throughput, "LastDecreaseDateTime", rapidjson::Value(epoch_seconds(now)), a);
      const int64_t decreases = long_member(throughput, "NumberOfDecreasesToday").value_or(0);
      set_member(throughput, "NumberOfDecreasesToday", rapidjson::Value(decreases + 1), a);
    }
  }
  set_member(throughput, "ReadCapacityUnits", rapidjson::Value(read), a);
  set_member(throughput, "WriteCapacityUnits", rapidjson::Value(write), a);
  follow_provisioned_throughput(d, a);
}

void update_stream(OperationContext& ctx, store::Session& session, store::TableSchema& updated, rapidjson::Document& d,
                   const rapidjson::Value& spec, const std::string& table_name, int64_t now) {
  const bool enabled = member(spec, "StreamEnabled")->GetBool();
  const rapidjson::Value* current = member(d, "StreamSpecification");
  const bool currently_enabled = current && member(*current, "StreamEnabled") && (*current)["StreamEnabled"].GetBool();
  if (enabled && currently_enabled)
    throw model::validation_error("Table already has an enabled stream: TableName: " + table_name);
  if (!enabled && !currently_enabled)
    throw model::validation_error("Table has no stream to disable: TableName: " + table_name);
  if (!enabled && has_replicas(d))
    throw model::validation_error(kInvalid + "Disabling Stream is not allowed for a Global Table replica.");
  if (enabled)
    enable_table_stream(ctx, session, updated, d, string_member(spec, "StreamViewType"), now);
  else
    disable_table_stream(session, updated, d, now);
}

void update_sse(rapidjson::Document& d, const OperationContext& ctx, const rapidjson::Value& spec) {
  rapidjson::Value description;
  build_sse_description(ctx, spec, description, d.GetAllocator());
  const bool has_key = d.HasMember("SSEDescription");
  if (description.IsNull()) {
    if (!has_key) throw model::validation_error(kInvalid + "Table is already encrypted by default");
    d.RemoveMember("SSEDescription");
    return;
  }
  if (has_key && string_member(d["SSEDescription"], "KMSMasterKeyArn") ==
                     string_member(description, "KMSMasterKeyArn"))
    throw model::validation_error(kInvalid +
                                  "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter "
                                  "if you want to change Master Key");
  set_member(d, "SSEDescription", std::move(description), d.GetAllocator());
}

// The WarmThroughput of GlobalSecondaryIndexUpdates: a created index starts from it, an updated
// one raises to it; provisioned throughput changed above it carries it along.
void apply_index_warm_throughput(rapidjson::Document& d, const rapidjson::Value& index_updates) {
  auto& a = d.GetAllocator();
  if (!d.HasMember("GlobalSecondaryIndexes")) return;
  for (const auto& update : index_updates.GetArray())
    for (const char* action : {"Update", "Create"}) {
      const rapidjson::Value* act = member(update, action);
      if (!act) continue;
      const std::string name = string_member(*act, "IndexName");
      for (auto& ix : d["GlobalSecondaryIndexes"].GetArray()) {
        if (string_member(ix, "IndexName") != name) continue;
        const rapidjson::Value* warm = member(*act, "WarmThroughput");
        if (action[0] == 'C') {
          add_initial_warm_throughput(ix, warm, a);
        } else {
          follow_provisioned_throughput(ix, a);
          if (warm) update_warm_throughput(ix, *warm, name, a);
        }
      }
    }
}

}  // namespace

void update_table(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  const Requested req(request);
  check_constraints(request, req);
  check_request_rules(ctx, req);

  const std::string name = string_member(request, "TableName");
  const int64_t now = ctx.clock.now_ms();
  auto session = ctx.store.write(now);
  auto schema = require_changeable_table(session, name, now);

  rapidjson::Document d = parse_description(*schema);
  auto& a = d.GetAllocator();
  clear_index_creation_marks(d);
  clear_warm_throughput_marks(d);
  clear_replica_marks(d);
  store::TableSchema updated = *schema;
  // The billing mode first: index updates are checked against the mode the table is moving to
  // (a switch to provisioned gives each index its throughput in the same request).
  if (req.billing_mode || req.throughput) update_capacity(d, req, now);
  if (req.index_updates && req.index_updates->Size() > 0) updated = apply_index_updates(ctx, session, *schema, d, request);
  if (req.index_updates) apply_index_warm_throughput(d, *req.index_updates);
  if (req.warm) update_warm_throughput(d, *req.warm, "", a);
  if (req.has_replica_updates()) apply_replica_updates(ctx, session, updated, d, *req.replica_updates, now);
  if (req.on_demand) {
    const rapidjson::Value* summary = member(d, "BillingModeSummary");
    const bool provisioned = !summary || string_member(*summary, "BillingMode") != "PAY_PER_REQUEST";
    validate_on_demand_throughput(*req.on_demand, provisioned, false);
    merge_on_demand_throughput(d, *req.on_demand, a);
  }
  if (req.stream) update_stream(ctx, session, updated, d, *req.stream, name, now);
  if (req.sse) update_sse(d, ctx, *req.sse);
  if (req.table_class) {
    rapidjson::Value summary(rapidjson::kObjectType);
    summary.AddMember("TableClass", rapidjson::Value(*req.table_class, a), a);
    summary.AddMember("LastUpdateDateTime", epoch_seconds(now), a);
    set_member(d, "TableClassSummary", std::move(summary), a);
  }
  if (req.deletion_protection)
    set_member(d, "DeletionProtectionEnabled", rapidjson::Value(req.deletion_protection->GetBool()), a);

  updated.description = serialize_description(d);
  if (ctx.settings.delay_transient_statuses) {
    check_simultaneous_table_operations(session, ctx.settings, now);
    updated.transient_status = "UPDATING";
    updated.transient_until_ms = now + ctx.settings.transient_delay_ms;
  }
  session.replace_schema(updated);
  const store::TableStats stats = live_table_stats(session, updated);
  session.commit();

  out.StartObject();
  out.Key("TableDescription");
  write_table_description(out, d, table_status_now(updated, now), &stats);
  out.EndObject();
}

}  // namespace dynemu::api
