"""The AMP workspace workflow with boto3, against a Hearth endpoint. Exits non-zero on the first
deviation from what the AMP API model promises; prints each step."""
import sys

from amp_script import clients, expect_error, step

endpoint = sys.argv[1]
_, amp, raw = clients(endpoint)


step("create with tags")
created = amp.create_workspace(alias="boto-main", tags={"team": "platform", "env": "test"})
ws = created["workspaceId"]
assert ws.startswith("ws-"), created
assert created["arn"] == f"arn:aws:aps:us-east-1:000000000000:workspace/{ws}", created
assert created["status"]["statusCode"] in ("CREATING", "ACTIVE"), created
assert created["ResponseMetadata"]["HTTPStatusCode"] == 202

step("waiter workspace_active")
amp.get_waiter("workspace_active").wait(workspaceId=ws, WaiterConfig={"Delay": 1, "MaxAttempts": 30})

step("describe")
desc = amp.describe_workspace(workspaceId=ws)["workspace"]
assert desc["status"]["statusCode"] == "ACTIVE", desc
assert desc["alias"] == "boto-main", desc
assert desc["tags"] == {"team": "platform", "env": "test"}, desc
assert desc["prometheusEndpoint"].endswith(f"/workspaces/{ws}/"), desc
assert desc["createdAt"].year >= 2024, desc

step("idempotent create with a client token")
first = amp.create_workspace(alias="boto-idem", clientToken="token-123")
again = amp.create_workspace(alias="boto-idem", clientToken="token-123")
assert first["workspaceId"] == again["workspaceId"], (first, again)
expect_error("ConflictException", amp.create_workspace, alias="other", clientToken="token-123")

step("list with pagination")
extra = [amp.create_workspace(alias=f"boto-page-{i}")["workspaceId"] for i in range(5)]
page = amp.list_workspaces(maxResults=2)
assert len(page["workspaces"]) == 2 and "nextToken" in page, page
seen = []
for p in amp.get_paginator("list_workspaces").paginate(PaginationConfig={"PageSize": 2}):
    assert len(p["workspaces"]) <= 2
    seen += [w["workspaceId"] for w in p["workspaces"]]
assert len(seen) == len(set(seen)), "a workspace was listed twice"
for w in [ws, first["workspaceId"], *extra]:
    assert w in seen, f"{w} missing from the paginated list"

step("list with alias filter")
filtered = amp.list_workspaces(alias="boto-page-")["workspaces"]
assert sorted(w["workspaceId"] for w in filtered) == sorted(extra), filtered

step("update alias")
amp.update_workspace_alias(workspaceId=ws, alias="boto-renamed")
assert amp.describe_workspace(workspaceId=ws)["workspace"]["alias"] == "boto-renamed"

step("tag, untag, list tags")
arn = created["arn"]
amp.tag_resource(resourceArn=arn, tags={"cost-center": "42"})
assert amp.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "platform", "env": "test", "cost-center": "42"}
amp.untag_resource(resourceArn=arn, tagKeys=["env", "team"])
assert amp.list_tags_for_resource(resourceArn=arn)["tags"] == {"cost-center": "42"}

step("workspace configuration")
conf = amp.describe_workspace_configuration(workspaceId=ws)["workspaceConfiguration"]
assert conf["retentionPeriodInDays"] == 45, conf
assert conf["status"]["statusCode"] == "ACTIVE", conf
limits = [{"labelSet": {"team": "a", "env": "prod"}, "limits": {"maxSeries": 1000}}]
updated = amp.update_workspace_configuration(workspaceId=ws, retentionPeriodInDays=90, limitsPerLabelSet=limits)
assert updated["ResponseMetadata"]["HTTPStatusCode"] == 202
conf = amp.describe_workspace_configuration(workspaceId=ws)["workspaceConfiguration"]
assert conf["retentionPeriodInDays"] == 90, conf
assert conf["limitsPerLabelSet"] == limits, conf

