// --auth verify: real SigV4 signatures checked as AWS checks them, each kind of tampering refused
// with AWS's error. The server clock is frozen so the expected expiry messages are exact.
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include "api_test_support.h"
#include "http/sigv4_signing.h"

namespace dynemu::testing_support {
namespace {

namespace sigv4 = dynemu::http::sigv4;

constexpr int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z, where the server clock stands
constexpr const char* kSecret = "verify-secret";
constexpr const char* kInvalidSignature =
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
    "Access Key and signing method. Consult the service documentation for details.";
constexpr const char* kUnrecognized = "The security token included in the request is invalid.";

class SignatureVerification : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    credentials_path_ = new std::string("/tmp/dynemu-credentials-" + std::to_string(getpid()));
    std::ofstream(*credentials_path_) << "# test keys\nAKIDVERIFY " << kSecret
                                      << " account=123456789012\nASIATEMP temp-secret token=session-token-1\n";
    ServerOptions options;
    options.port = 0;
    options.in_memory = true;
    options.threads = 4;
    options.credentials_file = *credentials_path_;
    server_ = new Server(options);
    server_->set_clock_ms(kNow * 1000);
    server_->freeze_clock();
    server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    std::remove(credentials_path_->c_str());
    delete credentials_path_;
  }

  // A request as a client signs it; each test changes what is sent after signing.
  struct Signed {
    sigv4::SigningRequest signing;
    std::string sent_method = "POST";
    std::string sent_path = "/";
    httplib::Headers sent_headers;
    std::string sent_body;
  };

  Signed make(const std::string& op, const std::string& body, const std::string& access_key = "AKIDVERIFY",
              const std::string& secret = kSecret, int64_t at = kNow) {
    Signed s;
    s.signing.access_key = access_key;
    s.signing.secret = secret;
    s.signing.region = "eu-west-1";
    s.signing.amz_date = sigv4::amz_date(at);
    s.signing.body = body;
    s.signing.headers = {{"Host", "127.0.0.1:" + std::to_string(server_->port())},
                         {"Content-Type", "application/x-amz-json-1.0"},
                         {"X-Amz-Date", s.signing.amz_date},
                         {"X-Amz-Target", "DynamoDB_20120810." + op}};
    s.sent_body = body;
    return s;
  }

  // A request to an admin endpoint (/_dynemu/...), signed as the fixtures' remote mode signs it.
  Signed make_admin(const std::string& method, const std::string& path, const std::string& body = "",
                    const std::string& secret = kSecret) {
    Signed s;
    s.signing.method = method;
    s.signing.wire_path = path;
    s.signing.access_key = "AKIDVERIFY";
    s.signing.secret = secret;
    s.signing.region = "eu-west-1";
    s.signing.amz_date = sigv4::amz_date(kNow);
    s.signing.body = body;
    s.signing.headers = {{"Host", "127.0.0.1:" + std::to_string(server_->port())}, {"X-Amz-Date", s.signing.amz_date}};
    if (!body.empty()) s.signing.headers.emplace_back("Content-Type", "application/json");
    s.sent_method = method;
    s.sent_path = path;
    s.sent_body = body;
    return s;
  }

  ApiResponse send(Signed& s, bool sign = true) {
    httplib::Headers headers(s.sent_headers);
    for (const auto& [name, value] : s.signing.headers)
      if (headers.find(name) == headers.end()) headers.emplace(name, value);
    if (sign && headers.find("Authorization") == headers.end())
      headers.emplace("Authorization", sigv4::sign_authorization(s.signing));
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Request req;
    req.method = s.sent_method;
    req.path = s.sent_path;
    req.headers = headers;
    req.body = s.sent_body;
    auto result = client.send(req);
    ApiResponse r;
    if (!result) {
      ADD_FAILURE() << "no answer: " << httplib::to_string(result.error());
      return r;
    }
    r.status = result->status;
    r.body = result->body;
    r.headers = result->headers;
    r.json.Parse(r.body.c_str(), r.body.size());
    if (r.json.HasParseError()) r.json.SetNull();
    return r;
  }

  static Server* server_;
  static std::string* credentials_path_;
};

Server* SignatureVerification::server_ = nullptr;
std::string* SignatureVerification::credentials_path_ = nullptr;

