"""Writes docs/BENCHMARKS.md from the JSON files one scripts/bench run left in --data.

Every figure comes from that run; each target of issue 16 is marked met or not by the figure
measured. Nothing here measures anything itself.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess


def load(data, name):
    with open(os.path.join(data, name)) as f:
        return json.load(f)


def errors(s):
    return ", ".join(f"{k} {v}" for k, v in s["errors"].items()) or "-"


def rate_table(scenarios, echo=None):
    """A table of scenarios: calls/s, its ratio to `echo` calls/s (if any), latencies, errors."""
    head = "| scenario | calls/s | × echo | p50 ms | p90 ms | p99 ms | max ms | errors |\n"
    head += "|---|---|---|---|---|---|---|---|\n"
    rows = []
    for s in scenarios:
        ratio = f"{s['calls_per_second'] / echo:.3f}" if echo else "-"
        rows.append(f"| {s['name']} | {s['calls_per_second']:,.0f} | {ratio} | {s['p50_ms']:.2f} | "
                    f"{s['p90_ms']:.2f} | {s['p99_ms']:.2f} | {s['max_ms']:.2f} | {errors(s)} |")
    return head + "\n".join(rows)


def by_name(results):
    return {s["name"]: s for s in results["scenarios"]}


# The soak's rounds run every scenario of the floor bench for 20 s each (six of them): by the end
# of the first round every code path has run and the caches are warm.
WARM_SECONDS = 120


def rss_summary(path):
    """Per service: RSS (KiB) at the start, once warm (after the first round), the most after
    that, and at the end."""
    samples = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2].isdigit():
                samples.setdefault(parts[1], []).append((int(parts[0]), int(parts[2])))
    summary = {}
    for name, points in samples.items():
        warm = [kib for t, kib in points if t >= WARM_SECONDS] or [points[-1][1]]
        summary[name] = {"warm": warm[0], "max_after": max(warm), "end": points[-1][1],
                         "start": points[0][1]}
    return summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--command", required=True)
    parser.add_argument("--soak", required=True)
    args = parser.parse_args()

    floor = load(args.data, "floor.json")
    cycle = load(args.data, "cycle.json")
    generated = load(args.data, "generated.json")
    generated4 = load(args.data, "generated-4.json")
    generated10 = load(args.data, "generated-10.json")
    readings = load(args.data, "readings.json")
    startup = load(args.data, "startup.json")
    rss = rss_summary(os.path.join(args.data, "rss.txt"))
    with open(args.profile) as f:
        profile = f.read()

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), "?")
    cores = os.cpu_count()
    grpc = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libgrpc++1.51"],
                          capture_output=True, text=True).stdout
    echo = by_name(floor)["Echo"]["calls_per_second"]
    f, g, g4, g10 = by_name(floor), by_name(generated), by_name(generated4), by_name(generated10)
    phases = {p["name"]: p for p in cycle["phases"]}

    targets = []

    def target(what, want, got, ok):
        targets.append(f"| {what} | {want} | {got} | {'met' if ok else '**not met**'} |")

    for name in ("GetReport", "GetExecutionPlan", "ListOrganisations"):
        r = f[name]["calls_per_second"] / echo
        target(name, "≥ 0.5× echo", f"{r:.3f}× echo", r >= 0.5)
    u = f["UpdateReport"]
    r = u["calls_per_second"] / echo
    target("UpdateReport", "≥ 0.25× echo, p99 < 10 ms", f"{r:.3f}× echo, p99 {u['p99_ms']:.1f} ms",
           r >= 0.25 and u["p99_ms"] < 10)
    for period in (1, 2):
        s = phases[f"SubmitReport (period {period})"]
        r = s["calls_per_second"] / echo
        target(f"SubmitReport, period {period} (the cycle)", "≥ 0.25× echo, p99 < 10 ms",
               f"{r:.3f}× echo, p99 {s['p99_ms']:.1f} ms", r >= 0.25 and s["p99_ms"] < 10)
    c = g10["GetCompleteness"]
    target("completeness of a supervisor of 1,000 agencies", "p99 < 5 ms",
           f"p99 {c['p99_ms']:.2f} ms", c["p99_ms"] < 5)
    c = g["GetTreeCompleteness"]
    target("completeness of the whole tree of 10,000", "p99 < 5 ms",
           f"p99 {c['p99_ms']:.2f} ms (4 in flight: {g4['GetTreeCompleteness']['p99_ms']:.2f} ms)",
           c["p99_ms"] < 5)
    tenths = readings["per_tenth"]
    target("readings, one agency system, calls of 10,000", "≥ 200,000/s, flat to 10 million",
           f"{readings['readings_per_second']:,.0f}/s over {readings['readings']:,}; the last tenth "
           f"at {readings['last_tenth_to_first']:.2f}× the first",
           readings["readings_per_second"] >= 200000 and readings["readings"] >= 10_000_000
           and readings["last_tenth_to_first"] >= 0.9)
    target("the yearly cycle of 10,000 agencies", "< 60 s", f"{cycle['cycle_seconds']:.1f} s",
           cycle["cycle_seconds"] < 60)
    for name, m in sorted(rss.items()):
        growth = (m["max_after"] - m["warm"]) / m["warm"]
        target(f"resident memory of {name} over the {args.soak} soak", "flat within 10 %",
               f"{m['warm'] / 1024:.1f} MiB once warm, at most "
               f"{m['max_after'] / 1024:.1f} MiB after ({growth * 100:+.1f} %)", growth <= 0.10)
    for name, ms in startup.items():
        target(f"start-up of {name} on the 10,000-agency database", "< 1 s", f"{ms} ms", ms < 1000)

    watch = (f"{cycle['watchers']} ministry systems watched the whole tree's events during the "
             f"cycle and were told of {cycle['watch_delivered']:,} of "
             f"{cycle['watch_expected']:,} submissions; after the submitter's acknowledgement, "
             f"p50 {cycle['watch_lag_p50_ms']:.2f} ms, p99 {cycle['watch_lag_p99_ms']:.2f} ms, max "
             f"{cycle['watch_lag_max_ms']:.2f} ms (0 when the event came first).")
    rss_rows = "\n".join(
        f"| {name} | {m['start'] / 1024:.1f} | {m['warm'] / 1024:.1f} | "
        f"{m['max_after'] / 1024:.1f} | {m['end'] / 1024:.1f} |" for name, m in sorted(rss.items()))

    text = f"""# Benchmarks

