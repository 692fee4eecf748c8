// dynemu: the command line. Parses options (dynemu's own and DynamoDB Local's spellings), starts
// the server, and stops it cleanly on SIGINT/SIGTERM.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "dynemu/server.h"
#include "dynemu/testing/seed.h"
#include "namespaces/namespaces.h"
#include "process/unused_library_pages.h"
#include "streams/stream_handler_delivery.h"

namespace {

const char* kUsage =
    "Usage: dynemu [options]\n"
    "A local emulator of Amazon DynamoDB, backed by SQLite.\n\n"
    "Options:\n"
    "  --port N          port to listen on (default 8000; 0 picks a free port)\n"
    "  --host ADDR       address to listen on (default 127.0.0.1)\n"
    "  --db PATH         SQLite database file (default ./dynemu.db)\n"
    "  --in-memory       keep everything in memory; nothing is written to disk\n"
    "  --sync MODE       normal (default): a file database keeps every acknowledged write through a\n"
    "                    crash of dynemu; full: also through a power loss or OS crash (an fsync\n"
    "                    per write, slower)\n"
    "  --cors ORIGINS    answer CORS requests from these origins ('*' for any)\n"
    "  --no-console      do not serve the browser console (GET /_dynemu/console)\n"
    "  --s3-dir DIR      S3 for table exports and imports: s3://bucket/prefix is DIR/bucket/prefix, a\n"
    "                    bucket is a folder of DIR (without it, every bucket is missing)\n"
    "  --delay-transient-statuses\n"
    "                    tables pass through CREATING/UPDATING/DELETING as in DynamoDB\n"
    "  --threads N       request threads (default 64)\n"
    "  --cache-mb N      SQLite page cache for a file database, in MB (default 8): the bound on the\n"
    "                    memory its pages take, however large the database grows\n"
    "  --stream-shard-rotation-seconds N\n"
    "                    a stream's open shard is succeeded by a child shard every N seconds of the\n"
    "                    server clock (default 14400, as DynamoDB's about 4 hours)\n"
    "  --seed PATH       create tables and items from JSON seed files, CloudFormation or SAM templates\n"
    "                    (YAML or JSON) or folders of them at start-up, then take the baseline\n"
    "                    snapshot that POST /_dynemu/reset returns to (repeatable)\n"
    "  --seed-parameter NAME=VALUE\n"
    "                    a value for the seed templates' parameter NAME, over its Default; also\n"
    "                    AWS::StackName (default dynemu), AWS::Region, AWS::AccountId (repeatable)\n"
    "  --stream-handler TABLE=URL\n"
    "                    POST the table's stream records to a local HTTP handler as AWS Lambda's event\n"
    "                    ({\"Records\": [...]}), in order, retrying a failed batch (repeatable)\n"
    "  --stream-handler-batch-size N\n"
    "                    records per handler batch (1 to 10000, default 100)\n"
    "  --ttl-sweep-seconds N\n"
    "                    how often expired TTL items are deleted (default 1; 0: only on\n"
    "                    POST /_dynemu/ttl/sweep)\n"
    "  --read-unit-price D, --write-unit-price D\n"
    "                    what GET /_dynemu/report prices request units at, in US dollars per million\n"
    "                    read / write request units (default 0.25 and 1.25, DynamoDB on demand)\n"
    "  --auth MODE       shape (default): a request's SigV4 signature is checked for its shape only;\n"
    "                    verify: it must be a valid signature by a key of --credentials\n"
    "  --credentials FILE\n"
    "                    the keys --auth verify accepts, one a line:\n"
    "                    ACCESS_KEY_ID SECRET [account=ACCOUNT_ID] [token=SESSION_TOKEN]\n"
    "  --isolate WHAT    none (default): one set of tables for every request; region, account or\n"
    "                    region,account: each region and/or account of the requests has its own\n"
    "                    tables (a file database keeps each in a file beside --db; see README)\n"
    "  --verbose         log one line per request on stderr\n"
    "  --help, --version\n\n"
    "Usage: dynemu env [--host ADDR] [--port N | --endpoint URL] [--region R]\n"
    "  prints export lines pointing the AWS CLI and SDKs at dynemu: eval \"$(dynemu env)\"\n\n"
    "DynamoDB Local's spellings are accepted too: -port N, -inMemory, -dbPath DIR (the database\n"
    "is DIR/shared-local-instance.db), -sharedDb (one database is the default; see --isolate), -cors ORIGINS,\n"
    "-delayTransientStatuses, -optimizeDbBeforeStartup.\n";

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "dynemu: %s\n%s", message.c_str(), kUsage);
  std::exit(2);
}

