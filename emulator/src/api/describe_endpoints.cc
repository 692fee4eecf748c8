// DescribeEndpoints: the regional endpoint, as DynamoDB answers it: one Endpoint whose Address is
// dynamodb.<region>.amazonaws.com (the request's signing region) and whose CachePeriodInMinutes is
// 1440 (a day). SDKs with endpoint discovery cache it; pointed at dynemu they are configured with
// an explicit endpoint and do not use the address.
#include "api/operation.h"

namespace dynemu::api {

void describe_endpoints(OperationContext& ctx, const rapidjson::Value&, model::JsonWriter& out) {
  out.StartObject();
  out.Key("Endpoints");
  out.StartArray();
  out.StartObject();
  out.Key("Address");
  out.String("dynamodb." + ctx.region + ".amazonaws.com");
  out.Key("CachePeriodInMinutes");
  out.Int64(1440);
  out.EndObject();
  out.EndArray();
  out.EndObject();
}

}  // namespace dynemu::api
