// End-to-end: the svcup command-line tool against the real plans, reports and reviews binaries.
// Each subcommand class is driven to success and to each error class with its exit code: a bad
// file (2), an unknown organisation (3), a denied caller (4), a service that is down (5), a
// refusal by the service (6).
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/str_join.h"
#include "tests/testing/child_process.h"
#include "tests/testing/plans_fixture.h"

namespace svcup {
namespace {

// What one svcup run printed and returned.
struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void Write(const std::string& path, const std::string& content) {
  std::ofstream(path) << content;
}

// A period-1 report of 2018 as YAML: `measure_code: 2.3` must stay the string "2.3".
constexpr char kYamlReport[] = R"(as_of_date: {year: 2018, month: 6, day: 30}
measure_results:
  - measure_code: 2.3
    actions_taken: 辦理臨櫃民眾滿意度調查
    results: 滿意度較去年提升
    indicators:
      - {name: 民眾滿意度, value: 91.5, unit: "%"}
summary: 本期依執行計畫推動各項措施
)";

// The same kind of draft in JSON, with `results` as given.
std::string JsonReport(const std::string& results) {
  return absl::StrCat(R"({"as_of_date": {"year": 2018, "month": 6, "day": 30},
 "measure_results": [{"measure_code": "1.1", "actions_taken": "修訂標準作業流程",
                      "results": ")", results, R"("}]})");
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteTestKeys(dir_.path());
    StartServices("2018-07-20T09:00:00+08:00");
    ASSERT_NE(plans_.ports.grpc, 0);
    ASSERT_NE(reports_.ports.grpc, 0);
    ASSERT_NE(reviews_.ports.grpc, 0);
  }

  // Starts (or restarts) the three services with their clock from `clock_start`.
  void StartServices(const std::string& clock_start) {
    reviews_ = {};
    reports_ = {};
    plans_ = {};
    const std::string clock = "--clock_start=" + clock_start;
    plans_ = testing::StartService(SVCUP_PLANS_BINARY, "plans", dir_.path(), {clock});
    const std::string plans_addr = absl::StrCat("--plans_addr=127.0.0.1:", plans_.ports.grpc);
    reports_ = testing::StartService(SVCUP_REPORTS_BINARY, "reports", dir_.path(),
                                     {clock, plans_addr});
    reviews_ = testing::StartService(
        SVCUP_REVIEWS_BINARY, "reviews", dir_.path(),
        {clock, plans_addr, absl::StrCat("--reports_addr=127.0.0.1:", reports_.ports.grpc)});
  }

  // Writes a token for (org, role) to a file and returns its path.
  std::string TokenFile(const std::string& org, v1::Role role) {
    const std::string path = absl::StrCat(dir_.path(), "/", org, "-", v1::Role_Name(role));
    Write(path, testing::TokenFor(org, role, absl::Now(), "cli-test", absl::Hours(1)));
    return path;
  }

  // Runs svcup with `args`, the services' addresses, a 5 s deadline and no retries.
  CliRun Svcup(const std::vector<std::string>& args) {
    const std::string out = dir_.path() + "/cli.out", err = dir_.path() + "/cli.err";
    std::vector<std::string> quoted;
    for (const std::string& a : args) quoted.push_back("'" + a + "'");
    const std::string command = absl::StrCat(
        "timeout 30 ", SVCUP_CLI_BINARY, " ", absl::StrJoin(quoted, " "),
        " --plans_addr=127.0.0.1:", plans_.ports.grpc,
        " --reports_addr=127.0.0.1:", reports_.ports.grpc,
        " --reviews_addr=127.0.0.1:", reviews_.ports.grpc,
        " --timeout=5s --retries=0 >", out, " 2>", err, " </dev/null");
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(out), Slurp(err)};
  }

  testing::TempDir dir_;
  testing::RunningService plans_, reports_, reviews_;
};

TEST_F(CliTest, ReadsTheHierarchyAsATableAndAsJson) {
  CliRun route = Svcup({"orgs", "route", "orgs/dpo-taipei"});
  ASSERT_EQ(route.exit_code, 0) << route.err;
  EXPECT_NE(route.out.find("orgs/high-prosecutors"), std::string::npos) << route.out;

  CliRun json = Svcup({"orgs", "show", "orgs/dpo-kinmen", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"code\": \"dpo-kinmen\""), std::string::npos) << json.out;
}

