// The shape of an organisation hierarchy: who reports to whom. An immutable snapshot, shared by
// the policy of every service (the plans service owns the data; the others cache a copy).
#ifndef SVCUP_COMMON_AUTH_ORG_TREE_H_
#define SVCUP_COMMON_AUTH_ORG_TREE_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace svcup {

// Organisation codes and their reports_to edges. A forest: each tree's root (a ministry) reports
// to no one.
class OrgTree {
 public:
  // Builds a tree from code -> parent code ("" for a root). FAILED_PRECONDITION when a parent
  // is unknown or the edges form a cycle.
  static absl::StatusOr<OrgTree> Build(absl::flat_hash_map<std::string, std::string> parent_of);

  OrgTree() = default;

  // Whether the code names an organisation of the tree.
  bool Contains(absl::string_view code) const { return parent_of_.contains(code); }

  // The code of the organisation `code` reports to; "" for a root or an unknown code.
  const std::string& Parent(absl::string_view code) const;

  // Whether `code` is a root (reports to no one).
  bool IsRoot(absl::string_view code) const { return Contains(code) && Parent(code).empty(); }

  // The root of `code`'s tree; "" for an unknown code.
  std::string Root(absl::string_view code) const;

  // The organisations from `code`'s parent up to its root: its reporting route.
  std::vector<std::string> PathToRoot(absl::string_view code) const;

  // Codes reporting directly to `code`, sorted.
  std::vector<std::string> Children(absl::string_view code) const;

  // Codes of `code`'s whole subtree (excluding itself), sorted.
  std::vector<std::string> Descendants(absl::string_view code) const;

  // Number of organisations.
  size_t size() const { return parent_of_.size(); }

 private:
  absl::flat_hash_map<std::string, std::string> parent_of_;
  absl::flat_hash_map<std::string, std::vector<std::string>> children_of_;
};

}  // namespace svcup

#endif  // SVCUP_COMMON_AUTH_ORG_TREE_H_
