// DescribeImport: an import's ImportTableDescription (transfer/transfer.h). Validate (JSON types →
// ImportArn, 37 to 1024 characters) → the import (ImportNotFoundException) → its description.
#include "api/request_shape.h"
#include "api/transfers.h"
#include "transfer/transfer.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DescribeImportInput", {{"ImportArn", &Shape::string()}});
  return s;
}

}  // namespace

void describe_import(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string arn = string_member(request, "ImportArn");
  if (!member(request, "ImportArn")) errors.not_null("importArn");
  else errors.string_length(arn, "importArn", 37, 1024);
  errors.throw_if_any();
  store::TransferRow found;
  {
    auto session = ctx.store.read();
    found = require_transfer(session, store::TransferKind::Import, arn, "ImportNotFoundException", "Import");
  }
  out.StartObject();
  out.Key("ImportTableDescription");
  transfer::write_public_members(out, parse_record(found));
  out.EndObject();
}

}  // namespace dynemu::api
