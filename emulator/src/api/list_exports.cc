// ListExports: the account's exports in creation order (transfer/transfer.h), of one table when
// TableArn is given, MaxResults (1 to 25, default 25) a page, NextToken the last one's ARN.
// Validate (JSON types → constraints) → read → ExportSummaries (ExportArn, ExportStatus, ExportType).
#include "api/request_shape.h"
#include "api/transfers.h"

namespace dynemu::api {

void list_exports(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  static const Shape& shape = Shape::structure("ListExportsInput", {{"TableArn", &Shape::string()},
                                                                    {"MaxResults", &Shape::integer()},
                                                                    {"NextToken", &Shape::string()}});
  check_shape(request, shape);
  list_transfers(ctx, request, out,
                 {store::TransferKind::Export, "MaxResults", "maxResults", "ExportSummaries",
                  {"ExportArn", "ExportStatus", "ExportType"}});
}

}  // namespace dynemu::api
