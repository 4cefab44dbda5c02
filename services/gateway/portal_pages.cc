#include "services/gateway/portal_pages.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"

namespace svcup::gateway {

namespace {

using E = HtmlPage;

std::string YearLabel(const HtmlPage& page, int year) {
  return page.language() == Language::kZhTw ? absl::StrFormat("%d年度（%d）", year - 1911, year)
                                            : absl::StrFormat("%d (ROC %d)", year, year - 1911);
}

std::string TaipeiDate(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0) return "";
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(time.seconds()),
                          absl::FixedTimeZone(8 * 3600));
}

std::string DateText(const v1::Date& date) {
  return date.year() == 0
             ? ""
             : absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

// Text with line breaks as paragraphs, marked Chinese inside an English page.
std::string Paragraphs(const HtmlPage& page, absl::string_view text) {
  std::string html;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    absl::StrAppend(&html, "<p>", E::Escape(line), "</p>");
  }
  if (page.language() == Language::kEn && !html.empty()) {
    return absl::StrCat("<div lang=\"zh-Hant-TW\">", html, "</div>\n");
  }
  return html + "\n";
}

// A section of a plan's text: its heading in both languages and the text.
struct Section {
  absl::string_view zh;
  absl::string_view en;
  const std::string* text;
};

// Each section as a heading and its paragraphs.
void AddSections(HtmlPage& page, std::initializer_list<Section> sections) {
  for (const Section& section : sections) {
    page.Add(absl::StrCat("<h2>", page.Pick(section.zh, section.en), "</h2>",
                          Paragraphs(page, *section.text)));
  }
}

const v1::Organisation* Find(const OrganisationsByCode& organisations, absl::string_view name) {
  auto it = organisations.find(PortalPages::CodeOf(name));
  return it == organisations.end() ? nullptr : it->second;
}

// The agency's name as the plan carries it (its name when the plan last changed), else today's.
std::string AgencyOf(const HtmlPage& page, const OrganisationsByCode& organisations,
                     const v1::ExecutionPlan& plan);

std::string NameOf(const HtmlPage& page, const OrganisationsByCode& organisations,
                   absl::string_view name) {
  const v1::Organisation* org = Find(organisations, name);
  return org == nullptr ? E::Escape(name) : page.Text(org->display_name());
}

std::string AgencyOf(const HtmlPage& page, const OrganisationsByCode& organisations,
                     const v1::ExecutionPlan& plan) {
  if (!plan.organisation_display_name().zh_tw().empty()) {
    return page.Text(plan.organisation_display_name());
  }
  return NameOf(page, organisations, plan.organisation());
}

std::string Lateness(const HtmlPage& page, const v1::Publication& publication) {
  if (!publication.late()) return std::string(page.Pick("如期公告", "on time"));
  return page.language() == Language::kZhTw
             ? absl::StrFormat("<strong>逾期 %d 日</strong>", publication.days_late())
             : absl::StrFormat("<strong>%d days late</strong>", publication.days_late());
}

bool ContainsFolded(absl::string_view text, absl::string_view query) {
  return absl::StrContains(absl::AsciiStrToLower(text), absl::AsciiStrToLower(query));
}

// The CSV fields of the open data, with what each holds.
struct Field {
  const char* name;
  const char* zh;
  const char* en;
};
constexpr Field kFields[] = {
    {"organisation", "機關資源名稱（orgs/代碼）", "The agency, orgs/{code}"},
    {"organisation_name_zh_tw", "機關名稱（中文）", "The agency's name in Chinese"},
    {"organisation_name_en", "機關名稱（英文）", "The agency's name in English"},
    {"year", "西元年度", "Gregorian year"},
    {"roc_year", "民國年度", "ROC year"},
    {"title", "計畫名稱", "The plan's title"},
    {"approved_by", "核定人", "Who approved it"},
    {"approve_time", "核定時間（臺北時間，RFC 3339）",
     "When it was approved (Taipei time, RFC 3339)"},
    {"publish_time", "公告時間（臺北時間，RFC 3339）",
     "When it was published (Taipei time, RFC 3339)"},
    {"late", "是否逾期公告（true/false）", "Whether it was published late (true/false)"},
    {"days_late", "逾期日數", "Days late"},
    {"urls", "公告網址（以空白分隔）", "Where it is published (space-separated URLs)"},
    {"measure_codes", "對應實施計畫之措施代碼", "The implementation plan's measures it serves"},
    {"priorities", "服務發展重點（依序，以 | 分隔）",
     "Service priorities in rank order (| between)"},
};

}  // namespace

