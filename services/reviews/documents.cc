#include "services/reviews/documents.h"

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/api/names.h"
#include "common/calendar/roc_calendar.h"
#include "common/csv.h"

namespace svcup::reviews {
namespace {

// One heading in both languages.
struct Label {
  const char* zh;
  const char* en;
};

const char* L(const Label& label, const DocumentContext& c) {
  return c.language == v1::LANGUAGE_EN ? label.en : label.zh;
}

const char* Text(const v1::LocalizedText& text, const DocumentContext& c) {
  return (c.language == v1::LANGUAGE_EN && !text.en().empty() ? text.en() : text.zh_tw()).c_str();
}

std::string DateText(const v1::Date& d, const DocumentContext& c) {
  if (d.year() == 0) return "";
  const absl::CivilDay day = CivilDayOf(d);
  return c.language == v1::LANGUAGE_EN ? FormatIsoDate(day) : FormatRocDate(day);
}

std::string TimeText(const google::protobuf::Timestamp& t, const DocumentContext& c) {
  return DateText(DateToProto(TaipeiDate(FromTimestamp(t))), c);
}

std::string PeriodText(int year, int period, const DocumentContext& c) {
  if (c.language == v1::LANGUAGE_EN) {
    return absl::StrCat(year, " period ", period, period == 1 ? " (January-June)" : " (January-December)");
  }
  return absl::StrCat(RocYear(year), "年第", period, "次（1月至", period == 1 ? 6 : 12, "月）");
}

const char* RatingText(v1::Rating rating, const DocumentContext& c) {
  switch (rating) {
    case v1::RATING_EXCELLENT: return L({"優等", "Excellent"}, c);
    case v1::RATING_GOOD: return L({"甲等", "Good"}, c);
    case v1::RATING_FAIR: return L({"乙等", "Fair"}, c);
    case v1::RATING_POOR: return L({"丙等", "Poor"}, c);
    default: return "";
  }
}

// The page: A4, a printable table style, a fixed CJK-capable font stack.
std::string Page(absl::string_view title, absl::string_view body, const DocumentContext& c) {
  return absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"", c.language == v1::LANGUAGE_EN ? "en" : "zh-Hant",
      "\">\n<head>\n<meta charset=\"utf-8\">\n<title>", HtmlEscape(title), "</title>\n<style>\n"
      "@page { size: A4; margin: 18mm 16mm; }\n"
      "body { font-family: \"Noto Serif CJK TC\", \"Noto Sans CJK TC\", \"AR PL UMing TW\", "
      "\"Songti TC\", serif; font-size: 11pt; line-height: 1.45; color: #000; max-width: 178mm; "
      "margin: 0 auto; }\n"
      "h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }\n"
      "h2 { font-size: 12.5pt; margin: 6mm 0 2mm; }\n"
      ".subtitle { text-align: center; margin: 0 0 5mm; }\n"
      "table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; page-break-inside: auto; }\n"
      "tr { page-break-inside: avoid; }\n"
      "th, td { border: 0.6pt solid #000; padding: 1.5mm 2mm; vertical-align: top; "
      "text-align: left; white-space: pre-wrap; word-break: break-word; }\n"
      "th { background: #f0f0f0; font-weight: bold; }\n"
      ".meta th { width: 18%; }\n"
      ".narrow { width: 9%; white-space: nowrap; }\n"
      ".none { color: #444; }\n"
      ".late { font-weight: bold; }\n"
      ".footer { margin-top: 6mm; font-size: 8.5pt; color: #333; word-break: break-all; }\n"
      "</style>\n</head>\n<body>\n",
      body, "\n</body>\n</html>\n");
}

std::string Cell(absl::string_view text) { return absl::StrCat("<td>", HtmlEscape(text), "</td>"); }

// A table holding one text, or "無" / "None" when it is empty.
std::string TextBox(absl::string_view text, const DocumentContext& c) {
  if (text.empty()) {
    return absl::StrCat("<table><tr><td class=\"none\">", L({"無", "None"}, c), "</td></tr></table>\n");
  }
  return absl::StrCat("<table><tr>", Cell(text), "</tr></table>\n");
}

// An agency's name for a package line: its name as of the document's date, or its resource name.
std::string AgencyName(absl::string_view resource, const DocumentContext& c) {
  if (!c.name_of) return std::string(resource);
  absl::string_view code = resource;
  if (code.substr(0, 5) == "orgs/") code.remove_prefix(5);
  return Text(c.name_of(code), c);
}

std::string Row(const std::vector<std::string>& cells) {
  std::string row = "<tr>";
  for (const std::string& cell : cells) row += Cell(cell);
  return row + "</tr>\n";
}

std::string IndicatorsText(const v1::MeasureResult& result) {
  std::vector<std::string> parts;
  for (const auto& i : result.indicators()) {
    parts.push_back(absl::StrCat(i.name(), " ", i.value(), i.unit()));
  }
  return absl::StrJoin(parts, "\n");
}

std::string MeasuresTable(const v1::ReportContent& content, const DocumentContext& c) {
  std::string html = absl::StrCat(
      "<table>\n<thead><tr><th class=\"narrow\">", L({"措施", "Measure"}, c), "</th><th>",
      L({"辦理情形", "Actions taken"}, c), "</th><th>", L({"執行成果", "Results"}, c), "</th><th>",
      L({"指標", "Indicators"}, c), "</th><th>", L({"佐證資料", "Evidence"}, c),
      "</th></tr></thead>\n<tbody>\n");
  for (const v1::MeasureResult& r : content.measure_results()) {
    html += Row({r.measure_code(), r.actions_taken(), r.results(), IndicatorsText(r),
                 absl::StrJoin(r.evidence_links(), "\n")});
  }
  return html + "</tbody>\n</table>\n";
}

// What changed in a measure, in words: "actions taken, results, 民眾滿意度 91.5% -> 93%, +1
// evidence".
std::string ChangeText(const v1::MeasureChange& m, const DocumentContext& c) {
  switch (m.kind()) {
    case v1::CHANGE_KIND_ADDED:
      return L({"新增", "Added"}, c);
    case v1::CHANGE_KIND_REMOVED:
      return L({"刪除", "Removed"}, c);
    default:
      break;
  }
  std::vector<std::string> parts;
  if (m.actions_taken_changed()) parts.push_back(L({"辦理情形", "actions taken"}, c));
  if (m.results_changed()) parts.push_back(L({"執行成果", "results"}, c));
  for (const v1::IndicatorChange& i : m.indicators()) {
    parts.push_back(absl::StrCat(
        i.name(), " ",
        i.kind() == v1::CHANGE_KIND_ADDED ? ""
                                          : absl::StrCat(i.previous_value(), i.previous_unit()),
        " → ",
        i.kind() == v1::CHANGE_KIND_REMOVED ? L({"刪除", "removed"}, c)
                                            : absl::StrCat(i.value(), i.unit())));
  }
  if (m.evidence_added_size() + m.evidence_removed_size() > 0) {
    parts.push_back(absl::StrCat(L({"佐證資料", "evidence"}, c), " +", m.evidence_added_size(),
                                 " −", m.evidence_removed_size()));
  }
  return absl::StrJoin(parts, L({"、", ", "}, c));
}

// "Changes in this revision": per measure (and overall) the reviewer's reason, the agency's
// answer and what changed, so a reviewer reads only what changed. Empty for a first revision.
std::string ChangesSection(const v1::ReportRevision& revision, const DocumentContext& c) {
  if (!revision.has_changes() && !revision.has_changes_since_decision()) return "";
  const v1::ContentDiff& diff = revision.has_changes_since_decision()
                                    ? revision.changes_since_decision()
                                    : revision.changes();
  // Rows keyed by measure code ("" for the report as a whole), in first-seen order.
  std::vector<std::string> order;
  absl::flat_hash_map<std::string, std::vector<std::string>> rows;  // reason, answer, change
  const auto row = [&](const std::string& code) -> std::vector<std::string>& {
    auto [it, added] = rows.try_emplace(code, std::vector<std::string>(3));
    if (added) order.push_back(code);
    return it->second;
  };
  for (const v1::ReturnReason& r : revision.answered_reasons())
    row(r.measure_code())[0] = r.reason();
  for (const v1::ReasonAnswer& a : revision.content().reason_answers()) {
    row(a.measure_code())[1] = a.answer();
  }
  for (const v1::MeasureChange& m : diff.measures()) row(m.measure_code())[2] = ChangeText(m, c);
  std::vector<std::string> overall;
  if (diff.meetings_added_size() + diff.meetings_removed_size() > 0) {
    overall.push_back(absl::StrCat(L({"會議", "meetings"}, c), " +", diff.meetings_added_size(),
                                   " −", diff.meetings_removed_size()));
  }
  if (diff.as_of_date_changed()) overall.push_back(L({"資料截止日", "as-of date"}, c));
  if (diff.priorities_changed()) overall.push_back(L({"優先項目", "priorities"}, c));
  if (diff.summary_changed()) overall.push_back(L({"綜合說明", "summary"}, c));
  if (!overall.empty()) row("")[2] = absl::StrJoin(overall, L({"、", ", "}, c));
  std::string html = absl::StrCat(
      "<h2>", L({"本版修正情形", "Changes in this revision"}, c), "</h2>\n<p>",
      L({"比較基準：", "Compared with "}, c), HtmlEscape(diff.base_revision()),
      "</p>\n<table>\n<thead><tr><th class=\"narrow\">", L({"措施", "Measure"}, c), "</th><th>",
      L({"退回理由", "Reviewer's reason"}, c), "</th><th>", L({"機關說明", "Agency's answer"}, c),
      "</th><th>", L({"修正內容", "What changed"}, c), "</th></tr></thead>\n<tbody>\n");
  for (const std::string& code : order) {
    const std::vector<std::string>& r = rows[code];
    html += Row({code.empty() ? L({"全般", "Overall"}, c) : code, r[0], r[1],
                 r[2].empty() ? L({"未修正", "Unchanged"}, c) : r[2]});
  }
  return html + "</tbody>\n</table>\n";
}

// Every reason of a review's return as one text: the overall one, then those per measure.
std::string ReasonsText(const v1::Review& review, const DocumentContext& c) {
  std::vector<std::string> lines;
  if (!review.return_reason().empty()) lines.push_back(review.return_reason());
  for (const v1::ReturnReason& r : review.return_measure_reasons()) {
    lines.push_back(absl::StrCat(L({"措施 ", "Measure "}, c), r.measure_code(), L({"：", ": "}, c),
                                 r.reason()));
  }
  return absl::StrJoin(lines, "\n");
}

}  // namespace

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string RevisionHtml(const v1::ReportRevision& revision, const DocumentContext& c) {
  const v1::ReportContent& content = revision.content();
  auto name = ParseRevisionName("name", revision.name());
  const int year = name.ok() ? name->first.year : 0;
  const int period = name.ok() ? name->first.period : 0;
  std::string body = absl::StrCat(
      "<h1>", L({"服務躍升執行成果報告", "Service Upgrade Progress Report"}, c), "</h1>\n",
      "<p class=\"subtitle\">", L({"（附件1）", "(Attachment 1)"}, c), "</p>\n",
      "<table class=\"meta\">\n<tr><th>", L({"機關名稱", "Agency"}, c), "</th>",
      Cell(Text(c.organisation_name, c)), "<th>", L({"報告期間", "Period"}, c), "</th>",
      Cell(PeriodText(year, period, c)), "</tr>\n<tr><th>", L({"資料截止日", "As of"}, c), "</th>",
      Cell(DateText(content.as_of_date(), c)), "<th>", L({"提報日期", "Submitted"}, c), "</th>",
      Cell(TimeText(revision.submit_time(), c)), "</tr>\n<tr><th>", L({"版次", "Revision"}, c),
      "</th>", Cell(absl::StrCat(revision.revision())), "<th>", L({"受理機關", "Recipient"}, c),
      "</th>", Cell(Text(c.counterpart_name, c)), "</tr>\n<tr><th>", L({"期限", "Due"}, c), "</th>",
      Cell(DateText(revision.due_date(), c)), "<th>", L({"逾期", "Late"}, c), "</th>",
      revision.late() ? absl::StrCat("<td class=\"late\">", revision.days_late(),
                                     L({" 日", " days"}, c), "</td>")
                      : Cell(L({"否", "No"}, c)),
      "</tr>\n</table>\n", ChangesSection(revision, c), "<h2>",
      L({"一、執行策略及具體措施辦理情形", "1. Measures"}, c), "</h2>\n", MeasuresTable(content, c),
      "<h2>", L({"二、為民服務中心任務編組會議", "2. Service-centre task-force meetings"}, c),
      "</h2>\n<table>\n<thead><tr><th>", L({"日期", "Date"}, c), "</th><th>",
      L({"出席人員", "Participants"}, c), "</th><th>", L({"決議事項", "Decisions"}, c),
      "</th></tr></thead>\n<tbody>\n");
  for (const v1::TaskForceMeeting& m : content.meetings()) {
    body += Row({DateText(m.date(), c), absl::StrJoin(m.participants(), "、"), m.decisions()});
  }
  absl::StrAppend(&body, "</tbody>\n</table>\n<h2>", L({"三、綜合說明", "3. Summary"}, c),
                  "</h2>\n", TextBox(content.summary(), c),
                  "<p class=\"footer\">", HtmlEscape(revision.name()), "<br>",
                  L({"內容摘要值 ", "Content digest "}, c), HtmlEscape(revision.content_digest()),
                  "</p>");
  return Page(absl::StrCat(Text(c.organisation_name, c), " ", revision.name()), body, c);
}

