#!/usr/bin/python3
"""Hostile HTTP/2 clients against the real plans binary (loopback, bounded in time).

Replays two attacks while a bystander (an authenticated ministry client) keeps calling:
  1. rapid reset (CVE-2023-44487): one unauthenticated connection opens and at once resets
     100,000 streams;
  2. silent streams: 30 connections open 100 streams each (3,000) that send headers and never a
     message, and hold them.
Checks: the server's threads never exceed the thread quota (plus its fixed threads); every
bystander call succeeds, during the attacks too (retrying, as the suite's clients do, what gRPC
sheds under memory pressure: GOAWAY and ENHANCE_YOUR_CALM, and, up to 4 tries of 3 s, a call
stalled on a connection the flood has overwhelmed); once the attack is over the
process returns under 300 MB. Prints the peak memory (gRPC 1.51's transport, before the upstream
fix of the CVE in 1.57, allocates per reset stream; see the README).

Usage: rapid_reset_test.py PLANS_BINARY SVCUP_BINARY
"""
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

import grpc

PLANS, SVCUP = sys.argv[1:3]
DATA = tempfile.mkdtemp(prefix="svcup-rapid-reset-")
THREAD_CAP = 200 + 40  # the gRPC thread quota, plus the process's fixed threads
MEMORY_AFTER_CAP_KB = 300 * 1024
LIST = b"/svcup.v1.PlanRegistry/ListOrganisations"


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def literal(name, value):
    """An HPACK literal header field without indexing (RFC 7541 6.2.2), short strings only."""
    return bytes([0x00, len(name)]) + name + bytes([len(value)]) + value


HEADERS = (literal(b":method", b"POST") + literal(b":scheme", b"http") + literal(b":path", LIST)
           + literal(b":authority", b"127.0.0.1") + literal(b"content-type", b"application/grpc")
           + literal(b"te", b"trailers"))
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(4, 0, 0)  # and an empty SETTINGS


def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(PREFACE)
    stop = threading.Event()

    def drain():  # read what the server sends, so its writes never block on us
        s.settimeout(0.5)
        while not stop.is_set():
            try:
                if not s.recv(1 << 16):
                    return
            except socket.timeout:
                continue
            except OSError:
                return
    threading.Thread(target=drain, daemon=True).start()
    return s, stop


def rapid_reset(port, count):
    s, stop = connect(port)
    sent, batch = 0, []
    for i in range(count):
        stream = 1 + 2 * i
        batch += [frame(1, 0x4, stream, HEADERS), frame(3, 0, stream, struct.pack(">I", 8))]
        if len(batch) >= 400 or i == count - 1:
            try:
                s.sendall(b"".join(batch))
            except OSError:
                break  # the server may close the connection: a fine defence
            sent += len(batch) // 2
            batch = []
    stop.set()
    s.close()
    return sent


def silent_streams(port, connections, per_connection):
    held = []
    for _ in range(connections):
        s, stop = connect(port)
        s.sendall(b"".join(frame(1, 0x4, 1 + 2 * i, HEADERS) for i in range(per_connection)))
        held.append((s, stop))
    return held


