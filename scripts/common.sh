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
  libcurl4-openssl-dev libgoogle-perftools-dev
  libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-grpcio python3-grpc-tools grpc-proto python3-yaml python3-cryptography
  prometheus
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

# svcup_start_service NAME BINARY DATA_DIR [flags...]: starts a service binary in the background
# with its data, port file and log (appended) in DATA_DIR, and waits up to 10 s until it
# listens. Sets svcup_pid, svcup_addr (127.0.0.1:<grpc port>) and svcup_metrics
# (127.0.0.1:<metrics port>). Returns 1, printing the service's log, if it exits or does not
# listen in time. Call it directly, not in $(...), so the variables reach the caller.
svcup_start_service() {
  local name=$1 binary=$2 data=$3
  shift 3
  rm -f "$data/$name.ports"
  "$binary" --data_dir="$data" --port_file="$data/$name.ports" "$@" >>"$data/$name.log" 2>&1 &
  svcup_pid=$!
  local _
  for _ in $(seq 1 200); do
    [[ -f "$data/$name.ports" ]] && break
    kill -0 "$svcup_pid" 2>/dev/null || break
    sleep 0.05
  done
  if [[ ! -f "$data/$name.ports" ]]; then
    echo "$name failed to start:" >&2
    cat "$data/$name.log" >&2
    return 1
  fi
  svcup_addr="127.0.0.1:$(sed -n 's/^grpc=//p' "$data/$name.ports")"
  svcup_metrics="127.0.0.1:$(sed -n 's/^metrics=//p' "$data/$name.ports")"
}
