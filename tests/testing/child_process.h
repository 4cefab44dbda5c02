// Real binaries under test: start one with arguments, wait for the ports it writes to its
// --port_file, signal it, and reap it, all within bounded time.
#ifndef SVCUP_TESTS_TESTING_CHILD_PROCESS_H_
#define SVCUP_TESTS_TESTING_CHILD_PROCESS_H_

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/testing/test_database.h"

namespace svcup::testing {

// A child process. Killed (SIGKILL) on destruction if still running.
class ChildProcess {
 public:
  // Starts `path` with `args`; stdout and stderr go to `log_file`.
  ChildProcess(const std::string& path, const std::vector<std::string>& args,
               const std::string& log_file) {
    pid_ = fork();
    if (pid_ == 0) {
      FILE* log = fopen(log_file.c_str(), "a");
      if (log != nullptr) {
        dup2(fileno(log), STDOUT_FILENO);
        dup2(fileno(log), STDERR_FILENO);
      }
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(path.c_str()));
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(path.c_str(), argv.data());
      _exit(127);
    }
  }
  ~ChildProcess() {
    if (running()) {
      kill(pid_, SIGKILL);
      Wait(absl::Seconds(10));
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Sends `signal`.
  void Signal(int signal) { kill(pid_, signal); }

  // Waits up to `timeout` for the process to end; its exit code, 128+signal if killed, or
  // nullopt if it is still running.
  std::optional<int> Wait(absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    while (running()) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      if (absl::Now() > deadline) return std::nullopt;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return exit_code_;
  }

  bool running() const { return pid_ > 0 && !exited_; }

  // The process id.
  pid_t pid() const { return pid_; }

  // The process's threads now (from /proc), or -1.
  int Threads() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  int exit_code_ = -1;
};

// The ports a service wrote to its --port_file.
struct Ports {
  int grpc = 0;
  int metrics = 0;
  int health = 0;  // the plaintext health-only port (--health_listen), 0 when none
};

// Waits up to `timeout` for `port_file` to appear and returns its ports (nullopt on timeout).
inline std::optional<Ports> WaitForPorts(const std::string& port_file, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    std::ifstream in(port_file);
    if (in) {
      Ports ports;
      std::string line;
      while (std::getline(in, line)) {
        std::pair<std::string, std::string> kv = absl::StrSplit(line, '=');
        if (kv.first == "grpc") (void)absl::SimpleAtoi(kv.second, &ports.grpc);
        if (kv.first == "metrics") (void)absl::SimpleAtoi(kv.second, &ports.metrics);
        if (kv.first == "health") (void)absl::SimpleAtoi(kv.second, &ports.health);
      }
      if (ports.grpc != 0) return ports;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return std::nullopt;
}

// A service binary started on free ports with its data in `data_dir`.
struct RunningService {
  std::unique_ptr<ChildProcess> process;
  Ports ports;  // grpc == 0 when it did not start within the timeout
};

// Starts `binary` --data_dir=`data_dir` on 127.0.0.1 port 0 (metrics too) with `extra_args`,
// logging to <data_dir>/<name>.log, and waits up to 20 s for its ports. Under
// SVCUP_TEST_BACKEND=postgres the services of one data folder share a PostgreSQL database (each
// in its own schema), the same one after a restart; an explicit --database_url in `extra_args`
// wins.
inline RunningService StartService(const std::string& binary, const std::string& name,
                                   const std::string& data_dir,
                                   std::vector<std::string> extra_args = {}) {
  const std::string port_file = data_dir + "/" + name + ".ports";
  std::remove(port_file.c_str());
  std::vector<std::string> args = {"--data_dir=" + data_dir, "--listen=127.0.0.1:0",
                                   "--metrics_listen=127.0.0.1:0", "--port_file=" + port_file,
                                   "--drain_timeout=2s"};
  if (TestOnPostgres()) args.push_back("--database_url=" + TestDatabaseUrl(data_dir));
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  RunningService service;
  service.process = std::make_unique<ChildProcess>(binary, args, data_dir + "/" + name + ".log");
  if (auto ports = WaitForPorts(port_file, absl::Seconds(20))) service.ports = *ports;
  return service;
}

// The body of GET http://127.0.0.1:<port><path> (HTTP/1.0), or "" on failure.
std::string HttpGet(int port, const std::string& path);

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_CHILD_PROCESS_H_
