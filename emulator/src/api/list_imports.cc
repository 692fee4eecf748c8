// ListImports: the account's imports in creation order (transfer/transfer.h), of one table when
// TableArn is given, PageSize (1 to 25, default 25) a page, NextToken the last one's ARN.
// Validate (JSON types → constraints) → read → ImportSummaryList (ImportArn, ImportStatus, TableArn,
// S3BucketSource, InputFormat, StartTime, EndTime).
#include "api/request_shape.h"
#include "api/table_description.h"
#include "api/transfers.h"

namespace dynemu::api {
namespace {

constexpr int64_t kMaxPage = 25;

const Shape& request_shape() {
  static const Shape& s = Shape::structure("ListImportsInput", {{"TableArn", &Shape::string()},
                                                               {"PageSize", &Shape::integer()},
                                                               {"NextToken", &Shape::string()}});
  return s;
}

}  // namespace

void list_imports(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string table = string_member(request, "TableArn");
  if (member(request, "TableArn")) errors.string_length(table, "tableArn", 1, 1024);
  const std::optional<int64_t> page_size = long_member(request, "PageSize");
  errors.value_range(page_size, "pageSize", 1, kMaxPage);
  errors.throw_if_any();

  bool more = false;
  std::vector<store::TransferRow> page;
  {
    auto session = ctx.store.read();
    page = transfer_page(session, store::TransferKind::Import, table, string_member(request, "NextToken"),
                         static_cast<size_t>(page_size.value_or(kMaxPage)), &more);
  }
  out.StartObject();
  out.Key("ImportSummaryList");
  out.StartArray();
  for (const auto& t : page) {
    const rapidjson::Document record = parse_record(t);
    out.StartObject();
    for (const char* field : {"ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "InputFormat", "StartTime",
                              "EndTime"}) {
      if (const rapidjson::Value* v = member(record, field)) {
        out.Key(field);
        v->Accept(out);
      }
    }
    out.EndObject();
  }
  out.EndArray();
  if (more) {
    out.Key("NextToken");
    out.String(page.back().arn);
  }
  out.EndObject();
}

}  // namespace dynemu::api
