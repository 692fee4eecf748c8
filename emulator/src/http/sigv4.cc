#include "http/sigv4.h"

#include <vector>

#include "model/api_error.h"

namespace dynemu::http {
namespace {

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Finds "Name=value" among the comma-separated parameters after the algorithm.
std::string parameter(const std::string& params, const std::string& name) {
  size_t pos = 0;
  while (pos <= params.size()) {
    size_t comma = params.find(',', pos);
    std::string part = trim(params.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return "";
}

}  // namespace

Credentials check_authorization(const std::string& authorization, bool has_date) {
  if (authorization.empty())
    throw model::ApiError(400, "com.amazon.coral.service#MissingAuthenticationTokenException",
                          "Request is missing Authentication Token");
  std::string params;
  const std::string algorithm = "AWS4-HMAC-SHA256 ";
  if (authorization.rfind(algorithm, 0) == 0) params = authorization.substr(algorithm.size());
  const std::string credential = parameter(params, "Credential");
  const std::string signature = parameter(params, "Signature");
  const std::string signed_headers = parameter(params, "SignedHeaders");
  std::string problems;
  if (credential.empty()) problems += "Authorization header requires 'Credential' parameter. ";
  if (signature.empty()) problems += "Authorization header requires 'Signature' parameter. ";
  if (signed_headers.empty()) problems += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!has_date) problems += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (!problems.empty())
    throw model::ApiError(400, "com.amazon.coral.service#IncompleteSignatureException",
                          problems + "Authorization=" + authorization);

  // Credential=AKID/yyyymmdd/region/service/aws4_request
  std::vector<std::string> scope;
  size_t pos = 0;
  while (true) {
    size_t slash = credential.find('/', pos);
    scope.push_back(credential.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos));
    if (slash == std::string::npos) break;
    pos = slash + 1;
  }
  if (scope.size() != 5 || scope[0].empty() || scope[2].empty() || scope[4] != "aws4_request")
    throw model::ApiError(400, "com.amazon.coral.service#IncompleteSignatureException",
                          "Credential should be scoped to a valid region. ");
  return Credentials{scope[0], scope[2]};
}

}  // namespace dynemu::http
