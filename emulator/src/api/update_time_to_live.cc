// UpdateTimeToLive: enable or disable TTL on a table. Validate (constraints → the table → the
// transition DynamoDB allows from the current settings → the one-hour rule) → save the settings
// (the store adds and backfills the indexed ttl column, see store/time_to_live.cc) → echo the
// specification, as DynamoDB does.
//
// DynamoDB's behaviour, as its API reference and observed answers show it: enabling an enabled
// table is refused ("TimeToLive is already enabled"), and so is disabling a disabled one; naming
// another attribute while TTL is enabled is refused either way ("TimeToLive is active on a
// different AttributeName: current AttributeName is X"), so a rename is disable, then enable. Those
// content checks come before the rule that TTL can change only once an hour ("Time to live has been
// modified multiple times within a fixed interval"). A table being created is in use; one being
// updated (or deleted) accepts the change.
#include "api/table_description.h"
#include "api/table_lookup.h"

namespace dynemu::api {
namespace {

// "It can take up to one hour for the change to fully process. Any additional UpdateTimeToLive
// calls for the same table during this one hour duration result in a ValidationException."
constexpr int64_t kModifyIntervalMs = int64_t{60} * 60 * 1000;

const Shape& request_shape() {
  static const Shape& s = Shape::structure(
      "UpdateTimeToLiveInput",
      {{"TableName", &Shape::string()},
       {"TimeToLiveSpecification", &Shape::structure("TimeToLiveSpecification", {{"Enabled", &Shape::boolean()},
                                                                                  {"AttributeName", &Shape::string()}})}});
  return s;
}

struct UpdateTimeToLiveRequest {
  std::string table_name;
  std::string attribute;
  bool enabled = false;
};

UpdateTimeToLiveRequest decode(const rapidjson::Value& request) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  errors.table_name(member(request, "TableName"), "tableName");
  const rapidjson::Value* spec = member(request, "TimeToLiveSpecification");
  UpdateTimeToLiveRequest r;
  if (!spec) {
    errors.not_null("timeToLiveSpecification");
  } else {
    const rapidjson::Value* attribute = member(*spec, "AttributeName");
    if (!attribute) errors.not_null("timeToLiveSpecification.attributeName");
    else {
      r.attribute.assign(attribute->GetString(), attribute->GetStringLength());
      errors.string_length(r.attribute, "timeToLiveSpecification.attributeName", 1, 255);
    }
    const rapidjson::Value* enabled = member(*spec, "Enabled");
    if (!enabled) errors.not_null("timeToLiveSpecification.enabled");
    else r.enabled = enabled->GetBool();
  }
  errors.throw_if_any();
  r.table_name = string_member(request, "TableName");
  return r;
}

// The transition from the current settings, or DynamoDB's refusal of it.
void check_transition(const store::TimeToLiveSchema& current, const UpdateTimeToLiveRequest& r, int64_t now) {
  if (current.enabled && current.attribute != r.attribute)
    throw model::validation_error("TimeToLive is active on a different AttributeName: current AttributeName is " +
                                  current.attribute);
  if (r.enabled && current.enabled) throw model::validation_error("TimeToLive is already enabled");
  if (!r.enabled && !current.enabled) throw model::validation_error("TimeToLive is already disabled");
  if (current.modified_ms != 0 && now < current.modified_ms + kModifyIntervalMs)
    throw model::validation_error("Time to live has been modified multiple times within a fixed interval");
}

}  // namespace

void update_time_to_live(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  const UpdateTimeToLiveRequest r = decode(request);
  const int64_t now = ctx.clock.now_ms();
  {
    auto session = ctx.store.write();
    purge_expired_tables(session, now);
    auto schema = find_visible_table(session, r.table_name, now);
    if (!schema) throw_table_not_found(r.table_name);
    if (table_status_now(*schema, now) == "CREATING")
      throw model::resource_in_use("Attempt to change a resource which is still in use: Table " + r.table_name +
                                   " is being created");
    check_transition(schema->ttl, r, now);

    store::TimeToLiveSchema ttl = schema->ttl;
    ttl.attribute = r.attribute;
    ttl.enabled = r.enabled;
    ttl.modified_ms = now;
    ttl.transient_until_ms = ctx.settings.delay_transient_statuses ? now + ctx.settings.transient_delay_ms : 0;
    session.set_time_to_live(r.table_name, ttl);
    session.commit();
  }

  out.StartObject();
  out.Key("TimeToLiveSpecification");
  out.StartObject();
  out.Key("Enabled");
  out.Bool(r.enabled);
  out.Key("AttributeName");
  out.String(r.attribute);
  out.EndObject();
  out.EndObject();
}

}  // namespace dynemu::api
