// ListExports: the account's exports in creation order (transfer/transfer.h), of one table when
// TableArn is given, MaxResults (1 to 25, default 25) a page, NextToken the last one's ARN.
// Validate (JSON types → constraints) → read → ExportSummaries (ExportArn, ExportStatus, ExportType).
#include "api/request_shape.h"
#include "api/table_description.h"
#include "api/transfers.h"

namespace dynemu::api {
namespace {

constexpr int64_t kMaxPage = 25;

const Shape& request_shape() {
  static const Shape& s = Shape::structure("ListExportsInput", {{"TableArn", &Shape::string()},
                                                               {"MaxResults", &Shape::integer()},
                                                               {"NextToken", &Shape::string()}});
  return s;
}

}  // namespace

void list_exports(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out) {
  check_shape(request, request_shape());
  ConstraintErrors errors;
  const std::string table = string_member(request, "TableArn");
  if (member(request, "TableArn")) errors.string_length(table, "tableArn", 1, 1024);
  const std::optional<int64_t> max_results = long_member(request, "MaxResults");
  errors.value_range(max_results, "maxResults", 1, kMaxPage);
  errors.throw_if_any();

  bool more = false;
  std::vector<store::TransferRow> page;
  {
    auto session = ctx.store.read();
    page = transfer_page(session, store::TransferKind::Export, table, string_member(request, "NextToken"),
                         static_cast<size_t>(max_results.value_or(kMaxPage)), &more);
  }
  out.StartObject();
  out.Key("ExportSummaries");
  out.StartArray();
  for (const auto& t : page) {
    const rapidjson::Document record = parse_record(t);
    out.StartObject();
    for (const char* field : {"ExportArn", "ExportStatus", "ExportType"}) {
      out.Key(field);
      out.String(string_member(record, field));
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
