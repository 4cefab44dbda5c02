# Shared by scripts/run and scripts/test: installs the Debian 12 packages the suite needs (as
# root, only what is missing) and configures and builds the project.
# Sourced, not run. Honours SVCUP_BUILD_DIR (default: build/ in the checkout).

SVCUP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVCUP_BUILD_DIR="${SVCUP_BUILD_DIR:-$SVCUP_ROOT/build}"

# Packages needed to build, test and demo the suite.
SVCUP_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev prometheus-cpp-dev libsqlite3-dev libpq-dev postgresql-15 libssl-dev openssl
  libcurl4-openssl-dev libgoogle-perftools-dev libmicrohttpd-dev libgnutls28-dev curl jq
  libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-grpcio python3-grpc-tools grpc-proto python3-yaml python3-cryptography
  prometheus
  chromium chromium-driver python3-selenium fonts-noto-cjk
  clang-14 libclang-rt-14-dev
)

svcup_install_packages() {
  local missing=()
  for p in "${SVCUP_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  echo "== installing: ${missing[*]}"
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

svcup_build() {
  echo "== building in $SVCUP_BUILD_DIR"
  cmake -S "$SVCUP_ROOT" -B "$SVCUP_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  # Two compile jobs: the machines this runs on have two cores.
  cmake --build "$SVCUP_BUILD_DIR" -j 2
}

# svcup_write_keys SVCUP DIR: the token issuer's key (DIR/issuer.key), each calling service's own
# key (DIR/reports.key, DIR/reviews.key) and the key set of their public halves (DIR/jwks.json),
# made with the svcup tool at SVCUP.
svcup_write_keys() {
  local svcup=$1 dir=$2 caller
  "$svcup" token keygen --signing_key_file="$dir/issuer.key" --jwks_file="$dir/jwks.json" >/dev/null
  for caller in reports reviews; do
    "$svcup" token keygen --service="$caller" --signing_key_file="$dir/$caller.key" \
      --jwks_file="$dir/jwks.json" >/dev/null
  done
}

# svcup_await_ports NAME DATA_DIR PID: waits up to 10 s for DATA_DIR/NAME.ports, the port file of
# the process PID; returns 1, printing its log (DATA_DIR/NAME.log), if it exits or does not
# write it in time.
svcup_await_ports() {
  local name=$1 data=$2 pid=$3 _
  for _ in $(seq 1 200); do
    [[ -f "$data/$name.ports" ]] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  [[ -f "$data/$name.ports" ]] && return 0
  echo "$name failed to start:" >&2
  cat "$data/$name.log" >&2
  return 1
}

# svcup_start_service NAME BINARY DATA_DIR [flags...]: starts a service binary in the background
# with its data, port file and log (appended) in DATA_DIR, and waits until it listens. Sets
# svcup_pid, svcup_addr (127.0.0.1:<grpc port>) and svcup_metrics (127.0.0.1:<metrics port>).
# Returns 1 if it does not start. Call it directly, not in $(...), so the variables reach the
# caller.
svcup_start_service() {
  local name=$1 binary=$2 data=$3
  shift 3
  rm -f "$data/$name.ports"
  "$binary" --data_dir="$data" --port_file="$data/$name.ports" "$@" >>"$data/$name.log" 2>&1 &
  svcup_pid=$!
  svcup_await_ports "$name" "$data" "$svcup_pid" || return 1
  svcup_addr="127.0.0.1:$(sed -n 's/^grpc=//p' "$data/$name.ports")"
  svcup_metrics="127.0.0.1:$(sed -n 's/^metrics=//p' "$data/$name.ports")"
}

# svcup_start_gateway BINARY DATA_DIR [flags...]: starts the HTTP gateway in the background with
# its port file and log (appended) in DATA_DIR, and waits until it listens. Sets svcup_pid and
# svcup_url (http://127.0.0.1:<port>). Returns 1 if it does not start.
svcup_start_gateway() {
  local binary=$1 data=$2
  shift 2
  rm -f "$data/gateway.ports"
  "$binary" --port_file="$data/gateway.ports" "$@" >>"$data/gateway.log" 2>&1 &
  svcup_pid=$!
  svcup_await_ports gateway "$data" "$svcup_pid" || return 1
  svcup_url="http://127.0.0.1:$(sed -n 's/^http=//p' "$data/gateway.ports")"
}
