// SigV4 verification (`--auth verify`): a request is let in only when it is signed, as AWS checks it,
// by a key of the credentials file.
//
// Contract:
//  - CredentialTable::load() reads the credentials file: one credential a line,
//      ACCESS_KEY_ID SECRET_ACCESS_KEY [account=ACCOUNT_ID] [token=SESSION_TOKEN]
//    fields separated by blanks, '#' starting a comment line, blank lines ignored. The account id
//    defaults to 000000000000. A malformed line or a repeated key throws std::runtime_error naming
//    the line.
//  - verify_request() checks a request signed in its Authorization header, or presigned in its query
//    string (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders,
//    X-Amz-Signature), against the table and the server clock's `now_seconds`, and throws the
//    model::ApiError AWS answers with: MissingAuthenticationToken / IncompleteSignature for a
//    missing or malformed signature (as check_authorization() in sigv4.h), UnrecognizedClient for
//    an unknown access key or a missing or wrong session token, InvalidSignature for a wrong
//    signature, a date more than 15 minutes from the server's, Host missing from the signed
//    headers, or a scope naming another service or another day than the request's date. The checks
//    run in DynamoDB's order (date, Host, scope, access key, signature, session token), so a request
//    wrong in several ways gets the error DynamoDB gives for it.
//    The payload hash is the SHA-256 of `body` (the bytes as received, before any Content-Encoding
//    is undone), or UNSIGNED-PAYLOAD when the client says so in X-Amz-Content-Sha256.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

#include <httplib.h>

#include "http/sigv4.h"

namespace dynemu::http::sigv4 {

struct SigningCredential {
  std::string access_key;
  std::string secret;
  std::string session_token;  // "" for a long-term key
  std::string account_id = "000000000000";
};

class CredentialTable {
 public:
  static CredentialTable load(const std::string& path);
  static CredentialTable parse(const std::string& text, const std::string& source_name);
  const SigningCredential* find(const std::string& access_key) const;
  size_t size() const { return by_key_.size(); }

 private:
  std::unordered_map<std::string, SigningCredential> by_key_;
};

// Returns the caller: access key, region (of the credential scope) and account id.
Credentials verify_request(const CredentialTable& table, const httplib::Request& req, const std::string& body,
                           int64_t now_seconds);

}  // namespace dynemu::http::sigv4