// A decimal option value in [min, max]; anything else exits with `error` and the usage.
int parse_int(const std::string& text, long min, long max, const std::string& error) {
  char* end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < min || v > max) usage_error(error + text);
  return static_cast<int>(v);
}

// A price in US dollars per million request units.
double parse_price(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v >= 0 && v <= 1e9)) usage_error("invalid price (dollars per million request units): " + text);
  return v;
}

int parse_port(const std::string& text) { return parse_int(text, 0, 65535, "invalid port: "); }

// Single-quotes a value for POSIX shells.
std::string shell_quote(const std::string& value) {
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// `dynemu env`: the variables the fixtures set in-process, as shell export lines.
int print_environment(int argc, char** argv) {
  std::string host = "127.0.0.1", endpoint, region = "us-east-1";
  int port = 8000;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) usage_error(arg + " needs a value");
    std::string value = argv[++i];
    if (arg == "--host") host = value;
    else if (arg == "--port" || arg == "-port") port = parse_port(value);
    else if (arg == "--endpoint") endpoint = value;
    else if (arg == "--region") region = value;
    else usage_error("unknown option for env: " + arg);
  }
  if (endpoint.empty()) endpoint = "http://" + host + ":" + std::to_string(port);
  const std::pair<const char*, std::string> variables[] = {
      {"AWS_ENDPOINT_URL_DYNAMODB", endpoint}, {"AWS_ENDPOINT_URL", endpoint},
      {"AWS_ACCESS_KEY_ID", "dynemu"},         {"AWS_SECRET_ACCESS_KEY", "dynemu"},
      {"AWS_REGION", region},                  {"AWS_DEFAULT_REGION", region},
  };
  for (const auto& [name, value] : variables) std::printf("export %s=%s\n", name, shell_quote(value).c_str());
  return 0;
}

