#include "services/gateway/html_page.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace svcup::gateway {

namespace {

std::string WithQuery(absl::string_view href, absl::string_view parameter) {
  return absl::StrCat(href, href.find('?') == absl::string_view::npos ? "?" : "&", parameter);
}

}  // namespace

HtmlPage::HtmlPage(Language language, absl::string_view title, absl::string_view path)
    : language_(language), title_(title), path_(path) {}

HtmlPage& HtmlPage::Add(absl::string_view html) {
  absl::StrAppend(&body_, html);
  return *this;
}

std::string HtmlPage::Escape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HtmlPage::UrlEncode(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

std::string HtmlPage::Text(const v1::LocalizedText& text) const {
  if (language_ == Language::kEn && !text.en().empty()) return Escape(text.en());
  if (language_ == Language::kEn) {
    return absl::StrCat("<span lang=\"zh-Hant-TW\">", Escape(text.zh_tw()), "</span>");
  }
  return Escape(text.zh_tw());
}

std::string HtmlPage::Link(absl::string_view href) const {
  return language_ == Language::kEn ? WithQuery(href, "lang=en") : std::string(href);
}

std::string HtmlPage::Finish() const {
  const bool zh = language_ == Language::kZhTw;
  const std::string other = zh ? WithQuery(path_, "lang=en") : path_;
  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"", zh ? "zh-Hant-TW" : "en", "\">\n<head>\n",
      "<meta charset=\"utf-8\">\n",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", "<title>",
      Escape(title_), " — ", Pick("法務部服務躍升公開資訊", "MOJ Service Upgrade"),
      "</title>\n<link rel=\"stylesheet\" href=\"/assets/portal.css\">\n</head>\n<body>\n",
      "<a class=\"skip\" href=\"#main\">", Pick("跳到主要內容", "Skip to the content"), "</a>\n",
      "<header>\n<p class=\"site\"><a href=\"", Link("/"), "\">",
      Pick("法務部服務躍升公開資訊", "MOJ Service Upgrade: public information"), "</a></p>\n",
      "<nav aria-label=\"", Pick("網站導覽", "Site"), "\"><ul>\n");
  const std::pair<absl::string_view, std::pair<absl::string_view, absl::string_view>> kSections[] =
      {{"/plans", {"執行計畫", "Execution plans"}},
       {"/implementation-plans", {"實施計畫", "Implementation plans"}},
       {"/open-data", {"開放資料", "Open data"}},
       {"/dashboard", {"督導儀表板", "Dashboard"}}};
  for (const auto& [href, words] : kSections) {
    absl::StrAppend(&html, "<li><a href=\"", Link(href), "\">", Pick(words.first, words.second),
                    "</a></li>\n");
  }
  absl::StrAppend(
      &html, "<li><a href=\"", Escape(other), "\" lang=\"", zh ? "en" : "zh-Hant-TW",
      "\" hreflang=\"", zh ? "en" : "zh-Hant-TW", "\">", zh ? "English" : "中文",
      "</a></li>\n</ul></nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n<h1>", Escape(title_),
      "</h1>\n", body_, "</main>\n<footer><p>",
      Pick("資料來源：法務部服務躍升報告系統。開放資料依政府資料開放授權條款第1版提供。",
           "Source: the Ministry of Justice's service upgrade reporting system. Open "
           "data under the Open Government Data License, version 1.0."),
      "</p></footer>\n</body>\n</html>\n");
  return html;
}

}  // namespace svcup::gateway
