"""Access control with real signing clients: boto3 and botocore's SigV4 signer, several users.
Usage: access_control.py ENDPOINT ROOT_KEY_ID ROOT_SECRET. Exits non-zero on the first deviation."""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

import amp_script
from amp_script import REGION, step

endpoint, root_key, root_secret = sys.argv[1:4]


def amp_client(key, secret, token=None, region=REGION):
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                                 region_name=region).client("amp", endpoint_url=endpoint)


def admin(method, path, body=None, key=root_key, secret=root_secret, expect=(200, 201, 204)):
    """Hearth's admin API, signed by botocore's SigV4 signer."""
    data = b"" if body is None else (body if isinstance(body, str) else json.dumps(body)).encode()
    request = AWSRequest(method=method, url=endpoint + path, data=data, headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(key, secret), "aps", REGION).add_auth(request)
    http = urllib.request.Request(endpoint + path, data=data if method in ("POST", "PUT") else None, method=method,
                                  headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(http) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    assert status in expect, f"{method} {path}: {status} {text}"
    return json.loads(text) if text else None


def expect_error(code, call, *args, **kwargs):
    """Every refusal here is a 403."""
    e = amp_script.expect_error(code, call, *args, **kwargs)
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403, e.response
    return e


root = amp_client(root_key, root_secret)

step("root creates two workspaces")
ws_a = root.create_workspace(alias="team-a")["workspaceId"]
ws_b = root.create_workspace(alias="team-b")["workspaceId"]
arn_a = f"arn:aws:aps:{REGION}:000000000000:workspace/{ws_a}"

step("root creates users alice and bob with keys")
admin("POST", "/admin/v1/users", {"userName": "alice"})
admin("POST", "/admin/v1/users", {"userName": "bob"})
alice_key = admin("POST", "/admin/v1/users/alice/access-keys")["credentials"]
bob_key = admin("POST", "/admin/v1/users/bob/access-keys")["credentials"]
alice_policy = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["aps:Describe*", "aps:*Tag*", "aps:UpdateWorkspaceAlias", "aps:QueryMetrics",
                                   "aps:GetLabels"], "Resource": arn_a},
    {"Effect": "Allow", "Action": "aps:ListWorkspaces", "Resource": "*"},
    {"Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*"},
    {"Effect": "Deny", "Action": "aps:UpdateWorkspaceAlias", "Resource": "*"}]}
admin("PUT", "/admin/v1/users/alice/policies/team-a", alice_policy)
admin("PUT", "/admin/v1/users/alice/policies/broken", "{\"Statement\": 7}", expect=(400,))
users = [u["userName"] for u in admin("GET", "/admin/v1/users")["users"]]
assert {"alice", "bob", "root"} <= set(users), users

alice = amp_client(alice_key["accessKeyId"], alice_key["secretAccessKey"])
bob = amp_client(bob_key["accessKeyId"], bob_key["secretAccessKey"])

step("alice may read her workspace and nothing else")
assert alice.describe_workspace(workspaceId=ws_a)["workspace"]["alias"] == "team-a"
alice.describe_workspace_configuration(workspaceId=ws_a)
alice.tag_resource(resourceArn=arn_a, tags={"owner": "alice"})
assert alice.list_tags_for_resource(resourceArn=arn_a)["tags"] == {"owner": "alice"}
alice.list_workspaces()
e = expect_error("AccessDeniedException", alice.describe_workspace, workspaceId=ws_b)
assert "is not authorized to perform: aps:DescribeWorkspace" in e.response["Error"]["Message"], e.response
expect_error("AccessDeniedException", alice.create_workspace, alias="mine")
expect_error("AccessDeniedException", alice.delete_workspace, workspaceId=ws_a)
expect_error("AccessDeniedException", alice.update_workspace_alias, workspaceId=ws_a, alias="explicit-deny-wins")

step("alice may query her workspace's Prometheus API and not another's")
answer = admin("GET", f"/workspaces/{ws_a}/api/v1/query?" + urllib.parse.urlencode({"query": "vector(1)"}), key=alice_key["accessKeyId"],
               secret=alice_key["secretAccessKey"])