std::string RevisionCsv(const v1::ReportRevision& revision) {
  std::string csv = "\xEF\xBB\xBFrevision,measure_code,actions_taken,results,indicators,evidence_links\r\n";
  for (const v1::MeasureResult& r : revision.content().measure_results()) {
    csv += CsvRow({revision.name(), r.measure_code(), r.actions_taken(), r.results(),
                   IndicatorsText(r), absl::StrJoin(r.evidence_links(), " ")});
  }
  return csv;
}

std::string ReviewHtml(const v1::Review& review, const DocumentContext& c) {
  std::string body = absl::StrCat(
      "<h1>", L({"服務躍升執行成果審查意見", "Review of the Service Upgrade Progress Report"}, c),
      "</h1>\n<p class=\"subtitle\">", L({"（附件2）", "(Attachment 2)"}, c), "</p>\n",
      "<table class=\"meta\">\n<tr><th>", L({"受審機關", "Agency"}, c), "</th>",
      Cell(Text(c.organisation_name, c)), "<th>", L({"報告期間", "Period"}, c), "</th>",
      Cell(PeriodText(review.year(), review.period(), c)), "</tr>\n<tr><th>",
      L({"審查機關", "Reviewed by"}, c), "</th>", Cell(Text(c.counterpart_name, c)), "<th>",
      L({"審查日期", "Date"}, c), "</th>", Cell(TimeText(review.create_time(), c)),
      "</tr>\n<tr><th>", L({"審查版次", "Revision"}, c), "</th>",
      Cell(absl::StrCat(review.reviewed_revision().revision())), "<th>", L({"評等", "Rating"}, c),
      "</th>", Cell(RatingText(review.rating(), c)), "</tr>\n<tr><th>",
      L({"審查結果", "Decision"}, c), "</th>",
      Cell(review.decision() == v1::REVIEW_DECISION_ACCEPT
               ? L({"通過", "Accepted"}, c)
               : L({"退回修正", "Returned for revision"}, c)),
      "<th>", L({"退回理由", "Reason"}, c), "</th>", Cell(ReasonsText(review, c)),
      "</tr>\n</table>\n", ChangesSection(review.reviewed_revision(), c), "<h2>",
      L({"一、各項措施審查意見", "1. Opinions per measure"}, c),
      "</h2>\n<table>\n<thead><tr><th class=\"narrow\">", L({"措施", "Measure"}, c), "</th><th>",
      L({"執行成果", "Results reported"}, c), "</th><th>", L({"審查意見", "Opinion"}, c),
      "</th></tr></thead>\n<tbody>\n");
  for (const v1::MeasureOpinion& o : review.measure_opinions()) {
    std::string results;
    for (const auto& r : review.reviewed_revision().content().measure_results()) {
      if (r.measure_code() == o.measure_code()) results = r.results();
    }
    body += Row({o.measure_code(), results, o.opinion()});
  }
  absl::StrAppend(&body, "</tbody>\n</table>\n<h2>", L({"二、綜合意見", "2. Overall opinion"}, c),
                  "</h2>\n", TextBox(review.overall_opinion(), c), "<h2>",
                  L({"三、缺失事項", "3. Deficiencies"}, c), "</h2>\n");
  if (review.deficiencies().empty()) {
    body += TextBox("", c);
  } else {
    body += "<table>\n";
    for (int i = 0; i < review.deficiencies_size(); ++i) {
      body += Row({absl::StrCat(i + 1), review.deficiencies(i)});
    }
    body += "</table>\n";
  }
  absl::StrAppend(&body, "<h2>", L({"四、改進建議", "4. Improvement guidance"}, c), "</h2>\n",
                  TextBox(review.improvement_guidance(), c), "<p class=\"footer\">", HtmlEscape(review.name()), "<br>",
                  L({"受審內容摘要值 ", "Reviewed content digest "}, c),
                  HtmlEscape(review.content_digest()), "</p>");
  return Page(absl::StrCat(Text(c.organisation_name, c), " ", review.name()), body, c);
}

