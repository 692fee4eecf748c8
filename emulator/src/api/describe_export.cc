// DescribeExport: an export's ExportDescription (transfer/transfer.h). Validate (JSON types →
// ExportArn, 37 to 1024 characters) → the export (ExportNotFoundException) → its description.
#include "api/request_shape.h"
#include "api/transfers.h"

namespace dynemu::api {

void describe_export(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  static const Shape& shape = Shape::structure("DescribeExportInput", {{"ExportArn", &Shape::string()}});
  check_shape(request, shape);
  describe_transfer(ctx, request, out,
                    {store::TransferKind::Export, "ExportArn", "exportArn", "ExportNotFoundException", "Export",
                     "ExportDescription"});
}

}  // namespace dynemu::api
