// SigV4: the shape of an AWS Signature Version 4 Authorization header.
//
// Contract: check_authorization() reproduces DynamoDB's authentication errors for a missing or
// malformed header (MissingAuthenticationTokenException, IncompleteSignatureException) and
// returns the access key and region from the credential scope. Signatures are not verified here
// (that is --auth verify: http/sigv4_verify.h, which checks the shape with parse_authorization()).
#pragma once
#include <string>
#include <string_view>

namespace dynemu::http {

struct Credentials {
  std::string access_key;
  std::string region;
  std::string account_id;  // "" unless --auth verify found the key (its account)
};

// The parts of a well-formed header, as views into `authorization`.
struct AuthorizationParts {
  std::string_view credential, signed_headers, signature;
  std::string_view access_key, date, region, service;  // the credential scope's parts
};

// Throws as check_authorization() does for a missing or malformed header.
AuthorizationParts parse_authorization(std::string_view authorization, bool has_date);

// `authorization` is the header value ("" when absent); `has_date` says whether an X-Amz-Date or
// Date header is present. Throws model::ApiError.
Credentials check_authorization(const std::string& authorization, bool has_date);

}  // namespace dynemu::http