std::string ReviewCsv(const v1::Review& review) {
  // Every part of Attachment 2, one row each: section, the measure code or deficiency number
  // where the section has several items, and the text.
  std::string csv = "\xEF\xBB\xBFreview,section,item,text\r\n";
  const auto row = [&](absl::string_view section, std::string item, std::string text) {
    csv += CsvRow({review.name(), std::string(section), std::move(item), std::move(text)});
  };
  row("revision", "", review.revision());
  row("content_digest", "", review.content_digest());
  row("reviewer", "", review.reviewer().organisation());
  row("decision", "", v1::ReviewDecision_Name(review.decision()));
  row("return_reason", "", review.return_reason());
  for (const v1::ReturnReason& r : review.return_measure_reasons()) {
    row("return_measure_reason", r.measure_code(), r.reason());
  }
  row("rating", "", v1::Rating_Name(review.rating()));
  for (const v1::MeasureOpinion& o : review.measure_opinions()) {
    row("measure_opinion", o.measure_code(), o.opinion());
  }
  row("overall_opinion", "", review.overall_opinion());
  for (int i = 0; i < review.deficiencies_size(); ++i) {
    row("deficiency", absl::StrCat(i + 1), review.deficiencies(i));
  }
  row("improvement_guidance", "", review.improvement_guidance());
  return csv;
}