assert answer["status"] == "success" and answer["data"]["result"][0]["value"][1] == "1", answer
labels = admin("GET", f"/workspaces/{ws_a}/api/v1/labels", key=alice_key["accessKeyId"], secret=alice_key["secretAccessKey"])
assert labels["status"] == "success", labels
denied = admin("GET", f"/workspaces/{ws_b}/api/v1/query?" + urllib.parse.urlencode({"query": "vector(1)"}), key=alice_key["accessKeyId"],
               secret=alice_key["secretAccessKey"], expect=(403,))
assert denied["status"] == "error" and denied["errorType"] == "forbidden", denied
assert "aps:QueryMetrics" in denied["error"], denied
admin("GET", f"/workspaces/{ws_a}/api/v1/series?" + urllib.parse.urlencode({"match[]": "up"}), key=alice_key["accessKeyId"],
      secret=alice_key["secretAccessKey"], expect=(403,))

step("a caller without access learns nothing about what exists")
missing = "ws-00000000-0000-0000-0000-000000000000"
expect_error("AccessDeniedException", bob.describe_workspace, workspaceId=missing)
expect_error("AccessDeniedException", bob.describe_workspace, workspaceId=ws_b)

step("bob has no policy: everything is denied, including admin")
expect_error("AccessDeniedException", bob.list_workspaces)
admin("POST", "/admin/v1/users", {"userName": "mallory"}, key=bob_key["accessKeyId"],
      secret=bob_key["secretAccessKey"], expect=(403,))

step("a workspace resource policy can grant bob access")
resource_policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::000000000000:user/bob"},
                   "Action": "aps:DescribeWorkspace", "Resource": f"arn:aws:aps:{REGION}:000000000000:workspace/{ws_b}"}]}
put = root.put_resource_policy(workspaceId=ws_b, policyDocument=json.dumps(resource_policy))
assert put["policyStatus"] == "ACTIVE" and put["revisionId"], put
described = root.describe_resource_policy(workspaceId=ws_b)
assert json.loads(described["policyDocument"]) == resource_policy, described
assert bob.describe_workspace(workspaceId=ws_b)["workspace"]["workspaceId"] == ws_b
expect_error("AccessDeniedException", bob.describe_workspace_configuration, workspaceId=ws_b)
try:
    root.put_resource_policy(workspaceId=ws_b, policyDocument="{not json")
    raise AssertionError("an invalid resource policy was accepted")
except ClientError as e:
    assert e.response["Error"]["Code"] == "ValidationException", e.response
root.delete_resource_policy(workspaceId=ws_b)
expect_error("AccessDeniedException", bob.describe_workspace, workspaceId=ws_b)

step("temporary credentials work with their session token only")
temp = admin("POST", "/admin/v1/session-token", {"durationSeconds": 900}, key=alice_key["accessKeyId"],
             secret=alice_key["secretAccessKey"])["credentials"]
assert temp["accessKeyId"].startswith("ASIA") and temp["sessionToken"] and temp["expiration"], temp
alice_temp = amp_client(temp["accessKeyId"], temp["secretAccessKey"], temp["sessionToken"])
assert alice_temp.describe_workspace(workspaceId=ws_a)["workspace"]["workspaceId"] == ws_a
no_token = amp_client(temp["accessKeyId"], temp["secretAccessKey"])
try:
    no_token.describe_workspace(workspaceId=ws_a)
    raise AssertionError("temporary credentials worked without their session token")
except ClientError as e:
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403, e.response

step("wrong secret, unknown key, wrong region are rejected with AWS's codes")
expect_error("InvalidSignatureException", amp_client(alice_key["accessKeyId"], "wrong-secret").list_workspaces)
expect_error("UnrecognizedClientException", amp_client("AKIANOSUCHKEY0000000", "x").list_workspaces)
wrong_region = amp_client(alice_key["accessKeyId"], alice_key["secretAccessKey"], region="eu-west-1")
try:
    wrong_region.list_workspaces()
    raise AssertionError("a signature scoped to another region was accepted")
except ClientError as e:
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403, e.response

step("a revoked key stops working at once")
admin("DELETE", f"/admin/v1/users/alice/access-keys/{alice_key['accessKeyId']}")
expect_error("UnrecognizedClientException", alice.list_workspaces)

step("deleting a user removes its keys")
admin("DELETE", "/admin/v1/users/bob")
expect_error("UnrecognizedClientException", bob.list_workspaces)
admin("DELETE", "/admin/v1/users/root", expect=(409,))

print("access control passed", flush=True)
