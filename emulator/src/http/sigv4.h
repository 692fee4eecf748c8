// SigV4: the shape of an AWS Signature Version 4 Authorization header.
//
// Contract: check_authorization() reproduces DynamoDB's authentication errors for a missing or
// malformed header (MissingAuthenticationTokenException, IncompleteSignatureException) and
// returns the access key and region from the credential scope. Signatures are not verified.
#pragma once
#include <string>

namespace dynemu::http {

struct Credentials {
  std::string access_key;
  std::string region;
};

// `authorization` is the header value ("" when absent); `has_date` says whether an X-Amz-Date or
// Date header is present. Throws model::ApiError.
Credentials check_authorization(const std::string& authorization, bool has_date);

}  // namespace dynemu::http
