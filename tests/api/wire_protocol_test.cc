// Wire protocol facts SDKs depend on: headers, checksums, error shapes for unroutable requests.
#include <zlib.h>

#include "api_test_support.h"

namespace dynemu::testing_support {
namespace {

uint32_t crc_of(const std::string& body) {
  return static_cast<uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
}

TEST(WireProtocol, HealthLineOnGet) {
  httplib::Client client("127.0.0.1", shared_server().port());
  auto r = client.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("healthy"), std::string::npos) << r->body;
}

TEST(WireProtocol, SuccessCarriesRequestIdAndCrcOfExactBody) {
  auto r = call("ListTables", "{}");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.header("x-amzn-RequestId").size(), 52u);
  EXPECT_EQ(r.header("x-amz-crc32"), std::to_string(crc_of(r.body)));
  EXPECT_EQ(r.header("Content-Type"), "application/x-amz-json-1.0");
  ASSERT_TRUE(r.json.IsObject());
  EXPECT_TRUE(r.json.HasMember("TableNames")) << r.body;
}

TEST(WireProtocol, ApplicationJsonIsEchoed) {
  auto r = post_raw("DynamoDB_20120810.ListTables", "{}", {}, "application/json");
  ASSERT_API_OK(r);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
}

TEST(WireProtocol, UnknownOperation) {
  auto r = call("FlyToTheMoon", "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_type(), "UnknownOperationException");
  EXPECT_EQ(r.header("x-amzn-ErrorType"), "UnknownOperationException");
  EXPECT_EQ(r.header("x-amz-crc32"), std::to_string(crc_of(r.body)));
}

TEST(WireProtocol, MalformedJsonIsSerializationException) {
  auto r = call("ListTables", "{\"Limit\": ");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_type(), "SerializationException");
  ASSERT_TRUE(r.json.IsObject());
  EXPECT_EQ(std::string(r.json["__type"].GetString()), "com.amazon.coral.service#SerializationException");
}

TEST(WireProtocol, WrongJsonTypeIsSerializationException) {
  auto r = call("DescribeTable", "{\"TableName\": 12}");
  EXPECT_API_ERROR(r, 400, "SerializationException", "NUMBER_VALUE cannot be converted to String");
}

TEST(WireProtocol, MissingAuthorization) {
  auto r = post_raw("DynamoDB_20120810.ListTables", "{}", {{"Authorization", ""}});
  EXPECT_API_ERROR(r, 400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
}

TEST(WireProtocol, ValidationErrorUsesLowercaseMessageKey) {
  auto r = call("DescribeTable", "{}");
  EXPECT_API_ERROR(r, 400, "ValidationException",
                   "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must "
                   "not be null");
  EXPECT_TRUE(r.json.HasMember("message")) << r.body;
  EXPECT_EQ(std::string(r.json["__type"].GetString()), "com.amazon.coral.validate#ValidationException");
}

}  // namespace
}  // namespace dynemu::testing_support
