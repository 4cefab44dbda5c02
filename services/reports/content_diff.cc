#include "services/reports/content_diff.h"

#include <google/protobuf/util/message_differencer.h>

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace svcup::reports {
namespace {

using google::protobuf::util::MessageDifferencer;

// Items keyed by a name, looked up by it; order kept as given.
template <typename Item, typename KeyFn>
absl::flat_hash_map<std::string, const Item*> IndexBy(
    const google::protobuf::RepeatedPtrField<Item>& items, KeyFn key) {
  absl::flat_hash_map<std::string, const Item*> index;
  for (const Item& item : items) index.emplace(key(item), &item);
  return index;
}

std::vector<v1::IndicatorChange> DiffIndicators(const v1::MeasureResult& before,
                                                const v1::MeasureResult& after) {
  auto by_name = [](const v1::Indicator& i) { return i.name(); };
  const auto old_index = IndexBy(before.indicators(), by_name);
  const auto new_index = IndexBy(after.indicators(), by_name);
  std::vector<v1::IndicatorChange> changes;
  for (const v1::Indicator& now : after.indicators()) {
    auto it = old_index.find(now.name());
    v1::IndicatorChange change;
    change.set_name(now.name());
    change.set_value(now.value());
    change.set_unit(now.unit());
    if (it == old_index.end()) {
      change.set_kind(v1::CHANGE_KIND_ADDED);
    } else if (it->second->value() != now.value() || it->second->unit() != now.unit()) {
      change.set_kind(v1::CHANGE_KIND_MODIFIED);
      change.set_previous_value(it->second->value());
      change.set_previous_unit(it->second->unit());
    } else {
      continue;
    }
    changes.push_back(std::move(change));
  }
  for (const v1::Indicator& then : before.indicators()) {
    if (new_index.contains(then.name())) continue;
    v1::IndicatorChange change;
    change.set_name(then.name());
    change.set_kind(v1::CHANGE_KIND_REMOVED);
    change.set_previous_value(then.value());
    change.set_previous_unit(then.unit());
    changes.push_back(std::move(change));
  }
  return changes;
}

// Links in `a` that are not in `b`, in a's order.
std::vector<std::string> LinksOnlyIn(const google::protobuf::RepeatedPtrField<std::string>& a,
                                     const google::protobuf::RepeatedPtrField<std::string>& b) {
  const absl::flat_hash_set<std::string> other(b.begin(), b.end());
  std::vector<std::string> only;
  for (const std::string& link : a) {
    if (!other.contains(link)) only.push_back(link);
  }
  return only;
}

// The change of a measure reported in both revisions; kind UNSPECIFIED when it is the same.
v1::MeasureChange DiffMeasure(const v1::MeasureResult& before, const v1::MeasureResult& after) {
  v1::MeasureChange change;
  change.set_measure_code(after.measure_code());
  if (before.actions_taken() != after.actions_taken()) {
    change.set_actions_taken_changed(true);
    change.set_previous_actions_taken(before.actions_taken());
  }
  if (before.results() != after.results()) {
    change.set_results_changed(true);
    change.set_previous_results(before.results());
  }
  for (v1::IndicatorChange& i : DiffIndicators(before, after)) {
    *change.add_indicators() = std::move(i);
  }
  for (std::string& link : LinksOnlyIn(after.evidence_links(), before.evidence_links())) {
    change.add_evidence_added(std::move(link));
  }
  for (std::string& link : LinksOnlyIn(before.evidence_links(), after.evidence_links())) {
    change.add_evidence_removed(std::move(link));
  }
  const bool changed = change.actions_taken_changed() || change.results_changed() ||
                       change.indicators_size() > 0 || change.evidence_added_size() > 0 ||
                       change.evidence_removed_size() > 0;
  if (changed) change.set_kind(v1::CHANGE_KIND_MODIFIED);
  return change;
}

// Meetings of `a` with no equal meeting in `b`.
void MeetingsOnlyIn(const google::protobuf::RepeatedPtrField<v1::TaskForceMeeting>& a,
                    const google::protobuf::RepeatedPtrField<v1::TaskForceMeeting>& b,
                    google::protobuf::RepeatedPtrField<v1::TaskForceMeeting>* only) {
  for (const v1::TaskForceMeeting& meeting : a) {
    bool found = false;
    for (const v1::TaskForceMeeting& other : b) {
      if (MessageDifferencer::Equals(meeting, other)) {
        found = true;
        break;
      }
    }
    if (!found) *only->Add() = meeting;
  }
}

}  // namespace

v1::ContentDiff DiffContent(const v1::ReportRevision& base, const v1::ReportContent& newer) {
  const v1::ReportContent& older = base.content();
  v1::ContentDiff diff;
  diff.set_base_revision(base.name());
  diff.set_base_digest(base.content_digest());
  diff.set_as_of_date_changed(!MessageDifferencer::Equals(older.as_of_date(), newer.as_of_date()));
  auto by_code = [](const v1::MeasureResult& r) { return r.measure_code(); };
  const auto old_measures = IndexBy(older.measure_results(), by_code);
  const auto new_measures = IndexBy(newer.measure_results(), by_code);
  for (const v1::MeasureResult& after : newer.measure_results()) {
    auto it = old_measures.find(after.measure_code());
    if (it == old_measures.end()) {
      v1::MeasureChange& added = *diff.add_measures();
      added.set_measure_code(after.measure_code());
      added.set_kind(v1::CHANGE_KIND_ADDED);
      continue;
    }
    v1::MeasureChange change = DiffMeasure(*it->second, after);
    if (change.kind() != v1::CHANGE_KIND_UNSPECIFIED) *diff.add_measures() = std::move(change);
  }
  for (const v1::MeasureResult& before : older.measure_results()) {
    if (new_measures.contains(before.measure_code())) continue;
    v1::MeasureChange& removed = *diff.add_measures();
    removed.set_measure_code(before.measure_code());
    removed.set_kind(v1::CHANGE_KIND_REMOVED);
    removed.set_previous_actions_taken(before.actions_taken());
    removed.set_previous_results(before.results());
  }
  MeetingsOnlyIn(newer.meetings(), older.meetings(), diff.mutable_meetings_added());
  MeetingsOnlyIn(older.meetings(), newer.meetings(), diff.mutable_meetings_removed());
  diff.set_priorities_changed(older.priorities_size() != newer.priorities_size());
  for (int i = 0; !diff.priorities_changed() && i < newer.priorities_size(); ++i) {
    diff.set_priorities_changed(
        !MessageDifferencer::Equals(older.priorities(i), newer.priorities(i)));
  }
  diff.set_summary_changed(older.summary() != newer.summary());
  return diff;
}

}  // namespace svcup::reports
