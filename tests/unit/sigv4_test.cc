// SigV4 header shape: DynamoDB's authentication errors, and the scope the server takes from it.
#include <gtest/gtest.h>

#include "http/sigv4.h"
#include "model/api_error.h"

namespace dynemu::http {
namespace {

std::string error_of(const std::string& header, bool has_date = true) {
  try {
    check_authorization(header, has_date);
  } catch (const model::ApiError& e) {
    return e.short_type() + ": " + e.message();
  }
  return "";
}

TEST(SigV4, TakesAccessKeyAndRegionFromTheCredentialScope) {
  auto c = check_authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/eu-west-3/dynamodb/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=abcdef",
      true);
  EXPECT_EQ(c.access_key, "AKIDEXAMPLE");
  EXPECT_EQ(c.region, "eu-west-3");
}

TEST(SigV4, ParametersMayComeInAnyOrderWithoutSpaces) {
  auto c = check_authorization(
      "AWS4-HMAC-SHA256 Signature=ab,SignedHeaders=host,Credential=K/20240101/us-west-2/dynamodb/aws4_request", true);
  EXPECT_EQ(c.region, "us-west-2");
}

TEST(SigV4, MissingHeaderIsMissingAuthenticationToken) {
  EXPECT_EQ(error_of(""), "MissingAuthenticationTokenException: Request is missing Authentication Token");
}

TEST(SigV4, MissingPartsAreListedInDynamoDBsOrder) {
  EXPECT_EQ(error_of("AWS4-HMAC-SHA256 Credential=K/20240101/us-east-1/dynamodb/aws4_request", false),
            "IncompleteSignatureException: Authorization header requires 'Signature' parameter. Authorization "
            "header requires 'SignedHeaders' parameter. Authorization header requires existence of either a "
            "'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 "
            "Credential=K/20240101/us-east-1/dynamodb/aws4_request");
  EXPECT_EQ(error_of("Basic dXNlcjpwYXNz"),
            "IncompleteSignatureException: Authorization header requires 'Credential' parameter. Authorization "
            "header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            "Authorization=Basic dXNlcjpwYXNz");
}

TEST(SigV4, ScopeMustHaveFivePartsEndingInAws4Request) {
  const std::string bad = "IncompleteSignatureException: Credential should be scoped to a valid region. ";
  for (const char* credential : {"K/20240101/us-east-1/dynamodb", "K/20240101/us-east-1/dynamodb/aws4_request/x",
                                 "K/20240101//dynamodb/aws4_request", "/20240101/us-east-1/dynamodb/aws4_request",
                                 "K/20240101/us-east-1/dynamodb/aws4"})
    EXPECT_EQ(error_of(std::string("AWS4-HMAC-SHA256 Credential=") + credential + ", SignedHeaders=h, Signature=s"),
              bad)
        << credential;
}

TEST(SigV4, NameMustMatchWholeParameterName) {
  // "Credentials=" is not "Credential=".
  EXPECT_NE(error_of("AWS4-HMAC-SHA256 Credentials=K/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=h, "
                     "Signature=s"),
            "");
}

}  // namespace
}  // namespace dynemu::http
