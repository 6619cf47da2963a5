"""What the boto3 conformance scripts share: the step log, the check of an expected AMP error, and
the clients. The scripts run as `python3 <this directory>/<script>.py`, so Python finds this module
beside them whatever the working directory."""
import boto3
import botocore.config
from botocore.exceptions import ClientError

REGION = "us-east-1"


def step(name):
    print("step:", name, flush=True)


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
