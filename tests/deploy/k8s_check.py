#!/usr/bin/python3
"""Offline checks of the Kubernetes manifests (ctest: kubernetes_manifests).

Renders each overlay of deploy/k8s with `kubectl kustomize` (no API server needed) and checks
what matters, object by object:
  - every container: native gRPC liveness, readiness and startup probes on a declared port that
    the binary serves health on (--health_listen), or for the HTTP gateway, HTTP probes of
    /healthz on its listening port; requests and limits for CPU and memory; a
    restricted security context (non-root, no privilege escalation, read-only root filesystem,
    all capabilities dropped, RuntimeDefault seccomp); every mount backed by a volume; the image
    and binaries the Dockerfile builds;
  - every Service, PodDisruptionBudget and NetworkPolicy selects the pods it means, and Service
    target ports are declared container ports;
  - the NetworkPolicies allow exactly the call graph between the services, both ways;
  - Prometheus scrape annotations name the metrics port, and only the monitoring namespace may
    reach it (it serves plaintext business figures);
  - per overlay: single-node keeps one replica of each service on a PersistentVolumeClaim with
    Recreate; production runs several replicas of each, the services with the PostgreSQL URL from
    a Secret.
Usage: k8s_check.py ROOT
"""
import re
import subprocess
import sys

import yaml

ROOT = sys.argv[1]
CALL_GRAPH = {("reports", "plans", 50051), ("reviews", "plans", 50051),
              ("reviews", "reports", 50052), ("gateway", "plans", 50051),
              ("gateway", "reports", 50052), ("gateway", "reviews", 50053)}
# The services, which keep data; the gateway is stateless.
SERVICES = {"plans", "reports", "reviews"}
SECRETS = {"svcup-service-key-reports", "svcup-service-key-reviews", "svcup-tls-plans",
           "svcup-tls-reports", "svcup-tls-reviews", "svcup-tls-gateway", "svcup-postgres"}
# Created by the operator beside the Secrets (public data: the token key set).
OPERATOR_CONFIG_MAPS = {"svcup-jwks"}
errors = []


def check(condition, message):
    if not condition:
        errors.append(message)
    return condition


