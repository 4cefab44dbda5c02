#!/usr/bin/python3
"""An agency system in Python, built from the .proto files alone.

Generates the svcup stubs from proto/ with Debian's grpcio tools, signs bearer tokens with the
token issuer's key (EdDSA JWTs, the format `svcup token mint` issues), then:
  1. lists the hierarchy,
  2. resolves Kinmen's reporting route (straight to the ministry),
  3. reads the 22 measures of the 2018 implementation plan,
  4. drafts, approves (as the agency head) and publishes an execution plan,
  5. reads it back without credentials.

Usage: /usr/bin/python3 examples/python/plans_client.py --addr 127.0.0.1:50051 \
           --signing_key_file data/demo/issuer/issuer.key --org dpo-hsinchu
Run it with /usr/bin/python3: Debian's grpcio is importable only there.
"""
import argparse
import sys

import grpc

from svcup_client import auth, generate_stubs, mint, read_key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="127.0.0.1:50051")
    parser.add_argument("--signing_key_file", default="data/demo/issuer/issuer.key")
    parser.add_argument("--org", default="dpo-hsinchu", help="the agency that drafts a plan")
    args = parser.parse_args()

    generate_stubs("common.proto", "plans.proto")
    from svcup.v1 import plans_pb2, plans_pb2_grpc  # generated above

    key = read_key(args.signing_key_file)
    staff = mint(key, args.org, "ROLE_AGENCY_STAFF", "py.staff")
    head = mint(key, args.org, "ROLE_AGENCY_HEAD", "py.head")

    stub = plans_pb2_grpc.PlanRegistryStub(grpc.insecure_channel(args.addr))

    # 1. The hierarchy, page by page.
    request = plans_pb2.ListOrganisationsRequest(page_size=50)
    organisations = []
    while True:
        page = stub.ListOrganisations(request, timeout=10)
        organisations.extend(page.organisations)
        if not page.next_page_token:
            break
        request.page_token = page.next_page_token
    print(f"hierarchy: {len(organisations)} organisations")

    # 2. Kinmen reports to the ministry directly.
    route = stub.ResolveReportingRoute(
        plans_pb2.ResolveReportingRouteRequest(name="orgs/dpo-kinmen"), timeout=10)
    print(f"route of {route.organisation}: {' -> '.join(route.hops)}")
    assert route.recipient == "orgs/moj" and route.direct_to_top

    # 3. The 22 measures of 2018.
    plan = stub.GetImplementationPlan(
        plans_pb2.GetImplementationPlanRequest(name="implementationPlans/2018"), timeout=10)
    codes = [m.code for s in plan.content.strategies for m in s.measures]
    print(f"{plan.name}: {len(codes)} measures, {codes[0]} .. {codes[-1]}")
    assert len(codes) == 22

    # 4. Draft, approve, publish.
    content = plans_pb2.ExecutionPlanContent(
        title="107年度服務躍升執行計畫", basis="法務部107年度服務躍升實施計畫", goals="提升服務品質",
        targets="本機關各單位", implementation_steps="一、成立工作小組", evaluation="每半年檢討",
        rewards="依規定敘獎",
        measures=[plans_pb2.ConcreteMeasure(measure_code="2.3", title="辦理滿意度調查")],
        priorities=[{"rank": 1, "title": "單一窗口"}])
    draft = stub.CreateExecutionPlan(
        plans_pb2.CreateExecutionPlanRequest(parent=f"orgs/{args.org}", year=2018,
                                             content=content, request_id="py-create-1"),
        metadata=auth(staff), timeout=10)
    approved = stub.ApproveExecutionPlan(
        plans_pb2.ApproveExecutionPlanRequest(name=draft.name, etag=draft.etag,
                                              request_id="py-approve-1"),
        metadata=auth(head), timeout=10)
    published = stub.PublishExecutionPlan(
        plans_pb2.PublishExecutionPlanRequest(
            name=draft.name, etag=approved.etag, request_id="py-publish-1",
            urls=[f"https://www.example.gov.tw/{args.org}/107.pdf"]),
        metadata=auth(staff), timeout=10)
    late = (f"{published.publication.days_late} days late" if published.publication.late
            else "on time")
    print(f"published {published.name}, approved by {approved.approval.approved_by.subject}, {late}")

    # A denial carries the code and a message naming the rule.
    try:
        stub.ApproveExecutionPlan(
            plans_pb2.ApproveExecutionPlanRequest(name=draft.name, etag=published.etag,
                                                  request_id="py-approve-2"),
            metadata=auth(staff), timeout=10)
        sys.exit("unexpected: staff approved a plan")
    except grpc.RpcError as error:
        print(f"staff approval refused: {error.code().name}: {error.details()}")
        assert error.code() == grpc.StatusCode.PERMISSION_DENIED

    # 5. Anyone reads the published plan.
    public = stub.GetExecutionPlan(plans_pb2.GetExecutionPlanRequest(name=draft.name), timeout=10)
    assert public.state == plans_pb2.EXECUTION_PLAN_STATE_PUBLISHED
    print(f"read without credentials: {public.content.title} "
          f"({public.organisation_display_name.zh_tw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