std::string PortalPages::CodeOf(absl::string_view name) {
  absl::ConsumePrefix(&name, "orgs/");
  return std::string(name.substr(0, name.find('/')));
}

bool PortalPages::Matches(const PlanSearch& search, const v1::ExecutionPlan& plan,
                          const OrganisationsByCode& organisations) {
  const v1::Organisation* org = Find(organisations, plan.organisation());
  if (!search.supervisor.empty() &&
      (org == nullptr || CodeOf(org->reports_to()) != search.supervisor)) {
    return false;
  }
  if (search.query.empty()) return true;
  return ContainsFolded(plan.organisation(), search.query) ||
         ContainsFolded(plan.content().title(), search.query) ||
         (org != nullptr && (ContainsFolded(org->display_name().zh_tw(), search.query) ||
                             ContainsFolded(org->display_name().en(), search.query)));
}

void PortalPages::Home(HtmlPage& page, const std::vector<int>& years) {
  page.Add(absl::StrCat(
      "<p>",
      page.Pick("法務部及所屬機關依「服務躍升實施計畫」訂定執行計畫並公告周知。本網站提供各年度"
                "實施計畫、各機關已公告之執行計畫，以及可下載之開放資料。",
                "Each agency of the Ministry of Justice publishes an execution plan under the "
                "ministry's Service Upgrade Implementation Plan. Here are each year's "
                "implementation plan, the execution plans agencies have published, and open data "
                "to download."),
      "</p>\n"));
  if (years.empty()) return Message(page, page.Pick("尚無已公告之實施計畫。", "No plan yet."));
  page.Add("<ul class=\"years\">\n");
  for (int year : years) {
    page.Add(absl::StrCat("<li><h2>", YearLabel(page, year), "</h2><ul>", "<li><a href=\"",
                          page.Link(absl::StrCat("/implementation-plans/", year)), "\">",
                          page.Pick("實施計畫及修正", "The implementation plan and its amendments"),
                          "</a></li><li><a href=\"", page.Link(absl::StrCat("/plans?year=", year)),
                          "\">", page.Pick("各機關執行計畫", "Agencies' execution plans"),
                          "</a></li><li><a href=\"", page.Link("/open-data"), "#y", year, "\">",
                          page.Pick("開放資料", "Open data"), "</a></li></ul></li>\n"));
  }
  page.Add("</ul>\n");
}

