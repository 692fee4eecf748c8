// Transfers: what the export and import operations share (transfer/transfer.h has the files).
//
// Contract:
//  - check_s3_bucket() / check_client_token() add DynamoDB's constraint errors for S3Bucket
//    (required, at most 255 characters, ^[a-z0-9A-Z]+[\.\-\w]*[a-z0-9A-Z]+$), S3BucketOwner
//    ([0-9]{12}) and ClientToken (^[^\$]+$).
//  - A ClientToken names one request: transfer_for_token() finds the transfer of that kind made
//    with the token; the caller answers with it when the request is the same (fingerprint()
//    equal), else with DynamoDB's conflict error.
//  - require_transfer() reads a transfer by ARN or throws `not_found_type` "<what> not found: <arn>"
//    (ExportNotFoundException / ImportNotFoundException; dynemu's wording).
//  - Paging (ListExports / ListImports): NextToken is the ARN of the last transfer of the page;
//    a page starts after it in (created_ms, arn) order; a token naming no transfer is DynamoDB's
//    ValidationException "Invalid NextToken".
//  - describe_transfer() and list_transfers() are DescribeExport/DescribeImport and
//    ListExports/ListImports after their shape check: the two pairs differ only in member names.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/constraints.h"
#include "api/operation.h"
#include "model/json_codec.h"
#include "store/store.h"

namespace dynemu::api {

void check_s3_bucket(const rapidjson::Value* bucket, const char* path, ConstraintErrors& errors);
void check_s3_bucket_owner(const rapidjson::Value* owner, const char* path, ConstraintErrors& errors);
void check_client_token(const rapidjson::Value* token, ConstraintErrors& errors);

// The request's members as canonical JSON text (the ClientToken's meaning).
std::string fingerprint(const rapidjson::Value& request);
std::optional<store::TransferRow> transfer_for_token(store::Session& session, store::TransferKind kind,
                                                     const std::string& token);
store::TransferRow require_transfer(store::Session& session, store::TransferKind kind, const std::string& arn,
                                    const char* not_found_type, const char* what);
rapidjson::Document parse_record(const store::TransferRow& transfer);

// One page of the transfers of `kind` (of the table when table_arn is not empty): at most `size`,
// after `next_token`; *more says whether another page follows.
std::vector<store::TransferRow> transfer_page(store::Session& session, store::TransferKind kind,
                                              const std::string& table_arn, const std::string& next_token,
                                              size_t size, bool* more);

// DescribeExport / DescribeImport: `arn_member` required, 37 to 1024 characters (constraint path
// `arn_path`), then the transfer (`not_found_type` "<what> not found: <arn>"), answered as
// {answer_member: its public members}.
struct TransferDescribe {
  store::TransferKind kind;
  const char* arn_member;
  const char* arn_path;
  const char* not_found_type;
  const char* what;
  const char* answer_member;
};
void describe_transfer(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out,
                       const TransferDescribe& op);

// ListExports / ListImports: TableArn (1 to 1024 characters), `size_member` (1 to 25, default 25;
// constraint path `size_path`), NextToken; answered as {list_member: [the record's `fields` that
// it has], NextToken while more follow}.
struct TransferList {
  store::TransferKind kind;
  const char* size_member;
  const char* size_path;
  const char* list_member;
  std::initializer_list<const char*> fields;
};
void list_transfers(OperationContext& ctx, const rapidjson::Value& request, model::JsonWriter& out,
                    const TransferList& op);

}  // namespace dynemu::api
