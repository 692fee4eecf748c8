// Who may use the admin endpoints (/_dynemu/*) under --auth verify.
//
// Contract: AdminRoutes registers an admin endpoint's handler on an httplib::Server (Get/Post/Delete,
// as httplib's own) behind an AdminAccess. Without verified credentials (the default auth) every
// request reaches the handler, as before. With them a request reaches it only when it is signed,
// exactly as a DynamoDB request must be (http/sigv4_verify.h: the same keys, clock skew, session
// tokens, body hash); otherwise it is answered with the error POST / would give (status, __type,
// message) and the handler does not run. The check runs in the handler, not before routing, because
// the signature covers the body and httplib reads the body only after routing. The console's static
// files (GET /_dynemu/console) hold no data and are not behind it.
#pragma once
#include <memory>
#include <string>

#include <httplib.h>

#include "clock/clock.h"
#include "http/sigv4_verify.h"

namespace dynemu::http {

class AdminAccess {
 public:
  AdminAccess(std::shared_ptr<const sigv4::CredentialTable> verified_credentials, const clock::Clock& clock)
      : credentials_(std::move(verified_credentials)), clock_(clock) {}
  // True when the request may not use the endpoint; `res` then holds the refusal.
  bool refuses(const httplib::Request& req, httplib::Response& res) const;

 private:
  std::shared_ptr<const sigv4::CredentialTable> credentials_;  // nullptr: everyone may
  const clock::Clock& clock_;
};

class AdminRoutes {
 public:
  AdminRoutes(httplib::Server& server, std::shared_ptr<const AdminAccess> access)
      : server_(server), access_(std::move(access)) {}
  void Get(const std::string& pattern, httplib::Server::Handler handler) {
    server_.Get(pattern, guarded(std::move(handler)));
  }
  void Post(const std::string& pattern, httplib::Server::Handler handler) {
    server_.Post(pattern, guarded(std::move(handler)));
  }
  void Delete(const std::string& pattern, httplib::Server::Handler handler) {
    server_.Delete(pattern, guarded(std::move(handler)));
  }

 private:
  httplib::Server::Handler guarded(httplib::Server::Handler handler) const;
  httplib::Server& server_;
  std::shared_ptr<const AdminAccess> access_;
};

}  // namespace dynemu::http