TEST_F(SignatureVerification, RightSecretIsLetInWithTheCredentialsRegion) {
  Signed s = make("CreateTable",
                  R"({"TableName":"Verified","AttributeDefinitions":[{"AttributeName":"k","AttributeType":"S"}],)"
                  R"("KeySchema":[{"AttributeName":"k","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
  ApiResponse r = send(s);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string(r.json["TableDescription"]["TableArn"].GetString()).rfind("arn:aws:dynamodb:eu-west-1:", 0),
            0u)
      << r.body;
  Signed list = make("ListTables", "{}");
  EXPECT_EQ(send(list).status, 200);
}

TEST_F(SignatureVerification, WrongSecretIsInvalidSignature) {
  Signed s = make("ListTables", "{}", "AKIDVERIFY", "not-the-secret");
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

TEST_F(SignatureVerification, UnknownKeyIsUnrecognizedClient) {
  Signed s = make("ListTables", "{}", "AKIDUNKNOWN");
  EXPECT_API_ERROR(send(s), 400, "UnrecognizedClientException", kUnrecognized);
}

TEST_F(SignatureVerification, TamperedMethodIsRefused) {
  Signed s = make("ListTables", "{}");
  s.signing.method = "PUT";  // signed as PUT, sent as POST
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

TEST_F(SignatureVerification, TamperedPathIsRefused) {
  Signed s = make("ListTables", "{}");
  s.signing.wire_path = "/other";  // signed for /other, sent to /
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

TEST_F(SignatureVerification, TamperedQueryIsRefused) {
  Signed s = make("ListTables", "{}");
  s.sent_path = "/?x=1";
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

TEST_F(SignatureVerification, TamperedSignedHeaderIsRefused) {
  Signed s = make("ListTables", "{}");
  s.sent_headers.emplace("X-Amz-Target", "DynamoDB_20120810.DescribeLimits");
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

TEST_F(SignatureVerification, UnsignedHeaderMayBeAdded) {
  Signed s = make("ListTables", "{}");
  s.sent_headers.emplace("User-Agent", "added after signing");
  EXPECT_EQ(send(s).status, 200);
}

TEST_F(SignatureVerification, TamperedBodyIsRefused) {
  Signed s = make("ListTables", "{}");
  s.sent_body = R"({"Limit":1})";
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

TEST_F(SignatureVerification, StaleContentShaHeaderDoesNotCoverATamperedBody) {
  Signed s = make("ListTables", "{}");
  s.signing.headers.emplace_back("X-Amz-Content-Sha256", sigv4::sha256_hex("{}"));
  s.sent_body = R"({"Limit":1})";
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

TEST_F(SignatureVerification, UnsignedPayloadIsAcceptedWhenDeclared) {
  Signed s = make("ListTables", R"({"Limit":1})");
  s.signing.headers.emplace_back("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
  s.signing.payload_hash = "UNSIGNED-PAYLOAD";
  EXPECT_EQ(send(s).status, 200) << send(s).body;
  // Without the header the body is hashed, so the same signature no longer matches.
  s.signing.headers.pop_back();
  s.signing.headers.emplace_back("X-Amz-Content-Sha256", sigv4::sha256_hex(R"({"Limit":1})"));
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

TEST_F(SignatureVerification, TamperedDateIsRefused) {
  Signed s = make("ListTables", "{}");
  s.sent_headers.emplace("X-Amz-Date", sigv4::amz_date(kNow + 1));
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

TEST_F(SignatureVerification, RequestOlderThan15MinutesIsExpired) {
  Signed s = make("ListTables", "{}", "AKIDVERIFY", kSecret, kNow - 15 * 60 - 1);
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException",
                   "Signature expired: 20251231T234459Z is now earlier than 20251231T234500Z "
                   "(20260101T000000Z - 15 min.)");
  Signed edge = make("ListTables", "{}", "AKIDVERIFY", kSecret, kNow - 15 * 60);
  EXPECT_EQ(send(edge).status, 200);
}

TEST_F(SignatureVerification, RequestMoreThan15MinutesAheadIsNotYetCurrent) {
  Signed s = make("ListTables", "{}", "AKIDVERIFY", kSecret, kNow + 15 * 60 + 1);
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException",
                   "Signature not yet current: 20260101T001501Z is still later than 20260101T001500Z "
                   "(20260101T000000Z + 15 min.)");
}

TEST_F(SignatureVerification, SessionTokenIsRequiredForATemporaryKey) {
  Signed missing = make("ListTables", "{}", "ASIATEMP", "temp-secret");
  EXPECT_API_ERROR(send(missing), 400, "UnrecognizedClientException", kUnrecognized);
  Signed wrong = make("ListTables", "{}", "ASIATEMP", "temp-secret");
  wrong.signing.headers.emplace_back("X-Amz-Security-Token", "session-token-2");
  EXPECT_API_ERROR(send(wrong), 400, "UnrecognizedClientException", kUnrecognized);
  Signed right = make("ListTables", "{}", "ASIATEMP", "temp-secret");
  right.signing.headers.emplace_back("X-Amz-Security-Token", "session-token-1");
  EXPECT_EQ(send(right).status, 200);
}

TEST_F(SignatureVerification, TokenOnALongTermKeyIsRefused) {
  Signed s = make("ListTables", "{}");
  s.signing.headers.emplace_back("X-Amz-Security-Token", "session-token-1");
  EXPECT_API_ERROR(send(s), 400, "UnrecognizedClientException", kUnrecognized);
}

TEST_F(SignatureVerification, OtherServiceInScopeIsRefused) {
  Signed s = make("ListTables", "{}");
  s.signing.service = "s3";
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException",
                   "Credential should be scoped to correct service: 'dynamodb'. ");
}

TEST_F(SignatureVerification, MissingAndMalformedHeadersKeepTheirErrors) {
  Signed none = make("ListTables", "{}");
  EXPECT_API_ERROR(send(none, /*sign=*/false), 400, "MissingAuthenticationTokenException",
                   "Request is missing Authentication Token");
  Signed bad = make("ListTables", "{}");
  bad.sent_headers.emplace("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDVERIFY/20260101/eu-west-1/dynamodb");
  EXPECT_EQ(send(bad).error_type(), "IncompleteSignatureException");
}

TEST_F(SignatureVerification, AdminEndpointsLetInOnlySignedRequests) {
  Signed unsigned_health = make_admin("GET", "/_dynemu/health");
  EXPECT_API_ERROR(send(unsigned_health, /*sign=*/false), 400, "MissingAuthenticationTokenException",
                   "Request is missing Authentication Token");
  Signed wrong_secret = make_admin("GET", "/_dynemu/requests", "", "not-the-secret");
  EXPECT_API_ERROR(send(wrong_secret), 400, "InvalidSignatureException", kInvalidSignature);
  Signed unsigned_reset = make_admin("POST", "/_dynemu/reset");
  EXPECT_EQ(send(unsigned_reset, /*sign=*/false).error_type(), "MissingAuthenticationTokenException");
  Signed unsigned_report = make_admin("GET", "/_dynemu/report");
  EXPECT_EQ(send(unsigned_report, /*sign=*/false).error_type(), "MissingAuthenticationTokenException");

  Signed health = make_admin("GET", "/_dynemu/health");
  ApiResponse ok = send(health);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_STREQ(ok.json["status"].GetString(), "ok");
}

TEST_F(SignatureVerification, AdminRequestWithATamperedBodyDoesNotRun) {
  Signed tampered = make_admin("POST", "/_dynemu/clock", R"({"advance":0})");
  tampered.sent_body = R"({"advance":3600})";
  EXPECT_API_ERROR(send(tampered), 400, "InvalidSignatureException", kInvalidSignature);

  Signed clock = make_admin("GET", "/_dynemu/clock");
  ApiResponse now = send(clock);
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(now.json["now"].GetDouble(), static_cast<double>(kNow));  // the tampered advance did not run

  Signed untampered = make_admin("POST", "/_dynemu/clock", R"({"advance":0})");
  EXPECT_EQ(send(untampered).status, 200);
}

TEST_F(SignatureVerification, ConsolePageNeedsNoSignature) {
  Signed page = make_admin("GET", "/_dynemu/console");
  EXPECT_EQ(send(page, /*sign=*/false).status, 200);
}

TEST_F(SignatureVerification, PresignedQueryStringIsVerified) {
  Signed s = make("ListTables", "{}");
  const std::string date = s.signing.amz_date.substr(0, 8);
  const std::string scope = date + "/eu-west-1/dynamodb/aws4_request";
  std::string query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" +
                      sigv4::uri_encode("AKIDVERIFY/" + scope, false) + "&X-Amz-Date=" + s.signing.amz_date +
                      "&X-Amz-Expires=300&X-Amz-SignedHeaders=host%3Bx-amz-target";
  const std::string canonical =
      sigv4::canonical_request("POST", "/", sigv4::canonical_query(query), s.signing.headers, "host;x-amz-target",
                               sigv4::sha256_hex("{}"));
  const std::string sig = sigv4::signature(sigv4::signing_key(kSecret, date, "eu-west-1", "dynamodb"),
                                           sigv4::string_to_sign(s.signing.amz_date, scope, canonical));
  s.sent_path = "/?" + query + "&X-Amz-Signature=" + sig;
  s.signing.headers.erase(s.signing.headers.begin() + 2);  // no X-Amz-Date header: the query has it
  EXPECT_EQ(send(s, /*sign=*/false).status, 200) << send(s, false).body;
  s.sent_path = "/?" + query + "&X-Amz-Signature=" + std::string(64, '0');
  EXPECT_API_ERROR(send(s, false), 400, "InvalidSignatureException", kInvalidSignature);
}


// An Authorization header whose credential scope names `scope_date` (the signature itself is right
// for that scope), for the checks a signer's own code cannot get wrong.
std::string authorization_for_scope(const sigv4::SigningRequest& signing, const std::string& signed_headers,
                                    const std::string& scope_date, const std::string& service = "dynamodb") {
  const std::string scope = scope_date + "/eu-west-1/" + service + "/aws4_request";
  const std::string canonical =
      sigv4::canonical_request("POST", "/", "", signing.headers, signed_headers, sigv4::sha256_hex(signing.body));
  const std::string sig = sigv4::signature(sigv4::signing_key(signing.secret, scope_date, "eu-west-1", service),
                                           sigv4::string_to_sign(signing.amz_date, scope, canonical));
  return "AWS4-HMAC-SHA256 Credential=" + signing.access_key + "/" + scope + ", SignedHeaders=" + signed_headers +
         ", Signature=" + sig;
}

TEST_F(SignatureVerification, ScopeDateOtherThanTheRequestsDayIsRefused) {
  Signed s = make("ListTables", "{}");  // X-Amz-Date 20260101T000000Z
  s.sent_headers.emplace("Authorization", authorization_for_scope(s.signing, "content-type;host;x-amz-date;x-amz-target",
                                                                  "20251231"));
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException",
                   "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                   "'20251231' != '20260101', from '20260101T000000Z'.");
  Signed right_day = make("ListTables", "{}");
  right_day.sent_headers.emplace(
      "Authorization", authorization_for_scope(right_day.signing, "content-type;host;x-amz-date;x-amz-target",
                                               "20260101"));
  EXPECT_EQ(send(right_day).status, 200) << send(right_day).body;
}

TEST_F(SignatureVerification, EveryWrongPartOfTheScopeIsNamedBeforeTheAccessKeyIsLookedUp) {
  Signed s = make("ListTables", "{}", "AKIDUNKNOWN");
  s.sent_headers.emplace("Authorization", authorization_for_scope(s.signing, "content-type;host;x-amz-date;x-amz-target",
                                                                  "20251231", "s3"));
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException",
                   "Credential should be scoped to correct service: 'dynamodb'. Date in Credential scope does not "
                   "match YYYYMMDD from ISO-8601 version of date from HTTP: '20251231' != '20260101', from "
                   "'20260101T000000Z'.");
  Signed service_only = make("ListTables", "{}", "AKIDUNKNOWN");
  service_only.signing.service = "s3";
  EXPECT_API_ERROR(send(service_only), 400, "InvalidSignatureException",
                   "Credential should be scoped to correct service: 'dynamodb'. ");
}

TEST_F(SignatureVerification, HostMustBeASignedHeader) {
  Signed s = make("ListTables", "{}");
  s.signing.headers.erase(s.signing.headers.begin());  // Host is still sent, but not signed
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException",
                   "'Host' must be a 'SignedHeader' in the AWS Authorization.");
}

TEST_F(SignatureVerification, DateNotInBasicFormatIsAnIncompleteSignature) {
  Signed s = make("ListTables", "{}");
  s.sent_headers.emplace("X-Amz-Date", "2026-01-01T00:00:00Z");
  EXPECT_API_ERROR(send(s), 400, "IncompleteSignatureException",
                   "Date must be in ISO-8601 'basic format'. Got '2026-01-01T00:00:00Z'. See "
                   "http://en.wikipedia.org/wiki/ISO_8601");
}

TEST_F(SignatureVerification, WrongSignatureIsReportedBeforeAWrongSessionToken) {
  Signed s = make("ListTables", "{}", "ASIATEMP", "not-the-secret");
  s.signing.headers.emplace_back("X-Amz-Security-Token", "session-token-2");
  EXPECT_API_ERROR(send(s), 400, "InvalidSignatureException", kInvalidSignature);
}

}  // namespace
}  // namespace dynemu::testing_support