dynemu::testing::Caller caller_of(const dynemu::Server::Invoker& invoke) {
  return [invoke](const std::string& op, const std::string& body) {
    auto answer = invoke(op, body);
    return dynemu::testing::make_call_result(answer.status, std::move(answer.body));
  };
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

// --seed: the seed files' state becomes the baseline POST /_dynemu/reset returns to. A database
// that already holds seeded tables (a file database from an earlier run) keeps their data: only
// the tables it lacks are seeded into it, and the baseline is built from the seed files apart
// from the live data.
void seed_and_take_baseline(dynemu::Server& server, const std::vector<std::string>& seeds,
                            const dynemu::testing::TemplateSettings& templates) {
  auto invoke = [&server](const std::string& op, const std::string& body) { return server.invoke(op, body); };
  const auto tables = dynemu::testing::seed_tables_at(seeds, caller_of(invoke), templates);
  const auto& present = tables.present;
  const auto& missing = tables.missing;
  auto is_missing = [&missing](const std::string& table) {
    return std::find(missing.begin(), missing.end(), table) != missing.end();
  };
  auto summary = dynemu::testing::seed_paths(seeds, caller_of(invoke), false, is_missing, templates);
  for (const auto& [logical_id, name] : summary.template_tables)
    std::fprintf(stderr, "dynemu: template resource %s is table %s\n", logical_id.c_str(), name.c_str());
  if (present.empty()) {
    server.snapshot();
    std::fprintf(stderr, "dynemu: seeded %zu tables, %zu items; baseline snapshot taken\n", summary.tables.size(),
                 summary.items_written);
    return;
  }
  server.snapshot_built_by([&seeds, &templates](const dynemu::Server::Invoker& scratch) {
    dynemu::testing::seed_paths(seeds, caller_of(scratch), false, {}, templates);
  });
  std::fprintf(stderr,
               "dynemu: the database already holds the seeded tables %s: kept their data%s; the baseline "
               "POST /_dynemu/reset returns to is the seed files' state\n",
               joined(present).c_str(),
               missing.empty() ? "" : ("; seeded the missing " + joined(missing)).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "env") return print_environment(argc, argv);
  dynemu::ServerOptions options;
  std::vector<std::string> seeds;
  dynemu::testing::TemplateSettings templates;
  std::string auth_mode = "shape", credentials_file;
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
    } else if (arg == "--sync") {
      const std::string mode = value();
      if (mode != "normal" && mode != "full") usage_error("invalid --sync mode (normal or full): " + mode);
      options.sync_full = mode == "full";
    } else if (arg == "--in-memory" || arg == "-inMemory") {
      options.in_memory = true;
    } else if (arg == "--s3-dir") {
      options.s3_dir = value();
    } else if (arg == "--cors" || arg == "-cors") {
      options.cors_origins = value();
    } else if (arg == "--auth") {
      auth_mode = value();
      if (auth_mode != "shape" && auth_mode != "verify")
        usage_error("invalid --auth mode (shape or verify): " + auth_mode);
    } else if (arg == "--credentials") {
      credentials_file = value();
    } else if (arg == "--isolate") {
      const std::string what = value();
      dynemu::namespaces::Isolation isolation;
      if (!dynemu::namespaces::parse_isolation(what, &isolation))
        usage_error("invalid --isolate (none, region, account or region,account): " + what);
      options.isolate_region = isolation.region;
      options.isolate_account = isolation.account;
    } else if (arg == "--no-console") {
      options.console = false;
    } else if (arg == "--delay-transient-statuses" || arg == "-delayTransientStatuses") {
      options.delay_transient_statuses = true;
    } else if (arg == "--threads") {
      options.threads = parse_port(value());
    } else if (arg == "--cache-mb") {
      options.cache_mb = parse_int(value(), 1, 65536, "invalid cache size (1 to 65536 MB): ");
    } else if (arg == "--stream-shard-rotation-seconds") {
      options.stream_shard_rotation_seconds =
          parse_int(value(), 1, 100000000, "invalid stream shard rotation (1 to 100000000 seconds): ");
    } else if (arg == "--stream-handler") {
      dynemu::streams::StreamHandlerTarget target;
      std::string error;
      if (!dynemu::streams::parse_stream_handler(value(), target, error)) usage_error(error);
      options.stream_handlers.push_back({target.table, target.url});
    } else if (arg == "--stream-handler-batch-size") {
      options.stream_handler_batch_size = parse_int(value(), 1, 10000, "invalid stream handler batch size: ");
    } else if (arg == "--ttl-sweep-seconds") {
      options.ttl_sweep_period_ms = int64_t{1000} * parse_int(value(), 0, 86400, "invalid TTL sweep period (0 to 86400 s): ");
    } else if (arg == "--read-unit-price") {
      options.cost_rates.read_per_million = parse_price(value());
    } else if (arg == "--write-unit-price") {
      options.cost_rates.write_per_million = parse_price(value());
    } else if (arg == "--seed") {
      seeds.push_back(value());
    } else if (arg == "--seed-parameter") {
      const std::string assignment = value();
      const size_t equals = assignment.find('=');
      if (equals == std::string::npos || equals == 0) usage_error("--seed-parameter takes NAME=VALUE: " + assignment);
      templates.parameters[assignment.substr(0, equals)] = assignment.substr(equals + 1);
    } else if (arg == "--verbose" || arg == "-v") {
      options.verbose = true;
    } else if (arg == "-sharedDb" || arg == "-optimizeDbBeforeStartup" || arg == "-disableTelemetry") {
      // dynemu always uses one database for every credential and region; nothing to optimize.
    } else {
      usage_error("unknown option: " + arg);
    }
  }

  if (auth_mode == "verify" && credentials_file.empty()) usage_error("--auth verify needs --credentials FILE");
  if (auth_mode != "verify" && !credentials_file.empty()) usage_error("--credentials is for --auth verify");
  options.credentials_file = credentials_file;

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
  if (!seeds.empty()) {
    try {
      seed_and_take_baseline(server, seeds, templates);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "dynemu: %s\n", e.what());
      return 1;
    }
  }
  dynemu::process::release_unused_library_pages();
  const std::string isolation =
      options.isolate_region || options.isolate_account
          ? ", isolate " + dynemu::namespaces::isolation_name({options.isolate_region, options.isolate_account})
          : "";
  if (options.in_memory)
    std::fprintf(stderr, "dynemu %s listening on %s (in memory%s)\n", DYNEMU_VERSION, server.endpoint().c_str(),
                 isolation.c_str());
  else
    std::fprintf(stderr, "dynemu %s listening on %s (%s, sync %s%s)\n", DYNEMU_VERSION, server.endpoint().c_str(),
                 options.db_path.c_str(), options.sync_full ? "full" : "normal", isolation.c_str());
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::fprintf(stderr, "dynemu: stopping\n");
  server.stop();
  return 0;
}
