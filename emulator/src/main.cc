// dynemu: the command line. Parses options (dynemu's own and DynamoDB Local's spellings), starts
// the server, and stops it cleanly on SIGINT/SIGTERM.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "dynemu/server.h"

namespace {

const char* kUsage =
    "Usage: dynemu [options]\n"
    "A local emulator of Amazon DynamoDB, backed by SQLite.\n\n"
    "Options:\n"
    "  --port N          port to listen on (default 8000; 0 picks a free port)\n"
    "  --host ADDR       address to listen on (default 127.0.0.1)\n"
    "  --db PATH         SQLite database file (default ./dynemu.db)\n"
    "  --in-memory       keep everything in memory; nothing is written to disk\n"
    "  --cors ORIGINS    answer CORS requests from these origins ('*' for any)\n"
    "  --delay-transient-statuses\n"
    "                    tables pass through CREATING/UPDATING/DELETING as in DynamoDB\n"
    "  --threads N       request threads (default 64)\n"
    "  --verbose         log one line per request on stderr\n"
    "  --help, --version\n\n"
    "DynamoDB Local's spellings are accepted too: -port N, -inMemory, -dbPath DIR (the database\n"
    "is DIR/shared-local-instance.db), -sharedDb (dynemu always shares one database), -cors ORIGINS,\n"
    "-delayTransientStatuses, -optimizeDbBeforeStartup.\n";

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "dynemu: %s\n%s", message.c_str(), kUsage);
  std::exit(2);
}

int parse_port(const std::string& text) {
  char* end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < 0 || v > 65535) usage_error("invalid port: " + text);
  return static_cast<int>(v);
}

}  // namespace

int main(int argc, char** argv) {
  dynemu::ServerOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h" || arg == "-help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--version" || arg == "-version") {
      std::printf("dynemu %s\n", DYNEMU_VERSION);
      return 0;
    } else if (arg == "--port" || arg == "-port") {
      options.port = parse_port(value());
    } else if (arg == "--host") {
      options.host = value();
    } else if (arg == "--db") {
      options.db_path = value();
    } else if (arg == "-dbPath") {
      options.db_path = value() + "/shared-local-instance.db";
    } else if (arg == "--in-memory" || arg == "-inMemory") {
      options.in_memory = true;
    } else if (arg == "--cors" || arg == "-cors") {
      options.cors_origins = value();
    } else if (arg == "--delay-transient-statuses" || arg == "-delayTransientStatuses") {
      options.delay_transient_statuses = true;
    } else if (arg == "--threads") {
      options.threads = parse_port(value());
    } else if (arg == "--verbose" || arg == "-v") {
      options.verbose = true;
    } else if (arg == "-sharedDb" || arg == "-optimizeDbBeforeStartup" || arg == "-disableTelemetry") {
      // dynemu always uses one database for every credential and region; nothing to optimize.
    } else {
      usage_error("unknown option: " + arg);
    }
  }

  // Signals are taken synchronously by this thread, so the server threads never see them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  dynemu::Server server(options);
  try {
    server.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dynemu: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "dynemu %s listening on %s (%s)\n", DYNEMU_VERSION, server.endpoint().c_str(),
               options.in_memory ? "in memory" : options.db_path.c_str());
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::fprintf(stderr, "dynemu: stopping\n");
  server.stop();
  return 0;
}
