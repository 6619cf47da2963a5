"""The write endpoints (remote write, OTLP) as callers see them, signed by botocore's SigV4 signer:
who may write, the refusals in their shapes and order, and the request metrics and counters they
leave. Run against a server started with hearth.max-request-bytes=4096.
Usage: write_endpoints.py ENDPOINT ROOT_KEY_ID ROOT_SECRET. Exits non-zero on the first deviation."""
import json
import sys
import time

import boto3

from amp_script import REGION, http_call, metric_values, step

endpoint, root_key, root_secret = sys.argv[1:4]
MISSING = "ws-00000000-0000-0000-0000-000000000000"


def call(method, path, body=b"", headers=None, key=None, secret=None):
    """One request, signed when a key is given; returns status, headers and body."""
    return http_call(endpoint, method, path, body, headers, key, secret)


def admin(method, path, body=None):
    status, _, text = call(method, path, json.dumps(body).encode() if body is not None else b"",
                           {"Content-Type": "application/json"}, root_key, root_secret)
    assert status in (200, 201, 204), f"{method} {path}: {status} {text}"
    return json.loads(text) if text else None


def otlp_body(value):
    now = str(time.time_ns())
    return json.dumps({"resourceMetrics": [{"resource": {"attributes": [
        {"key": "service.name", "value": {"stringValue": "route-test"}}]},
        "scopeMetrics": [{"metrics": [{"name": "route_test", "gauge": {
            "dataPoints": [{"asDouble": value, "timeUnixNano": now}]}}]}]}]}).encode()


def aws_error(status, headers, body, code, error_type):
    assert status == code, f"expected {code}, got {status}: {body}"
    assert headers.get("x-amzn-ErrorType") == error_type, f"{headers.get('x-amzn-ErrorType')}: {body}"
    assert headers.get("Content-Type") == "application/json", headers.get("Content-Type")
    return json.loads(body)


step("root creates a workspace, a writer allowed to write to it and a user with no policy")
root = boto3.session.Session(aws_access_key_id=root_key, aws_secret_access_key=root_secret,
                             region_name=REGION).client("amp", endpoint_url=endpoint)
ws = root.create_workspace(alias="writes")["workspaceId"]
root.get_waiter("workspace_active").wait(workspaceId=ws, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
admin("POST", "/admin/v1/users", {"userName": "writer"})
admin("POST", "/admin/v1/users", {"userName": "nobody"})
writer = admin("POST", "/admin/v1/users/writer/access-keys")["credentials"]
nobody = admin("POST", "/admin/v1/users/nobody/access-keys")["credentials"]
admin("PUT", "/admin/v1/users/writer/policies/write", {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "aps:RemoteWrite", "Resource": f"arn:aws:aps:{REGION}:000000000000:workspace/{ws}"}]})
as_writer = {"key": writer["accessKeyId"], "secret": writer["secretAccessKey"]}
as_nobody = {"key": nobody["accessKeyId"], "secret": nobody["secretAccessKey"]}
as_root = {"key": root_key, "secret": root_secret}
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
status, headers, body = call("POST", otlp, otlp_body(1), json_type, writer["accessKeyId"], "not-the-secret")
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
values = metric_values(endpoint)
for series, count in expected.items():
    assert values.get(series) == count, f"{series}: {values.get(series)}\n" + "\n".join(
        f"{name} {value}" for name, value in values.items() if name.startswith(series.split("{")[0]))

print("write endpoints passed")
