// ConnectionServer: cpp-httplib's Server with dynemu's own connection loop and socket stream.
//
// Contract: behaves as httplib::Server (same routes, parsing, responses, keep-alive count and
// timeouts, read and write timeouts) but serves each accepted connection through a
// BufferedSocketStream:
//   - reads come from a 16 KB buffer, refilled with one recv(), never preceded by a poll();
//   - everything httplib writes for one response (status line and headers, then the body) is
//     gathered and leaves in one send() when the request is done (or earlier, before the stream
//     waits to read more, so "100 Continue" still reaches the client; bodies past 64 KB stream);
//   - the peer and local addresses are read once per connection, not once per request;
//   - an idle keep-alive connection notices stop() within 50 ms instead of after its timeout.
//
// Why: httplib 0.11's SocketStream polls before every read and write and writes a response in two
// send() calls (two TCP segments, two wake-ups of the client). On loopback that was ~11 system calls
// and two segments per request, more CPU than dynemu's GetItem itself. process_request() and the
// virtual process_and_close_socket() are httplib's extension points for exactly this (its SSLServer
// uses them), so request parsing, routing and response formatting stay httplib's.
#pragma once
#include <httplib.h>

namespace dynemu::http {

class ConnectionServer : public httplib::Server {
 protected:
  bool process_and_close_socket(socket_t sock) override;
};

// Called while a request is being answered (on its thread): the connection closes once this answer
// is sent. For requests httplib could not parse (a request line or header past its limits): what
// follows on the connection is the rest of that request, not a new one.
void close_connection_after_response();

}  // namespace dynemu::http
