// SigV4 signing: the pieces of AWS Signature Version 4 that a signer and a verifier share.
//
// Contract: pure functions of their inputs, no I/O and no clock. canonical_request() builds the
// canonical request exactly as AWS defines it (method, URI-encoded path, sorted canonical query
// string, lower-cased trimmed sorted headers restricted to the signed ones, the signed header list,
// the payload hash); string_to_sign() and signing_key() follow AWS's definitions; signature() is the
// lower-case hex HMAC-SHA256 of the string to sign. sign_authorization() puts them together into an
// Authorization header value, for clients (tests, the fixtures' remote mode).
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dynemu::http::sigv4 {

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // as received: any case, repeats

std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes

// RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX (upper case);
// '/' kept when `keep_slash`.
std::string uri_encode(std::string_view s, bool keep_slash);
// %XX decoding ('+' stays '+', as SigV4 treats the query string).
std::string uri_decode(std::string_view s);

// The canonical URI of a path as sent on the wire (still percent-encoded): each byte encoded once
// more, as AWS does for services other than S3; "" becomes "/".
std::string canonical_uri(std::string_view wire_path);
// The canonical query string of a raw query ("a=1&b=2", without '?'): each name and value decoded
// then encoded, sorted by name then value. Parameters named `skip` are left out (a presigned
// request's X-Amz-Signature).
std::string canonical_query(std::string_view raw_query, std::string_view skip = {});

// `signed_headers` is the SignedHeaders list ("host;x-amz-date"). Values of one header are joined
// with ',' after trimming and collapsing inner runs of spaces.
std::string canonical_request(std::string_view method, std::string_view canonical_uri_value,
                              std::string_view canonical_query_value, const HeaderList& headers,
                              std::string_view signed_headers, std::string_view payload_hash);

// scope: "yyyymmdd/region/service/aws4_request".
std::string string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical);
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);
std::string signature(std::string_view key, std::string_view to_sign);

// Constant-time comparison (the time taken does not depend on where two equal-length strings differ).
bool equal_constant_time(std::string_view a, std::string_view b);

// What a client signs. `headers` must contain every header to be signed (host and x-amz-date among
// them); all of them are signed.
struct SigningRequest {
  std::string method = "POST";
  std::string wire_path = "/";
  std::string raw_query;
  HeaderList headers;
  std::string body;
  std::string payload_hash;  // "" for the SHA-256 of `body`; "UNSIGNED-PAYLOAD" to leave the body unsigned
  std::string access_key, secret, region, service = "dynamodb";
  std::string amz_date;  // yyyymmddThhmmssZ
};
std::string sign_authorization(const SigningRequest& request);

// yyyymmddThhmmssZ for epoch seconds, and back (-1 when `text` has not that shape).
std::string amz_date(int64_t epoch_seconds);
int64_t parse_amz_date(std::string_view text);

}  // namespace dynemu::http::sigv4
