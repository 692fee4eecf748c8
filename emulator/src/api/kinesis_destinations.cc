#include "api/kinesis_destinations.h"

#include "api/constraints.h"
#include "api/continuous_backups.h"
#include "api/table_description.h"
#include "api/table_features.h"

namespace dynemu::api {
namespace {

bool valid_kinesis_stream_arn(const std::string& arn) {
  const std::string prefix = "arn:aws:kinesis:";
  if (arn.rfind(prefix, 0) != 0) return false;
  const size_t region_end = arn.find(':', prefix.size());
  if (region_end == std::string::npos || region_end == prefix.size()) return false;
  const size_t account_end = arn.find(':', region_end + 1);
  if (account_end == std::string::npos || account_end - region_end - 1 != 12) return false;
  for (size_t i = region_end + 1; i < account_end; ++i)
    if (arn[i] < '0' || arn[i] > '9') return false;
  const std::string resource = arn.substr(account_end + 1);
  return resource.rfind("stream/", 0) == 0 && resource.size() > 7 && resource.find('/', 7) == std::string::npos;
}

void store_kinesis_destinations(rapidjson::Value& description, const std::vector<KinesisDestination>& destinations,
                                rapidjson::Document::AllocatorType& a) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& d : destinations) {
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("StreamArn", string_value(d.stream_arn, a), a);
    entry.AddMember("Target", string_value(d.target, a), a);
    entry.AddMember("Transition", string_value(d.transition, a), a);
    entry.AddMember("UntilMs", d.until_ms, a);
    entry.AddMember("Precision", string_value(d.precision, a), a);
    list.PushBack(entry, a);
  }
  set_member(description, "_KinesisDestinations", std::move(list), a);
}

}  // namespace

const Shape& kinesis_streaming_destination_input_shape() {
  static const Shape& config = Shape::structure("EnableKinesisStreamingConfiguration",
                                                {{"ApproximateCreationDateTimePrecision", &Shape::string()}});
  static const Shape& s = Shape::structure("KinesisStreamingDestinationInput",
                                           {{"TableName", &Shape::string()},
                                            {"StreamArn", &Shape::string()},
                                            {"EnableKinesisStreamingConfiguration", &config}});
  return s;
}

std::vector<KinesisDestination> stored_kinesis_destinations(const rapidjson::Value& description) {
  std::vector<KinesisDestination> out;
  const rapidjson::Value* list = member(description, "_KinesisDestinations");
  if (!list || !list->IsArray()) return out;
  for (const auto& e : list->GetArray()) {
    if (!e.IsObject()) continue;
    KinesisDestination d;
    d.stream_arn = string_member(e, "StreamArn");
    d.target = string_member(e, "Target", d.target);
    d.transition = string_member(e, "Transition", d.transition);
    d.until_ms = int64_member(e, "UntilMs");
    d.precision = string_member(e, "Precision", d.precision);
    out.push_back(d);
  }
  return out;
}

KinesisRequest validate_kinesis_request(const rapidjson::Value& request, const Shape& shape,
                                        const char* configuration_member) {
  check_shape(request, shape);
  ConstraintErrors errors;
  KinesisRequest r;
  r.table = validate_continuous_backups_table_name(member(request, "TableName"), errors);
  const rapidjson::Value* arn = member(request, "StreamArn");
  if (!arn) {
    errors.not_null("streamArn");
  } else {
    r.stream_arn = string_member(request, "StreamArn");
    errors.string_length(r.stream_arn, "streamArn", 37, 1024);
  }
  if (configuration_member) {
    if (const rapidjson::Value* config = member(request, configuration_member)) {
      if (member(*config, "ApproximateCreationDateTimePrecision")) {
        std::string path = configuration_member;
        path[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[0])));
        errors.enum_value(string_member(*config, "ApproximateCreationDateTimePrecision"),
                          path + ".approximateCreationDateTimePrecision", {"MILLISECOND", "MICROSECOND"});
      }
    }
  }
  errors.throw_if_any();
  if (!valid_kinesis_stream_arn(r.stream_arn)) throw model::validation_error("Invalid StreamArn: " + r.stream_arn);
  return r;
}

std::optional<std::string> precision_of(const rapidjson::Value& request, const char* configuration_member) {
  const rapidjson::Value* config = member(request, configuration_member);
  if (!config || !member(*config, "ApproximateCreationDateTimePrecision")) return std::nullopt;
  return string_member(*config, "ApproximateCreationDateTimePrecision");
}

std::string change_kinesis_destination(OperationContext& ctx, const std::string& table,
                                       const std::function<void(std::vector<KinesisDestination>&, int64_t)>& change) {
  const int64_t now = ctx.clock.now_ms();
  auto session = ctx.store.write();
  purge_expired_tables(session, now);
  store::TableSchema schema = *named_table(ctx, session, table, now);
  const std::string status = table_status_now(schema, now);
  if (status != "ACTIVE") throw_table_in_use(schema.name, status);
  rapidjson::Document description = parse_description(schema);
  std::vector<KinesisDestination> destinations = stored_kinesis_destinations(description);
  change(destinations, now);
  store_kinesis_destinations(description, destinations, description.GetAllocator());
  save_description(session, schema, description);
  session.commit();
  return schema.name;
}

void write_kinesis_destination_output(model::JsonWriter& out, const std::string& table,
                                      const KinesisDestination& destination, const char* configuration_member) {
  out.StartObject();
  out.Key("TableName");
  out.String(table);
  out.Key("StreamArn");
  out.String(destination.stream_arn);
  out.Key("DestinationStatus");
  out.String(destination.transition);
  out.Key(configuration_member);
  out.StartObject();
  out.Key("ApproximateCreationDateTimePrecision");
  out.String(destination.precision);
  out.EndObject();
  out.EndObject();
}

}  // namespace dynemu::api
