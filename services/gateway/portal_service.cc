#include "services/gateway/portal_service.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/gateway/connect_errors.h"
#include "services/gateway/document_download.h"
#include "services/gateway/portal_pages.h"
#include "services/gateway/web_assets.h"
#include "svcup/v1/plans.pb.h"

namespace svcup::gateway {

namespace {

HttpResponse PageResponse(int status, const HtmlPage& page) {
  HttpResponse response;
  response.status = status;
  response.body = page.Finish();
  response.With("Content-Type", "text/html; charset=utf-8")
      .With("Content-Security-Policy", kPageSecurityPolicy)
      .With("Content-Language", page.language() == Language::kZhTw ? "zh-Hant-TW" : "en")
      .With("Cache-Control", "public, max-age=60");
  return response;
}

// The page saying why `status` leaves nothing to show, under its HTTP status.
HttpResponse ErrorPage(HtmlPage& page, const absl::Status& status) {
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (code == grpc::StatusCode::NOT_FOUND) {
    PortalPages::Message(page, page.Pick("找不到這個頁面，或該計畫尚未公告。",
                                         "There is no such page, or the plan is not published."));
  } else if (code == grpc::StatusCode::UNAVAILABLE) {
    PortalPages::Message(page,
                         page.Pick("服務暫時無法使用，請稍後再試。",
                                   "The service is unavailable for a moment: try again soon."));
  } else {
    PortalPages::Message(
        page, page.Pick("發生錯誤，請稍後再試。", "Something went wrong: try again soon."));
  }
  return PageResponse(HttpStatusOf(code), page);
}

// An organisation code as the hierarchy spells them.
bool IsOrganisationCode(absl::string_view code) {
  return !code.empty() && code.size() <= 64 && std::all_of(code.begin(), code.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
  });
}

// A year the portal may be asked for.
bool ParseYear(absl::string_view text, int* year) {
  return text.size() == 4 && absl::SimpleAtoi(text, year) && *year >= 1912 && *year <= 2200;
}

// The request's path and query without lang=, for the page's language switch.
std::string PathWithoutLanguage(const HttpRequest& request) {
  std::vector<std::pair<std::string, std::string>> kept;
  for (const auto& [name, value] : request.query) {
    if (name != "lang") kept.emplace_back(name, value);
  }
  std::sort(kept.begin(), kept.end());
  std::string path = request.path;
  for (size_t i = 0; i < kept.size(); ++i) {
    absl::StrAppend(&path, i == 0 ? "?" : "&", HtmlPage::UrlEncode(kept[i].first), "=",
                    HtmlPage::UrlEncode(kept[i].second));
  }
  return path;
}

std::string QueryValue(const HttpRequest& request, const std::string& name, size_t max) {
  auto it = request.query.find(name);
  if (it == request.query.end()) return "";
  return std::string(absl::StripAsciiWhitespace(it->second)).substr(0, max);
}

}  // namespace

PortalService::PortalService(PublicPlans& plans, const RpcCatalog& catalog,
                             const GrpcBackends& backends, int first_year)
    : plans_(plans), catalog_(catalog), backends_(backends), first_year_(first_year) {}

