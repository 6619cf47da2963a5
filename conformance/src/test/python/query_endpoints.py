"""The query endpoints (query, query_range) as signed callers see them, signed by botocore's SigV4
signer: who may query, the refusals in their shapes and order, and the request metrics and counters
they leave. Run against a server with access control on.
Usage: query_endpoints.py ENDPOINT ROOT_KEY_ID ROOT_SECRET. Exits non-zero on the first deviation."""
import gzip
import json
import sys
import urllib.parse

import boto3

from amp_script import REGION, http_call, metric_values, step

endpoint, root_key, root_secret = sys.argv[1:4]
MISSING = "ws-00000000-0000-0000-0000-000000000000"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
VECTOR = ('{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[100,"1"]}]}}').encode()
MATRIX = ('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},'
          '"values":[[0,"1"],[15,"1"],[30,"1"]]}]}}').encode()


def call(method, path, body=b"", headers=None, key=None, secret=None):
    return http_call(endpoint, method, path, body, headers, key, secret)


def admin(method, path, body=None):
    status, _, text = call(method, path, json.dumps(body).encode() if body is not None else b"",
                           {"Content-Type": "application/json"}, root_key, root_secret)
    assert status in (200, 201, 204), f"{method} {path}: {status} {text}"
    return json.loads(text) if text else None


def aws_error(status, headers, body, code, error_type):
    assert status == code, f"expected {code}, got {status}: {body}"
    assert headers.get("x-amzn-ErrorType") == error_type, f"{headers.get('x-amzn-ErrorType')}: {body}"
    assert headers.get("Content-Type") == "application/json", headers.get("Content-Type")
    return json.loads(body)


def prometheus_error(status, headers, body, code, error_type):
    assert status == code and headers.get("x-amzn-ErrorType") is None, (status, body)
    error = json.loads(body)
    assert error["status"] == "error" and error["errorType"] == error_type, error
    return error


step("root creates a workspace, a reader allowed to query it and a user with no policy")
root = boto3.session.Session(aws_access_key_id=root_key, aws_secret_access_key=root_secret,
                             region_name=REGION).client("amp", endpoint_url=endpoint)
ws = root.create_workspace(alias="queries")["workspaceId"]
root.get_waiter("workspace_active").wait(workspaceId=ws, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
admin("POST", "/admin/v1/users", {"userName": "reader"})
admin("POST", "/admin/v1/users", {"userName": "nobody"})
reader = admin("POST", "/admin/v1/users/reader/access-keys")["credentials"]
nobody = admin("POST", "/admin/v1/users/nobody/access-keys")["credentials"]
admin("PUT", "/admin/v1/users/reader/policies/query", {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "aps:QueryMetrics", "Resource": f"arn:aws:aps:{REGION}:000000000000:workspace/{ws}"}]})
as_reader = {"key": reader["accessKeyId"], "secret": reader["secretAccessKey"]}
as_nobody = {"key": nobody["accessKeyId"], "secret": nobody["secretAccessKey"]}
as_root = {"key": root_key, "secret": root_secret}
query = f"/workspaces/{ws}/api/v1/query"
query_range = f"/workspaces/{ws}/api/v1/query_range"
instant = urllib.parse.urlencode({"query": "vector(1)", "time": "100"})
ranged = urllib.parse.urlencode({"query": "vector(1)", "start": "0", "end": "30", "step": "15"})

step("an unsigned query is refused by authentication, gzipped when the client accepts it")
error = aws_error(*call("GET", query + "?" + instant), 403, "MissingAuthenticationTokenException")
assert error["message"] == "Missing Authentication Token", error
status, headers, body = call("GET", query + "?" + instant, headers={"Accept-Encoding": "gzip"})
assert status == 403 and headers.get("Content-Encoding") == "gzip" and headers.get("Vary") == "Accept-Encoding", headers
assert json.loads(gzip.decompress(body))["message"] == "Missing Authentication Token"

step("a wrong secret is refused by authentication and counted by its code")
status, headers, body = call("GET", query + "?" + instant, key=reader["accessKeyId"], secret="not-the-secret")
assert status == 403 and headers.get("x-amzn-ErrorType") not in (None, "MissingAuthenticationTokenException"), (status, body)
bad_signature = headers.get("x-amzn-ErrorType")

step("a user without aps:QueryMetrics is refused by authorization, in the Prometheus API's error shape")
for path in (query + "?" + instant, query_range + "?" + ranged, f"/workspaces/{MISSING}/api/v1/query?" + instant):
    error = prometheus_error(*call("GET", path, **as_nobody), 403, "forbidden")
    assert "aps:QueryMetrics" in error["error"], error

step("the reader's signed GET and POST queries are answered, parameters from the URL and the form")
status, headers, body = call("GET", query + "?" + instant, **as_reader)
assert (status, body) == (200, VECTOR), (status, body)
status, _, body = call("POST", query, instant.encode(), FORM, **as_reader)
assert (status, body) == (200, VECTOR), (status, body)
status, _, body = call("POST", query_range + "?start=0&end=30", b"query=vector(1)&step=15", FORM, **as_reader)
assert (status, body) == (200, MATRIX), (status, body)

step("the reader may query only its workspace; whether another exists is not told")
prometheus_error(*call("GET", f"/workspaces/{MISSING}/api/v1/query?" + instant, **as_reader), 403, "forbidden")

step("root may query anywhere; a workspace that does not exist is Prometheus's not_found")
prometheus_error(*call("GET", f"/workspaces/{MISSING}/api/v1/query_range?" + ranged, **as_root), 404, "not_found")

step("bad PromQL is bad_data; a POST body that is not a form (415) and another method (405) are refused before authentication")
prometheus_error(*call("GET", query + "?query=sum%28", **as_root), 400, "bad_data")
json_type = {"Content-Type": "application/json"}
aws_error(*call("POST", query, b"{}", json_type, **as_root), 415, "UnsupportedMediaTypeException")
aws_error(*call("POST", query, b"{}", json_type), 415, "UnsupportedMediaTypeException")
aws_error(*call("PUT", query_range, b"", FORM), 405, "UnknownOperationException")

step("the requests are in /metrics by route, method and code, with the refusals' counters")
route = 'hearth_http_requests_seconds_count{{code="{}",method="{}",mp_scope="application",route="{}"}}'
template = "/workspaces/{workspaceId}/api/v1/"
expected = {
    route.format(403, "GET", template + "query"): 6,
    route.format(200, "GET", template + "query"): 1,
    route.format(200, "POST", template + "query"): 1,
    route.format(400, "GET", template + "query"): 1,
    route.format(415, "POST", "unmatched"): 2,
    route.format(403, "GET", template + "query_range"): 1,
    route.format(200, "POST", template + "query_range"): 1,
    route.format(404, "GET", template + "query_range"): 1,
    route.format(405, "PUT", "unmatched"): 1,
    'hearth_authorization_denied_total{action="aps:QueryMetrics",mp_scope="application"}': 4,
    f'hearth_authentication_failed_total{{code="{bad_signature}",mp_scope="application"}}': 1}
values = metric_values(endpoint)
for series, count in expected.items():
    assert values.get(series) == count, f"{series}: {values.get(series)}\n" + "\n".join(
        f"{name} {value}" for name, value in values.items() if name.startswith(series.split("{")[0]))

print("query endpoints passed")
