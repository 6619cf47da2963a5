"""What the boto3 conformance scripts share: the step log, the check of an expected AMP error, and
the clients. The scripts run as `python3 <this directory>/<script>.py`, so Python finds this module
beside them whatever the working directory."""
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
