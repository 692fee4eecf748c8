-- wrk script: ExecuteStatement `SELECT * FROM "BenchTable" WHERE pk = ?` on a random key of the
-- seeded items: the PartiQL twin of getitem.lua (a Query of one partition, one item).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("ExecuteStatement")

common.seed_threads()

function request()
  local body = string.format('{"Statement":"SELECT * FROM \\"%s\\" WHERE pk = ?","Parameters":[{"S":"%s"}]}',
    common.table, common.random_key())
  return wrk.format(nil, nil, nil, body)
end
