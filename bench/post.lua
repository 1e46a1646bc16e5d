-- Every request is an empty same-origin POST, as the reader's view beacon sends.
wrk.method = "POST"
wrk.body = ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
