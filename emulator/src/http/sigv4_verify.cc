#include "http/sigv4_verify.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <strings.h>
#include <stdexcept>

#include "http/sigv4_signing.h"
#include "model/api_error.h"

namespace dynemu::http::sigv4 {
namespace {

constexpr int64_t kAllowedSkewSeconds = 15 * 60;

model::ApiError unrecognized_client() {
  return model::ApiError(400, "com.amazon.coral.service#UnrecognizedClientException",
                         "The security token included in the request is invalid.");
}

model::ApiError invalid_signature(std::string message) {
  return model::ApiError(400, "com.amazon.coral.service#InvalidSignatureException", std::move(message));
}

model::ApiError incomplete_signature(std::string message) {
  return model::ApiError(400, "com.amazon.coral.service#IncompleteSignatureException", std::move(message));
}

const std::string* header(const httplib::Request& req, const char* name) {
  auto it = req.headers.find(name);  // httplib's Headers compare names case-insensitively
  return it == req.headers.end() ? nullptr : &it->second;
}

// The request time a signature was made at: X-Amz-Date, else the HTTP Date header.
int64_t request_time(const std::string& amz_date_text, const std::string* http_date) {
  if (!amz_date_text.empty()) return parse_amz_date(amz_date_text);
  if (http_date == nullptr) return -1;
  std::tm parts{};
  const char* end = strptime(http_date->c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  if (end == nullptr || *end != '\0') return -1;
  return static_cast<int64_t>(timegm(&parts));
}

// Whether `signed_headers` ("content-type;host;x-amz-date") names Host, in any case.
bool signs_host(std::string_view signed_headers) {
  while (!signed_headers.empty()) {
    const size_t semicolon = signed_headers.find(';');
    const std::string_view name = signed_headers.substr(0, semicolon);
    if (name.size() == 4 && strncasecmp(name.data(), "host", 4) == 0) return true;
    if (semicolon == std::string_view::npos) break;
    signed_headers.remove_prefix(semicolon + 1);
  }
  return false;
}

// The query parameters of a presigned request, decoded ("" when absent).
struct QuerySignature {
  std::string algorithm, credential, date, expires, signed_headers, signature;
};

QuerySignature query_signature(std::string_view raw_query) {
  QuerySignature q;
  while (!raw_query.empty()) {
    const size_t amp = raw_query.find('&');
    const std::string_view part = raw_query.substr(0, amp);
    const size_t eq = part.find('=');
    const std::string name = uri_decode(part.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? "" : uri_decode(part.substr(eq + 1));
    if (name == "X-Amz-Algorithm") q.algorithm = value;
    else if (name == "X-Amz-Credential") q.credential = value;
    else if (name == "X-Amz-Date") q.date = value;
    else if (name == "X-Amz-Expires") q.expires = value;
    else if (name == "X-Amz-SignedHeaders") q.signed_headers = value;
    else if (name == "X-Amz-Signature") q.signature = value;
    if (amp == std::string_view::npos) break;
    raw_query.remove_prefix(amp + 1);
  }
  return q;
}

// A header signature holds for 15 minutes either side of the server's time (DynamoDB's wording);
// a presigned one from its X-Amz-Date until X-Amz-Expires seconds later (`valid_seconds`, 0 for a
// header signature).
void check_skew(int64_t signed_at, int64_t now_seconds, int64_t valid_seconds) {
  const int64_t earliest = now_seconds - (valid_seconds > 0 ? valid_seconds : kAllowedSkewSeconds);
  if (signed_at < earliest)
    throw invalid_signature("Signature expired: " + amz_date(signed_at) + " is now earlier than " +
                            amz_date(earliest) + " (" + amz_date(now_seconds) + " - " +
                            (valid_seconds > 0 ? std::to_string(valid_seconds) + " sec.)" : "15 min.)"));
  if (signed_at > now_seconds + kAllowedSkewSeconds)
    throw invalid_signature("Signature not yet current: " + amz_date(signed_at) + " is still later than " +
                            amz_date(now_seconds + kAllowedSkewSeconds) + " (" + amz_date(now_seconds) +
                            " + 15 min.)");
}

}  // namespace

CredentialTable CredentialTable::parse(const std::string& text, const std::string& source_name) {
  CredentialTable table;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    std::istringstream fields(line);
    SigningCredential credential;
    if (!(fields >> credential.access_key) || credential.access_key[0] == '#') continue;
    auto fail = [&](const std::string& why) {
      throw std::runtime_error(source_name + ":" + std::to_string(number) + ": " + why);
    };
    if (!(fields >> credential.secret)) fail("a credential needs an access key id and a secret access key");
    for (std::string field; fields >> field;) {
      if (field.rfind("account=", 0) == 0) {
        credential.account_id = field.substr(8);
        if (credential.account_id.size() != 12 ||
            credential.account_id.find_first_not_of("0123456789") != std::string::npos)
          fail("an account id is 12 digits: " + field);
      } else if (field.rfind("token=", 0) == 0 && field.size() > 6) {
        credential.session_token = field.substr(6);
      } else {
        fail("unknown field (account=ID or token=TOKEN): " + field);
      }
    }
    if (!table.by_key_.emplace(credential.access_key, credential).second)
      fail("access key id listed twice: " + credential.access_key);
  }
  if (table.by_key_.empty()) throw std::runtime_error(source_name + ": no credentials");
  return table;
}

CredentialTable CredentialTable::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the credentials file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

const SigningCredential* CredentialTable::find(const std::string& access_key) const {
  auto it = by_key_.find(access_key);
  return it == by_key_.end() ? nullptr : &it->second;
}

Credentials verify_request(const CredentialTable& table, const httplib::Request& req, const std::string& body,
                           int64_t now_seconds) {
  const std::string_view target = req.target;
  const size_t question = target.find('?');
  const std::string_view wire_path = target.substr(0, question);
  const std::string_view raw_query = question == std::string_view::npos ? "" : target.substr(question + 1);
  const std::string* authorization = header(req, "Authorization");
  const std::string* amz_date_header = header(req, "X-Amz-Date");
  const std::string* http_date = header(req, "Date");

  // Either the Authorization header or, without it, a presigned query string.
  QuerySignature presigned;
  AuthorizationParts parts;
  std::string amz_date_text;
  int64_t valid_seconds = 0;  // a presigned request's X-Amz-Expires
  std::string presigned_as_header;
  if (authorization == nullptr && raw_query.find("X-Amz-Algorithm=") != std::string_view::npos) {
    presigned = query_signature(raw_query);
    std::string problems;
    if (presigned.algorithm != "AWS4-HMAC-SHA256") problems += "X-Amz-Algorithm must be AWS4-HMAC-SHA256. ";
    if (presigned.credential.empty()) problems += "AWS query-string parameters must include 'X-Amz-Credential'. ";
    if (presigned.signature.empty()) problems += "AWS query-string parameters must include 'X-Amz-Signature'. ";
    if (presigned.signed_headers.empty())
      problems += "AWS query-string parameters must include 'X-Amz-SignedHeaders'. ";
    if (presigned.date.empty()) problems += "AWS query-string parameters must include 'X-Amz-Date'. ";
    if (!problems.empty()) throw incomplete_signature(problems + "Re-examine the query-string parameters.");
    // The shape checks of the header form apply to the same three parameters.
    presigned_as_header = "AWS4-HMAC-SHA256 Credential=" + presigned.credential +
                                 ", SignedHeaders=" + presigned.signed_headers +
                                 ", Signature=" + presigned.signature;
    parts = parse_authorization(presigned_as_header, true);
    amz_date_text = presigned.date;
    if (!presigned.expires.empty()) {
      char* end = nullptr;
      valid_seconds = std::strtoll(presigned.expires.c_str(), &end, 10);
      if (*end != '\0' || valid_seconds < 1 || valid_seconds > 604800)
        throw incomplete_signature("X-Amz-Expires must be an integer from 1 to 604800 seconds.");
    }
  } else {
    // Views into the request's own header: `parts` must not outlive `req`.
    parts = parse_authorization(authorization == nullptr ? std::string_view() : std::string_view(*authorization),
                                amz_date_header != nullptr || http_date != nullptr);
    if (amz_date_header != nullptr) amz_date_text = *amz_date_header;
  }

  // The checks run in DynamoDB's order, so that a request wrong in several ways gets the error
  // DynamoDB gives: the date, then Host among the signed headers, then the credential scope, then
  // the access key, then the signature, then the session token.
  const int64_t signed_at = request_time(amz_date_text, amz_date_text.empty() ? http_date : nullptr);
  if (signed_at < 0)
    throw incomplete_signature("Date must be in ISO-8601 'basic format'. Got '" +
                               (amz_date_text.empty() && http_date ? *http_date : amz_date_text) +
                               "'. See http://en.wikipedia.org/wiki/ISO_8601");
  check_skew(signed_at, now_seconds, valid_seconds);
  if (!signs_host(parts.signed_headers))
    throw invalid_signature("'Host' must be a 'SignedHeader' in the AWS Authorization.");

  // Every wrong part of the scope is named, in one message.
  std::string scope_problems;
  if (parts.service != "dynamodb") scope_problems += "Credential should be scoped to correct service: 'dynamodb'. ";
  const std::string signed_at_text = amz_date(signed_at);
  const std::string_view request_day = std::string_view(signed_at_text).substr(0, 8);
  if (parts.date != request_day)
    scope_problems += "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
                      std::string(parts.date) + "' != '" + std::string(request_day) + "', from '" + signed_at_text +
                      "'.";
  if (!scope_problems.empty()) throw invalid_signature(scope_problems);

  const SigningCredential* credential = table.find(std::string(parts.access_key));
  if (credential == nullptr) throw unrecognized_client();

  const std::string* content_sha = header(req, "X-Amz-Content-Sha256");
  const std::string payload_hash =
      content_sha != nullptr && *content_sha == "UNSIGNED-PAYLOAD" ? *content_sha : sha256_hex(body);
  HeaderList headers(req.headers.begin(), req.headers.end());
  const std::string canonical = canonical_request(
      req.method, canonical_uri(wire_path),
      canonical_query(raw_query, presigned.algorithm.empty() ? std::string_view() : "X-Amz-Signature"), headers,
      parts.signed_headers, payload_hash);
  const std::string scope = std::string(parts.date) + "/" + std::string(parts.region) + "/" +
                            std::string(parts.service) + "/aws4_request";
  // The string to sign names the time in ISO basic form, whichever header carried it.
  const std::string to_sign = string_to_sign(amz_date_text.empty() ? amz_date(signed_at) : amz_date_text, scope,
                                             canonical);
  const std::string expected =
      signature(signing_key(credential->secret, parts.date, parts.region, parts.service), to_sign);
  if (!equal_constant_time(expected, parts.signature))
    throw invalid_signature(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
        "Access Key and signing method. Consult the service documentation for details.");

  // A temporary credential is valid only with its session token; a long-term key takes none.
  const std::string* token = header(req, "X-Amz-Security-Token");
  std::string query_token;
  if (token == nullptr && !presigned.algorithm.empty()) {
    for (std::string_view rest = raw_query; !rest.empty();) {
      const size_t amp = rest.find('&');
      const std::string_view part = rest.substr(0, amp);
      if (part.rfind("X-Amz-Security-Token=", 0) == 0) query_token = uri_decode(part.substr(21));
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
    if (!query_token.empty()) token = &query_token;
  }
  const std::string_view sent_token = token == nullptr ? std::string_view() : std::string_view(*token);
  if (!equal_constant_time(sent_token, credential->session_token)) throw unrecognized_client();

  return Credentials{credential->access_key, std::string(parts.region), credential->account_id};
}

}  // namespace dynemu::http::sigv4