void PortalPages::PlanList(HtmlPage& page, const PlanSearch& search, const std::vector<int>& years,
                           const std::vector<v1::Organisation>& organisations,
                           const std::vector<v1::ExecutionPlan>& plans) {
  OrganisationsByCode by_code;
  for (const v1::Organisation& org : organisations) by_code[org.code()] = &org;
  // The search form: a plain GET form, usable without script and by keyboard.
  page.Add(absl::StrCat(
      "<form class=\"search\" method=\"get\" action=\"/plans\" role=\"search\">",
      page.language() == Language::kEn ? "<input type=\"hidden\" name=\"lang\" value=\"en\">" : "",
      "<label for=\"year\">", page.Pick("年度", "Year"),
      "</label><select id=\"year\" name=\"year\">"));
  for (int year : years) {
    page.Add(absl::StrCat("<option value=\"", year, "\"", year == search.year ? " selected" : "",
                          ">", YearLabel(page, year), "</option>"));
  }
  page.Add(absl::StrCat("</select><label for=\"supervisor\">", page.Pick("督導機關", "Supervisor"),
                        "</label><select id=\"supervisor\" name=\"supervisor\"><option value=\"\">",
                        page.Pick("全部", "All"), "</option>"));
  for (const v1::Organisation& org : organisations) {
    if (org.kind() != v1::ORGANISATION_KIND_SUPERVISORY_OFFICE &&
        org.kind() != v1::ORGANISATION_KIND_MINISTRY) {
      continue;
    }
    page.Add(absl::StrCat("<option value=\"", E::Escape(org.code()), "\"",
                          org.code() == search.supervisor ? " selected" : "", ">",
                          page.Text(org.display_name()), "</option>"));
  }
  page.Add(absl::StrCat("</select><label for=\"q\">", page.Pick("關鍵字", "Search"),
                        "</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"100\" "
                        "value=\"",
                        E::Escape(search.query), "\"><button type=\"submit\">",
                        page.Pick("查詢", "Search"), "</button></form>\n"));

  std::vector<const v1::ExecutionPlan*> shown;
  for (const v1::ExecutionPlan& plan : plans) {
    if (Matches(search, plan, by_code)) shown.push_back(&plan);
  }
  page.Add(absl::StrCat("<p role=\"status\">",
                        page.language() == Language::kZhTw
                            ? absl::StrFormat("共 %d 份已公告之執行計畫。", shown.size())
                            : absl::StrFormat("%d published execution plans.", shown.size()),
                        "</p>\n"));
  if (shown.empty()) return;
  page.Add(absl::StrCat("<table><caption>", YearLabel(page, search.year),
                        page.Pick(" 已公告之執行計畫", ": published execution plans"),
                        "</caption><thead><tr><th scope=\"col\">", page.Pick("機關", "Agency"),
                        "</th><th scope=\"col\">", page.Pick("督導機關", "Supervisor"),
                        "</th><th scope=\"col\">", page.Pick("計畫名稱", "Title"),
                        "</th><th scope=\"col\">", page.Pick("公告日期", "Published"),
                        "</th><th scope=\"col\">", page.Pick("公告情形", "Timeliness"),
                        "</th></tr></thead><tbody>\n"));
  for (const v1::ExecutionPlan* plan : shown) {
    const v1::Organisation* org = Find(by_code, plan->organisation());
    page.Add(absl::StrCat("<tr><th scope=\"row\"><a href=\"",
                          page.Link(absl::StrCat("/plans/", E::Escape(CodeOf(plan->organisation())),
                                                 "/", plan->year())),
                          "\">", AgencyOf(page, by_code, *plan), "</a></th><td>",
                          org == nullptr ? "" : NameOf(page, by_code, org->reports_to()),
                          "</td><td lang=\"zh-Hant-TW\">", E::Escape(plan->content().title()),
                          "</td><td>", TaipeiDate(plan->publication().publish_time()), "</td><td>",
                          Lateness(page, plan->publication()), "</td></tr>\n"));
  }
  page.Add("</tbody></table>\n");
}

