#include "http/sigv4_signing.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>

#include "model/json_codec.h"

namespace dynemu::http::sigv4 {
namespace {

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Leading and trailing blanks removed, inner runs of blanks made one space.
std::string canonical_value(std::string_view v) {
  std::string out;
  bool pending_space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return model::hex_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &length);
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string uri_encode(std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (unreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
  }
  return out;
}

std::string uri_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string canonical_uri(std::string_view wire_path) {
  if (wire_path.empty()) return "/";
  return uri_encode(wire_path, /*keep_slash=*/true);
}

std::string canonical_query(std::string_view raw_query, std::string_view skip) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!raw_query.empty()) {
    const size_t amp = raw_query.find('&');
    const std::string_view part = raw_query.substr(0, amp);
    if (!part.empty()) {
      const size_t eq = part.find('=');
      std::string name = uri_decode(part.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : uri_decode(part.substr(eq + 1));
      if (skip.empty() || name != skip) params.emplace_back(uri_encode(name, false), uri_encode(value, false));
    }
    if (amp == std::string_view::npos) break;
    raw_query.remove_prefix(amp + 1);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string canonical_request(std::string_view method, std::string_view canonical_uri_value,
                              std::string_view canonical_query_value, const HeaderList& headers,
                              std::string_view signed_headers, std::string_view payload_hash) {
  // The signed names, in the order the client listed them (AWS requires that order to be sorted;
  // a list out of order simply produces another signature).
  std::vector<std::string> names;
  for (std::string_view rest = signed_headers; !rest.empty();) {
    const size_t semi = rest.find(';');
    names.push_back(lower(rest.substr(0, semi)));
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  std::map<std::string, std::string> values;  // lower-cased name -> joined values
  for (const auto& [name, value] : headers) {
    std::string key = lower(name);
    if (std::find(names.begin(), names.end(), key) == names.end()) continue;
    auto [it, fresh] = values.emplace(key, canonical_value(value));
    if (!fresh) it->second += "," + canonical_value(value);
  }
  std::string out;
  out.append(method).append("\n").append(canonical_uri_value).append("\n").append(canonical_query_value).append("\n");
  for (const std::string& name : names) {
    auto it = values.find(name);
    out += name + ":" + (it == values.end() ? "" : it->second) + "\n";
  }
  out.append("\n").append(signed_headers).append("\n").append(payload_hash);
  return out;
}

std::string string_to_sign(std::string_view amz_date_value, std::string_view scope, std::string_view canonical) {
  std::string out = "AWS4-HMAC-SHA256\n";
  out.append(amz_date_value).append("\n").append(scope).append("\n").append(sha256_hex(canonical));
  return out;
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  const std::string k_date = hmac_sha256("AWS4" + std::string(secret), date);
  const std::string k_region = hmac_sha256(k_date, region);
  const std::string k_service = hmac_sha256(k_region, service);
  return hmac_sha256(k_service, "aws4_request");
}

std::string signature(std::string_view key, std::string_view to_sign) {
  return model::hex_encode(hmac_sha256(key, to_sign));
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string sign_authorization(const SigningRequest& request) {
  std::vector<std::string> names;
  for (const auto& header : request.headers) {
    std::string name = lower(header.first);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  std::string signed_headers;
  for (const auto& name : names) signed_headers += (signed_headers.empty() ? "" : ";") + name;
  const std::string date = request.amz_date.substr(0, 8);
  const std::string scope = date + "/" + request.region + "/" + request.service + "/aws4_request";
  const std::string canonical =
      canonical_request(request.method, canonical_uri(request.wire_path), canonical_query(request.raw_query),
                        request.headers, signed_headers,
                        request.payload_hash.empty() ? sha256_hex(request.body) : request.payload_hash);
  const std::string key = signing_key(request.secret, date, request.region, request.service);
  return "AWS4-HMAC-SHA256 Credential=" + request.access_key + "/" + scope + ", SignedHeaders=" + signed_headers +
         ", Signature=" + signature(key, string_to_sign(request.amz_date, scope, canonical));
}

std::string amz_date(int64_t epoch_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char text[20];
  std::strftime(text, sizeof(text), "%Y%m%dT%H%M%SZ", &parts);
  return text;
}

int64_t parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return -1;
  for (size_t i = 0; i < 15; ++i)
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
  auto number = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  std::tm parts{};
  parts.tm_year = number(0, 4) - 1900;
  parts.tm_mon = number(4, 2) - 1;
  parts.tm_mday = number(6, 2);
  parts.tm_hour = number(9, 2);
  parts.tm_min = number(11, 2);
  parts.tm_sec = number(13, 2);
  if (parts.tm_mon > 11 || parts.tm_mday < 1 || parts.tm_mday > 31 || parts.tm_hour > 23 || parts.tm_min > 59 ||
      parts.tm_sec > 60)
    return -1;
  return static_cast<int64_t>(timegm(&parts));
}

}  // namespace dynemu::http::sigv4
