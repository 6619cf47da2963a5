"""Signs a fixed set of requests with botocore, the signer the aws CLI and boto3 use.

Usage: python3 sign_with_botocore.py EPOCH_SECONDS REGION

Prints one line per request: tab-separated, each field base64 of its UTF-8 (body: raw bytes):
  name, expectation, method, raw path, raw query, headers ("name: value" lines), body
The expectation is "accept" or the error code the server must answer with.
"""
import base64
import datetime
import hashlib
import sys
from urllib.parse import urlsplit

import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

EPOCH = int(sys.argv[1])
REGION = sys.argv[2]
SIGNED_AT = datetime.datetime.fromtimestamp(EPOCH, tz=datetime.timezone.utc).replace(tzinfo=None)
# Sign at a fixed instant so the Java side can put its clock anywhere around it.
botocore.auth.get_current_datetime = lambda *args, **kwargs: SIGNED_AT

BASE = 'http://localhost:9009'
KEY = Credentials('AKIDHEARTHTEST', 'hearth/secret+KEY=example')
TEMP = Credentials('ASIAHEARTHTEMP', 'temporary/secret', 'session-token/with+odd=chars')
UNKNOWN = Credentials('AKIDUNKNOWN', 'whatever')
WRONG_SECRET = Credentials('AKIDHEARTHTEST', 'not-the-secret')
WRONG_TOKEN = Credentials('ASIAHEARTHTEMP', 'temporary/secret', 'another-token')


def b64(data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    return base64.b64encode(data or b'').decode('ascii')


def emit(name, expect, method, url, headers, body):
    parts = urlsplit(url)
    lines = []
    names = {k.lower() for k in headers.keys()}
    if 'host' not in names:
        lines.append('host: ' + botocore.auth._host_from_url(url))
    for key, value in headers.items():
        lines.append(f'{key}: {value}')
    print('\t'.join([b64(name), b64(expect), b64(method), b64(parts.path), b64(parts.query),
                     b64('\n'.join(lines)), b64(body)]))


def header_signed(name, expect, method, path, params=None, headers=None, body=b'',
                  creds=KEY, region=REGION, service='aps'):
    request = AWSRequest(method=method, url=BASE + path, params=params or {}, headers=headers or {}, data=body)
    SigV4Auth(creds, service, region).add_auth(request)
    prepared = request.prepare()
    emit(name, expect, method, prepared.url, dict(prepared.headers.items()), prepared.body)


def presigned(name, expect, path, params=None, expires=900, creds=KEY, region=REGION, service='aps'):
    request = AWSRequest(method='GET', url=BASE + path, params=params or {})
    SigV4QueryAuth(creds, service, region, expires=expires).add_auth(request)
    prepared = request.prepare()
    emit(name, expect, 'GET', prepared.url, dict(prepared.headers.items()), prepared.body)


REMOTE_WRITE_BODY = bytes(range(256)) + b'\x00snappy\xff'
JSON_BODY = '{"alias":"prod \u00e9t\u00e9","tags":{"k":"v"}}'.encode('utf-8')

header_signed('get query', 'accept', 'GET', '/workspaces/ws-1/api/v1/query', params={'query': 'up'})
header_signed('get odd query', 'accept', 'GET', '/workspaces/ws-1/api/v1/query_range', params=[
    ('query', 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))'),
    ('space key', 'a b  c'),
    ('unicode', '\u00fcn\u00efc\u00f8d\u00e9 \u2713 \U0001F525'),
    ('repeated', '2'), ('repeated', '1'), ('repeated', '10'),
    ('empty', ''),
    ('unreserved-._~', '-._~'),
    ('plus', '1+1=2'),
    ('slash', 'a/b?c#d&e'),
    ('Case', 'upper'), ('case', 'lower'),
])
header_signed('get query already in url', 'accept', 'GET',
              '/workspaces/ws-1/api/v1/series?match%5B%5D=up&match%5B%5D=%7Bjob%3D%22a%20b%22%7D&start=1&end=')
header_signed('post remote write', 'accept', 'POST', '/workspaces/ws-1/api/v1/remote_write',
              headers={'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy',
                       'X-Prometheus-Remote-Write-Version': '0.1.0'},
              body=REMOTE_WRITE_BODY)
header_signed('post json with declared hash', 'accept', 'POST', '/workspaces',
              headers={'Content-Type': 'application/json',
                       'X-Amz-Content-SHA256': hashlib.sha256(JSON_BODY).hexdigest()},
              body=JSON_BODY)
header_signed('post unsigned payload', 'accept', 'POST', '/workspaces',
              headers={'Content-Type': 'application/json', 'X-Amz-Content-SHA256': 'UNSIGNED-PAYLOAD'},
              body=JSON_BODY)
header_signed('path with encoded characters', 'accept', 'PUT',
              '/workspaces/ws-1/rulegroupsnamespaces/my%20ns%2Fwith%3Acolon%C3%BC~',
              headers={'Content-Type': 'application/json'}, body=b'{"data":"Z3JvdXBzOiBbXQ=="}')
header_signed('path with dot and empty segments', 'accept', 'GET', '/workspaces/./ws-1//api/v1/../v1/labels/')
header_signed('headers with odd whitespace', 'accept', 'GET', '/workspaces/ws-1/api/v1/labels',
              headers={'X-Custom': 'a   b \t c', 'X-Empty-Looking': '  padded  '})
header_signed('date header instead of x-amz-date', 'accept', 'DELETE', '/workspaces/ws-1',
              headers={'Date': 'Thu, 01 Jan 1970 00:00:00 GMT'})
header_signed('session token', 'accept', 'GET', '/workspaces/ws-1/api/v1/query', params={'query': 'up'},
              creds=TEMP)
presigned('presigned', 'accept', '/workspaces/ws-1/api/v1/query',
          params={'query': 'rate(x[5m]) > 0', 'time': '1700000000.5', 'unicode': '\u2713'})
presigned('presigned with session token', 'accept', '/workspaces/ws-1/api/v1/labels', creds=TEMP)

header_signed('wrong region', 'InvalidSignatureException', 'GET', '/workspaces', region='eu-west-1')
header_signed('wrong service', 'InvalidSignatureException', 'GET', '/workspaces', service='execute-api')
header_signed('wrong secret', 'InvalidSignatureException', 'GET', '/workspaces', creds=WRONG_SECRET)
header_signed('unknown access key', 'UnrecognizedClientException', 'GET', '/workspaces', creds=UNKNOWN)
header_signed('wrong session token', 'UnrecognizedClientException', 'GET', '/workspaces', creds=WRONG_TOKEN)
presigned('presigned wrong region', 'InvalidSignatureException', '/workspaces', region='eu-west-1')
presigned('presigned wrong secret', 'InvalidSignatureException', '/workspaces', creds=WRONG_SECRET)
