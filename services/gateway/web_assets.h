// The portal's and the dashboard's static files (services/gateway/web/), built into the binary
// (web_assets.cc is generated from them by CMake), so the gateway needs no files at run time.
#ifndef SVCUP_SERVICES_GATEWAY_WEB_ASSETS_H_
#define SVCUP_SERVICES_GATEWAY_WEB_ASSETS_H_

#include "absl/strings/string_view.h"

namespace svcup::gateway {

// One static file.
struct WebAsset {
  absl::string_view path;          // "/assets/portal.css"
  absl::string_view content_type;  // "text/css; charset=utf-8"
  absl::string_view body;
};

// The file served at `path`, or nullptr.
const WebAsset* FindWebAsset(absl::string_view path);

}  // namespace svcup::gateway

#endif  // SVCUP_SERVICES_GATEWAY_WEB_ASSETS_H_