void PortalPages::PlanPage(HtmlPage& page, const v1::ExecutionPlan& plan,
                           const OrganisationsByCode& organisations) {
  const v1::Organisation* org = Find(organisations, plan.organisation());
  page.Add(absl::StrCat(
      "<dl class=\"facts\"><dt>", page.Pick("機關", "Agency"), "</dt><dd>",
      AgencyOf(page, organisations, plan), "</dd><dt>", page.Pick("督導機關", "Supervisor"),
      "</dt><dd>", org == nullptr ? "" : NameOf(page, organisations, org->reports_to()),
      "</dd><dt>", page.Pick("年度", "Year"), "</dt><dd>", YearLabel(page, plan.year()),
      "</dd><dt>", page.Pick("公告日期", "Published"), "</dt><dd>",
      TaipeiDate(plan.publication().publish_time()), "</dd><dt>",
      page.Pick("公告情形", "Timeliness"), "</dt><dd>", Lateness(page, plan.publication()), " (",
      page.Pick("期限 ", "deadline "), DateText(plan.publication().deadline()), ")</dd><dt>",
      page.Pick("核定", "Approved"), "</dt><dd>", TaipeiDate(plan.approval().approve_time()),
      "</dd><dt>", page.Pick("依據實施計畫版本", "Implementation plan version"), "</dt><dd>",
      plan.implementation_plan_version(), "</dd><dt>", page.Pick("公告網址", "Published at"),
      "</dt><dd><ul>"));
  for (const std::string& url : plan.publication().urls()) {
    // Only web addresses become links.
    const bool web = absl::StartsWith(url, "https://") || absl::StartsWith(url, "http://");
    page.Add(web ? absl::StrCat("<li><a rel=\"noopener noreferrer\" href=\"", E::Escape(url), "\">",
                                E::Escape(url), "</a></li>")
                 : absl::StrCat("<li>", E::Escape(url), "</li>"));
  }
  page.Add("</ul></dd></dl>\n");
  const v1::ExecutionPlanContent& content = plan.content();
  AddSections(page, {{"計畫名稱", "Title", &content.title()},
                     {"計畫依據", "Basis", &content.basis()},
                     {"目標", "Goals", &content.goals()},
                     {"實施對象", "Targets", &content.targets()}});
  page.Add(absl::StrCat("<h2>", page.Pick("執行策略及具體推動作法", "Strategies and measures"),
                        "</h2><table><thead><tr><th scope=\"col\">", page.Pick("措施", "Measure"),
                        "</th><th scope=\"col\">", page.Pick("具體作法", "What the agency will do"),
                        "</th><th scope=\"col\">", page.Pick("說明", "How"),
                        "</th><th scope=\"col\">", page.Pick("權責單位", "Responsible unit"),
                        "</th></tr></thead><tbody lang=\"zh-Hant-TW\">"));
  for (const v1::ConcreteMeasure& measure : content.measures()) {
    page.Add(absl::StrCat("<tr><th scope=\"row\">", E::Escape(measure.measure_code()), "</th><td>",
                          E::Escape(measure.title()), "</td><td>", E::Escape(measure.description()),
                          "</td><td>", E::Escape(measure.responsible_unit()), "</td></tr>"));
  }
  page.Add("</tbody></table>\n");
  AddSections(page, {{"實施步驟", "Implementation steps", &content.implementation_steps()},
                     {"考核作業", "Evaluation", &content.evaluation()},
                     {"獎勵方式", "Rewards", &content.rewards()}});
  page.Add(absl::StrCat("<h2>", page.Pick("服務發展重點", "Service priorities"),
                        "</h2><ol lang=\"zh-Hant-TW\">"));
  for (const v1::ServicePriority& priority : content.priorities()) {
    page.Add(absl::StrCat("<li>", E::Escape(priority.title()), "</li>"));
  }
  page.Add("</ol>\n");
}

void PortalPages::ImplementationPlanIndex(HtmlPage& page, const std::vector<int>& years) {
  if (years.empty()) return Message(page, page.Pick("尚無已公告之實施計畫。", "No plan yet."));
  page.Add("<ul>");
  for (int year : years) {
    page.Add(absl::StrCat("<li><a href=\"", page.Link(absl::StrCat("/implementation-plans/", year)),
                          "\">", YearLabel(page, year), "</a></li>"));
  }
  page.Add("</ul>\n");
}

