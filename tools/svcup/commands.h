// The subcommands of svcup, grouped by the service they talk to.
#ifndef SVCUP_TOOLS_SVCUP_COMMANDS_H_
#define SVCUP_TOOLS_SVCUP_COMMANDS_H_

#include <vector>

#include "tools/svcup/cli.h"

namespace svcup::cli {

// token keygen | mint.
std::vector<Command> TokenCommands();

// orgs ..., plan ..., exec-plan ..., audit plans.
std::vector<Command> PlansCommands();

// exec-plan ... (part of PlansCommands).
std::vector<Command> ExecPlanCommands();

// report ..., audit reports.
std::vector<Command> ReportsCommands();

// report answer | changes (part of ReportsCommands).
std::vector<Command> RevisionCommands();

// analytics indicator (part of ReportsCommands).
std::vector<Command> AnalyticsCommands();

// report submit-dir (part of ReportsCommands).
Command SubmitDirCommand();

// evaluation rank | freeze | verify (part of ReviewsCommands).
std::vector<Command> EvaluationCommands();

// reminder list | watch (part of ReviewsCommands).
std::vector<Command> ReminderCommands();

// inspection ..., deficiency list (part of ReviewsCommands).
std::vector<Command> InspectionCommands();

// review, package, inspection, deficiency, meetings, evaluation, doc, audit reviews.
std::vector<Command> ReviewsCommands();

// audit verify (the audit listings are with each service's commands).
std::vector<Command> AuditCommands();

// Prints a bash completion script for `commands` (svcup completion bash).
int PrintBashCompletion(const std::vector<Command>& commands);

}  // namespace svcup::cli

#endif  // SVCUP_TOOLS_SVCUP_COMMANDS_H_