HttpResponse PortalService::Handle(const HttpRequest& request, const std::string& request_id) {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse refused;
    refused.status = 405;
    refused.body = "The portal's pages are read with GET.\n";
    return refused.With("Allow", "GET, HEAD").With("Content-Type", "text/plain; charset=utf-8");
  }
  if (request.path == "/favicon.ico") {
    HttpResponse none;  // the portal has no icon; say so without an error in the console
    none.status = 204;
    return none.With("Cache-Control", "public, max-age=86400");
  }
  if (request.path == "/healthz") {
    HttpResponse ok;
    ok.body = "ok\n";
    return ok.With("Content-Type", "text/plain; charset=utf-8").With("Cache-Control", "no-store");
  }
  if (const WebAsset* asset = FindWebAsset(request.path)) {
    HttpResponse file;
    file.body = std::string(asset->body);
    return file.With("Content-Type", std::string(asset->content_type))
        .With("Content-Security-Policy", kPageSecurityPolicy)
        .With("Cache-Control", "no-cache");
  }
  const Language language =
      QueryValue(request, "lang", 8) == "en" ? Language::kEn : Language::kZhTw;
  const std::vector<std::string> parts =
      absl::StrSplit(absl::string_view(request.path).substr(1), '/');
  const auto page_titled = [&](absl::string_view zh, absl::string_view en) {
    return HtmlPage(language, language == Language::kZhTw ? zh : en, PathWithoutLanguage(request));
  };
  int year = 0;
  if (parts.size() == 1 && parts[0].empty()) {
    HtmlPage page = page_titled("服務躍升計畫", "Service upgrade plans");
    return Home(page);
  }
  if (parts[0] == "plans" && parts.size() == 1) {
    HtmlPage page = page_titled("各機關執行計畫", "Agencies' execution plans");
    return PlanList(page, request);
  }
  if (parts[0] == "plans" && parts.size() == 3 && IsOrganisationCode(parts[1]) &&
      ParseYear(parts[2], &year)) {
    return Plan(language, PathWithoutLanguage(request), parts[1], year);
  }
  if (parts[0] == "implementation-plans" && parts.size() == 1) {
    HtmlPage page = page_titled("實施計畫", "Implementation plans");
    return ImplementationPlans(page);
  }
  if (parts[0] == "implementation-plans" && parts.size() == 2 && ParseYear(parts[1], &year)) {
    HtmlPage page = page_titled(absl::StrCat(year - 1911, "年度服務躍升實施計畫"),
                                absl::StrCat("The ", year, " implementation plan"));
    return ImplementationPlan(page, year);
  }
  if (parts[0] == "open-data" && parts.size() == 1) {
    HtmlPage page = page_titled("開放資料", "Open data");
    return OpenData(page);
  }
  absl::string_view file = parts.size() == 2 ? absl::string_view(parts[1]) : "";
  if (parts[0] == "open-data" && absl::ConsumePrefix(&file, "execution-plans-") &&
      (absl::EndsWith(file, ".csv") || absl::EndsWith(file, ".json")) &&
      ParseYear(file.substr(0, file.find('.')), &year)) {
    return Download(year, std::string(file.substr(file.find('.') + 1)), request_id);
  }
  HtmlPage page = page_titled("找不到頁面", "Not found");
  return ErrorPage(page, absl::NotFoundError("no such page"));
}

absl::StatusOr<std::vector<int>> PortalService::Years() {
  const int this_year = absl::ToCivilYear(absl::Now(), absl::FixedTimeZone(8 * 3600)).year();
  return plans_.Years(first_year_, static_cast<int>(this_year));
}

HttpResponse PortalService::Home(HtmlPage& page) {
  auto years = Years();
  if (!years.ok()) return ErrorPage(page, years.status());
  PortalPages::Home(page, *years);
  return PageResponse(200, page);
}

HttpResponse PortalService::PlanList(HtmlPage& page, const HttpRequest& request) {
  auto years = Years();
  if (!years.ok()) return ErrorPage(page, years.status());
  PlanSearch search;
  const std::string year = QueryValue(request, "year", 8);
  if (year.empty() && !years->empty()) {
    search.year = years->front();
  } else if (!ParseYear(year, &search.year) ||
             std::find(years->begin(), years->end(), search.year) == years->end()) {
    return ErrorPage(page, absl::NotFoundError("no such year"));
  }
  search.supervisor = QueryValue(request, "supervisor", 64);
  search.query = QueryValue(request, "q", 100);
  auto organisations = plans_.Organisations();
  if (!organisations.ok()) return ErrorPage(page, organisations.status());
  auto plans = plans_.PublishedPlans(search.year);
  if (!plans.ok()) return ErrorPage(page, plans.status());
  PortalPages::PlanList(page, search, *years, **organisations, **plans);
  return PageResponse(200, page);
}

