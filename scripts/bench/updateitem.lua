-- wrk script: UpdateItem with an ADD and a SET expression on a random key of the seeded items
-- (an atomic counter plus a timestamp-like attribute: the common read-modify-write pattern).
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("UpdateItem")

common.seed_threads()

function request()
  local body = string.format(
    '{"TableName":"%s","Key":{"pk":{"S":"%s"}},"UpdateExpression":"ADD visits :one SET #t = :t",' ..
    '"ExpressionAttributeNames":{"#t":"touched"},' ..
    '"ExpressionAttributeValues":{":one":{"N":"1"},":t":{"N":"%d"}}}',
    common.table, common.random_key(), math.random(1, 1000000000))
  return wrk.format(nil, nil, nil, body)
end
