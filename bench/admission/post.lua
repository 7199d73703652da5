-- wrk (closed loop) POSTs one AdmissionReview from the file named by TENET_BENCH_BODY.
local file = assert(io.open(os.getenv("TENET_BENCH_BODY"), "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
