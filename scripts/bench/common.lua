-- Shared by the wrk scripts (getitem, putitem, updateitem, query, partiql*): DynamoDB JSON 1.0 request headers and random keys.
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

-- The query table (seed.py): 100 items per partition. Query and its PartiQL twin draw the same
-- random page from here, so their figures compare like with like.
M.query_table = os.getenv("BENCH_QUERY_TABLE") or "BenchQuery"
local query_partitions = math.max(1, math.floor(M.items / 100))

-- A random partition key of the query table and a sort-key lower bound leaving at least 25 items.
function M.random_page()
  return string.format("p-%05d", math.random(0, query_partitions - 1)), math.random(0, 75)
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
