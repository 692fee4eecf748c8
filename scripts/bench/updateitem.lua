-- wrk script: UpdateItem with an ADD and a SET expression on a random seeded item.
package.path = (os.getenv("BENCH_DIR") or ".") .. "/?.lua;" .. package.path
local common = require("common")

common.setup_headers("UpdateItem")

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  local body = string.format(
    '{"TableName":"%s","Key":{"pk":{"S":"%s"}},"UpdateExpression":"ADD visits :one SET last_seen = :t",' ..
    '"ExpressionAttributeValues":{":one":{"N":"1"},":t":{"N":"%d"}}}',
    common.table, common.random_key(), math.random(1, 1000000000))
  return wrk.format(nil, nil, nil, body)
end
