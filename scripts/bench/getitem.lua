-- wrk script: GetItem on a random key of the seeded items (see seed.py).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("GetItem")

common.seed_threads()

function request()
  local body = string.format('{"TableName":"%s","Key":{"pk":{"S":"%s"}}}', common.table, common.random_key())
  return wrk.format(nil, nil, nil, body)
end
