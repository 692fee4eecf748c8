-- wrk script: ExecuteStatement reading a 25-item page of a random partition of the query table,
-- the PartiQL twin of query.lua (same partition, same sort-key bound, Limit 25).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("ExecuteStatement")

common.seed_threads()

function request()
  local partition, bound = common.random_page()
  local body = string.format(
    '{"Statement":"SELECT * FROM \\"%s\\" WHERE pk = ? AND sk >= ?","Limit":25,' ..
    '"Parameters":[{"S":"%s"},{"N":"%d"}]}',
    common.query_table, partition, bound)
  return wrk.format(nil, nil, nil, body)
end
