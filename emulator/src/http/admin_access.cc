#include "http/admin_access.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "model/api_error.h"

namespace dynemu::http {

bool AdminAccess::refuses(const httplib::Request& req, httplib::Response& res) const {
  if (!credentials_) return false;
  try {
    sigv4::verify_request(*credentials_, req, req.body, clock_.now_seconds());
    return false;
  } catch (const model::ApiError& e) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("__type");
    w.String(e.type().c_str(), static_cast<rapidjson::SizeType>(e.type().size()));
    w.Key(e.capitalized_message_key() ? "Message" : "message");
    w.String(e.message().c_str(), static_cast<rapidjson::SizeType>(e.message().size()));
    w.EndObject();
    res.status = e.status();
    res.set_header("x-amzn-ErrorType", e.short_type());
    res.set_content(buf.GetString(), buf.GetSize(), "application/x-amz-json-1.0");
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
