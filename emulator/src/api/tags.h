// Tags: DynamoDB's rules for a table's tags, shared by CreateTable (its Tags member) and the tag
// operations (TagResource, UntagResource, ListTagsOfResource), and the table ARNs they address.
//
// Contract:
//  - A table's tags live in its stored description as "_Tags": [{"Key", "Value"}...] (dynemu's
//    bookkeeping, never written out), in the order they were first added.
//  - validate_tags() checks a request's Tags list as DynamoDB does, all or nothing, with its
//    messages: each tag's key (1 to 128 characters of letters, digits, white space and + - = . _ : / @;
//    otherwise "The Tag Key provided is invalid, Key: <key>", "Key: null" when absent), the reserved
//    "aws:" prefix ("Tag Key cannot be prefixed with aws:, Key: <key>"), its value (0 to 256 of the
//    same characters, "The Tag Value provided is invalid, Value: <value>"), then keys repeated
//    within the request ("Duplicate Tag Keys provided as input: Duplicate Tag Key found <key>").
//    Lengths count Unicode characters. check_tag_count() refuses a table with more than 50 tags
//    ("Number of Tags exceed the current limit for the provided ResourceArn").
//  - table_name_of_arn() reads the table name from a table ARN
//    (arn:aws:dynamodb:<region>:<account>:table/<name>), throwing DynamoDB's ValidationException
//    "Invalid TableArn: Invalid ResourceArn provided as input <arn>" for anything else (index and
//    stream ARNs included). throw_arn_not_found() is DynamoDB's answer for a well-formed ARN naming
//    no table this endpoint has (also while the table is being created).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "api/operation.h"
#include "api/request_shape.h"

namespace dynemu::api {

struct Tag {
  std::string key;
  std::string value;
};

constexpr size_t kMaxTagsPerTable = 50;

std::vector<Tag> validate_tags(const rapidjson::Value& tags);
// A tag key as UntagResource takes it: the key rules of validate_tags() (not the aws: prefix).
void validate_tag_key(const rapidjson::Value* key);
void check_tag_count(size_t count);

std::vector<Tag> stored_tags(const rapidjson::Value& description);
void store_tags(rapidjson::Value& description, const std::vector<Tag>& tags, rapidjson::Document::AllocatorType& alloc);
// `tags` with `added` applied: a key already present takes the new value in place, others append.
std::vector<Tag> with_tags(std::vector<Tag> tags, const std::vector<Tag>& added);

std::string table_name_of_arn(const std::string& arn);
[[noreturn]] void throw_arn_not_found(const std::string& arn);
// Whether `arn` names a table of this account in the request's region (its name aside).
bool arn_in_this_account(const OperationContext& ctx, const std::string& arn);

// The shared request checks of the tag operations, in DynamoDB's order: JSON types, then
// "Value null at 'resourceArn'" and the other null members, then the ARN's form. Returns the ARN.
std::string validate_resource_arn_request(const rapidjson::Value& request, const Shape& shape,
                                          const char* list_member, const char* list_path);
// The table a tag operation addresses: one this endpoint has under that ARN, past its CREATING
// window (a table being created is not found, as in DynamoDB). `changing`: TagResource and
// UntagResource, which a table being deleted refuses (ResourceInUseException).
std::shared_ptr<const store::TableSchema> table_of_arn(OperationContext& ctx, store::Session& session,
                                                       const std::string& arn, int64_t now, bool changing);
// TagResource's and UntagResource's write: the table's tags replaced by change(tags), in one write
// session (change may throw to refuse, e.g. check_tag_count()).
void change_tags(OperationContext& ctx, const std::string& arn,
                 const std::function<std::vector<Tag>(std::vector<Tag>)>& change);

}  // namespace dynemu::api
