// ListImports: the account's imports in creation order (transfer/transfer.h), of one table when
// TableArn is given, PageSize (1 to 25, default 25) a page, NextToken the last one's ARN.
// Validate (JSON types → constraints) → read → ImportSummaryList (ImportArn, ImportStatus, TableArn,
// S3BucketSource, InputFormat, StartTime, EndTime).
#include "api/request_shape.h"
#include "api/transfers.h"

namespace dynemu::api {

void list_imports(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  static const Shape& shape = Shape::structure("ListImportsInput", {{"TableArn", &Shape::string()},
                                                                    {"PageSize", &Shape::integer()},
                                                                    {"NextToken", &Shape::string()}});
  check_shape(request, shape);
  list_transfers(ctx, request, out,
                 {store::TransferKind::Import, "PageSize", "pageSize", "ImportSummaryList",
                  {"ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "InputFormat", "StartTime", "EndTime"}});
}

}  // namespace dynemu::api
