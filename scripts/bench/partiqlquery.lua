-- wrk script: ExecuteStatement reading a 25-item page of a random partition of the query table,
-- the PartiQL twin of query.lua (same partition, same sort-key bound, Limit 25).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("ExecuteStatement")

common.seed_threads()

local partitions = math.max(1, math.floor(common.items / 100))
local query_table = os.getenv("BENCH_QUERY_TABLE") or "BenchQuery"

function request()
  local body = string.format(
    '{"Statement":"SELECT * FROM \\"%s\\" WHERE pk = ? AND sk >= ?","Limit":25,' ..
    '"Parameters":[{"S":"p-%05d"},{"N":"%d"}]}',
    query_table, math.random(0, partitions - 1), math.random(0, 75))
  return wrk.format(nil, nil, nil, body)
end
