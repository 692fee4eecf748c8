-- wrk script: updateitem.lua's UpdateItem on BenchPITR, the same items in a table with point-in-time
-- recovery enabled (seed.py --pitr-table): what the change history costs a read-modify-write.
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")
common.table = "BenchPITR"
dofile((os.getenv("BENCH_DIR") or ".") .. "/updateitem.lua")
