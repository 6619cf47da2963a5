"""AMP's alert manager definition API, Hearth's alertmanagerUrls extension of the workspace
configuration, and the rules and alerts endpoints, with boto3 against a Hearth endpoint. Exits
non-zero on the first deviation from the AMP model; prints each step."""
import json
import sys
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

from amp_script import REGION, clients, expect_error, step

endpoint = sys.argv[1]
session, amp, raw = clients(endpoint)


def signed_get(path):
    request = AWSRequest(method="GET", url=endpoint + path)
    SigV4Auth(session.get_credentials(), "aps", REGION).add_auth(request)
    with urllib.request.urlopen(urllib.request.Request(request.url, headers=dict(request.headers.items()))) as response:
        return response.status, json.loads(response.read())


ws = amp.create_workspace(alias="alerting")["workspaceId"]
amp.get_waiter("workspace_active").wait(workspaceId=ws, WaiterConfig={"Delay": 1, "MaxAttempts": 30})

definition = b"""alertmanager_config: |
  route:
    receiver: 'default'
  receivers:
    - name: 'default'
"""

step("no definition yet")
expect_error("ResourceNotFoundException", amp.describe_alert_manager_definition, workspaceId=ws)
expect_error("ResourceNotFoundException", amp.put_alert_manager_definition, workspaceId=ws, data=definition)
expect_error("ResourceNotFoundException", amp.delete_alert_manager_definition, workspaceId=ws)

step("create")
created = amp.create_alert_manager_definition(workspaceId=ws, data=definition)
assert created["ResponseMetadata"]["HTTPStatusCode"] == 202, created
assert created["status"]["statusCode"] == "CREATING", created
expect_error("ConflictException", amp.create_alert_manager_definition, workspaceId=ws, data=definition)

step("describe")
described = amp.describe_alert_manager_definition(workspaceId=ws)["alertManagerDefinition"]
assert described["data"] == definition, described
assert described["status"]["statusCode"] == "ACTIVE", described
assert described["createdAt"].year >= 2024 and described["modifiedAt"] >= described["createdAt"], described

step("put")
changed = definition.replace(b"'default'", b"'team'")
put = amp.put_alert_manager_definition(workspaceId=ws, data=changed)
assert put["ResponseMetadata"]["HTTPStatusCode"] == 202 and put["status"]["statusCode"] == "UPDATING", put
assert amp.describe_alert_manager_definition(workspaceId=ws)["alertManagerDefinition"]["data"] == changed

step("invalid definitions are refused and leave the old one")
e = expect_error("ValidationException", amp.put_alert_manager_definition, workspaceId=ws,
                 data=b"alertmanager_config: |\n  route:\n    receiver: nobody\n  receivers: []\n")
assert 'undefined receiver "nobody" used in route' in e.response["Error"]["Message"], e.response
expect_error("ValidationException", amp.put_alert_manager_definition, workspaceId=ws, data=b"route: {receiver: a}")
expect_error("ValidationException", amp.put_alert_manager_definition, workspaceId=ws, data=b"alertmanager_config: [")
expect_error("ValidationException", raw.put_alert_manager_definition, workspaceId=ws, data=b"")
assert amp.describe_alert_manager_definition(workspaceId=ws)["alertManagerDefinition"]["data"] == changed
expect_error("ResourceNotFoundException", amp.describe_alert_manager_definition,
             workspaceId="ws-00000000-0000-0000-0000-000000000000")

step("delete")
deleted = amp.delete_alert_manager_definition(workspaceId=ws)
assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202, deleted
expect_error("ResourceNotFoundException", amp.describe_alert_manager_definition, workspaceId=ws)
amp.create_alert_manager_definition(workspaceId=ws, data=definition)

step("alertmanagerUrls: sent by a client that adds the member, ignored by boto3's parser")
urls = ["http://127.0.0.1:9093", "https://am.example:9094/prefix"]


def add_urls(value):
    def handler(request, **kwargs):
        body = json.loads(request.data or b"{}")
        body["alertmanagerUrls"] = value
        request.data = json.dumps(body).encode()
    return handler


raw_bodies = []
amp.meta.events.register("after-call.amp.DescribeWorkspaceConfiguration",
                         lambda http_response, **kwargs: raw_bodies.append(json.loads(http_response.content)))
hook = add_urls(urls)
amp.meta.events.register("before-sign.amp.UpdateWorkspaceConfiguration", hook)
updated = amp.update_workspace_configuration(workspaceId=ws, retentionPeriodInDays=30)
amp.meta.events.unregister("before-sign.amp.UpdateWorkspaceConfiguration", hook)
assert updated["ResponseMetadata"]["HTTPStatusCode"] == 202, updated
conf = amp.describe_workspace_configuration(workspaceId=ws)["workspaceConfiguration"]
assert "alertmanagerUrls" not in conf and conf["retentionPeriodInDays"] == 30, conf
assert raw_bodies[-1]["workspaceConfiguration"]["alertmanagerUrls"] == urls, raw_bodies[-1]

for bad in (["ftp://x"], ["not a url"], "http://x", [f"http://h{i}" for i in range(11)]):
    hook = add_urls(bad)
    amp.meta.events.register("before-sign.amp.UpdateWorkspaceConfiguration", hook)
    e = expect_error("ValidationException", amp.update_workspace_configuration, workspaceId=ws, retentionPeriodInDays=31)
    amp.meta.events.unregister("before-sign.amp.UpdateWorkspaceConfiguration", hook)
    assert "alertmanagerUrls" in e.response["Error"]["Message"], e.response
amp.describe_workspace_configuration(workspaceId=ws)
assert raw_bodies[-1]["workspaceConfiguration"]["alertmanagerUrls"] == urls, "a refused update changes nothing"
assert raw_bodies[-1]["workspaceConfiguration"]["retentionPeriodInDays"] == 30, raw_bodies[-1]

hook = add_urls([])
amp.meta.events.register("before-sign.amp.UpdateWorkspaceConfiguration", hook)
amp.update_workspace_configuration(workspaceId=ws)
amp.meta.events.unregister("before-sign.amp.UpdateWorkspaceConfiguration", hook)
amp.describe_workspace_configuration(workspaceId=ws)
assert "alertmanagerUrls" not in raw_bodies[-1]["workspaceConfiguration"], "an empty list goes back to the server's"

step("rules and alerts endpoints, signed as AMP's ListRules and ListAlerts")
status, rules = signed_get(f"/workspaces/{ws}/api/v1/rules")
assert status == 200 and rules == {"status": "success", "data": {"groups": []}}, rules
status, alerts = signed_get(f"/workspaces/{ws}/api/v1/alerts")
assert status == 200 and alerts == {"status": "success", "data": {"alerts": []}}, alerts
try:
    signed_get(f"/workspaces/{ws}/api/v1/rules?type=bogus")
    raise AssertionError("type=bogus was accepted")
except urllib.error.HTTPError as e:
    assert e.code == 400, e
    body = json.loads(e.read())
    assert body == {"status": "error", "errorType": "bad_data",
                    "error": 'invalid parameter "type": not supported value "bogus"'}, body

step("deleting the workspace deletes its definition")
amp.delete_workspace(workspaceId=ws)
amp.get_waiter("workspace_deleted").wait(workspaceId=ws, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
expect_error("ResourceNotFoundException", amp.describe_alert_manager_definition, workspaceId=ws)
print("alerting api passed", flush=True)