def render(overlay):
    out = subprocess.run(["kubectl", "kustomize", f"{ROOT}/deploy/k8s/overlays/{overlay}"],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        sys.exit(f"kubectl kustomize {overlay} failed: {out.stderr}")
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def matches(selector, labels):
    """Whether a label selector (matchLabels / matchExpressions) selects `labels`."""
    if not selector:
        return True
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and labels.get(key) in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


def dockerfile():
    text = open(f"{ROOT}/deploy/Dockerfile").read()
    binaries = set(re.findall(r"/build/\S+/(svcup[\w-]*)", text))
    user = re.search(r"^USER (\d+)", text, re.M).group(1)
    data = re.findall(r"COPY --from=build /src/services/plans/data/ (\S+)", text)
    return binaries, int(user), data[0].rstrip("/") if data else None


def check_container(where, pod, container, user):
    binaries, image_user, seed_dir = dockerfile()
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    args = container.get("args", [])
    health = [int(a.split(":")[-1]) for a in args if a.startswith("--health_listen=")]
    check(container.get("image", "").startswith("registry.example.gov.tw/svcup/svcup:"),
          f"{where}: image {container.get('image')} is not the one deploy/Dockerfile builds")
    command = container.get("command", [""])[0]
    check(command.startswith("/usr/local/bin/") and command.rsplit("/", 1)[-1] in binaries,
          f"{where}: command {command} is not a binary the Dockerfile installs")
    for seed in (a.split("=", 1)[1] for a in args if a.startswith("--seed_dir=")):
        check(seed == seed_dir, f"{where}: --seed_dir={seed} but the Dockerfile copies the data to {seed_dir}")
    if command.endswith("/svcup-gateway"):
        # The HTTP gateway: HTTP probes of /healthz on the port it listens on.
        listen = [int(a.split(":")[-1]) for a in args if a.startswith("--listen=")]
        for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
            probe = (container.get(kind) or {}).get("httpGet")
            if check(probe, f"{where}: no HTTP {kind}"):
                check(probe.get("path") == "/healthz" and [probe.get("port")] == listen
                      and probe.get("port") in ports.values(),
                      f"{where}: {kind} does not ask /healthz on the listening port {listen}")
    else:
        for kind in ("livenessProbe", "readinessProbe", "startupProbe"):
            probe = container.get(kind)
            if not check(probe and "grpc" in probe, f"{where}: no native gRPC {kind}"):
                continue
            port = probe["grpc"]["port"]
            check(port in ports.values(), f"{where}: {kind} port {port} is not a container port")
            check(health == [port], f"{where}: {kind} probes port {port} but health is served on {health}")
        readiness = (container.get("readinessProbe") or {}).get("grpc", {})
        check(readiness.get("service", "").startswith("svcup.v1."),
              f"{where}: readiness does not ask for the service's own health")
    resources = container.get("resources", {})
    for section in ("requests", "limits"):
        for resource in ("cpu", "memory"):
            check(resource in resources.get(section, {}), f"{where}: no {section}.{resource}")
    context = container.get("securityContext", {})
    pod_context = pod.get("securityContext", {})
    check(context.get("runAsNonRoot") or pod_context.get("runAsNonRoot"), f"{where}: may run as root")
    check(context.get("allowPrivilegeEscalation") is False, f"{where}: privilege escalation allowed")
    check(context.get("readOnlyRootFilesystem") is True, f"{where}: root filesystem writable")
    check("ALL" in context.get("capabilities", {}).get("drop", []), f"{where}: capabilities not dropped")
    seccomp = (context.get("seccompProfile") or pod_context.get("seccompProfile") or {}).get("type")
    check(seccomp == "RuntimeDefault", f"{where}: seccomp profile {seccomp}")
    check(pod_context.get("runAsUser") == image_user,
          f"{where}: runs as {pod_context.get('runAsUser')}, the image's user is {image_user}")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for mount in container.get("volumeMounts", []):
        check(mount["name"] in volumes, f"{where}: mount {mount['name']} has no volume")
    for volume in volumes.values():
        if "secret" in volume:
            check(volume["secret"]["secretName"] in SECRETS,
                  f"{where}: secret {volume['secret']['secretName']} is not documented")
            if volume["name"] == "tls":
                check(volume["secret"]["secretName"] == f"svcup-tls-{where.split('/')[-1]}",
                      f"{where}: serves with another service's certificate")
            if volume["secret"]["secretName"].startswith("svcup-service-key-"):
                # A service's signing key is its identity: no other pod may hold it.
                check(volume["secret"]["secretName"] == f"svcup-service-key-{where.split('/')[-1]}",
                      f"{where}: holds another service's signing key")
        if "configMap" in volume:
            check(volume["configMap"]["name"] in OPERATOR_CONFIG_MAPS,
                  f"{where}: ConfigMap volume {volume['configMap']['name']} is not documented")
    return ports


def check_overlay(overlay, objects):
    by_kind = {}
    for o in objects:
        by_kind.setdefault(o["kind"], []).append(o)
        check(o["metadata"].get("namespace", "svcup") == "svcup" or o["kind"] == "Namespace",
              f"{overlay}: {o['kind']} {o['metadata']['name']} outside the svcup namespace")
    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    check(set(deployments) == SERVICES | {"gateway"}, f"{overlay}: deployments {sorted(deployments)}")
    pods, ports = {}, {}
    for name, d in deployments.items():
        where = f"{overlay}/{name}"
        template = d["spec"]["template"]
        labels = template["metadata"].get("labels", {})
        pods[name] = labels
        check(matches(d["spec"]["selector"], labels), f"{where}: selector does not match its pods")
        container_ports = {}
        for container in template["spec"]["containers"]:
            container_ports.update(check_container(where, template["spec"], container, None))
        ports[name] = container_ports
        annotations = template["metadata"].get("annotations", {})
        check(annotations.get("prometheus.io/scrape") == "true", f"{where}: not scraped")
        check(int(annotations.get("prometheus.io/port", 0)) == container_ports.get("metrics"),
              f"{where}: scrape port {annotations.get('prometheus.io/port')} is not the metrics port")
        env_from = [e["configMapRef"]["name"] for c in template["spec"]["containers"]
                    for e in c.get("envFrom", []) if "configMapRef" in e]
        config_maps = {c["metadata"]["name"] for c in by_kind.get("ConfigMap", [])}
        for name_ref in env_from:
            check(name_ref in config_maps, f"{where}: ConfigMap {name_ref} is not rendered")
        variables = set()
        for cm in by_kind.get("ConfigMap", []):
            if cm["metadata"]["name"] in env_from:
                variables |= set(cm.get("data", {}))
        for c in template["spec"]["containers"]:
            variables |= {e["name"] for e in c.get("env", [])}
            for arg in c.get("args", []):
                for var in re.findall(r"\$\((\w+)\)", arg):
                    check(var in variables, f"{where}: {arg} uses $({var}), which nothing defines")

    def selected(selector):
        return {n for n, labels in pods.items() if matches(selector, labels)}

    for s in by_kind.get("Service", []):
        name = s["metadata"]["name"]
        targets = selected({"matchLabels": s["spec"]["selector"]})
        if check(targets == {name}, f"{overlay}: Service {name} selects {sorted(targets)}"):
            for p in s["spec"]["ports"]:
                check(p["targetPort"] in ports[name], f"{overlay}: Service {name} targets undeclared port {p['targetPort']}")
    for pdb in by_kind.get("PodDisruptionBudget", []):
        targets = selected(pdb["spec"]["selector"])
        check(len(targets) == 1, f"{overlay}: PDB {pdb['metadata']['name']} selects {sorted(targets)}")

    # NetworkPolicies: pod-to-pod edges allowed on ingress and on egress must both be exactly the
    # call graph (with default deny both ways); every selector must select something.
    ingress_edges, egress_edges, deny = set(), set(), set()
    for policy in by_kind.get("NetworkPolicy", []):
        spec, name = policy["spec"], policy["metadata"]["name"]
        subjects = selected(spec["podSelector"])
        check(subjects, f"{overlay}: NetworkPolicy {name} selects no pods")
        if not spec.get("ingress") and not spec.get("egress"):
            deny |= {t for t in spec.get("policyTypes", [])} if subjects == set(pods) else set()
        for rule in spec.get("ingress", []):
            for peer in rule.get("from", []):
                if "podSelector" in peer and "namespaceSelector" not in peer:
                    sources = selected(peer["podSelector"])
                    check(sources, f"{overlay}: NetworkPolicy {name} allows from a selector matching no pods")
                    for port in rule.get("ports", []):
                        for source in sources:
                            for subject in subjects:
                                ingress_edges.add((source, subject, port["port"]))
            for port in rule.get("ports", []):
                for subject in subjects:
                    check(port["port"] in ports[subject].values(),
                          f"{overlay}: NetworkPolicy {name} opens {port['port']}, not a port of {subject}")
                    # /metrics (plaintext business figures) only to the monitoring namespace.
                    if port["port"] == ports[subject].get("metrics"):
                        check(all(peer.get("namespaceSelector", {}).get("matchLabels")
                                  == {"svcup.moj.gov.tw/monitoring": "true"}
                                  and "podSelector" not in peer
                                  for peer in rule.get("from", [None]) if peer is not None)
                              and rule.get("from"),
                              f"{overlay}: NetworkPolicy {name} opens /metrics beyond the "
                              f"monitoring namespace")
        for rule in spec.get("egress", []):
            for peer in rule.get("to", []):
                if "podSelector" in peer and "namespaceSelector" not in peer:
                    targets = selected(peer["podSelector"])
                    check(targets, f"{overlay}: NetworkPolicy {name} allows to a selector matching no pods")
                    for port in rule.get("ports", []):
                        for subject in subjects:
                            for target in targets:
                                egress_edges.add((subject, target, port["port"]))
    check(deny == {"Ingress", "Egress"}, f"{overlay}: no default deny for both directions ({deny})")
    check(ingress_edges == CALL_GRAPH, f"{overlay}: ingress allows {sorted(ingress_edges)}, the call graph is {sorted(CALL_GRAPH)}")
    check(egress_edges == CALL_GRAPH, f"{overlay}: egress allows {sorted(egress_edges)}, the call graph is {sorted(CALL_GRAPH)}")
    return deployments, by_kind


def main():
    single, kinds = check_overlay("single-node", render("single-node"))
    claims = {c["metadata"]["name"] for c in kinds.get("PersistentVolumeClaim", [])}
    for name, d in single.items():
        if name not in SERVICES:
            continue
        check(d["spec"].get("replicas") == 1, f"single-node/{name}: replicas {d['spec'].get('replicas')}")
        check(d["spec"].get("strategy", {}).get("type") == "Recreate", f"single-node/{name}: not Recreate")
        data = [v for v in d["spec"]["template"]["spec"]["volumes"] if v["name"] == "data"]
        check(data and data[0].get("persistentVolumeClaim", {}).get("claimName") in claims
              and "emptyDir" not in data[0], f"single-node/{name}: data is not on a rendered claim")

    # The nightly SQLite backups: every service's data claim, to a claim of its own, with the
    # same hardening as the services and a binary the image installs.
    binaries, image_user, _ = dockerfile()
    jobs = {j["metadata"]["name"]: j for j in kinds.get("CronJob", [])}
    if check("sqlite-backup" in jobs, "single-node: no sqlite-backup CronJob"):
        pod = jobs["sqlite-backup"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        container = pod["containers"][0]
        volumes = {v["name"]: v.get("persistentVolumeClaim", {}).get("claimName") for v in pod["volumes"]}
        for name in ("plans", "reports", "reviews"):
            service_claims = [v.get("persistentVolumeClaim", {}).get("claimName")
                              for v in single[name]["spec"]["template"]["spec"]["volumes"]
                              if v["name"] == "data"]
            check(volumes.get(f"{name}-data") in service_claims,
                  f"single-node/sqlite-backup: does not back up the claim {name} serves from")
            check(f"{name}-data" in {m["name"] for m in container.get("volumeMounts", [])},
                  f"single-node/sqlite-backup: {name} data not mounted")
        check(volumes.get("backups") in claims and volumes.get("backups") not in
              {f"{n}-data" for n in ("plans", "reports", "reviews")},
              "single-node/sqlite-backup: backups not on a claim of their own")
        script = " ".join(container.get("command", []))
        check("svcup-admin" in binaries and "/usr/local/bin/svcup-admin backup" in script,
              "single-node/sqlite-backup: does not run svcup-admin backup from the image")
        context = container.get("securityContext", {})
        check(context.get("readOnlyRootFilesystem") is True and context.get("allowPrivilegeEscalation") is False
              and "ALL" in context.get("capabilities", {}).get("drop", []),
              "single-node/sqlite-backup: not hardened like the services")
        check(pod.get("securityContext", {}).get("runAsUser") == image_user,
              "single-node/sqlite-backup: not the image's user")

    production, _ = check_overlay("production", render("production"))
    for name, d in production.items():
        check(d["spec"].get("replicas", 1) >= 2, f"production/{name}: replicas {d['spec'].get('replicas')}")
        if name not in SERVICES:
            continue
        container = d["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e for e in container.get("env", [])}
        url = env.get("SVCUP_DATABASE_URL", {}).get("valueFrom", {}).get("secretKeyRef", {})
        check(url.get("name") == "svcup-postgres", f"production/{name}: database URL not from the Secret")
        check("--database_url=$(SVCUP_DATABASE_URL)" in container.get("args", []),
              f"production/{name}: --database_url not passed")
        # sslmode=verify-full needs the database CA in the pod, where the URL's sslrootcert points.
        volumes = {v["name"]: v for v in d["spec"]["template"]["spec"].get("volumes", [])}
        mounts = {m["name"]: m for m in container.get("volumeMounts", [])}
        ca = volumes.get("postgres-ca", {}).get("secret", {})
        check(ca.get("secretName") == "svcup-postgres"
              and any(i.get("key") == "ca.crt" for i in ca.get("items", [])),
              f"production/{name}: no database CA from svcup-postgres")
        check(mounts.get("postgres-ca", {}).get("mountPath") == "/etc/svcup/postgres",
              f"production/{name}: database CA not mounted at /etc/svcup/postgres")

    if errors:
        print("\n".join(f"FAIL: {e}" for e in errors))
        sys.exit(1)
    print("kubernetes manifests: both overlays render and pass every check")


if __name__ == "__main__":
    main()
