-- wrk script: putitem.lua's PutItem on BenchStream, the same items in a table with a
-- NEW_AND_OLD_IMAGES stream (seed.py --stream-table): what the change log costs a write.
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")
common.table = "BenchStream"
dofile((os.getenv("BENCH_DIR") or ".") .. "/putitem.lua")