TEST_F(CliTest, AnUnknownOrganisationExitsThree) {
  CliRun run = Svcup({"orgs", "show", "orgs/no-such-office"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("error: NOT_FOUND: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("orgs/no-such-office"), std::string::npos) << run.err;
}

TEST_F(CliTest, ABadDraftFileExitsTwoNamingTheFile) {
  const std::string staff = TokenFile("dpo-taipei", v1::ROLE_AGENCY_STAFF);
  const std::string broken = dir_.path() + "/broken.json";
  Write(broken, R"({"measure_results": [{"measure_code": )");
  CliRun run = Svcup({"report", "draft", "orgs/dpo-taipei", "--file=" + broken,
                      "--token_file=" + staff});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(broken + " is not a valid svcup.v1.ReportContent in JSON"),
            std::string::npos) << run.err;

  const std::string misspelt = dir_.path() + "/misspelt.yaml";
  Write(misspelt, "measure_result:\n  - measure_code: 2.3\n");
  run = Svcup({"report", "draft", "orgs/dpo-taipei", "--file=" + misspelt,
               "--token_file=" + staff});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("measure_result"), std::string::npos) << run.err;

  run = Svcup({"report", "draft", "orgs/dpo-taipei", "--file=" + dir_.path() + "/absent.json",
               "--token_file=" + staff});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("cannot read"), std::string::npos) << run.err;
}

TEST_F(CliTest, AnotherAgencysReportIsDeniedAndNoTokenIsUnauthenticated) {
  const std::string draft = dir_.path() + "/draft.json";
  Write(draft, JsonReport("流程縮短"));
  CliRun denied = Svcup({"report", "draft", "orgs/dpo-taipei", "--file=" + draft,
                         "--token_file=" + TokenFile("dpo-kaohsiung", v1::ROLE_AGENCY_STAFF)});
  EXPECT_EQ(denied.exit_code, 4);
  EXPECT_NE(denied.err.find("error: PERMISSION_DENIED: "), std::string::npos) << denied.err;

  CliRun anonymous = Svcup({"report", "draft", "orgs/dpo-taipei", "--file=" + draft});
  EXPECT_EQ(anonymous.exit_code, 4);
  EXPECT_NE(anonymous.err.find("error: UNAUTHENTICATED: "), std::string::npos) << anonymous.err;

  // A token file that cannot be read is the caller's mistake, not an anonymous call.
  CliRun mistyped = Svcup({"report", "draft", "orgs/dpo-taipei", "--file=" + draft,
                           "--token_file=" + dir_.path() + "/no-such.token"});
  EXPECT_EQ(mistyped.exit_code, 2);
  EXPECT_EQ(mistyped.err,
            "error: --token_file: cannot read " + dir_.path() + "/no-such.token\n");
}

TEST_F(CliTest, AServiceThatIsDownExitsFive) {
  reports_.process.reset();  // killed; nothing listens on its port any more
  CliRun run = Svcup({"report", "list", "--token_file=" +
                                            TokenFile("moj", v1::ROLE_MINISTRY_OFFICER)});
  EXPECT_EQ(run.exit_code, 5);
  EXPECT_NE(run.err.find("error: UNAVAILABLE: "), std::string::npos) << run.err;
}