std::string PackageHtml(const v1::ForwardingPackage& package, const DocumentContext& c) {
  std::string body = absl::StrCat(
      "<h1>", L({"服務躍升執行成果報告及審查意見彙送表", "Forwarding Package of Reviewed Results"}, c),
      "</h1>\n<table class=\"meta\">\n<tr><th>", L({"彙送機關", "Supervisor"}, c), "</th>",
      Cell(Text(c.organisation_name, c)), "<th>", L({"報告期間", "Period"}, c), "</th>",
      Cell(PeriodText(package.year(), package.period(), c)), "</tr>\n<tr><th>",
      L({"彙送日期", "Forwarded"}, c), "</th>", Cell(TimeText(package.forward_time(), c)), "<th>",
      L({"版次", "Version"}, c), "</th>", Cell(absl::StrCat(package.version())),
      "</tr>\n<tr><th>", L({"期限", "Due"}, c), "</th>", Cell(DateText(package.due_date(), c)),
      "<th>", L({"逾期", "Late"}, c), "</th>",
      Cell(package.late() ? absl::StrCat(package.days_late(), L({" 日", " days"}, c))
                          : L({"否", "No"}, c)),
      "</tr>\n</table>\n<h2>", L({"一、所屬機關執行成果（附件1）及審查意見（附件2）",
                                  "1. Accepted reports (Attachment 1) and reviews (Attachment 2)"}, c),
      "</h2>\n<table>\n<thead><tr><th>", L({"機關", "Agency"}, c), "</th><th>",
      L({"版次", "Revision"}, c), "</th><th>", L({"評等", "Rating"}, c), "</th><th>",
      L({"逾期日數", "Days late"}, c), "</th><th>", L({"內容摘要值", "Digest"}, c),
      "</th></tr></thead>\n<tbody>\n");
  for (const v1::PackageEntry& e : package.entries()) {
    auto revision = ParseRevisionName("revision", e.revision());
    body += Row({AgencyName(e.organisation(), c),
                 revision.ok() ? absl::StrCat(revision->second) : e.revision(),
                 RatingText(e.rating(), c), absl::StrCat(e.days_late()),
                 e.content_digest().substr(0, 19) + "..."});
  }
  absl::StrAppend(&body, "</tbody>\n</table>\n<h2>", L({"二、未列入機關及理由", "2. Agencies missing, with reasons"}, c),
                  "</h2>\n");
  if (package.missing().empty()) {
    body += TextBox("", c);
  } else {
    body += "<table>\n";
    for (const v1::MissingAgency& m : package.missing()) {
      body += Row({AgencyName(m.organisation(), c), m.reason()});
    }
    body += "</table>\n";
  }
  absl::StrAppend(&body, "<h2>", L({"三、說明", "3. Note"}, c), "</h2>\n",
                  TextBox(package.note(), c), "<p class=\"footer\">",
                  HtmlEscape(package.name()), "</p>");
  return Page(absl::StrCat(Text(c.organisation_name, c), " ", package.name()), body, c);
}

std::string PackageCsv(const v1::ForwardingPackage& package) {
  std::string csv =
      "\xEF\xBB\xBFpackage,organisation,revision,rating,late,days_late,content_digest,missing_reason\r\n";
  for (const v1::PackageEntry& e : package.entries()) {
    csv += CsvRow({package.name(), e.organisation(), e.revision(), v1::Rating_Name(e.rating()),
                   e.late() ? "true" : "false", absl::StrCat(e.days_late()), e.content_digest(), ""});
  }
  for (const v1::MissingAgency& m : package.missing()) {
    csv += CsvRow({package.name(), m.organisation(), "", "", "", "", "", m.reason()});
  }
  return csv;
}

}  // namespace svcup::reviews