step("invalid input gets the model's errors")
e = expect_error("ValidationException", raw.create_workspace, alias="x" * 101)
assert e.response["Error"]["Message"], e.response
expect_error("ValidationException", raw.update_workspace_configuration, workspaceId=ws, retentionPeriodInDays=0)
expect_error("ValidationException", raw.create_workspace, tags={"aws:reserved": "x"})
expect_error("ValidationException", raw.list_workspaces, maxResults=0)
expect_error("ResourceNotFoundException", amp.describe_workspace, workspaceId="ws-00000000-0000-0000-0000-000000000000")
expect_error("ResourceNotFoundException", amp.list_tags_for_resource,
             resourceArn="arn:aws:aps:us-east-1:000000000000:workspace/ws-00000000-0000-0000-0000-000000000000")

step("rule groups namespaces: create, describe, list, put, validate, tag, delete")
rules = b"""groups:
  - name: example
    interval: 30s
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: InstanceDown
        expr: up == 0
        for: 5m
        labels:
          severity: page
        annotations:
          summary: "{{ $labels.instance }} is down"
"""
created_ns = amp.create_rule_groups_namespace(workspaceId=ws, name="team-rules", data=rules, tags={"k": "v"})
assert created_ns["status"]["statusCode"] in ("CREATING", "ACTIVE"), created_ns
assert created_ns["arn"] == f"arn:aws:aps:us-east-1:000000000000:rulegroupsnamespace/{ws}/team-rules", created_ns
described = amp.describe_rule_groups_namespace(workspaceId=ws, name="team-rules")["ruleGroupsNamespace"]
assert described["data"] == rules, described
assert described["tags"] == {"k": "v"}, described
listed = amp.list_rule_groups_namespaces(workspaceId=ws, name="team")["ruleGroupsNamespaces"]
assert [n["name"] for n in listed] == ["team-rules"], listed
expect_error("ConflictException", amp.create_rule_groups_namespace, workspaceId=ws, name="team-rules", data=rules)
bad_expr = rules.replace(b"sum by (job) (up)", b"sum by (job) (up")
e = expect_error("ValidationException", amp.put_rule_groups_namespace, workspaceId=ws, name="team-rules", data=bad_expr)
assert 'group "example", rule 1, "job:up:sum": could not parse expression' in e.response["Error"]["Message"], e.response
duplicate = rules + b"""  - name: example
    rules: []
"""
e = expect_error("ValidationException", amp.put_rule_groups_namespace, workspaceId=ws, name="team-rules", data=duplicate)
assert 'groupname: "example" is repeated' in e.response["Error"]["Message"], e.response
e = expect_error("ValidationException", amp.put_rule_groups_namespace, workspaceId=ws, name="team-rules",
                 data=rules.replace(b"for: 5m", b"for: soon"))
assert "for: not a valid duration" in e.response["Error"]["Message"], e.response
expect_error("ValidationException", amp.put_rule_groups_namespace, workspaceId=ws, name="team-rules", data=b"groups: [")
assert amp.describe_rule_groups_namespace(workspaceId=ws, name="team-rules")["ruleGroupsNamespace"]["data"] == rules, \
    "a refused file leaves the old one in place"
amp.put_rule_groups_namespace(workspaceId=ws, name="team-rules", data=rules.replace(b"30s", b"1m"))
assert b"1m" in amp.describe_rule_groups_namespace(workspaceId=ws, name="team-rules")["ruleGroupsNamespace"]["data"]
amp.tag_resource(resourceArn=created_ns["arn"], tags={"extra": "1"})
assert amp.list_tags_for_resource(resourceArn=created_ns["arn"])["tags"] == {"k": "v", "extra": "1"}
amp.delete_rule_groups_namespace(workspaceId=ws, name="team-rules")
expect_error("ResourceNotFoundException", amp.describe_rule_groups_namespace, workspaceId=ws, name="team-rules")

step("delete, then describe is ResourceNotFoundException")
for w in [first["workspaceId"], *extra]:
    amp.delete_workspace(workspaceId=w)
deleted = amp.delete_workspace(workspaceId=ws)
assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
amp.get_waiter("workspace_deleted").wait(workspaceId=ws, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
expect_error("ResourceNotFoundException", amp.describe_workspace, workspaceId=ws)

step("still serving")
amp.list_workspaces()
print("boto3 workflow passed", flush=True)
