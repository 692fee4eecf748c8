// Who may drive dynemu from a browser. A page from another origin can make a visitor's browser send
// requests to 127.0.0.1 (a form's POST needs no preflight), and browsers name that page in `Origin`
// on every cross-origin POST. Requests without Origin (curl, the fixtures, the SDKs, the language
// helpers) are never browser pages acting for someone else and always pass.
//
// Contract:
//  - /_dynemu/* (every method): refused with 403 {"error": ...} when Origin is present and is not
//    dynemu's own origin, http://<Host header>, the origin of the console it serves. --cors does
//    not widen this: it is about the DynamoDB API.
//  - POST / (the DynamoDB API): a present Origin must be dynemu's own or one --cors allows ("*"
//    allows any); otherwise 403 AccessDeniedException, before anything is parsed or recorded.
#pragma once
#include <string>
#include <string_view>

#include <httplib.h>

namespace dynemu::http {

// Whether `origin` is http://`host` (the Host header's value), compared ASCII-case-insensitively.
bool is_own_origin(std::string_view origin, std::string_view host);

// Whether `origin` is in `cors_origins` ("" none, "*" any, or a comma-separated list).
bool cors_allows(std::string_view origin, std::string_view cors_origins);

// The message for a refused request from `origin`.
std::string foreign_origin_message(std::string_view origin, std::string_view host, bool admin);

// The /_dynemu/ rule, run before routing: Handled (with the 403 in `res`) when it refuses.
httplib::Server::HandlerResponse guard_admin_origin(const httplib::Request& req, httplib::Response& res);

}  // namespace dynemu::http
