#!/usr/bin/python3
"""End-to-end: what operators see. Starts the three real binaries on loopback, drives a short
cycle with the svcup tool (one report on time, a restart, one late, a return and a resubmission,
an inspection with an overdue deficiency, a watch stream left open), then:

  1. `promtool check metrics` on each service's /metrics is clean;
  2. the stored-state gauges are right straight after the restart, and the gRPC server and client
     families count the calls exactly;
  3. Debian's real Prometheus scrapes the three services (with the alert rules of
     deploy/prometheus loaded) and its HTTP API returns the series with the expected values;
  4. every metric the Grafana dashboard and the alert rules query is one the services expose.

Usage: metrics_test.py ROOT PLANS REPORTS REVIEWS SVCUP   (ctest: metrics_end_to_end)
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT, PLANS, REPORTS, REVIEWS, SVCUP = sys.argv[1:6]
DATA = tempfile.mkdtemp(prefix="svcup-metrics-")
processes = []


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def expect_equal(what, got, want):
    if got != want:
        fail(f"{what}: got {got!r}, want {want!r}")
    print(f"ok  {what} = {got!r}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(name, binary, *flags):
    """Starts a service on free ports; returns (grpc address, metrics port)."""
    ports = os.path.join(DATA, name + ".ports")
    if os.path.exists(ports):
        os.remove(ports)
    log = open(os.path.join(DATA, name + ".log"), "a")
    process = subprocess.Popen(
        [binary, f"--data_dir={DATA}", "--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
         f"--port_file={ports}", "--drain_timeout=1s", *flags], stdout=log, stderr=log)
    processes.append(process)
    for _ in range(400):
        if os.path.exists(ports):
            values = dict(line.split("=") for line in open(ports).read().split())
            return f"127.0.0.1:{values['grpc']}", int(values["metrics"]), process
        if process.poll() is not None:
            fail(f"{name} exited: " + open(os.path.join(DATA, name + ".log")).read())
        time.sleep(0.05)
    fail(f"{name} did not start")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        fail("a service did not stop within 15 s of SIGTERM")


def start_suite(clock):
    flags = [f"--clock_start={clock}"]
    plans = start("plans", PLANS, *flags)
    reports = start("reports", REPORTS, *flags, f"--plans_addr={plans[0]}")
    reviews = start("reviews", REVIEWS, *flags, f"--plans_addr={plans[0]}",
                    f"--reports_addr={reports[0]}")
    return {"plans": plans, "reports": reports, "reviews": reviews}


def svcup(suite, *args, token=None):
    command = [SVCUP, *args, f"--plans_addr={suite['plans'][0]}",
               f"--reports_addr={suite['reports'][0]}", f"--reviews_addr={suite['reviews'][0]}",
               "--timeout=5s"]
    if token:
        command.append(f"--token_file={os.path.join(DATA, token)}")
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        fail(f"svcup {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result.stdout


def mint(suite, name, org, role):
    with open(os.path.join(DATA, name), "w") as f:
        f.write(svcup(suite, "token", "mint", f"--signing_key_file={DATA}/issuer.key", f"--org={org}",
                      f"--role={role}", f"--subject={name}"))


def scrape(port):
    return urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()


SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')


def samples(text):
    """{(name, frozenset(label items)): value} of an exposition."""
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        m = SAMPLE.match(line)
        if not m:
            fail(f"unparsable exposition line: {line}")
        labels = frozenset(re.findall(r'([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        out[(m.group(1), labels)] = float(m.group(4))
    return out


def value(exposition, name, **labels):
    """The value of the one sample of `name` whose labels include `labels`."""
    wanted = set(labels.items())
    found = [v for (n, ls), v in samples(exposition).items() if n == name and wanted <= set(ls)]
    if len(found) != 1:
        fail(f"{name}{labels}: {len(found)} samples")
    return found[0]


def families(exposition):
    return set(re.findall(r"^# TYPE (\S+) ", exposition, re.M))


def drive():
    # The issuer's key and the calling services' own keys, their public halves in jwks.json.
    for service, key in (("", "issuer"), ("reports", "reports"), ("reviews", "reviews")):
        subprocess.run([SVCUP, "token", "keygen", f"--service={service}",
                        f"--signing_key_file={DATA}/{key}.key", f"--jwks_file={DATA}/jwks.json"],
                       check=True, capture_output=True, timeout=30)
    report = os.path.join(DATA, "report.json")
    with open(report, "w") as f:
        json.dump({"as_of_date": {"year": 2018, "month": 6, "day": 30},
                   "measure_results": [{"measure_code": "2.3", "actions_taken": "滿意度調查",
                                        "results": "滿意度提升"}]}, f, ensure_ascii=False)

    # Before the due date (2018-07-31): Taipei reports on time.
    suite = start_suite("2018-07-20T09:00:00+08:00")
    mint(suite, "taipei", "dpo-taipei", "agency-staff")
    mint(suite, "hsinchu", "dpo-hsinchu", "agency-staff")
    mint(suite, "hpo", "high-prosecutors", "supervisor-reviewer")
    mint(suite, "corrections", "corrections", "supervisor-reviewer")
    svcup(suite, "report", "draft", "orgs/dpo-taipei", "--period=1", f"--file={report}",
          token="taipei")
    svcup(suite, "report", "submit", "orgs/dpo-taipei/reports/2018-1", token="taipei")
    for service in ("reviews", "reports", "plans"):
        stop(suite[service][2])

    # After it: Hsinchu is late; Taipei is returned and resubmits; an inspection.
    suite = start_suite("2018-08-02T09:00:00+08:00")
    svcup(suite, "report", "draft", "orgs/dpo-hsinchu", "--period=1", f"--file={report}",
          token="hsinchu")
    svcup(suite, "report", "submit", "orgs/dpo-hsinchu/reports/2018-1", token="hsinchu")
    svcup(suite, "review", "return", "orgs/dpo-taipei/reports/2018-1/revisions/1",
          "--reason=請補充樣本數", token="hpo")
    svcup(suite, "report", "answer", "orgs/dpo-taipei/reports/2018-1", "--answers=:已補充樣本數",
          token="taipei")
    svcup(suite, "report", "submit", "orgs/dpo-taipei/reports/2018-1", token="taipei")
    svcup(suite, "inspection", "record", "orgs/prison-taipei", "--date=2018-07-25",
          "--findings=接見室檢查", "--deficiencies=扶手未設@2018-08-01", token="corrections")
    # A supervisor system following its stream.
    watch = subprocess.Popen(
        [SVCUP, "report", "watch", "orgs/high-prosecutors", "--follow",
         f"--reports_addr={suite['reports'][0]}", f"--token_file={DATA}/hpo"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    processes.append(watch)
    # Wait until the stream is open and has sent the four events of the supervisor.
    for _ in range(200):
        text = scrape(suite["reports"][1])
        sent = [v for (n, ls), v in samples(text).items()
                if n == "grpc_server_msg_sent_total" and ("grpc_method", "WatchReportEvents") in ls]
        if sent == [4.0]:
            break
        time.sleep(0.05)
    return suite


def check_expositions(suite):
    texts = {name: scrape(suite[name][1]) for name in ("plans", "reports", "reviews")}
    for name, text in texts.items():
        result = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True,
                                text=True, timeout=30)
        if result.returncode != 0 or result.stdout.strip() or result.stderr.strip():
            fail(f"promtool check metrics on {name}: {result.stdout}{result.stderr}")
        print(f"ok  promtool check metrics: {name} clean")

    reports, reviews = texts["reports"], texts["reviews"]
    hpo = {"recipient": "orgs/high-prosecutors", "year": "2018", "period": "1"}
    expect_equal("reports expected by the High Prosecutors Office",
                 value(reports, "svcup_reports_expected", **hpo), 20)
    expect_equal("submitted", value(reports, "svcup_reports_submitted", **hpo), 2)
    expect_equal("submitted late", value(reports, "svcup_reports_submitted_late", **hpo), 1)
    expect_equal("missing", value(reports, "svcup_reports_missing", **hpo), 18)
    expect_equal("awaiting review", value(reports, "svcup_reports_awaiting_review", **hpo), 2)
    expect_equal("watch streams open", value(reports, "svcup_watch_streams_open"), 1)
    expect_equal("SubmitReport OK since the restart",
                 value(reports, "grpc_server_handled_total", grpc_method="SubmitReport",
                       grpc_code="OK", grpc_type="unary",
                       grpc_service="svcup.v1.ProgressReports"), 2)
    expect_equal("ReturnReport served for reviews",
                 value(reports, "grpc_server_handled_total", grpc_method="ReturnReport",
                       grpc_code="OK"), 1)
    expect_equal("reports -> plans ListOrganisations (the hierarchy, fetched once and kept)",
                 value(reports, "grpc_client_handled_total", grpc_method="ListOrganisations",
                       grpc_code="OK", grpc_service="svcup.v1.PlanRegistry"), 1)
    expect_equal("reviews -> reports ReturnReport",
                 value(reviews, "grpc_client_handled_total", grpc_method="ReturnReport",
                       grpc_code="OK", grpc_service="svcup.v1.ProgressReports"), 1)
    expect_equal("watch stream messages sent",
                 value(reports, "grpc_server_msg_sent_total", grpc_method="WatchReportEvents",
                       grpc_type="server_stream"), 4)
    expect_equal("deficiencies open", value(reviews, "svcup_deficiencies_open",
                                            reports_to="orgs/corrections"), 1)
    expect_equal("deficiencies overdue", value(reviews, "svcup_deficiencies_overdue",
                                               reports_to="orgs/corrections"), 1)
    if value(reports, "svcup_storage_transaction_seconds_count", kind="write", outcome="ok") < 4:
        fail("storage writes were not timed")
    return texts


def check_prometheus(suite):
    port = free_port()
    config = os.path.join(DATA, "prometheus.yml")
    shutil.copy(os.path.join(ROOT, "deploy", "prometheus", "alerts.yml"), DATA)
    with open(config, "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                "rule_files: [alerts.yml]\nscrape_configs:\n")
        for name in ("plans", "reports", "reviews"):
            f.write(f"  - job_name: svcup-{name}\n    static_configs:\n"
                    f"      - targets: ['127.0.0.1:{suite[name][1]}']\n")
    log = open(os.path.join(DATA, "prometheus.log"), "w")
    processes.append(subprocess.Popen(
        ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={DATA}/tsdb",
         f"--web.listen-address=127.0.0.1:{port}"], stdout=log, stderr=log))

    def query(expr):
        url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        try:
            body = json.load(urllib.request.urlopen(url, timeout=5))
        except OSError:
            return None
        return body["data"]["result"] if body.get("status") == "success" else None

    deadline = time.time() + 60
    while time.time() < deadline:
        up = query('up{job=~"svcup-.*"} == 1')
        if up is not None and len(up) == 3:
            break
        time.sleep(0.5)
    else:
        fail("Prometheus did not scrape the three services: " +
             open(os.path.join(DATA, "prometheus.log")).read()[-2000:])
    print("ok  Prometheus scrapes svcup-plans, svcup-reports, svcup-reviews")

    def scalar(expr):
        result = query(expr)
        if not result or len(result) != 1:
            fail(f"Prometheus: {expr} -> {result}")
        return float(result[0]["value"][1])

    expect_equal("Prometheus: submitted late",
                 scalar('svcup_reports_submitted_late{job="svcup-reports",'
                        'recipient="orgs/high-prosecutors",year="2018",period="1"}'), 1)
    expect_equal("Prometheus: SubmitReport OK",
                 scalar('sum(grpc_server_handled_total{job="svcup-reports",'
                        'grpc_method="SubmitReport",grpc_code="OK"})'), 2)
    expect_equal("Prometheus: reviews -> reports ReturnReport",
                 scalar('sum(grpc_client_handled_total{job="svcup-reviews",'
                        'grpc_method="ReturnReport",grpc_code="OK"})'), 1)
    expect_equal("Prometheus: overdue deficiencies",
                 scalar('svcup_deficiencies_overdue{job="svcup-reviews"}'), 1)
    expect_equal("Prometheus: build info per service",
                 scalar('count(svcup_build_info)'), 3)
    rules = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/rules", timeout=5))
    loaded = sorted(r["name"] for g in rules["data"]["groups"] for r in g["rules"])
    expect_equal("Prometheus: alert rules loaded", loaded, sorted(
        ["SvcupReportsOverdue", "SvcupHighErrorRatio", "SvcupHighLatency", "SvcupServiceDown",
         "SvcupWatchConsumerBehind", "SvcupDeficienciesOverdue"]))
    bad = [r["name"] for g in rules["data"]["groups"] for r in g["rules"] if r["health"] == "err"]
    expect_equal("Prometheus: rules evaluating without error", bad, [])


def check_queries_name_exposed_metrics(texts):
    exposed = set().union(*(families(t) for t in texts.values())) | {"up"}
    used = {}
    dashboard = json.load(open(os.path.join(ROOT, "deploy", "grafana", "svcup-dashboard.json")))
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            used.setdefault(target["expr"], f"dashboard panel {panel['title']!r}")
    for variable in dashboard["templating"]["list"]:
        if variable["type"] == "query":
            used.setdefault(variable["query"], f"dashboard variable {variable['name']}")
    alerts = open(os.path.join(ROOT, "deploy", "prometheus", "alerts.yml")).read()
    for expr in re.findall(r"expr: (?:\|\n)?((?:.+\n?)+?)(?=\s+(?:for|labels):)", alerts):
        used.setdefault(expr, "alerts.yml")
    checked = 0
    for expr, where in used.items():
        # Metric names only: drop label matchers and label lists of by/without/on/ignoring.
        bare = re.sub(r"\{[^}]*\}", "", expr)
        bare = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", bare)
        bare = re.sub(r"label_values\((\w+), *\w+\)", r"\1", bare)
        for name in re.findall(r"\b((?:grpc|svcup)_[a-z_]+|up)\b(?!\s*\()", bare):
            family = re.sub(r"_(bucket|sum|count)$", "", name)
            if family not in exposed:
                fail(f"{where} queries {name}, which no service exposes")
            checked += 1
    print(f"ok  {checked} metric references of the dashboard and the alert rules are exposed")


def check_logs():
    """One JSON object per line; a request id follows a call from the CLI through reviews to
    reports and plans."""
    lines = {}
    for name in ("plans", "reports", "reviews"):
        lines[name] = []
        for line in open(os.path.join(DATA, name + ".log")):
            record = json.loads(line)
            for field in ("time", "level", "service", "msg"):
                if field not in record:
                    fail(f"{name}.log: a line without {field}: {line}")
            lines[name].append(record)
    reviews = [r for r in lines["reviews"] if r.get("rpc") == "/svcup.v1.Reviews/CreateReview"]
    if len(reviews) != 1:
        fail(f"reviews.log: {len(reviews)} CreateReview lines")
    review = reviews[0]
    for field in ("request_id", "caller", "rpc", "status", "duration_ms"):
        if field not in review:
            fail(f"the access log line lacks {field}: {review}")
    expect_equal("access log caller", review["caller"],
                 "orgs/high-prosecutors ROLE_SUPERVISOR_REVIEWER hpo")
    expect_equal("access log status", review["status"], "OK")
    if not review["request_id"].startswith("cli-"):
        fail(f"the CLI's x-request-id was not kept: {review['request_id']}")
    onward = [r for r in lines["reports"] if r.get("request_id") == review["request_id"]]
    expect_equal("reports calls made for that review",
                 sorted({r["rpc"].rsplit("/", 1)[1] for r in onward}),
                 ["GetReport", "GetReportRevision", "ReturnReport"])
    # The CLI read the revision itself first (for its digest), under the same id.
    expect_equal("the reviews service's onward calls", sorted(
        r["rpc"].rsplit("/", 1)[1] for r in onward
        if r["caller"] == "orgs/svc-reviews ROLE_SERVICE reviews"),
        ["GetReport", "GetReportRevision", "ReturnReport"])


def main():
    try:
        suite = drive()
        check_logs()
        texts = check_expositions(suite)
        check_prometheus(suite)
        check_queries_name_exposed_metrics(texts)
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(DATA, ignore_errors=True)
    print("metrics end to end: all checks passed")


if __name__ == "__main__":
    main()
