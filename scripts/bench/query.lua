-- wrk script: Query for a 25-item page of a random partition of the query table (see seed.py).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("Query")

common.seed_threads()

local partitions = math.max(1, math.floor(common.items / 100))
local query_table = os.getenv("BENCH_QUERY_TABLE") or "BenchQuery"

function request()
  local body = string.format(
    '{"TableName":"%s","KeyConditionExpression":"pk = :p AND sk >= :s","Limit":25,' ..
    '"ExpressionAttributeValues":{":p":{"S":"p-%05d"},":s":{"N":"%d"}}}',
    query_table, math.random(0, partitions - 1), math.random(0, 75))
  return wrk.format(nil, nil, nil, body)
end
