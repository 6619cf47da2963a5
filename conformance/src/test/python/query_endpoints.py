"""The query endpoints (query, query_range) as signed callers see them, signed by botocore's SigV4
signer: who may query, the refusals in their shapes and order, and the request metrics and counters
they leave. Run against a server with access control on.
Usage: query_endpoints.py ENDPOINT ROOT_KEY_ID ROOT_SECRET. Exits non-zero on the first deviation."""
import gzip
import json
import sys
import urllib.parse

from amp_script import SignedServer, aws_error, expect_metrics, step

server = SignedServer(*sys.argv[1:4])
call = server.call
MISSING = "ws-00000000-0000-0000-0000-000000000000"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
VECTOR = ('{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[100,"1"]}]}}').encode()
MATRIX = ('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},'
          '"values":[[0,"1"],[15,"1"],[30,"1"]]}]}}').encode()


def prometheus_error(status, headers, body, code, error_type):
    assert status == code and headers.get("x-amzn-ErrorType") is None, (status, body)
    error = json.loads(body)
    assert error["status"] == "error" and error["errorType"] == error_type, error
    return error


step("root creates a workspace, a reader allowed to query it and a user with no policy")
ws, as_reader, as_nobody = server.workspace_with_users("queries", "reader", "aps:QueryMetrics")
as_root = server.as_root
query = f"/workspaces/{ws}/api/v1/query"
query_range = f"/workspaces/{ws}/api/v1/query_range"
instant = urllib.parse.urlencode({"query": "vector(1)", "time": "100"})
ranged = urllib.parse.urlencode({"query": "vector(1)", "start": "0", "end": "30", "step": "15"})

step("an unsigned query is refused by authentication, gzipped when the client accepts it")
error = aws_error(*call("GET", query + "?" + instant), 403, "MissingAuthenticationTokenException")
assert error["message"] == "Missing Authentication Token", error
status, headers, body = call("GET", query + "?" + instant, headers={"Accept-Encoding": "gzip"})
assert status == 403 and headers.get("Content-Encoding") == "gzip", headers
assert sorted(headers.get_all("Vary")) == ["Accept-Encoding", "Origin"], headers
assert json.loads(gzip.decompress(body))["message"] == "Missing Authentication Token"

step("a wrong secret is refused by authentication and counted by its code")
status, headers, body = call("GET", query + "?" + instant, key=as_reader["key"], secret="not-the-secret")
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

step("bad PromQL is bad_data; another method (405) is refused before authentication")
prometheus_error(*call("GET", query + "?query=sum%28", **as_root), 400, "bad_data")
aws_error(*call("PUT", query_range, b"", FORM), 405, "UnknownOperationException")

step("a POST body not declared a form holds no parameters, as in Prometheus, and is still authenticated")
json_type = {"Content-Type": "application/json"}
status, _, body = call("POST", query + "?" + instant, b"{}", json_type, **as_reader)
assert (status, body) == (200, VECTOR), (status, body)
aws_error(*call("POST", query + "?" + instant, b"{}", json_type), 403, "MissingAuthenticationTokenException")

step("an unsigned CORS preflight (OPTIONS) is answered 204 with the CORS headers and nothing of the workspace")
for path in (query, query_range, f"/workspaces/{MISSING}/api/v1/query", f"/workspaces/{ws}/api/v1/series",
             f"/workspaces/{ws}/api/v1/label/job/values"):
    status, headers, body = call("OPTIONS", path, headers={"Origin": "https://grafana.example",
                                                            "Access-Control-Request-Method": "POST"})
    assert (status, body) == (204, b""), (path, status, body)
    assert headers.get("Access-Control-Allow-Origin") == "*" and headers.get("Vary") == "Origin", (path, headers)
    assert headers.get("Access-Control-Allow-Methods") == "GET, POST, OPTIONS", (path, headers)
    assert headers.get("Content-Type") is None and headers.get("x-amzn-ErrorType") is None, (path, headers)

step("the requests are in /metrics by route, method and code, with the refusals' counters")
route = 'hearth_http_requests_seconds_count{{code="{}",method="{}",mp_scope="application",route="{}"}}'
template = "/workspaces/{workspaceId}/api/v1/"
expected = {
    route.format(403, "GET", template + "query"): 6,
    route.format(200, "GET", template + "query"): 1,
    route.format(200, "POST", template + "query"): 2,
    route.format(403, "POST", template + "query"): 1,
    route.format(400, "GET", template + "query"): 1,
    route.format(204, "OPTIONS", template + "query"): 2,
    route.format(204, "OPTIONS", template + "query_range"): 1,
    route.format(403, "GET", template + "query_range"): 1,
    route.format(200, "POST", template + "query_range"): 1,
    route.format(404, "GET", template + "query_range"): 1,
    route.format(405, "PUT", "unmatched"): 1,
    'hearth_authorization_denied_total{action="aps:QueryMetrics",mp_scope="application"}': 4,
    f'hearth_authentication_failed_total{{code="{bad_signature}",mp_scope="application"}}': 1}
expect_metrics(server.endpoint, expected)

print("query endpoints passed")
