// TagResource, UntagResource, ListTagsOfResource and CreateTable's Tags over HTTP: DynamoDB's
// limits and messages, ARN checks, the tables being created or deleted, and NextToken pages.
#include <memory>
#include <string>

#include "table_test_helpers.h"

namespace dynemu::testing_support {
namespace {

std::string arn_of(const std::string& table) { return "arn:aws:dynamodb:us-east-1:000000000000:table/" + table; }

std::string tag_json(const std::string& key, const std::string& value) {
  return R"({"Key":")" + key + R"(","Value":")" + value + R"("})";
}

ApiResponse tag_on(const dynemu::Server& s, const std::string& arn, const std::string& tags) {
  return call_on(s, "TagResource", R"({"ResourceArn":")" + arn + R"(","Tags":[)" + tags + "]}");
}
ApiResponse tag(const std::string& arn, const std::string& tags) { return tag_on(shared_server(), arn, tags); }

ApiResponse untag_on(const dynemu::Server& s, const std::string& arn, const std::string& keys) {
  return call_on(s, "UntagResource", R"({"ResourceArn":")" + arn + R"(","TagKeys":[)" + keys + "]}");
}
ApiResponse untag(const std::string& arn, const std::string& keys) { return untag_on(shared_server(), arn, keys); }

ApiResponse list_on(const dynemu::Server& s, const std::string& arn, const std::string& token = "") {
  return call_on(s, "ListTagsOfResource",
                 R"({"ResourceArn":")" + arn + R"(")" + (token.empty() ? "" : R"(,"NextToken":")" + token + R"(")") +
                     "}");
}
ApiResponse list(const std::string& arn) { return list_on(shared_server(), arn); }

TEST(Tags, TagListAndUntagRoundTrip) {
  const std::string table = create_hash_table();
  const std::string arn = arn_of(table);
  auto listed = list(arn);
  ASSERT_API_OK(listed);
  EXPECT_EQ(to_json(listed.json), R"({"Tags":[]})");

  auto tagged = tag(arn, tag_json("team", "blue") + "," + tag_json("cost", "42"));
  ASSERT_API_OK(tagged);
  EXPECT_EQ(tagged.body, "{}");
  // A key the table has takes the new value in place; new keys append.
  ASSERT_API_OK(tag(arn, tag_json("team", "red") + "," + tag_json("env", "")));
  EXPECT_EQ(to_json(list(arn).json),
            R"({"Tags":[{"Key":"team","Value":"red"},{"Key":"cost","Value":"42"},{"Key":"env","Value":""}]})");

  auto untagged = untag(arn, R"("cost","never-there")");
  ASSERT_API_OK(untagged);
  EXPECT_EQ(untagged.body, "{}");
  EXPECT_EQ(to_json(list(arn).json), R"({"Tags":[{"Key":"team","Value":"red"},{"Key":"env","Value":""}]})");
}

TEST(Tags, CreateTableTagsAreListedAndShareTheRules) {
  const std::string table = unique_table_name();
  std::string request = hash_table_request(table);
  request.insert(request.size() - 1, R"(,"Tags":[{"Key":"a b","Value":"café/ключ:表+-=._@"}])");
  create_table_ok(request);
  EXPECT_EQ(to_json(list(arn_of(table)).json), R"({"Tags":[{"Key":"a b","Value":"café/ключ:表+-=._@"}]})");

  std::string refused = hash_table_request(unique_table_name());
  refused.insert(refused.size() - 1, R"(,"Tags":[{"Key":"aws:owner","Value":"x"}])");
  EXPECT_API_ERROR(call("CreateTable", refused), 400, "ValidationException",
                   "Tag Key cannot be prefixed with aws:, Key: aws:owner");
}

TEST(Tags, KeyAndValueRules) {
  const std::string arn = arn_of(create_hash_table());
  const std::string k128(128, 'k'), k129(129, 'k'), v256(256, 'v'), v257(257, 'v');
  ASSERT_API_OK(tag(arn, tag_json(k128, v256)));
  EXPECT_API_ERROR(tag(arn, tag_json(k129, "v")), 400, "ValidationException",
                   "The Tag Key provided is invalid, Key: " + k129);
  EXPECT_API_ERROR(tag(arn, tag_json("k", v257)), 400, "ValidationException",
                   "The Tag Value provided is invalid, Value: " + v257);
  EXPECT_API_ERROR(tag(arn, tag_json("", "v")), 400, "ValidationException", "The Tag Key provided is invalid, Key: ");
  EXPECT_API_ERROR(tag(arn, R"({"Value":"v"})"), 400, "ValidationException",
                   "The Tag Key provided is invalid, Key: null");
  EXPECT_API_ERROR(tag(arn, R"({"Key":"k"})"), 400, "ValidationException",
                   "The Tag Value provided is invalid, Value: null");
  for (const std::string bad : {"100%", "a,b", "a*b", "<a>", "\xF0\x9F\x94\x91"})
    EXPECT_API_ERROR(tag(arn, tag_json("k", bad)), 400, "ValidationException",
                     "The Tag Value provided is invalid, Value: " + bad);
  EXPECT_API_ERROR(tag(arn, tag_json("a;b", "v")), 400, "ValidationException",
                   "The Tag Key provided is invalid, Key: a;b");
  // All or nothing: the good tag of a refused request is not applied.
  EXPECT_API_ERROR(tag(arn, tag_json("good", "1") + "," + tag_json("aws:zzz", "2")), 400, "ValidationException",
                   "Tag Key cannot be prefixed with aws:, Key: aws:zzz");
  EXPECT_API_ERROR(tag(arn, tag_json("dup", "1") + "," + tag_json("dup", "2")), 400, "ValidationException",
                   "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup");
  EXPECT_EQ(to_json(list(arn).json), R"({"Tags":[{"Key":")" + k128 + R"(","Value":")" + v256 + R"("}]})");
}

TEST(Tags, FiftyTagsPerTable) {
  const std::string arn = arn_of(create_hash_table());
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += (i ? "," : "") + tag_json("k" + std::to_string(i), "v");
  ASSERT_API_OK(tag(arn, fifty));
  ASSERT_API_OK(tag(arn, tag_json("k7", "replaced")));  // still 50
  EXPECT_API_ERROR(tag(arn, tag_json("k50", "v")), 400, "ValidationException",
                   "Number of Tags exceed the current limit for the provided ResourceArn");
  std::string keys;
  for (int i = 0; i < 51; ++i) keys += (i ? ",\"" : "\"") + std::string("k") + std::to_string(i) + "\"";
  EXPECT_API_ERROR(untag(arn, keys), 400, "ValidationException",
                   "Number of Tags exceed the current limit for the provided ResourceArn");
  EXPECT_EQ(list(arn).json["Tags"].Size(), 50u);
  EXPECT_FALSE(list(arn).json.HasMember("NextToken"));  // one page holds a table's every tag
}

TEST(Tags, RequestShapeErrors) {
  const std::string arn = arn_of(create_hash_table());
  EXPECT_API_ERROR(call("TagResource", R"({"Tags":[]})"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'resourceArn' failed to satisfy constraint: Member "
                   "must not be null");
  EXPECT_API_ERROR(call("TagResource", R"({"ResourceArn":")" + arn + R"("})"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not "
                   "be null");
  EXPECT_API_ERROR(call("UntagResource", R"({"ResourceArn":")" + arn + R"("})"), 400, "ValidationException",
                   "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must "
                   "not be null");
  EXPECT_API_ERROR(tag(arn, ""), 400, "ValidationException", "Atleast one Tag needs to be provided as Input.");
  EXPECT_API_ERROR(untag(arn, ""), 400, "ValidationException", "Atleast one Tag Key needs to be provided as Input.");
  EXPECT_API_ERROR(untag(arn, "\"" + std::string(129, 'k') + "\""), 400, "ValidationException",
                   "The Tag Key provided is invalid, Key: " + std::string(129, 'k'));
  EXPECT_API_ERROR(call("TagResource", R"({"ResourceArn":")" + arn + R"(","Tags":{}})"), 400,
                   "SerializationException", "Start of structure or map found where not expected");
}

TEST(Tags, ArnChecks) {
  const std::string table = create_hash_table();
  for (const std::string& bad : {std::string("a:b:c:d:e:f/g"), std::string("arn:aws:dynamodb:us-east-1:000000000000:table/ab"),
                                arn_of(table) + "/index/ByX", std::string("arn:aws:dynamodb::000000000000:table/abc"),
                                std::string("arn:aws:dynamodb:us-east-1:acct:table/abc"), table}) {
    EXPECT_API_ERROR(list(bad), 400, "ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input " + bad);
    EXPECT_API_ERROR(tag(bad, tag_json("k", "v")), 400, "ValidationException",
                     "Invalid TableArn: Invalid ResourceArn provided as input " + bad);
  }
  const std::string missing = arn_of(unique_table_name());
  const std::string not_found = "Requested resource not found: ResourcArn: " + missing + " not found";
  EXPECT_API_ERROR(list(missing), 400, "ResourceNotFoundException", not_found);
  EXPECT_API_ERROR(tag(missing, tag_json("k", "v")), 400, "ResourceNotFoundException", not_found);
  EXPECT_API_ERROR(untag(missing, R"("k")"), 400, "ResourceNotFoundException", not_found);
  // The table's own name under another account or region is not this endpoint's table.
  const std::string elsewhere = "arn:aws:dynamodb:eu-west-1:000000000000:table/" + table;
  EXPECT_API_ERROR(list(elsewhere), 400, "ResourceNotFoundException",
                   "Requested resource not found: ResourcArn: " + elsewhere + " not found");
}

TEST(Tags, TablesBeingCreatedOrDeleted) {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  options.delay_transient_statuses = true;
  auto s = std::make_unique<dynemu::Server>(options);
  s->start();
  s->freeze_clock();
  s->set_clock_ms(int64_t{1700000000} * 1000);
  const std::string table = unique_table_name();
  ASSERT_API_OK(call_on(*s, "CreateTable", hash_table_request(table)));
  const std::string arn = arn_of(table);
  const std::string not_found = "Requested resource not found: ResourcArn: " + arn + " not found";
  EXPECT_API_ERROR(tag_on(*s, arn, tag_json("k", "v")), 400, "ResourceNotFoundException", not_found);
  EXPECT_API_ERROR(list_on(*s, arn), 400, "ResourceNotFoundException", not_found);
  s->advance_clock_ms(1000);
  ASSERT_API_OK(tag_on(*s, arn, tag_json("k", "v")));
  ASSERT_API_OK(call_on(*s, "DeleteTable", R"({"TableName":")" + table + R"("})"));
  EXPECT_API_ERROR(tag_on(*s, arn, tag_json("k2", "v")), 400, "ResourceInUseException",
                   "Attempt to change a resource which is still in use: Table is being deleted: " + table);
  EXPECT_API_ERROR(untag_on(*s, arn, R"("k")"), 400, "ResourceInUseException",
                   "Attempt to change a resource which is still in use: Table is being deleted: " + table);
  EXPECT_EQ(to_json(list_on(*s, arn).json), R"({"Tags":[{"Key":"k","Value":"v"}]})");
  s->advance_clock_ms(1000);
  EXPECT_API_ERROR(list_on(*s, arn), 400, "ResourceNotFoundException", not_found);
}

TEST(Tags, NextTokenPages) {
  dynemu::ServerOptions options;
  options.port = 0;
  options.in_memory = true;
  options.list_tags_page_size = 2;
  auto s = std::make_unique<dynemu::Server>(options);
  s->start();
  const std::string table = unique_table_name();
  ASSERT_API_OK(call_on(*s, "CreateTable", hash_table_request(table)));
  const std::string arn = arn_of(table);
  ASSERT_API_OK(tag_on(*s, arn, tag_json("a", "1") + "," + tag_json("b", "2") + "," + tag_json("c", "3") + "," +
                                    tag_json("d", "4") + "," + tag_json("e", "5")));
  std::string token, keys;
  int pages = 0;
  do {
    auto page = list_on(*s, arn, token);
    ASSERT_API_OK(page);
    ++pages;
    EXPECT_LE(page.json["Tags"].Size(), 2u);
    for (const auto& t : page.json["Tags"].GetArray()) keys += t["Key"].GetString();
    token = page.json.HasMember("NextToken") ? page.json["NextToken"].GetString() : "";
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(keys, "abcde");
  EXPECT_EQ(pages, 3);
}

TEST(Tags, DeletedAndRecreatedTableStartsUntagged) {
  const std::string table = create_hash_table();
  ASSERT_API_OK(tag(arn_of(table), tag_json("k", "v")));
  ASSERT_API_OK(call("DeleteTable", R"({"TableName":")" + table + R"("})"));
  create_table_ok(hash_table_request(table));
  EXPECT_EQ(to_json(list(arn_of(table)).json), R"({"Tags":[]})");
}

}  // namespace
}  // namespace dynemu::testing_support
