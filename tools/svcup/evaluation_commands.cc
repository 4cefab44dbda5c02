// svcup evaluation rank | freeze | verify: the annual evaluation, live or frozen with its inputs,
// and a frozen one recomputed here with the service's own formula (part of ReviewsCommands).
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/calendar/roc_calendar.h"
#include "common/evaluation/evaluation_formula.h"
#include "svcup/v1/reviews.grpc.pb.h"
#include "tools/svcup/commands.h"
#include "tools/svcup/reviews_client.h"

ABSL_DECLARE_FLAG(std::string, reports_to);
ABSL_FLAG(std::string, weights, "",
          "evaluation rank|freeze: rating,timeliness,deficiencies (default 0.5,0.3,0.2)");

namespace svcup::cli {
namespace {

// --weights into `weights`; false when malformed (unset leaves it untouched).
bool ParseWeights(v1::EvaluationWeights* weights) {
  const std::string w = absl::GetFlag(FLAGS_weights);
  if (w.empty()) return true;
  std::vector<std::string> parts = absl::StrSplit(w, ',');
  double r = 0, t = 0, d = 0;
  if (parts.size() != 3 || !absl::SimpleAtod(parts[0], &r) || !absl::SimpleAtod(parts[1], &t) ||
      !absl::SimpleAtod(parts[2], &d)) {
    return false;
  }
  weights->set_rating(r);
  weights->set_timeliness(t);
  weights->set_deficiencies(d);
  return true;
}

void PrintRanking(const v1::EvaluationRanking& ranking) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : ranking.scores()) {
    rows.push_back({absl::StrCat(s.rank()), absl::StrFormat("%.2f", s.score()), s.organisation(),
                    s.display_name().zh_tw(), s.explanation()});
  }
  PrintTable({"RANK", "SCORE", "AGENCY", "機關", "WHY"}, rows);
}

int RankCommand(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::RankEvaluationsRequest request;
  request.set_year(absl::GetFlag(FLAGS_year));
  request.set_reports_to(absl::GetFlag(FLAGS_reports_to));
  if (!ParseWeights(request.mutable_weights())) {
    return UsageError("--weights: rating,timeliness,deficiencies such as 0.5,0.3,0.2");
  }
  if (absl::GetFlag(FLAGS_weights).empty()) request.clear_weights();
  return CallAndPrint<v1::EvaluationRanking>(
      [&](grpc::ClientContext& c, v1::EvaluationRanking* response) {
        return ReviewsStub()->RankEvaluations(&c, request, response);
      },
      PrintRanking);
}

// evaluation freeze: the ranking frozen with its inputs.
int Freeze(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 0, &code)) return code;
  v1::FreezeEvaluationRequest request;
  request.set_year(absl::GetFlag(FLAGS_year));
  if (!ParseWeights(request.mutable_weights())) {
    return UsageError("--weights: rating,timeliness,deficiencies such as 0.5,0.3,0.2");
  }
  if (absl::GetFlag(FLAGS_weights).empty()) request.clear_weights();
  request.set_request_id(RequestId());
  return CallAndPrint<v1::FrozenEvaluation>(
      [&](grpc::ClientContext& c, v1::FrozenEvaluation* response) {
        return ReviewsStub()->FreezeEvaluation(&c, request, response);
      },
      [&](const v1::FrozenEvaluation& frozen) {
        std::cout << "froze " << frozen.name() << ": " << frozen.inputs().agencies_size()
                  << " agencies, inputs " << frozen.inputs_digest() << "\n";
      });
}

// evaluation verify NAME: reads a frozen evaluation and recomputes, from its inputs alone, the
// digest and the ranking; exit 0 only when both match.
int Verify(const std::vector<std::string>& args) {
  int code = kOk;
  if (!ExpectArgs(args, 1, &code)) return code;
  v1::GetFrozenEvaluationRequest request;
  request.set_name(args[0]);
  v1::FrozenEvaluation frozen;
  const absl::Status status = Call([&](grpc::ClientContext& c) {
    return ReviewsStub()->GetFrozenEvaluation(&c, request, &frozen);
  });
  if (!status.ok()) return ExitCodeOf(status);
  const std::string digest = InputsDigest(frozen.inputs());
  const v1::EvaluationRanking recomputed = svcup::Rank(frozen.inputs());
  const bool digest_ok = digest == frozen.inputs_digest();
  const bool ranking_ok = recomputed.SerializeAsString() == frozen.ranking().SerializeAsString();
  int reviews = 0, deficiencies = 0;
  for (const v1::EvaluationInput& a : frozen.inputs().agencies()) {
    reviews += a.reviews_size();
    deficiencies += a.deficiencies_size();
  }
  std::cout << frozen.name() << ": " << frozen.inputs().agencies_size() << " agencies, " << reviews
            << " reviews, " << deficiencies << " deficiencies, frozen "
            << frozen.create_time().seconds() << "\n"
            << "  inputs digest " << (digest_ok ? "matches " : "DIFFERS: recomputed ") << digest
            << "\n  ranking "
            << (ranking_ok ? "recomputed from the inputs: identical"
                           : "recomputed from the inputs: DIFFERS")
            << "\n";
  if (digest_ok && ranking_ok) return kOk;
  std::cerr << "error: " << frozen.name() << " does not verify\n";
  return kFailed;
}

}  // namespace

std::vector<Command> EvaluationCommands() {
  return {
      {"evaluation", "rank", "The annual evaluation, ranked, with each score's parts (ministry)",
       "[--year=2018] [--reports_to=orgs/CODE] [--weights=0.5,0.3,0.2]",
       "svcup evaluation rank --year=2018", RankCommand},
      {"evaluation", "freeze", "Freeze the year's ranking with every input it used (ministry)",
       "[--year=2018] [--weights=R,T,D]", "svcup evaluation freeze --year=2018", Freeze},
      {"evaluation", "verify", "Recompute a frozen ranking from its inputs and compare",
       "evaluations/YEAR/versions/N", "svcup evaluation verify evaluations/2018/versions/1",
       Verify},
  };
}

}  // namespace svcup::cli
