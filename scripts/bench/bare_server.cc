// bare_server: the floor for dynemu's benchmark. A cpp-httplib server configured like dynemu
// (64 request threads, TCP_NODELAY, long keep-alive) whose POST / returns a fixed, small
// GetItem-shaped JSON body with DynamoDB's response headers, and does no other work.
// The ratio dynemu / bare_server is the share of the HTTP layer's throughput dynemu keeps.
//
// With --dynemu-connections it serves connections through dynemu's own connection layer
// (emulator/src/http/connection_server.h) instead of httplib's: the floor for dynemu's handler alone.
//
// Usage: bare_server [--host 127.0.0.1] [--port 8001] [--threads 64] [--dynemu-connections]
// GET / answers "ok". Stops on SIGINT/SIGTERM.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <memory>

#include <httplib.h>
#include <zlib.h>

#include "http/connection_server.h"

namespace {

httplib::Server* g_server = nullptr;

void on_signal(int) {
  if (g_server) g_server->stop();
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  int port = 8001;
  bool dynemu_connections = false;
  int threads = 64;  // dynemu's default (emulator/src/server.cc default_threads)
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "bare_server: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--host") host = next();
    else if (a == "--port") port = std::atoi(next().c_str());
    else if (a == "--threads") threads = std::atoi(next().c_str());
    else if (a == "--dynemu-connections") dynemu_connections = true;
    else {
      std::fprintf(stderr, "usage: bare_server [--host H] [--port N] [--threads N] [--dynemu-connections]\n");
      return 2;
    }
  }

  static const std::string body =
      "{\"Item\":{\"pk\":{\"S\":\"user-00042\"},\"name\":{\"S\":\"User 42\"},"
      "\"email\":{\"S\":\"user42@example.com\"},\"age\":{\"N\":\"42\"},\"tags\":{\"SS\":[\"a\",\"b\"]}}}";
  static const std::string crc = std::to_string(
      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));

  std::unique_ptr<httplib::Server> owned = dynemu_connections ? std::make_unique<dynemu::http::ConnectionServer>()
                                                              : std::make_unique<httplib::Server>();
  httplib::Server& server = *owned;
  g_server = &server;
  const size_t n = threads > 0 ? static_cast<size_t>(threads) : 64;
  server.new_task_queue = [n] { return new httplib::ThreadPool(n); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000000);
  server.set_keep_alive_timeout(30);

  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  server.Post("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("x-amzn-RequestId", "BARESERVER0000000000000000000000000000000000000000000");
    res.set_header("x-amz-crc32", crc);
    res.set_content(body, "application/x-amz-json-1.0");
  });

  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  signal(SIGPIPE, SIG_IGN);
  std::fprintf(stderr, "bare_server listening on %s:%d (%zu threads)\n", host.c_str(), port, n);
  if (!server.listen(host.c_str(), port)) {
    std::fprintf(stderr, "bare_server: cannot listen on %s:%d\n", host.c_str(), port);
    return 1;
  }
  return 0;
}
