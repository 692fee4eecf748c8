-- wrk script: putitem.lua's PutItem on BenchPITR, the same items in a table with point-in-time
-- recovery enabled (seed.py --pitr-table): what the change history costs a write.
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")
common.table = "BenchPITR"
dofile((os.getenv("BENCH_DIR") or ".") .. "/putitem.lua")