TEST_F(CliTest, AYamlDraftIsSubmittedReviewedAndReadBack) {
  const std::string staff = TokenFile("dpo-taipei", v1::ROLE_AGENCY_STAFF);
  const std::string draft = dir_.path() + "/report.yaml";
  Write(draft, kYamlReport);
  CliRun drafted = Svcup({"report", "draft", "orgs/dpo-taipei", "--period=1", "--file=" + draft,
                          "--token_file=" + staff});
  ASSERT_EQ(drafted.exit_code, 0) << drafted.err;
  EXPECT_EQ(drafted.out,
            "drafted orgs/dpo-taipei/reports/2018-1 (draft, to orgs/high-prosecutors, due "
            "2018-07-31)\n");

  CliRun submitted = Svcup({"report", "submit", "orgs/dpo-taipei/reports/2018-1",
                            "--token_file=" + staff});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  EXPECT_EQ(submitted.out.rfind("submitted orgs/dpo-taipei/reports/2018-1/revisions/1 to "
                                "orgs/high-prosecutors, on time",
                                0),
            0u)
      << submitted.out;

  // Submitting again is refused: the revision awaits review.
  CliRun again = Svcup({"report", "submit", "orgs/dpo-taipei/reports/2018-1",
                        "--token_file=" + staff});
  EXPECT_EQ(again.exit_code, 6);
  EXPECT_NE(again.err.find("error: FAILED_PRECONDITION: "), std::string::npos) << again.err;

  CliRun accepted = Svcup({"review", "accept", "orgs/dpo-taipei/reports/2018-1/revisions/1",
                           "--rating=good", "--overall=符合計畫",
                           "--token_file=" +
                               TokenFile("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER)});
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;

  CliRun shown = Svcup({"report", "show", "orgs/dpo-taipei/reports/2018-1", "--json",
                        "--token_file=" + staff});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("\"measure_code\": \"2.3\""), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("\"value\": 91.5"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("\"state\": \"REPORT_STATE_ACCEPTED\""), std::string::npos)
      << shown.out;
}

TEST_F(CliTest, SubmitDirCountsOutcomesAndReRunsChangeNothing) {
  const std::string tokens = dir_.path() + "/tokens";
  std::filesystem::create_directories(tokens);
  for (const std::string org : {"dpo-taipei", "dpo-kinmen", "prison-taipei"}) {
    std::filesystem::rename(TokenFile(org, v1::ROLE_AGENCY_STAFF), tokens + "/" + org + ".token");
  }
  const std::string pattern = "--token_file_pattern=" + tokens + "/{org}.token";
  const std::string drafts = dir_.path() + "/drafts";
  std::filesystem::create_directories(drafts);
  Write(drafts + "/dpo-taipei.json", JsonReport("處理天數縮短"));
  Write(drafts + "/dpo-kinmen.yaml", kYamlReport);
  Write(drafts + "/notes.txt", "not a draft");
  Write(drafts + "/zz-broken.json", "{");

  CliRun first = Svcup({"report", "submit-dir", drafts, "--period=1", pattern});
  EXPECT_EQ(first.exit_code, 2) << first.err;  // the broken file
  EXPECT_NE(first.out.find("3 drafts: 2 submitted (0 late), 0 unchanged, 1 refused"),
            std::string::npos) << first.out;
  EXPECT_NE(first.out.find("orgs/dpo-kinmen/reports/2018-1"), std::string::npos);

  std::filesystem::remove(drafts + "/zz-broken.json");
  CliRun rerun = Svcup({"report", "submit-dir", drafts, "--period=1", pattern, "--json"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.out.find("\"submitted\": 0"), std::string::npos) << rerun.out;
  EXPECT_NE(rerun.out.find("\"unchanged\": 2"), std::string::npos) << rerun.out;

  // A changed draft of a report awaiting review is refused by the service, and says why.
  Write(drafts + "/dpo-taipei.json", JsonReport("處理天數縮短為四日"));
  CliRun changed = Svcup({"report", "submit-dir", drafts, "--period=1", pattern});
  EXPECT_EQ(changed.exit_code, 6) << changed.err;
  EXPECT_NE(changed.out.find("awaiting review"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("2 drafts: 0 submitted (0 late), 1 unchanged, 1 refused"),
            std::string::npos) << changed.out;

  // After the deadline a new agency's draft is accepted and counted late; no token, refused.
  StartServices("2018-08-03T09:00:00+08:00");
  ASSERT_NE(reports_.ports.grpc, 0);
  std::filesystem::remove(drafts + "/dpo-taipei.json");
  std::filesystem::remove(drafts + "/dpo-kinmen.yaml");
  Write(drafts + "/prison-taipei.json", JsonReport("接見流程改善"));
  Write(drafts + "/dpo-hualien.json", JsonReport("流程縮短"));
  CliRun late = Svcup({"report", "submit-dir", drafts, "--period=1", pattern});
  EXPECT_EQ(late.exit_code, 2) << late.out;  // no token file for dpo-hualien
  EXPECT_NE(late.out.find("no token for orgs/dpo-hualien"), std::string::npos) << late.out;
  EXPECT_NE(late.out.find("2 drafts: 1 submitted (1 late), 0 unchanged, 1 refused"),
            std::string::npos) << late.out;
  EXPECT_NE(late.out.find("3 days late"), std::string::npos) << late.out;
}

TEST_F(CliTest, HelpTemplatesAndUsageErrors) {
  CliRun help = Svcup({"report", "submit-dir", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("example: svcup report submit-dir"), std::string::npos) << help.out;

  CliRun unknown = Svcup({"report", "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command \"report frobnicate\""), std::string::npos);

  CliRun missing = Svcup({"report", "show"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("expected 1 argument, got 0"), std::string::npos) << missing.err;

  // The template is a draft the tool reads back; the service names the first blank to fill in.
  CliRun blank = Svcup({"report", "draft", "--template"});
  ASSERT_EQ(blank.exit_code, 0);
  const std::string path = dir_.path() + "/template.json";
  Write(path, blank.out);
  CliRun drafted = Svcup({"report", "draft", "orgs/dpo-taipei", "--period=1", "--file=" + path,
                          "--token_file=" + TokenFile("dpo-taipei", v1::ROLE_AGENCY_STAFF)});
  EXPECT_EQ(drafted.exit_code, 6);
  EXPECT_EQ(drafted.err,
            "error: INVALID_ARGUMENT: content.measure_results[0].indicators[0].name: is required "
            "(1..200 characters), got an empty value\n");
  // The same template in YAML reads back the same way.
  CliRun yaml = Svcup({"report", "draft", "--template", "--yaml"});
  ASSERT_EQ(yaml.exit_code, 0);
  EXPECT_NE(yaml.out.find("  - measure_code: 2.3\n"), std::string::npos) << yaml.out;
  Write(dir_.path() + "/template.yaml", yaml.out);
  CliRun from_yaml = Svcup({"report", "draft", "orgs/dpo-taipei", "--period=1",
                            "--file=" + dir_.path() + "/template.yaml",
                            "--token_file=" + TokenFile("dpo-taipei", v1::ROLE_AGENCY_STAFF)});
  EXPECT_EQ(from_yaml.exit_code, 6);
  EXPECT_EQ(from_yaml.err, drafted.err);
}

TEST_F(CliTest, BashCompletionOffersVerbsAndTheCommandsFlags) {
  CliRun script = Svcup({"completion", "bash"});
  ASSERT_EQ(script.exit_code, 0);
  const std::string path = dir_.path() + "/svcup.bash";
  Write(path, script.out);
  // complete WORDS...: what bash offers after the words (the last one being completed).
  const auto complete = [&](const std::string& words) {
    const std::string out = dir_.path() + "/completion.out";
    const std::string command = absl::StrCat(
        "bash -c 'source ", path, "; COMP_WORDS=(", words, "); COMP_CWORD=$((${#COMP_WORDS[@]}-1));",
        " _svcup; echo ${COMPREPLY[*]}' >", out, " 2>&1");
    std::system(command.c_str());
    return Slurp(out);
  };
  EXPECT_EQ(complete("svcup rep"), "report\n");
  EXPECT_EQ(complete("svcup report su"), "submit submit-dir summary\n");
  EXPECT_EQ(complete("svcup report submit-dir --tok"),
            "--token= --token_file= --token_file_pattern=\n");
}

// The subcommands the other tests and the demo do not reach, each driven to success once.
TEST_F(CliTest, TheRemainingSubcommandsWorkEndToEnd) {
  const std::string officer = "--token_file=" + TokenFile("moj", v1::ROLE_MINISTRY_OFFICER);
  const std::string staff = "--token_file=" + TokenFile("dpo-taipei", v1::ROLE_AGENCY_STAFF);
  const std::string hpo =
      "--token_file=" + TokenFile("high-prosecutors", v1::ROLE_SUPERVISOR_REVIEWER);
  const std::string corrections =
      "--token_file=" + TokenFile("corrections", v1::ROLE_SUPERVISOR_REVIEWER);
  const auto ok = [&](const std::vector<std::string>& args) {
    CliRun run = Svcup(args);
    EXPECT_EQ(run.exit_code, 0) << absl::StrJoin(args, " ") << ": " << run.err;
    return run.out;
  };

  EXPECT_NE(ok({"orgs", "subordinates", "orgs/corrections"}).find("orgs/prison-taipei"),
            std::string::npos);

  // The ministry amends the plan (its current content, with a reason); version 2 appears.
  v1::ImplementationPlan plan;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  ok({"plan", "show", "--year=2018", "--json"}), &plan)
                  .ok());
  std::string content;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(plan.content(), &content).ok());
  Write(dir_.path() + "/plan.json", content);
  ok({"plan", "amend", "2018", "--file=" + dir_.path() + "/plan.json",
      "--reason=Clarifies the reporting dates", officer});
  EXPECT_NE(ok({"plan", "versions", "2018"}).find("implementationPlans/2018/versions/2"),
            std::string::npos);

  // An execution plan drafted, then edited.
  const std::string exec_plan = dir_.path() + "/exec-plan.yaml";
  Write(exec_plan, "title: 107年度服務躍升執行計畫\nmeasures:\n  - {measure_code: 2.3, title: 滿意度調查}\n");
  ok({"exec-plan", "create", "orgs/dpo-taipei", "--year=2018", "--file=" + exec_plan, staff});
  Write(exec_plan, "title: 107年度服務躍升執行計畫（修正）\n");
  ok({"exec-plan", "edit", "orgs/dpo-taipei/executionPlans/2018", "--file=" + exec_plan, staff});

  // Readings: stored once, a resent batch changes nothing, and they are summarised.
  const std::string readings = dir_.path() + "/readings.json";
  Write(readings, R"({"batch_id": "counter-2018-05", "readings": [
      {"indicator": "counter.waiting_minutes", "value": 12, "unit": "min", "time": "2018-05-02T01:00:00Z"},
      {"indicator": "counter.waiting_minutes", "value": 8, "unit": "min", "time": "2018-05-03T01:00:00Z"}]})");
  EXPECT_EQ(ok({"report", "readings", "orgs/dpo-taipei", "--file=" + readings, staff}),
            "2 readings stored, 0 already stored (batch counter-2018-05)\n");
  EXPECT_EQ(ok({"report", "readings", "orgs/dpo-taipei", "--file=" + readings, staff}),
            "0 readings stored, 2 already stored (batch counter-2018-05)\n");
  EXPECT_NE(ok({"report", "summary", "orgs/dpo-taipei", "--period=1", staff})
                .find("counter.waiting_minutes  2      20   8    12   8     min"),
            std::string::npos);

  // A report accepted and its review shown; the supervisor forwards with the others listed
  // missing; the ministry reads the package and returns it.
  Write(dir_.path() + "/report.json", JsonReport("處理天數縮短"));
  ok({"report", "draft", "orgs/dpo-taipei", "--period=1", "--file=" + dir_.path() + "/report.json",
      staff});
  ok({"report", "submit", "orgs/dpo-taipei/reports/2018-1", staff});
  ok({"review", "accept", "orgs/dpo-taipei/reports/2018-1/revisions/1", "--rating=good",
      "--overall=符合計畫", hpo});
  EXPECT_NE(ok({"review", "show", "orgs/dpo-taipei/reports/2018-1/revisions/1/review", "--json",
                staff})
                .find("\"decision\": \"REVIEW_DECISION_ACCEPT\""),
            std::string::npos);
  std::vector<std::string> missing;
  const std::string subordinates =
      ok({"orgs", "subordinates", "orgs/high-prosecutors", "--json"});
  for (const std::string& name : std::vector<std::string>(absl::StrSplit(subordinates, '"'))) {
    if (absl::StartsWith(name, "orgs/dpo-") && name != "orgs/dpo-taipei" &&
        std::find(missing.begin(), missing.end(), name + ":未於期限前提報") == missing.end()) {
      missing.push_back(name + ":未於期限前提報");
    }
  }
  ok({"package", "forward", "orgs/high-prosecutors", "--period=1",
      "--missing=" + absl::StrJoin(missing, ";"), hpo});
  EXPECT_NE(ok({"package", "show", "orgs/high-prosecutors/packages/2018-1", officer})
                .find("orgs/dpo-taipei"),
            std::string::npos);
  ok({"package", "return", "orgs/high-prosecutors/packages/2018-1/versions/1",
      "--reason=請補正缺漏機關之說明", officer});

  // A deficiency answered, closed, and reopened when the correction does not hold.
  ok({"inspection", "record", "orgs/prison-taipei", "--date=2018-07-10", "--findings=接見室檢查",
      "--deficiencies=扶手未設@2018-08-31", corrections});
  const std::string deficiency = "orgs/prison-taipei/inspections/1/deficiencies/1";
  ok({"inspection", "answer", deficiency, "--action=已設置扶手",
      "--token_file=" + TokenFile("prison-taipei", v1::ROLE_AGENCY_STAFF)});
  ok({"inspection", "close", deficiency, corrections});
  ok({"inspection", "reopen", deficiency, "--reason=扶手高度不符規定", corrections});

  // The audit trails name what happened.
  const std::string operator_token = "--token_file=" + TokenFile("moj", v1::ROLE_OPERATOR);
  EXPECT_NE(ok({"audit", "plans", operator_token}).find("AmendImplementationPlan"),
            std::string::npos);
  EXPECT_NE(ok({"audit", "reports", "--target_prefix=orgs/dpo-taipei/", operator_token})
                .find("SubmitReport"),
            std::string::npos);
  EXPECT_NE(ok({"audit", "reviews", operator_token}).find("ReopenDeficiency"), std::string::npos);
  // And they are intact.
  for (const char* service : {"plans", "reports", "reviews"}) {
    EXPECT_NE(ok({"audit", "verify", service, operator_token}).find(": intact, "),
              std::string::npos)
        << service;
  }
  EXPECT_NE(ok({"audit", "verify", "reports", operator_token}).find("revisions re-checked"),
            std::string::npos);
}

}  // namespace
}  // namespace svcup
