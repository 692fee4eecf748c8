#include "http/content_coding.h"

#include <strings.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace dynemu::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// zlib windowBits: 15 is the zlib format (deflate), 16 + 15 is gzip.
int window_bits(Coding coding) { return coding == Coding::gzip ? 16 + MAX_WBITS : MAX_WBITS; }

DecodeOutcome inflate_body(Coding coding, std::string_view wire, size_t max_bytes, std::string& out) {
  if (wire.empty()) return DecodeOutcome::corrupt;
  z_stream stream{};
  if (inflateInit2(&stream, window_bits(coding)) != Z_OK) return DecodeOutcome::corrupt;
  struct End {
    z_stream& s;
    ~End() { inflateEnd(&s); }
  } end{stream};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(wire.data()));
  // Request bodies are bounded by the 16 MB wire limit, far below zlib's 4 GB uInt.
  stream.avail_in = static_cast<uInt>(wire.size());
  char chunk[16 * 1024];
  for (;;) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    const int rc = inflate(&stream, Z_NO_FLUSH);
    const size_t produced = sizeof(chunk) - stream.avail_out;
    if (out.size() + produced > max_bytes) {
      out.clear();
      return DecodeOutcome::too_large;
    }
    out.append(chunk, produced);
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) return DecodeOutcome::ok;
      // gzip (RFC 1952) allows members one after another; a zlib stream is one stream.
      if (coding != Coding::gzip || inflateReset(&stream) != Z_OK) break;
      continue;
    }
    if (rc == Z_OK) continue;
    // Z_BUF_ERROR with no input left: the stream was cut short.
    break;
  }
  out.clear();
  return DecodeOutcome::corrupt;
}

struct Offer {
  Coding coding;
  double q;
};

// A q-value as DynamoDB reads it: a number is clamped into [0, 1]; anything else counts as 1.
double quality(std::string_view text) {
  text = trim(text);
  if (text.empty()) return 1;
  std::string copy(text);
  char* end = nullptr;
  const double q = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return 1;
  return std::clamp(q, 0.0, 1.0);
}

}  // namespace

DecodeOutcome decode_request_body(std::string_view content_encoding, std::string_view wire, size_t max_bytes,
                                  std::string& out) {
  out.clear();
  const std::string_view name = trim(content_encoding);
  if (name.empty() || equals_ignoring_case(name, "identity")) {
    if (wire.size() > max_bytes) return DecodeOutcome::too_large;
    out.assign(wire);
    return DecodeOutcome::ok;
  }
  if (equals_ignoring_case(name, "gzip")) return inflate_body(Coding::gzip, wire, max_bytes, out);
  if (equals_ignoring_case(name, "deflate")) return inflate_body(Coding::deflate, wire, max_bytes, out);
  return DecodeOutcome::unsupported;
}

Coding choose_response_coding(std::string_view accept_encoding) {
  // Explicitly listed codings in the order first listed; `*` stands for the ones not listed.
  std::vector<Offer> listed;
  bool star = false;
  double star_q = 0;
  size_t start = 0;
  while (start <= accept_encoding.size()) {
    size_t comma = accept_encoding.find(',', start);
    if (comma == std::string_view::npos) comma = accept_encoding.size();
    std::string_view element = accept_encoding.substr(start, comma - start);
    start = comma + 1;
    const size_t semicolon = element.find(';');
    const std::string_view name = trim(element.substr(0, semicolon));
    double q = 1;
    // The first q parameter counts; other parameters are ignored.
    for (size_t p = semicolon; p != std::string_view::npos;) {
      const size_t next = element.find(';', p + 1);
      const std::string_view param = element.substr(p + 1, next == std::string_view::npos ? next : next - p - 1);
      const size_t eq = param.find('=');
      if (eq != std::string_view::npos && equals_ignoring_case(trim(param.substr(0, eq)), "q")) {
        q = quality(param.substr(eq + 1));
        break;
      }
      p = next;
    }
    if (name == "*") {
      star_q = star ? std::max(star_q, q) : q;
      star = true;
      continue;
    }
    Coding coding;
    if (equals_ignoring_case(name, "gzip")) coding = Coding::gzip;
    else if (equals_ignoring_case(name, "deflate")) coding = Coding::deflate;
    else continue;  // identity never wins over compression; unknown codings are not offered
    auto same = std::find_if(listed.begin(), listed.end(), [&](const Offer& o) { return o.coding == coding; });
    if (same == listed.end()) listed.push_back({coding, q});
    else same->q = std::max(same->q, q);
  }
  std::vector<Offer> offers = listed;
  if (star) {
    for (Coding coding : {Coding::gzip, Coding::deflate}) {
      if (std::none_of(listed.begin(), listed.end(), [&](const Offer& o) { return o.coding == coding; }))
        offers.push_back({coding, star_q});
    }
  }
  Coding best = Coding::identity;
  double best_q = 0;
  for (const Offer& offer : offers) {
    if (offer.q > best_q) best = offer.coding, best_q = offer.q;
  }
  return best;
}

std::string encode(Coding coding, std::string_view body) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits(coding), 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return std::string(body);
  std::string out(deflateBound(&stream, static_cast<uLong>(body.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);  // the bound makes one call enough
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

const char* coding_name(Coding coding) { return coding == Coding::gzip ? "gzip" : "deflate"; }

namespace {
constexpr const char* kHiddenContentEncoding = "X-Dynemu-Hidden-Content-Encoding";
constexpr const char* kHiddenAcceptEncoding = "X-Dynemu-Hidden-Accept-Encoding";

void rename_headers(httplib::Headers& headers, const char* from, const char* to) {
  // httplib's Headers compare names case-insensitively, so equal_range finds every spelling.
  auto [first, last] = headers.equal_range(from);
  if (first == last) return;
  std::vector<std::string> values;
  for (auto it = first; it != last; ++it) values.push_back(std::move(it->second));
  headers.erase(first, last);
  for (std::string& v : values) headers.emplace(to, std::move(v));
}
}  // namespace

void hide_codings(httplib::Request& req) {
  rename_headers(req.headers, "Content-Encoding", kHiddenContentEncoding);
  rename_headers(req.headers, "Accept-Encoding", kHiddenAcceptEncoding);
}

void restore_codings(httplib::Request& req) {
  rename_headers(req.headers, kHiddenContentEncoding, "Content-Encoding");
  rename_headers(req.headers, kHiddenAcceptEncoding, "Accept-Encoding");
}

}  // namespace dynemu::http
