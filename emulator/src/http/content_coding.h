// HTTP content codings as DynamoDB speaks them: compressed request bodies (Content-Encoding) and
// compressed responses (Accept-Encoding).
//
// Contract:
//  - Requests: `Content-Encoding` gzip or deflate (ASCII case-insensitive, surrounding blanks
//    ignored; identity or an empty value mean none) is decoded before the body is parsed. gzip may
//    hold several concatenated members; deflate is the zlib format (RFC 9110), one stream. Any
//    other value, a list of codings, or a body that does not decode completely (empty, truncated,
//    not compressed, trailing bytes) is `corrupt` or `unsupported`, which DynamoDB answers with
//    HTTP 500. The size limit applies to the decoded body: past it decoding stops (`too_large`),
//    so a small compressed bomb never inflates beyond the limit in memory.
//  - Responses: `choose_response_coding` negotiates gzip or deflate from the request's last
//    Accept-Encoding header with q-values, `*` and identity as DynamoDB was observed to; a success
//    response of at least kResponseCompressionThreshold bytes is compressed with it.
//  - httplib (Debian's build has zlib and brotli) would otherwise decode request bodies itself,
//    with no limit after decoding and a brotli DynamoDB does not accept, and compress
//    `application/json` responses behind the x-amz-crc32 checksum's back. `hide_codings` renames
//    both headers before httplib reads the body; the handler calls `restore_codings` to see the
//    request as sent, and `hide_codings` again before it returns.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include <httplib.h>

namespace dynemu::http {

enum class Coding { identity, gzip, deflate };

// DynamoDB compresses responses from 4 KB up (observed; its documentation gives no figure).
constexpr size_t kResponseCompressionThreshold = 4096;

enum class DecodeOutcome { ok, unsupported, corrupt, too_large };

// Decodes `wire` per `content_encoding` into `out` (left empty unless ok). `out` never grows past
// `max_bytes`.
DecodeOutcome decode_request_body(std::string_view content_encoding, std::string_view wire, size_t max_bytes,
                                  std::string& out);

// The coding for a response to a request with this Accept-Encoding value ("" when absent).
Coding choose_response_coding(std::string_view accept_encoding);

// `body` compressed with `coding` (gzip or deflate).
std::string encode(Coding coding, std::string_view body);

// "gzip" or "deflate".
const char* coding_name(Coding coding);

// The Content-Encoding and Accept-Encoding headers renamed out of httplib's sight, and back.
void hide_codings(httplib::Request& req);
void restore_codings(httplib::Request& req);

}  // namespace dynemu::http
