// DescribeLimits: the account's provisioned-capacity quotas in this region. dynemu answers with
// DynamoDB's default quotas (80,000 read and write capacity units per account, 40,000 per table
// including its global secondary indexes); it takes no request members.
#include "api/operation.h"

namespace dynemu::api {
namespace {

constexpr int64_t kAccountMaxCapacityUnits = 80000;
constexpr int64_t kTableMaxCapacityUnits = 40000;

}  // namespace

void describe_limits(OperationContext&, const rapidjson::Value&, model::JsonWriter& out) {
  out.StartObject();
  out.Key("AccountMaxReadCapacityUnits");
  out.Int64(kAccountMaxCapacityUnits);
  out.Key("AccountMaxWriteCapacityUnits");
  out.Int64(kAccountMaxCapacityUnits);
  out.Key("TableMaxReadCapacityUnits");
  out.Int64(kTableMaxCapacityUnits);
  out.Key("TableMaxWriteCapacityUnits");
  out.Int64(kTableMaxCapacityUnits);
  out.EndObject();
}

}  // namespace dynemu::api
