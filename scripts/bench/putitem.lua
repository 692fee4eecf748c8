-- wrk script: PutItem of a ~150-byte item on a random key of the seeded items (overwrites).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("PutItem")

common.seed_threads()

function request()
  local key = common.random_key()
  local n = math.random(18, 77)
  local body = string.format(
    '{"TableName":"%s","Item":{"pk":{"S":"%s"},"name":{"S":"User %s"},"email":{"S":"%s@example.com"},' ..
    '"age":{"N":"%d"},"tags":{"SS":["a","b"]}}}',
    common.table, key, key, key, n)
  return wrk.format(nil, nil, nil, body)
end
