-- Shared by getitem.lua and putitem.lua: DynamoDB JSON 1.0 request headers and random keys.
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

return M
