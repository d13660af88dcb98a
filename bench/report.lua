-- wrk script: headcount reports from many sites (closed loop, maximum rate).
-- wrk -t1 -c256 -d5s -s bench/report.lua URL -- TOKENS_FILE RUN_ID
-- Each request: the next site's token, a unique request_id, a small headcount.
local tokens = {}
local counter = 0
local run_id = "wrk"

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
  run_id = args[2] or run_id
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local body = string.format(
    '{"headcount":%d,"request_id":"%s-%d","reported_at":"%s"}',
    counter % 10, run_id, counter, os.date("!%Y-%m-%dT%H:%M:%SZ"))
  return wrk.format("POST", "/api/v1/site/headcount",
    {["X-Site-Token"] = token, ["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("WRK_RESULT requests=%d duration_us=%d status_errors=%d " ..
    "connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, errors.status, errors.connect, errors.read,
    errors.write, errors.timeout, latency:percentile(50), latency:percentile(99)))
end
