# Shared by scripts/run and scripts/test: installs the Debian 12 packages the suite needs (as
# root, only what is missing) and configures and builds the project.
# Sourced, not run. Honours SVCUP_BUILD_DIR (default: build/ in the checkout).

SVCUP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVCUP_BUILD_DIR="${SVCUP_BUILD_DIR:-$SVCUP_ROOT/build}"

# Packages needed to build, test and demo the suite.
SVCUP_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev prometheus-cpp-dev libsqlite3-dev libssl-dev openssl libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-grpcio python3-grpc-tools grpc-proto python3-yaml
  prometheus
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