def status_of(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            values[key] = value.split()[0] if value.split() else ""
    return int(values["VmRSS"]), int(values["Threads"])


def main():
    for args in (["--signing_key_file", f"{DATA}/issuer.key"],):
        subprocess.run([SVCUP, "token", "keygen", *args, f"--jwks_file={DATA}/jwks.json"],
                       check=True, capture_output=True, timeout=30)
    token = subprocess.run(
        [SVCUP, "token", "mint", f"--signing_key_file={DATA}/issuer.key", "--org=moj",
         "--role=ministry-officer", "--subject=bystander"],
        check=True, capture_output=True, text=True, timeout=30).stdout.strip()
    log = open(f"{DATA}/plans.log", "w")
    plans = subprocess.Popen([PLANS, f"--data_dir={DATA}", "--listen=127.0.0.1:0",
                              "--metrics_listen=off", f"--port_file={DATA}/ports"],
                             stdout=subprocess.DEVNULL, stderr=log)
    try:
        for _ in range(200):
            if os.path.exists(f"{DATA}/ports"):
                break
            if plans.poll() is not None:
                fail("plans exited: " + open(f"{DATA}/plans.log").read())
            time.sleep(0.05)
        port = int(dict(l.split("=") for l in open(f"{DATA}/ports").read().split())["grpc"])
        run(plans.pid, port, token)
    finally:
        plans.kill()
        plans.wait()
        shutil.rmtree(DATA, ignore_errors=True)


def run(pid, port, token):
    rss0, threads0 = status_of(pid)
    print(f"at rest: {rss0 // 1024} MB, {threads0} threads")
    samples, stop = [], threading.Event()

    def monitor():
        while not stop.is_set():
            samples.append(status_of(pid))
            time.sleep(0.05)

    outcomes = []

    def bystander():
        # As the suite's clients do (svcup --retries): retry what the server sheds under
        # overload (GOAWAY, ENHANCE_YOUR_CALM) with a backoff.
        config = json.dumps({"methodConfig": [{
            "name": [{"service": "svcup.v1.PlanRegistry"}],
            "retryPolicy": {"maxAttempts": 5, "initialBackoff": "0.1s", "maxBackoff": "1s",
                            "backoffMultiplier": 2,
                            "retryableStatusCodes": ["UNAVAILABLE", "RESOURCE_EXHAUSTED"]}}]})
        def connect():
            return grpc.insecure_channel(f"127.0.0.1:{port}",
                                         options=[("grpc.service_config", config)])
        channel = connect()
        while not stop.is_set():
            started = time.monotonic()
            # A call caught on a connection the overloaded transport stalls is abandoned after
            # 3 s and made again (6 tries), as svcup --retries does; after a stall the client
            # also drops that connection and opens a new one, as a load balancer would.
            for attempt in range(6):
                try:
                    channel.unary_unary(LIST.decode())(
                        b"", timeout=3, metadata=[("authorization", "Bearer " + token)])
                    outcomes.append(("OK", time.monotonic() - started))
                    break
                except grpc.RpcError as e:
                    if attempt == 5 or e.code() not in (grpc.StatusCode.DEADLINE_EXCEEDED,
                                                        grpc.StatusCode.UNAVAILABLE,
                                                        grpc.StatusCode.RESOURCE_EXHAUSTED):
                        outcomes.append((f"{e.code().name}: {e.details()}",
                                         time.monotonic() - started))
                        break
                    if e.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
                        channel.close()
                        channel = connect()
            time.sleep(0.02)
        channel.close()

    threads = [threading.Thread(target=monitor), threading.Thread(target=bystander)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    started = time.monotonic()
    sent = rapid_reset(port, 100_000)
    held = silent_streams(port, 30, 100)
    time.sleep(2)  # hold the silent streams while the bystander calls
    attack_seconds = time.monotonic() - started
    during = len(outcomes)
    for s, stopped in held:
        stopped.set()
        s.close()
    # Once the attack is over the memory goes back (the trimmer runs every 5 s).
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and status_of(pid)[0] > MEMORY_AFTER_CAP_KB:
        time.sleep(0.5)
    rss_after, threads_after = status_of(pid)
    stop.set()
    for t in threads:
        t.join()
    peak_rss = max(r for r, _ in samples)
    peak_threads = max(t for _, t in samples)
    latencies = sorted(d for code, d in outcomes if code == "OK")
    print(f"rapid reset: {sent} streams opened and reset; 3,000 silent streams held "
          f"({attack_seconds:.1f} s in all)")
    print(f"peak: {peak_rss // 1024} MB, {peak_threads} threads; after: {rss_after // 1024} MB, "
          f"{threads_after} threads")
    if latencies:
        print(f"bystander: {len(outcomes)} calls ({during} during the attacks), p50 "
              f"{latencies[len(latencies) // 2] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    failures = [code for code, _ in outcomes if code != "OK"]
    if failures:
        fail(f"bystander calls failed: {failures[:5]} ({len(failures)} of {len(outcomes)})")
    if during < 5:
        fail(f"the bystander made only {during} calls during the attacks")
    if peak_threads > THREAD_CAP:
        fail(f"{peak_threads} threads, more than the cap of {THREAD_CAP}")
    if rss_after > MEMORY_AFTER_CAP_KB:
        fail(f"{rss_after // 1024} MB 20 s after the attack, more than 300 MB")
    print("ok")


if __name__ == "__main__":
    main()
