// svcup: the command-line client of the service-upgrade reporting suite.
//   svcup <group> <verb> [arguments] [--flags]      svcup help      svcup <group> <verb> --help
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "tools/svcup/commands.h"

namespace {

std::vector<svcup::cli::Command> AllCommands() {
  std::vector<svcup::cli::Command> all = svcup::cli::TokenCommands();
  for (auto& c : svcup::cli::PlansCommands()) all.push_back(std::move(c));
  for (auto& c : svcup::cli::ReportsCommands()) all.push_back(std::move(c));
  for (auto& c : svcup::cli::ReviewsCommands()) all.push_back(std::move(c));
  for (auto& c : svcup::cli::AuditCommands()) all.push_back(std::move(c));
  return all;
}

void PrintOverview(const std::vector<svcup::cli::Command>& commands) {
  std::cout << "usage: svcup <group> <verb> [arguments] [--flags]\n\n";
  for (const auto& c : commands) {
    std::string left = absl::StrCat("  ", c.group, " ", c.verb);
    left.resize(std::max<size_t>(left.size() + 2, 28), ' ');
    std::cout << left << c.summary << "\n";
  }
  std::cout << "  completion bash           Print a bash completion script "
               "(source <(svcup completion bash))\n";
  std::cout << "\nsvcup <group> <verb> --help shows a command's arguments and an example;\n"
               "svcup --helpfull lists every flag. Exit codes: 0 ok, 2 usage, 3 not found,\n"
               "4 denied, 5 unavailable, 6 refused by the service, 1 other.\n";
}

void PrintCommandHelp(const svcup::cli::Command& c) {
  std::cout << c.summary << "\n\nusage: svcup " << c.group << " " << c.verb << " " << c.usage
            << "\nexample: " << c.example << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<svcup::cli::Command> commands = AllCommands();
  // Per-command help before absl sees --help (which would list every flag of the binary).
  std::vector<std::string> raw(argv + 1, argv + argc);
  const bool wants_help =
      std::find_if(raw.begin(), raw.end(), [](const std::string& a) {
        return a == "--help" || a == "-h";
      }) != raw.end();
  if (raw.empty() || raw[0] == "help" || (wants_help && raw.size() < 3)) {
    PrintOverview(commands);
    return raw.empty() ? svcup::cli::kUsage : svcup::cli::kOk;
  }
  if (wants_help) {
    for (const auto& c : commands) {
      if (c.group == raw[0] && c.verb == raw[1]) {
        PrintCommandHelp(c);
        return svcup::cli::kOk;
      }
    }
  }
  absl::SetProgramUsageMessage("svcup <group> <verb> [arguments] [--flags]; see svcup help");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() < 3) {
    PrintOverview(commands);
    return svcup::cli::kUsage;
  }
  const std::string group = positional[1], verb = positional[2];
  if (group == "completion" && verb == "bash") return svcup::cli::PrintBashCompletion(commands);
  for (const auto& c : commands) {
    if (c.group == group && c.verb == verb) {
      // A mistyped credential path is a usage error, not an anonymous call.
      if (auto s = svcup::cli::CheckCredentialFiles(); !s.ok()) {
        return svcup::cli::UsageError(s.message());
      }
      return c.run(std::vector<std::string>(positional.begin() + 3, positional.end()));
    }
  }
  std::cerr << "error: unknown command \"" << group << " " << verb << "\"; see svcup help\n";
  return svcup::cli::kUsage;
}
