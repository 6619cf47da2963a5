"""The write endpoints (remote write, OTLP) as callers see them, signed by botocore's SigV4 signer:
who may write, the refusals in their shapes and order, and the request metrics and counters they
leave. Run against a server started with hearth.max-request-bytes=4096.
Usage: write_endpoints.py ENDPOINT ROOT_KEY_ID ROOT_SECRET. Exits non-zero on the first deviation."""
import json
import sys
import time

from amp_script import SignedServer, aws_error, expect_metrics, step

server = SignedServer(*sys.argv[1:4])
call = server.call
MISSING = "ws-00000000-0000-0000-0000-000000000000"


def otlp_body(value):
    now = str(time.time_ns())
    return json.dumps({"resourceMetrics": [{"resource": {"attributes": [
        {"key": "service.name", "value": {"stringValue": "route-test"}}]},
        "scopeMetrics": [{"metrics": [{"name": "route_test", "gauge": {
            "dataPoints": [{"asDouble": value, "timeUnixNano": now}]}}]}]}]}).encode()


step("root creates a workspace, a writer allowed to write to it and a user with no policy")
ws, as_writer, as_nobody = server.workspace_with_users("writes", "writer", "aps:RemoteWrite")
as_root = server.as_root
otlp = f"/workspaces/{ws}/api/v1/otlp/v1/metrics"
remote_write = f"/workspaces/{ws}/api/v1/remote_write"
json_type = {"Content-Type": "application/json"}
protobuf = {"Content-Type": "application/x-protobuf", "Content-Encoding": "snappy",
            "X-Prometheus-Remote-Write-Version": "0.1.0"}

step("an unsigned write is refused by authentication")
error = aws_error(*call("POST", otlp, otlp_body(1), json_type), 403, "MissingAuthenticationTokenException")
assert error["message"] == "Missing Authentication Token", error
aws_error(*call("POST", remote_write, b"x", protobuf), 403, "MissingAuthenticationTokenException")

step("a wrong secret is refused by authentication and counted by its code")
status, headers, body = call("POST", otlp, otlp_body(1), json_type, as_writer["key"], "not-the-secret")
assert status == 403 and headers.get("x-amzn-ErrorType") not in (None, "MissingAuthenticationTokenException"), (status, body)
bad_signature = headers.get("x-amzn-ErrorType")

step("a user without aps:RemoteWrite is refused by authorization, in the Prometheus API's error shape")
for path in (otlp, remote_write, f"/workspaces/{MISSING}/api/v1/remote_write"):
    status, headers, body = call("POST", path, otlp_body(1), json_type, **as_nobody)
    assert status == 403 and headers.get("x-amzn-ErrorType") is None, (path, status, body)
    error = json.loads(body)
    assert error["status"] == "error" and error["errorType"] == "forbidden", error
    assert "aps:RemoteWrite" in error["error"], error

step("the writer may write only to its workspace; whether another exists is not told")
status, _, body = call("POST", f"/workspaces/{MISSING}/api/v1/otlp/v1/metrics", otlp_body(1), json_type, **as_writer)
assert status == 403, (status, body)

step("the writer's signed OTLP write is stored")
status, headers, body = call("POST", otlp, otlp_body(2.5), json_type, **as_writer)
assert status == 200, (status, body)

step("a malformed and a wrongly typed remote write get the codec's answers")
status, _, body = call("POST", remote_write, b"not snappy", protobuf, **as_writer)
assert status == 400 and b"snappy" in body, (status, body)
status, _, body = call("POST", remote_write, b"{}", json_type, **as_writer)
assert status == 415, (status, body)

step("root may write anywhere; a workspace that does not exist is AMP's ResourceNotFoundException")
error = aws_error(*call("POST", f"/workspaces/{MISSING}/api/v1/remote_write", b"x", protobuf, **as_root),
                  404, "ResourceNotFoundException")
assert error["resourceId"] == MISSING and error["resourceType"] == "Workspace", error

step("a body over hearth.max-request-bytes is refused before authentication")
aws_error(*call("POST", otlp, b"0" * 5000, json_type, **as_writer), 413, "PayloadTooLargeException")

step("another method is no operation")
aws_error(*call("GET", remote_write), 405, "UnknownOperationException")

step("the requests are in /metrics by route, method and code, with the refusals' counters")
route = 'hearth_http_requests_seconds_count{{code="{}",method="POST",mp_scope="application",route="/workspaces/{{workspaceId}}/api/v1/{}"}}'
expected = {
    route.format(200, "otlp/v1/metrics"): 1,
    route.format(403, "otlp/v1/metrics"): 4,
    route.format(413, "otlp/v1/metrics"): 1,
    route.format(403, "remote_write"): 3,
    route.format(400, "remote_write"): 1,
    route.format(415, "remote_write"): 1,
    route.format(404, "remote_write"): 1,
    'hearth_authorization_denied_total{action="aps:RemoteWrite",mp_scope="application"}': 4,
    f'hearth_authentication_failed_total{{code="{bad_signature}",mp_scope="application"}}': 1,
    f'hearth_ingest_samples_total{{mp_scope="application",workspace="{ws}"}}': 1}
expect_metrics(server.endpoint, expected)

print("write endpoints passed")
