// A hierarchy of any size for benchmarks and drills: the ministry, `supervisors` supervisory
// offices under it and `agencies` reporting agencies spread evenly under them, in the form of
// services/plans/data/organisations.textproto (svcup-admin generate-hierarchy writes it).
#ifndef SVCUP_COMMON_HIERARCHY_GENERATED_HIERARCHY_H_
#define SVCUP_COMMON_HIERARCHY_GENERATED_HIERARCHY_H_

#include "svcup/v1/plans.pb.h"

namespace svcup {

// Codes "moj", "sup-001".., "agency-00001"..; agency i reports to supervisor i % supervisors.
// Both counts must be positive.
v1::OrganisationDirectory GenerateHierarchy(int agencies, int supervisors);

}  // namespace svcup

#endif  // SVCUP_COMMON_HIERARCHY_GENERATED_HIERARCHY_H_
