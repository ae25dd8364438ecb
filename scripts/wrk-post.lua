-- wrk: POST the file named by $BODY as JSON (scripts/benchmark.sh, scripts/soak.sh)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
