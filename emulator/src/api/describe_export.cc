// DescribeExport: an export's ExportDescription (transfer/transfer.h). Validate (JSON types →
// ExportArn, 37 to 1024 characters) → the export (ExportNotFoundException) → its description.
#include "api/request_shape.h"
#include "api/transfers.h"
#include "transfer/transfer.h"

namespace dynemu::api {
namespace {

const Shape& request_shape() {
  static const Shape& s = Shape::structure("DescribeExportInput", {{"ExportArn", &Shape::string()}});
  return s;
}

}  // namespace

void describe_export(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string arn = string_member(request, "ExportArn");
  if (!member(request, "ExportArn")) errors.not_null("exportArn");
  else errors.string_length(arn, "exportArn", 37, 1024);
  errors.throw_if_any();
  store::TransferRow found;
  {
    auto session = ctx.store.read();
    found = require_transfer(session, store::TransferKind::Export, arn, "ExportNotFoundException", "Export");
  }
  out.StartObject();
  out.Key("ExportDescription");
  transfer::write_public_members(out, parse_record(found));
  out.EndObject();
}

}  // namespace dynemu::api
