// One page of the public portal: the document around the content (language, title, the skip
// link, the header with the site's sections and the language switch, the footer), and escaping.
// Pages carry no inline script or style: the Content-Security-Policy allows only the gateway's
// own stylesheet and scripts.
#ifndef SVCUP_SERVICES_GATEWAY_HTML_PAGE_H_
#define SVCUP_SERVICES_GATEWAY_HTML_PAGE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "svcup/v1/common.pb.h"

namespace svcup::gateway {

// The language of a page: Traditional Chinese (the authoritative text) or English.
enum class Language { kZhTw, kEn };

// A page being written.
class HtmlPage {
 public:
  // A page at `path` (with its query, without lang=) titled `title`, in `language`.
  HtmlPage(Language language, absl::string_view title, absl::string_view path);

  // Appends markup as it is (the caller escapes what it took from data).
  HtmlPage& Add(absl::string_view html);

  // The whole document.
  std::string Finish() const;

  Language language() const { return language_; }
  // `zh` or `en`, as the page's language.
  absl::string_view Pick(absl::string_view zh, absl::string_view en) const {
    return language_ == Language::kZhTw ? zh : en;
  }
  // The text of `text` in the page's language (the Chinese when it has no English), escaped,
  // marked lang="zh-Hant-TW" inside an English page when it falls back.
  std::string Text(const v1::LocalizedText& text) const;
  // `href` with this page's language kept (lang=en added on English pages).
  std::string Link(absl::string_view href) const;

  // Escapes text for HTML content and attribute values.
  static std::string Escape(absl::string_view text);
  // Escapes text for a URL's query value.
  static std::string UrlEncode(absl::string_view text);

 private:
  const Language language_;
  const std::string title_;
  const std::string path_;
  std::string body_;
};

// The content security policy of every portal page.
inline constexpr char kPageSecurityPolicy[] =
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_HTML_PAGE_H_