Written by `scripts/bench` from one run; rerun it to reproduce (figures vary with the machine,
the ratios much less). Benchmarks are not tests: no test asserts a time.

## The run

- command: `{args.command}`
- date: {datetime.date.today().isoformat()}
- machine: {cores} cores ({cpu}), Linux {platform.release()}, loopback; gRPC {grpc} (Debian 12)
- load: {floor['connections']} connections, {floor['in_flight']} calls in flight,
  {floor['duration_s']:.0f} s per scenario, callback client API (`bench/floor_bench.cc`,
  `bench/cycle_bench.cc`); the echo server, the services and the load generator share the machine
- storage: SQLite (synchronous=FULL): every acknowledged write is on disk before its answer

## Targets of issue 16

| scenario | target | measured | |
|---|---|---|---|
{chr(10).join(targets)}

## 1. The shipped hierarchy (84 agencies), as ratios to the echo server of the same run

The floor is `bench/echo_server.cc`: the same gRPC build, thread, memory and stream settings as
the services, no interceptors and no work, answering a payload as large as a GetReport answer.
GetCompleteness is the High Prosecutors Office's (20 agencies), in pages of 100 lines.

{rate_table(floor['scenarios'], echo)}

## 2. The yearly cycle of {cycle['agencies']:,} generated agencies under {cycle['supervisors']} offices

`svcup-admin generate-hierarchy --agencies=10000 --supervisors=100`, then `bench/cycle_bench`:
each step a phase over every agency (or office), {cycle['in_flight']} calls in flight, plans,
reports and reviews on SQLite. The whole cycle took **{cycle['cycle_seconds']:.1f} s**.

{rate_table(cycle['phases'])}

{watch}

Completeness once every report of the cycle is in (pages of 100 lines; the totals cover every
agency), at 64 calls in flight and at 4; and of an office of 1,000 agencies (10,000 under 10):

{rate_table(generated['scenarios'], generated['scenarios'][0]['calls_per_second'])}

{rate_table(generated4['scenarios'], generated4['scenarios'][0]['calls_per_second'])}

{rate_table(generated10['scenarios'], generated10['scenarios'][0]['calls_per_second'])}

Start-up on the databases the cycle left (from exec until the service listens):
{", ".join(f"{name} {ms} ms" for name, ms in startup.items())}.

## 3. Readings from one agency system

One connection, `RecordReadings` calls of {readings['readings_per_call']:,} readings in messages
of 1,000, one after another: {readings['readings']:,} readings in {readings['seconds']:.1f} s,
**{readings['readings_per_second']:,.0f} readings/s** acknowledged and durable. Per tenth of
the run, as the table grew: {", ".join(f"{int(r):,}" for r in tenths)} readings/s.

## 4. Memory over a {args.soak} soak

The floor bench's load (reads, completeness, updates; 64 calls in flight) again and again for
{args.soak}, in rounds of every scenario for 20 s; each service's resident memory (VmRSS)
sampled every 5 s, in MiB. "Warm" is after the first round ({WARM_SECONDS} s), when every
code path has run: growth after it would be a leak or an unbounded queue.

| service | at start | warm | most after that | at the end |
|---|---|---|---|---|
{rss_rows}

## Where the time goes

{profile}"""
    with open(args.out, "w") as out:
        out.write(text)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
