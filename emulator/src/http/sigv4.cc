#include "http/sigv4.h"

#include <string_view>

#include "model/api_error.h"

namespace dynemu::http {
namespace {

// Every request carries this header, so it is parsed in place: views, no copies.
std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Finds "Name=value" among the comma-separated parameters after the algorithm.
std::string_view parameter(std::string_view params, std::string_view name) {
  while (!params.empty()) {
    size_t comma = params.find(',');
    std::string_view part = trim(params.substr(0, comma));
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
      return part.substr(name.size() + 1);
    if (comma == std::string_view::npos) break;
    params.remove_prefix(comma + 1);
  }
  return {};
}

}  // namespace

AuthorizationParts parse_authorization(std::string_view authorization, bool has_date) {
  if (authorization.empty())
    throw model::ApiError(400, "com.amazon.coral.service#MissingAuthenticationTokenException",
                          "Request is missing Authentication Token");
  std::string_view params;
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256 ";
  if (authorization.substr(0, kAlgorithm.size()) == kAlgorithm)
    params = authorization.substr(kAlgorithm.size());
  const std::string_view credential = parameter(params, "Credential");
  const std::string_view signature = parameter(params, "Signature");
  const std::string_view signed_headers = parameter(params, "SignedHeaders");
  std::string problems;
  if (credential.empty()) problems += "Authorization header requires 'Credential' parameter. ";
  if (signature.empty()) problems += "Authorization header requires 'Signature' parameter. ";
  if (signed_headers.empty()) problems += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!has_date) problems += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (!problems.empty())
    throw model::ApiError(400, "com.amazon.coral.service#IncompleteSignatureException",
                          problems + "Authorization=" + std::string(authorization));

  // Credential=AKID/yyyymmdd/region/service/aws4_request
  std::string_view scope[5];
  size_t parts = 0;
  std::string_view rest = credential;
  while (parts < 5) {
    size_t slash = rest.find('/');
    scope[parts++] = rest.substr(0, slash);
    if (slash == std::string_view::npos) {
      rest = {};
      break;
    }
    rest.remove_prefix(slash + 1);
    if (parts == 5) parts = 6;  // more than five parts
  }
  if (parts != 5 || scope[0].empty() || scope[2].empty() || scope[4] != "aws4_request")
    throw model::ApiError(400, "com.amazon.coral.service#IncompleteSignatureException",
                          "Credential should be scoped to a valid region. ");
  return AuthorizationParts{credential, signed_headers, signature, scope[0], scope[1], scope[2], scope[3]};
}

Credentials check_authorization(const std::string& authorization, bool has_date) {
  const AuthorizationParts parts = parse_authorization(authorization, has_date);
  return Credentials{std::string(parts.access_key), std::string(parts.region), {}};
}

}  // namespace dynemu::http