HttpResponse PortalService::Plan(Language language, const std::string& path,
                                 const std::string& code, int year) {
  auto plan = plans_.Plan(absl::StrCat("orgs/", code, "/executionPlans/", year));
  auto organisations = plans_.Organisations();
  const absl::Status failed = !plan.ok() ? plan.status() : organisations.status();
  if (!failed.ok()) {
    HtmlPage page(language, language == Language::kZhTw ? "執行計畫" : "Execution plan", path);
    return ErrorPage(page, failed);
  }
  OrganisationsByCode by_code;
  for (const v1::Organisation& org : **organisations) by_code[org.code()] = &org;
  // The title names the agency: "臺灣臺北地方檢察署 107年度服務躍升執行計畫".
  const v1::LocalizedText& name = plan->organisation_display_name();
  const std::string agency = language == Language::kEn && !name.en().empty() ? name.en()
                             : !name.zh_tw().empty()                         ? name.zh_tw()
                                                                             : code;
  HtmlPage page(language, absl::StrCat(agency, " ", plan->content().title()), path);
  PortalPages::PlanPage(page, *plan, by_code);
  return PageResponse(200, page);
}

HttpResponse PortalService::ImplementationPlans(HtmlPage& page) {
  auto years = Years();
  if (!years.ok()) return ErrorPage(page, years.status());
  PortalPages::ImplementationPlanIndex(page, *years);
  return PageResponse(200, page);
}

HttpResponse PortalService::ImplementationPlan(HtmlPage& page, int year) {
  auto versions = plans_.PlanVersions(year);
  if (!versions.ok()) return ErrorPage(page, versions.status());
  if ((*versions)->empty()) return ErrorPage(page, absl::NotFoundError("no plan that year"));
  PortalPages::ImplementationPlanPage(page, **versions);
  return PageResponse(200, page);
}

HttpResponse PortalService::OpenData(HtmlPage& page) {
  auto years = Years();
  if (!years.ok()) return ErrorPage(page, years.status());
  PortalPages::OpenData(page, *years);
  return PageResponse(200, page);
}

HttpResponse PortalService::Download(int year, const std::string& format,
                                     const std::string& request_id) {
  const RpcRoute* route = catalog_.Find("/svcup.v1.PlanRegistry/ExportExecutionPlans");
  v1::ExportExecutionPlansRequest request;
  request.set_year(year);
  request.set_format(format == "json" ? v1::EXPORT_FORMAT_JSON : v1::EXPORT_FORMAT_CSV);
  OutgoingCall call;
  call.request_id = request_id;
  std::shared_ptr<BackendStream> export_call =
      backends_.Open(*route, request.SerializeAsString(), call);
  std::string first;
  grpc::Status ended;
  switch (export_call->Next(absl::Seconds(30), &first, &ended)) {
    case BackendStream::Read::kEnded:
      return ConnectErrorResponse(
          ended.ok() ? grpc::Status(grpc::StatusCode::NOT_FOUND, "the export is empty") : ended);
    case BackendStream::Read::kQuiet:
      export_call->Cancel();
      return ConnectErrorResponse(
          grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "the export did not start in 30 s"));
    case BackendStream::Read::kMessage:
      break;
  }
  v1::Document document;
  document.ParseFromString(first);
  HttpResponse response;
  response.With("Content-Type", document.content_type())
      .With("Content-Disposition",
            absl::StrCat("attachment; filename=\"execution-plans-", year, ".", format, "\""))
      .With("Cache-Control", "public, max-age=60");
  response.stream = std::make_shared<DocumentDownload>(std::move(export_call), std::move(first));
  return response;
}

}  // namespace svcup::gateway
