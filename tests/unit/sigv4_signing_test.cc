// SigV4 signing against AWS's published example (the IAM ListUsers request of AWS's "Signature
// Version 4 signing process" documentation), and the credentials file's format.
#include <gtest/gtest.h>

#include <stdexcept>

#include "http/sigv4_signing.h"
#include "http/sigv4_verify.h"
#include "model/json_codec.h"

namespace dynemu::http::sigv4 {
namespace {

// GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08, signed 20150830T123600Z in
// us-east-1 with AWS's example secret.
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const HeaderList kHeaders = {{"Host", "iam.amazonaws.com"},
                             {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                             {"X-Amz-Date", "20150830T123600Z"}};

TEST(SigV4Signing, CanonicalRequestOfAwsExample) {
  const std::string canonical =
      canonical_request("GET", canonical_uri("/"), canonical_query("Version=2010-05-08&Action=ListUsers"), kHeaders,
                        "content-type;host;x-amz-date", sha256_hex(""));
  EXPECT_EQ(canonical,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(canonical), "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
}

TEST(SigV4Signing, SigningKeyAndSignatureOfAwsExample) {
  const std::string key = signing_key(kSecret, "20150830", "us-east-1", "iam");
  EXPECT_EQ(model::hex_encode(key), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  const std::string canonical =
      canonical_request("GET", canonical_uri("/"), canonical_query("Action=ListUsers&Version=2010-05-08"), kHeaders,
                        "content-type;host;x-amz-date", sha256_hex(""));
  const std::string to_sign = string_to_sign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", canonical);
  EXPECT_EQ(signature(key, to_sign), "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4Signing, SignAuthorizationOfAwsExample) {
  SigningRequest request;
  request.method = "GET";
  request.raw_query = "Action=ListUsers&Version=2010-05-08";
  request.headers = kHeaders;
  request.access_key = "AKIDEXAMPLE";
  request.secret = kSecret;
  request.region = "us-east-1";
  request.service = "iam";
  request.amz_date = "20150830T123600Z";
  EXPECT_EQ(sign_authorization(request),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(SigV4Signing, HeaderValuesAreTrimmedCollapsedAndRepeatsJoined) {
  const HeaderList headers = {{"My-Header", "  a   b  "}, {"my-header", "c"}, {"Unsigned", "x"}};
  EXPECT_EQ(canonical_request("POST", "/", "", headers, "my-header", "h"), "POST\n/\n\nmy-header:a b,c\n\nmy-header\nh");
}

TEST(SigV4Signing, UriAndQueryEncoding) {
  EXPECT_EQ(canonical_uri(""), "/");
  EXPECT_EQ(canonical_uri("/a%20b/c"), "/a%2520b/c");  // encoded once more, as for services other than S3
  EXPECT_EQ(canonical_query("b=2&a=x y&a=1&c"), "a=1&a=x%20y&b=2&c=");
  EXPECT_EQ(canonical_query("X-Amz-Signature=abc&z=%7e", "X-Amz-Signature"), "z=~");
}

TEST(SigV4Signing, AmzDateRoundTripsAndRefusesOtherShapes) {
  EXPECT_EQ(parse_amz_date("20150830T123600Z"), 1440938160);
  EXPECT_EQ(amz_date(1440938160), "20150830T123600Z");
  EXPECT_EQ(parse_amz_date("2015-08-30T12:36:00Z"), -1);
  EXPECT_EQ(parse_amz_date("20151330T123600Z"), -1);
}

TEST(SigV4Signing, ConstantTimeEquality) {
  EXPECT_TRUE(equal_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_constant_time("abc", "ab"));
  EXPECT_TRUE(equal_constant_time("", ""));
}

TEST(CredentialsFile, ReadsKeysAccountsAndTokens) {
  const CredentialTable table = CredentialTable::parse(
      "# team keys\n\nAKID1 secret1\n  AKID2 secret2 account=123456789012 token=tok/en==\n", "creds");
  ASSERT_EQ(table.size(), 2u);
  ASSERT_NE(table.find("AKID1"), nullptr);
  EXPECT_EQ(table.find("AKID1")->secret, "secret1");
  EXPECT_EQ(table.find("AKID1")->account_id, "000000000000");
  EXPECT_EQ(table.find("AKID1")->session_token, "");
  EXPECT_EQ(table.find("AKID2")->account_id, "123456789012");
  EXPECT_EQ(table.find("AKID2")->session_token, "tok/en==");
  EXPECT_EQ(table.find("AKID3"), nullptr);
}

std::string load_error(const std::string& text) {
  try {
    CredentialTable::parse(text, "creds");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(CredentialsFile, MalformedLinesAreNamed) {
  EXPECT_EQ(load_error("AKID1\n"), "creds:1: a credential needs an access key id and a secret access key");
  EXPECT_EQ(load_error("A s\nB s account=12\n"), "creds:2: an account id is 12 digits: account=12");
  EXPECT_EQ(load_error("A s region=x\n"), "creds:1: unknown field (account=ID or token=TOKEN): region=x");
  EXPECT_EQ(load_error("A s\nA t\n"), "creds:2: access key id listed twice: A");
  EXPECT_EQ(load_error("# nothing\n"), "creds: no credentials");
}

}  // namespace
}  // namespace dynemu::http::sigv4
