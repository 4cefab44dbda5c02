// svcup completion bash: a bash completion script generated from the command list, so it never
// falls behind the tool. Install with `source <(svcup completion bash)` in ~/.bashrc.
#include <iostream>
#include <map>
#include <regex>
#include <set>

#include "absl/strings/str_join.h"
#include "tools/svcup/commands.h"

namespace svcup::cli {
namespace {

// Flags every command takes (connection, credentials, output).
constexpr const char* kCommonFlags[] = {
    "--json",          "--token=",       "--token_file=",   "--tls_ca_file=",
    "--tls_cert_file=", "--tls_key_file=", "--timeout=",     "--retries=",
    "--request_id=",   "--plans_addr=",  "--reports_addr=", "--reviews_addr=",
    "--help"};

// The flags named in a usage line ("--period=1" -> "--period=", "--whole_tree" -> itself).
std::set<std::string> FlagsOf(const std::string& usage) {
  static const std::regex flag(R"(--[a-z_]+=?)");
  std::set<std::string> flags(std::begin(kCommonFlags), std::end(kCommonFlags));
  for (auto it = std::sregex_iterator(usage.begin(), usage.end(), flag);
       it != std::sregex_iterator(); ++it) {
    flags.insert(it->str());
  }
  return flags;
}

}  // namespace

int PrintBashCompletion(const std::vector<Command>& commands) {
  std::map<std::string, std::vector<std::string>> verbs;
  for (const auto& c : commands) verbs[c.group].push_back(c.verb);
  std::vector<std::string> groups = {"help"};
  for (const auto& [group, unused] : verbs) groups.push_back(group);

  std::cout << "# bash completion for svcup; load with: source <(svcup completion bash)\n"
               "_svcup() {\n"
               "  local cur=${COMP_WORDS[COMP_CWORD]} words\n"
               "  if ((COMP_CWORD == 1)); then\n"
               "    words=\""
            << absl::StrJoin(groups, " ")
            << "\"\n"
               "  elif ((COMP_CWORD == 2)); then\n"
               "    case ${COMP_WORDS[1]} in\n";
  for (const auto& [group, group_verbs] : verbs) {
    std::cout << "      " << group << ") words=\"" << absl::StrJoin(group_verbs, " ") << "\" ;;\n";
  }
  std::cout << "    esac\n"
               "  elif [[ $cur == -* ]]; then\n"
               "    case \"${COMP_WORDS[1]} ${COMP_WORDS[2]}\" in\n";
  for (const auto& c : commands) {
    std::cout << "      \"" << c.group << " " << c.verb << "\") words=\""
              << absl::StrJoin(FlagsOf(c.usage), " ") << "\" ;;\n";
  }
  std::cout << "    esac\n"
               "  else\n"
               "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
               "    return\n"
               "  fi\n"
               "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
               "  [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null\n"
               "}\n"
               "complete -F _svcup svcup\n";
  return kOk;
}

}  // namespace svcup::cli