void PortalPages::ImplementationPlanPage(HtmlPage& page,
                                         const std::vector<v1::ImplementationPlan>& versions) {
  const v1::ImplementationPlan& current = versions.front();
  const v1::ImplementationPlanContent& content = current.content();
  page.Add(absl::StrCat(
      "<dl class=\"facts\"><dt>", page.Pick("計畫名稱", "Title"), "</dt><dd>",
      page.Text(content.title()), "</dd><dt>", page.Pick("發文字號", "Issued as"), "</dt><dd>",
      E::Escape(content.document_number()), " (", DateText(content.issue_date()), ")</dd><dt>",
      page.Pick("現行版本", "Version in force"), "</dt><dd>", current.version(), "</dd><dt>",
      page.Pick("執行計畫公告期限", "Execution plans due"), "</dt><dd>",
      DateText(content.execution_plan_deadline()), "</dd></dl>\n<h2>",
      page.Pick("計畫目標", "Goals"), "</h2><p>", page.Text(content.goals()), "</p>\n<h2>",
      page.Pick("執行策略及方法", "Strategies and measures"), "</h2>\n"));
  for (const v1::Strategy& strategy : content.strategies()) {
    page.Add(absl::StrCat("<h3>", E::Escape(strategy.code()), ". ", page.Text(strategy.title()),
                          "</h3><ul>"));
    for (const v1::Measure& measure : strategy.measures()) {
      page.Add(
          absl::StrCat("<li>", E::Escape(measure.code()), " ", page.Text(measure.text()), "</li>"));
    }
    page.Add("</ul>\n");
  }
  page.Add(absl::StrCat("<h2>", page.Pick("版本及修正", "Versions and amendments"),
                        "</h2><table><thead><tr><th scope=\"col\">", page.Pick("版本", "Version"),
                        "</th><th scope=\"col\">", page.Pick("公告日期", "Published"),
                        "</th><th scope=\"col\">", page.Pick("生效日期", "In effect from"),
                        "</th><th scope=\"col\">", page.Pick("修正理由", "Why it was amended"),
                        "</th></tr></thead><tbody>"));
  for (const v1::ImplementationPlan& version : versions) {
    page.Add(absl::StrCat(
        "<tr><th scope=\"row\">", version.version(), "</th><td>",
        TaipeiDate(version.publish_time()), "</td><td>",
        DateText(version.amendment().effective_date()), "</td><td lang=\"zh-Hant-TW\">",
        version.version() == 1 ? std::string(page.Pick("原始版本", "The first version"))
                               : E::Escape(version.amendment().reason()),
        "</td></tr>"));
  }
  page.Add("</tbody></table>\n");
}

void PortalPages::OpenData(HtmlPage& page, const std::vector<int>& years) {
  page.Add(absl::StrCat(
      "<p>",
      page.Pick("各機關已公告之執行計畫，依年度提供 CSV（UTF-8，含 BOM）及 JSON（protobuf JSON "
                "格式）下載，依",
                "The published execution plans of each year, as CSV (UTF-8 with a byte-order "
                "mark) and JSON (protobuf's JSON mapping), under the "),
      "<a rel=\"license noopener noreferrer\" href=\"https://data.gov.tw/license\">",
      page.Pick("政府資料開放授權條款－第1版", "Open Government Data License, version 1.0"), "</a>",
      page.Pick("提供，得自由利用並應註明出處。", ": free to use, with attribution."), "</p>\n"));
  for (int year : years) {
    page.Add(absl::StrCat("<h2 id=\"y", year, "\">", YearLabel(page, year),
                          "</h2><ul><li><a download href=\"/open-data/execution-plans-", year,
                          ".csv\">", page.Pick("執行計畫（CSV）", "Execution plans (CSV)"),
                          "</a></li><li><a download href=\"/open-data/execution-plans-", year,
                          ".json\">", page.Pick("執行計畫（JSON）", "Execution plans (JSON)"),
                          "</a></li></ul>\n"));
  }
  page.Add(absl::StrCat("<h2>", page.Pick("欄位說明（CSV）", "Fields (CSV)"),
                        "</h2><table><thead><tr><th scope=\"col\">", page.Pick("欄位", "Field"),
                        "</th><th scope=\"col\">", page.Pick("說明", "Meaning"),
                        "</th></tr></thead><tbody>"));
  for (const Field& field : kFields) {
    page.Add(absl::StrCat("<tr><th scope=\"row\"><code>", field.name, "</code></th><td>",
                          page.Pick(field.zh, field.en), "</td></tr>"));
  }
  page.Add(
      absl::StrCat("</tbody></table>\n<p>",
                   page.Pick("JSON 檔為執行計畫物件之陣列，欄位見 proto/svcup/v1/plans.proto 之 "
                             "ExecutionPlan。",
                             "The JSON file is an array of ExecutionPlan objects, whose "
                             "fields proto/svcup/v1/plans.proto describes."),
                   "</p>\n"));
}

void PortalPages::Message(HtmlPage& page, absl::string_view text) {
  page.Add(absl::StrCat("<p class=\"message\">", E::Escape(text), "</p>\n"));
}

}  // namespace svcup::gateway
