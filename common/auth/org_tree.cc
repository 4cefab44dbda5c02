#include "common/auth/org_tree.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace svcup {

absl::StatusOr<OrgTree> OrgTree::Build(absl::flat_hash_map<std::string, std::string> parent_of) {
  OrgTree tree;
  for (const auto& [code, parent] : parent_of) {
    if (parent.empty()) continue;
    if (!parent_of.contains(parent)) {
      return absl::FailedPreconditionError(
          absl::StrCat("organisation ", code, " reports to unknown organisation ", parent));
    }
    tree.children_of_[parent].push_back(code);
  }
  for (auto& [code, children] : tree.children_of_) std::sort(children.begin(), children.end());
  // Every walk up must reach a root within size() steps, or the edges form a cycle. Codes are
  // walked in order so the error names the same organisation every time.
  std::vector<std::string> codes;
  for (const auto& [code, parent] : parent_of) codes.push_back(code);
  std::sort(codes.begin(), codes.end());
  for (const std::string& code : codes) {
    std::string at = code;
    size_t steps = 0;
    while (!parent_of.at(at).empty()) {
      at = parent_of.at(at);
      if (++steps > parent_of.size()) {
        return absl::FailedPreconditionError(
            absl::StrCat("the reports_to edges from ", code, " form a cycle"));
      }
    }
  }
  tree.parent_of_ = std::move(parent_of);
  return tree;
}

const std::string& OrgTree::Parent(absl::string_view code) const {
  static const std::string kNone;
  auto it = parent_of_.find(code);
  return it == parent_of_.end() ? kNone : it->second;
}

std::string OrgTree::Root(absl::string_view code) const {
  if (!Contains(code)) return "";
  std::string at(code);
  while (!Parent(at).empty()) at = Parent(at);
  return at;
}

std::vector<std::string> OrgTree::PathToRoot(absl::string_view code) const {
  std::vector<std::string> path;
  for (std::string at = Parent(code); !at.empty(); at = Parent(at)) path.push_back(at);
  return path;
}

std::vector<std::string> OrgTree::Children(absl::string_view code) const {
  auto it = children_of_.find(code);
  return it == children_of_.end() ? std::vector<std::string>() : it->second;
}

std::vector<std::string> OrgTree::Descendants(absl::string_view code) const {
  std::vector<std::string> result;
  std::vector<std::string> pending = Children(code);
  while (!pending.empty()) {
    std::string next = std::move(pending.back());
    pending.pop_back();
    for (const std::string& child : Children(next)) pending.push_back(child);
    result.push_back(std::move(next));
  }
  std::sort(result.begin(), result.end());
  return result;
}

}  // namespace svcup
