// DescribeImport: an import's ImportTableDescription (transfer/transfer.h). Validate (JSON types →
// ImportArn, 37 to 1024 characters) → the import (ImportNotFoundException) → its description.
#include "api/request_shape.h"
#include "api/transfers.h"

namespace dynemu::api {

void describe_import(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  static const Shape& shape = Shape::structure("DescribeImportInput", {{"ImportArn", &Shape::string()}});
  check_shape(request, shape);
  describe_transfer(ctx, request, out,
                    {store::TransferKind::Import, "ImportArn", "importArn", "ImportNotFoundException", "Import",
                     "ImportTableDescription"});
}

}  // namespace dynemu::api
