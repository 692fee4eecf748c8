-- wrk script: GetItem on a random key of the seeded items (see seed.py).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("GetItem")

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  local body = string.format('{"TableName":"%s","Key":{"pk":{"S":"%s"}}}', common.table, common.random_key())
  return wrk.format(nil, nil, nil, body)
end
