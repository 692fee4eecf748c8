#include "http/admin_access.h"

#include "http/frontend.h"
#include "model/api_error.h"

namespace dynemu::http {

bool AdminAccess::refuses(const httplib::Request& req, httplib::Response& res) const {
  if (!credentials_) return false;
  try {
    sigv4::verify_request(*credentials_, req, req.body, clock_.now_seconds());
    return false;
  } catch (const model::ApiError& e) {
    res.status = e.status();
    res.set_header("x-amzn-ErrorType", e.short_type());
    res.set_content(api_error_body(e), "application/x-amz-json-1.0");
    return true;
  }
}

httplib::Server::Handler AdminRoutes::guarded(httplib::Server::Handler handler) const {
  return [access = access_, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    if (access->refuses(req, res)) return;
    handler(req, res);
  };
}

}  // namespace dynemu::http
