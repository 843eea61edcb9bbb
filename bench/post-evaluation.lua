-- wrk script for bench/throughput.sh: POSTs the body named by BODY with the Basic credentials in AUTH,
-- and writes the count of 201 answers, of other answers and of socket errors to the file named by TALLY.
-- With DISTINCT set, every request gets a dailyRequestVolume of its own: no two inputs are the same, so
-- nothing the service found for one input serves another. RUN numbers the wrk runs against one service
-- (its warm-up and each round), so that no run repeats an input of another: they would meet the answers
-- the service keeps for inputs it has seen.
local body_file = assert(io.open(os.getenv("BODY"), "r"))
wrk.method = "POST"
wrk.body = body_file:read("*a")
body_file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("AUTH_BASE64")

local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

function init(args)
  created = 0
  other = 0
  sent = 0
end

local run = tonumber(os.getenv("RUN") or "0")

if os.getenv("DISTINCT") ~= nil and os.getenv("DISTINCT") ~= "" then
  function request()
    sent = sent + 1
    local volume = 100000 + (run * 100 + number) * 10000000 + sent
    local body = wrk.body:gsub('"dailyRequestVolume": %d+', '"dailyRequestVolume": ' .. volume)
    return wrk.format(nil, nil, nil, body)
  end
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_created, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_created = total_created + thread:get("created")
    total_other = total_other + thread:get("other")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local tally = assert(io.open(os.getenv("TALLY"), "w"))
  tally:write(string.format("created=%d other=%d socket_errors=%d seconds=%.3f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    total_created, total_other, errors, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  tally:close()
end
