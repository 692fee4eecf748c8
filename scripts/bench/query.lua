-- wrk script: Query for a 25-item page of a random partition of the query table (see seed.py).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("Query")

common.seed_threads()

function request()
  local partition, bound = common.random_page()
  local body = string.format(
    '{"TableName":"%s","KeyConditionExpression":"pk = :p AND sk >= :s","Limit":25,' ..
    '"ExpressionAttributeValues":{":p":{"S":"%s"},":s":{"N":"%d"}}}',
    common.query_table, partition, bound)
  return wrk.format(nil, nil, nil, body)
end
