"""What the boto3 conformance scripts share: the step log, the check of an expected AMP error, and
the clients. The scripts run as `python3 <this directory>/<script>.py`, so Python finds this module
beside them whatever the working directory."""
import json
import time
import urllib.error
import urllib.request

import boto3
import botocore.config
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

REGION = "us-east-1"


def step(name):
    print("step:", name, flush=True)


def http_call(endpoint, method, path, body=b"", headers=None, key=None, secret=None):
    """One request, signed by botocore's SigV4 signer when a key is given; returns status, headers and body."""
    headers = dict(headers or {})
    if key is not None:
        request = AWSRequest(method=method, url=endpoint + path, data=body, headers=headers)
        SigV4Auth(Credentials(key, secret), "aps", REGION).add_auth(request)
        headers = dict(request.headers.items())
    http = urllib.request.Request(endpoint + path, data=body if method in ("POST", "PUT") else None, method=method,
                                  headers=headers)
    try:
        with urllib.request.urlopen(http, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def metric_values(endpoint):
    """The samples of /metrics by series, labels as Helidon writes them less the comma after the last."""
    with urllib.request.urlopen(urllib.request.Request(endpoint + "/metrics", headers={"Accept": "text/plain"}),
                                timeout=30) as response:
        metrics = response.read().decode()
    values = {}
    for line in metrics.splitlines():
        if not line.startswith("#") and " " in line:
            name, value = line.rsplit(" ", 1)
            values[name.replace(",}", "}")] = float(value)
    return values


def expect_metrics(endpoint, expected):
    """Checks each series of /metrics has its expected value; on a miss, lists the metric's series.
    Waits up to 5 s for the values: the routes record a request once its answer is written, so a
    client can read /metrics a moment before that."""
    deadline = time.monotonic() + 5
    values = metric_values(endpoint)
    while any(values.get(s) != c for s, c in expected.items()) and time.monotonic() < deadline:
        time.sleep(0.02)
        values = metric_values(endpoint)
    for series, count in expected.items():
        assert values.get(series) == count, f"{series}: {values.get(series)}\n" + "\n".join(
            f"{name} {value}" for name, value in values.items() if name.startswith(series.split("{")[0]))


def aws_error(status, headers, body, code, error_type):
    """Checks an answer is the AMP error of that status and type; returns its JSON body."""
    assert status == code, f"expected {code}, got {status}: {body}"
    assert headers.get("x-amzn-ErrorType") == error_type, f"{headers.get('x-amzn-ErrorType')}: {body}"
    assert headers.get("Content-Type") == "application/json", headers.get("Content-Type")
    return json.loads(body)


class SignedServer:
    """A server the route scripts call as its root or as users root makes: `call` signs when given
    a key, `admin` is root's call of the admin API."""

    def __init__(self, endpoint, root_key, root_secret):
        self.endpoint = endpoint
        self.as_root = {"key": root_key, "secret": root_secret}

    def call(self, method, path, body=b"", headers=None, key=None, secret=None):
        return http_call(self.endpoint, method, path, body, headers, key, secret)

    def admin(self, method, path, body=None):
        status, _, text = self.call(method, path, json.dumps(body).encode() if body is not None else b"",
                                    {"Content-Type": "application/json"}, **self.as_root)
        assert status in (200, 201, 204), f"{method} {path}: {status} {text}"
        return json.loads(text) if text else None

    def workspace_with_users(self, alias, user, action):
        """A new active workspace, a user allowed the action on it and one, nobody, with no policy;
        returns the workspace id and the two users' keys as call arguments."""
        root = boto3.session.Session(aws_access_key_id=self.as_root["key"], aws_secret_access_key=self.as_root["secret"],
                                     region_name=REGION).client("amp", endpoint_url=self.endpoint)
        ws = root.create_workspace(alias=alias)["workspaceId"]
        root.get_waiter("workspace_active").wait(workspaceId=ws, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        keys = {}
        for name in (user, "nobody"):
            self.admin("POST", "/admin/v1/users", {"userName": name})
            credentials = self.admin("POST", f"/admin/v1/users/{name}/access-keys")["credentials"]
            keys[name] = {"key": credentials["accessKeyId"], "secret": credentials["secretAccessKey"]}
        self.admin("PUT", f"/admin/v1/users/{user}/policies/{action.split(':')[1]}", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": action, "Resource": f"arn:aws:aps:{REGION}:000000000000:workspace/{ws}"}]})
        return ws, keys[user], keys["nobody"]


def expect_error(code, call, *args, **kwargs):
    """Makes the call, which must fail with the AMP error code; returns the ClientError."""
    try:
        call(*args, **kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        assert got == code, f"expected {code}, got {got}: {e}"
        return e
    raise AssertionError(f"expected {code}, the call succeeded")


def clients(endpoint):
    """A session with keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, its amp client, and one
    with client-side validation off, so that the server's own validation answers."""
    session = boto3.session.Session(region_name=REGION)
    amp = session.client("amp", endpoint_url=endpoint)
    raw = session.client("amp", endpoint_url=endpoint, config=botocore.config.Config(parameter_validation=False))
    return session, amp, raw
