#!/usr/bin/python3
"""An agency's submission and a supervisor's review, in Python, from the .proto files alone.

  1. the agency drafts its period-1 progress report (Attachment 1) and submits it; retrying the
     submission with the same request_id returns the same revision,
  2. the supervisor follows its event stream until the submission arrives,
  3. the supervisor returns it for revision, naming the content it read,
  4. the agency revises and submits revision 2,
  5. the supervisor accepts revision 2 with an opinion per measure (Attachment 2),
  6. the agency reads the review.

Usage: /usr/bin/python3 examples/python/report_review.py --reports_addr 127.0.0.1:50052 \
           --reviews_addr 127.0.0.1:50053 --signing_key_file data/demo/issuer/issuer.key --org dpo-hsinchu
The services' clock must be in the reporting window of 2018 period 1 (scripts/run's demo and the
test start them with --clock_start); the agency must report to --supervisor.
"""
import argparse
import hashlib
import sys

import grpc

from svcup_client import auth, generate_stubs, mint, read_key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports_addr", default="127.0.0.1:50052")
    parser.add_argument("--reviews_addr", default="127.0.0.1:50053")
    parser.add_argument("--signing_key_file", default="data/demo/issuer/issuer.key")
    parser.add_argument("--org", default="dpo-hsinchu", help="the reporting agency")
    parser.add_argument("--supervisor", default="high-prosecutors", help="the agency's recipient")
    args = parser.parse_args()

    generate_stubs("common.proto", "reports.proto", "reviews.proto")
    from svcup.v1 import common_pb2, reports_pb2, reports_pb2_grpc  # generated above
    from svcup.v1 import reviews_pb2, reviews_pb2_grpc

    key = read_key(args.signing_key_file)
    staff = mint(key, args.org, "ROLE_AGENCY_STAFF", "py.staff")
    reviewer = mint(key, args.supervisor, "ROLE_SUPERVISOR_REVIEWER", "py.reviewer")
    reports = reports_pb2_grpc.ProgressReportsStub(grpc.insecure_channel(args.reports_addr))
    reviews = reviews_pb2_grpc.ReviewsStub(grpc.insecure_channel(args.reviews_addr))

    def content(results: str):
        return reports_pb2.ReportContent(
            as_of_date=common_pb2.Date(year=2018, month=6, day=30),
            measure_results=[reports_pb2.MeasureResult(
                measure_code="2.3", actions_taken="辦理臨櫃民眾滿意度調查", results=results,
                indicators=[reports_pb2.Indicator(name="民眾滿意度", value=91.0, unit="%")])],
            summary="本期依執行計畫推動")

    # 1. Draft and submit; a retry with the same request_id is answered with the same revision.
    draft = reports.CreateReport(reports_pb2.CreateReportRequest(
        parent=f"orgs/{args.org}", year=2018, period=1, content=content("滿意度提升"),
        request_id="py-report-create"), metadata=auth(staff), timeout=10)
    submit = reports_pb2.SubmitReportRequest(name=draft.name, etag=draft.etag,
                                             request_id="py-report-submit-1")
    first = reports.SubmitReport(submit, metadata=auth(staff), timeout=10)
    retried = reports.SubmitReport(submit, metadata=auth(staff), timeout=10)
    assert retried.name == first.name and retried.content_digest == first.content_digest
    print(f"submitted {first.name} to {first.recipient}"
          f"{', %d days late' % first.days_late if first.late else ', on time'}")
    assert first.recipient == f"orgs/{args.supervisor}", first.recipient

    # 2. The supervisor's stream: resumable by sequence; stop at our submission.
    arrived = None
    stream = reports.WatchReportEvents(
        reports_pb2.WatchReportEventsRequest(recipient=f"orgs/{args.supervisor}"),
        metadata=auth(reviewer), timeout=10)
    for event in stream:
        if event.report == draft.name and event.type == reports_pb2.REPORT_EVENT_TYPE_SUBMITTED:
            arrived = event
            stream.cancel()
            break
    assert arrived is not None, "the submission never reached the supervisor's stream"
    print(f"supervisor saw event {arrived.sequence}: {arrived.report} revision {arrived.revision}")

    # 3. Return it, naming the digest of the content read. An auditor checks the digest with
    #    Python's own protobuf library, as reports.proto describes.
    revision = reports.GetReportRevision(
        reports_pb2.GetReportRevisionRequest(name=first.name), metadata=auth(reviewer), timeout=10)
    recomputed = "sha256:" + hashlib.sha256(
        revision.content.SerializeToString(deterministic=True)).hexdigest()
    assert recomputed == revision.content_digest, (recomputed, revision.content_digest)
    reviews.CreateReview(reviews_pb2.CreateReviewRequest(
        revision=revision.name, content_digest=revision.content_digest,
        overall_opinion="請補充", rating=reviews_pb2.RATING_FAIR,
        decision=reviews_pb2.REVIEW_DECISION_RETURN, return_reason="請補充滿意度調查之樣本數",
        request_id="py-review-1"), metadata=auth(reviewer), timeout=10)
    returned = reports.GetReport(reports_pb2.GetReportRequest(name=draft.name),
                                 metadata=auth(staff), timeout=10)
    assert returned.state == reports_pb2.REPORT_STATE_RETURNED
    print(f"returned: {returned.return_reason}")

    # 4. Revise, answer each reason of the return, and submit revision 2.
    revised = content("滿意度提升（樣本數 1,024 份，臨櫃抽樣）")
    for reason in returned.return_reasons:
        revised.reason_answers.add(measure_code=reason.measure_code, answer="已補充樣本數及抽樣方式")
    updated = reports.UpdateReport(reports_pb2.UpdateReportRequest(
        name=draft.name, content=revised, etag=returned.etag, request_id="py-report-update"),
        metadata=auth(staff), timeout=10)
    second = reports.SubmitReport(reports_pb2.SubmitReportRequest(
        name=draft.name, etag=updated.etag, request_id="py-report-submit-2"),
        metadata=auth(staff), timeout=10)
    assert second.revision == 2
    # The reviewer reads only what changed, with each reason beside its answer.
    changed = [m.measure_code for m in second.changes.measures]
    assert changed == ["2.3"] and second.changes.measures[0].results_changed, second.changes
    print(f"revision 2 changes measures {changed}; answers {len(second.answered_reasons)} reason(s)")

    # Reviewing with a stale digest is refused: the reviewer must have read what it decides on.
    try:
        reviews.CreateReview(reviews_pb2.CreateReviewRequest(
            revision=second.name, content_digest=revision.content_digest,
            overall_opinion="符合", rating=reviews_pb2.RATING_GOOD,
            decision=reviews_pb2.REVIEW_DECISION_ACCEPT, request_id="py-review-stale"),
            metadata=auth(reviewer), timeout=10)
        sys.exit("unexpected: a review of content the reviewer did not read was accepted")
    except grpc.RpcError as error:
        print(f"stale review refused: {error.code().name}: {error.details()}")
        assert error.code() == grpc.StatusCode.FAILED_PRECONDITION, error.code()

    # 5. Accept revision 2 with an opinion per measure.
    review = reviews.CreateReview(reviews_pb2.CreateReviewRequest(
        revision=second.name, content_digest=second.content_digest,
        measure_opinions=[reviews_pb2.MeasureOpinion(measure_code="2.3", opinion="調查方法完整")],
        overall_opinion="符合計畫", rating=reviews_pb2.RATING_GOOD,
        decision=reviews_pb2.REVIEW_DECISION_ACCEPT, request_id="py-review-2"),
        metadata=auth(reviewer), timeout=10)
    print(f"accepted {second.name}: {reviews_pb2.Rating.Name(review.rating)}")

    # 6. The agency reads its review and its closed report.
    read = reviews.GetReview(reviews_pb2.GetReviewRequest(name=review.name),
                             metadata=auth(staff), timeout=10)
    closed = reports.GetReport(reports_pb2.GetReportRequest(name=draft.name),
                               metadata=auth(staff), timeout=10)
    assert read.decision == reviews_pb2.REVIEW_DECISION_ACCEPT
    assert closed.state == reports_pb2.REPORT_STATE_ACCEPTED
    print(f"the agency reads: {read.measure_opinions[0].measure_code} {read.measure_opinions[0].opinion}; "
          f"{closed.name} is {reports_pb2.ReportState.Name(closed.state)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
