-- Shared by the wrk scripts (getitem, putitem, updateitem, query): DynamoDB JSON 1.0 request headers and random keys.
local M = {}

M.items = tonumber(os.getenv("BENCH_ITEMS") or "10000")
M.table = os.getenv("BENCH_TABLE") or "BenchTable"

function M.setup_headers(op)
  wrk.method = "POST"
  wrk.path = "/"
  wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
  wrk.headers["X-Amz-Target"] = "DynamoDB_20120810." .. op
  wrk.headers["X-Amz-Date"] = "20240101T000000Z"
  wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, " ..
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123"
end

function M.random_key()
  return string.format("user-%05d", math.random(0, M.items - 1))
end

-- Gives each wrk thread its own random sequence: setup() numbers the threads (in the main state),
-- init() seeds each thread's generator with its number.
function M.seed_threads()
  local counter = 0
  setup = function(thread)
    counter = counter + 1
    thread:set("id", counter)
  end
  init = function(args)
    math.randomseed(os.time() * 1000 + (id or 0))
  end
end

return M
