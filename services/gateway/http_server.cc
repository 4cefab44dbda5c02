#include "services/gateway/http_server.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace svcup::gateway {

// What libmicrohttpd keeps for one request while its body arrives.
struct HttpServer::Exchange {
  HttpRequest request;
  bool answered = false;  // a response was queued (the rest of an oversized body is dropped)
};

namespace {

// A stream being sent, with the piece of it not yet copied out.
struct StreamFeed {
  HttpServer* server;
  std::shared_ptr<ResponseStream> stream;
  std::string pending;
  size_t offset = 0;
};

ssize_t ReadStream(void* cls, uint64_t /*position*/, char* buffer, size_t max) {
  auto* feed = static_cast<StreamFeed*>(cls);
  while (feed->offset == feed->pending.size()) {
    std::optional<std::string> next = feed->stream->Next();
    if (!next.has_value()) {
      return feed->stream->Failed() ? MHD_CONTENT_READER_END_WITH_ERROR
                                    : MHD_CONTENT_READER_END_OF_STREAM;
    }
    feed->pending = std::move(*next);
    feed->offset = 0;
  }
  const size_t n = std::min(max, feed->pending.size() - feed->offset);
  std::copy_n(feed->pending.data() + feed->offset, n, buffer);
  feed->offset += n;
  return static_cast<ssize_t>(n);
}

void FreeStream(void* cls) {
  auto* feed = static_cast<StreamFeed*>(cls);
  feed->stream->Cancel();
  feed->server->RemoveStream(feed->stream.get());
  delete feed;
}

MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* headers = static_cast<absl::flat_hash_map<std::string, std::string>*>(cls);
  // A repeated header keeps its first value.
  headers->try_emplace(absl::AsciiStrToLower(key), value == nullptr ? "" : value);
  return MHD_YES;
}

std::string ClientAddress(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) return "";
  char text[INET6_ADDRSTRLEN] = {};
  if (info->client_addr->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(info->client_addr);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
  } else if (info->client_addr->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(info->client_addr);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
  }
  return text;
}

// Reads the client certificate of an HTTPS connection into `request`: presented, verified
// against the client CA, and its URI SANs.
void ReadClientCertificate(MHD_Connection* connection, HttpRequest& request) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_GNUTLS_SESSION);
  if (info == nullptr || info->tls_session == nullptr) return;
  auto session = static_cast<gnutls_session_t>(info->tls_session);
  unsigned int count = 0;
  const gnutls_datum_t* chain = gnutls_certificate_get_peers(session, &count);
  if (chain == nullptr || count == 0) return;
  request.presented_certificate = true;
  unsigned int problems = 0;
  if (gnutls_certificate_verify_peers2(session, &problems) != GNUTLS_E_SUCCESS || problems != 0) {
    return;
  }
  gnutls_x509_crt_t certificate;
  if (gnutls_x509_crt_init(&certificate) != GNUTLS_E_SUCCESS) return;
  if (gnutls_x509_crt_import(certificate, &chain[0], GNUTLS_X509_FMT_DER) == GNUTLS_E_SUCCESS) {
    request.certificate_verified = true;
    for (unsigned int i = 0; i < 16; ++i) {
      char name[1024];
      size_t size = sizeof(name);
      unsigned int critical = 0;
      const int type = gnutls_x509_crt_get_subject_alt_name(certificate, i, name, &size, &critical);
      if (type < 0) break;
      if (type == GNUTLS_SAN_URI) request.certificate_uris.emplace_back(name, size);
    }
  }
  gnutls_x509_crt_deinit(certificate);
}

MHD_Result Queue(HttpServer& server, MHD_Connection* connection, const HttpResponse& answer) {
  MHD_Response* response;
  if (answer.stream != nullptr) {
    server.AddStream(answer.stream);
    response =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 << 10, &ReadStream,
                                          new StreamFeed{&server, answer.stream}, &FreeStream);
  } else {
    response = MHD_create_response_from_buffer(
        answer.body.size(), const_cast<char*>(answer.body.data()), MHD_RESPMEM_MUST_COPY);
  }
  if (response == nullptr) return MHD_NO;
  for (const auto& [name, value] : answer.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  const MHD_Result queued = MHD_queue_response(connection, answer.status, response);
  MHD_destroy_response(response);
  return queued;
}

MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url, const char* method,
                     const char* /*version*/, const char* upload_data, size_t* upload_data_size,
                     void** exchange_slot) {
  auto& server = *static_cast<HttpServer*>(cls);
  auto* exchange = static_cast<HttpServer::Exchange*>(*exchange_slot);
  if (exchange == nullptr) {
    exchange = new HttpServer::Exchange;
    *exchange_slot = exchange;
    HttpRequest& request = exchange->request;
    request.method = method;
    request.path = url;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &request.headers);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectHeader, &request.query);
    request.client_address = ClientAddress(connection);
    if (server.asks_for_certificates()) ReadClientCertificate(connection, request);
    uint64_t declared = 0;
    if (absl::SimpleAtoi(request.Header("content-length"), &declared) &&
        declared > server.limits().max_body_bytes) {
      request.body_too_large = true;  // refused before a byte of it is read
    } else {
      return MHD_YES;
    }
  }
  if (exchange->answered) {
    *upload_data_size = 0;  // the rest of a refused body, dropped
    return MHD_YES;
  }
  HttpRequest& request = exchange->request;
  if (*upload_data_size > 0 && !request.body_too_large) {
    if (request.body.size() + *upload_data_size > server.limits().max_body_bytes) {
      request.body_too_large = true;
      std::string().swap(request.body);
    } else {
      request.body.append(upload_data, *upload_data_size);
      *upload_data_size = 0;
      return MHD_YES;
    }
  }
  *upload_data_size = 0;
  exchange->answered = true;
  return Queue(server, connection, server.handler()(request));
}

void OnCompleted(void* /*cls*/, MHD_Connection*, void** exchange_slot, MHD_RequestTerminationCode) {
  delete static_cast<HttpServer::Exchange*>(*exchange_slot);
  *exchange_slot = nullptr;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const std::string& address,
                                                              const HttpLimits& limits,
                                                              Handler handler,
                                                              HttpsSettings https) {
  std::pair<std::string, std::string> host_port = absl::StrSplit(address, absl::MaxSplits(':', 1));
  sockaddr_in bind_address{};
  bind_address.sin_family = AF_INET;
  int port = 0;
  if (!absl::SimpleAtoi(host_port.second, &port) || port < 0 || port > 65535 ||
      inet_pton(AF_INET, host_port.first == "" ? "0.0.0.0" : host_port.first.c_str(),
                &bind_address.sin_addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen address must be IPv4 host:port (\"127.0.0.1:8080\"), got \"",
                     address.substr(0, 64), "\""));
  }
  bind_address.sin_port = htons(static_cast<uint16_t>(port));
  if (https.certificate.empty() != https.private_key.empty() ||
      (!https.client_ca.empty() && https.certificate.empty())) {
    return absl::InvalidArgumentError(
        "HTTPS needs both a certificate and its key (and a client CA only with them)");
  }
  const bool tls = !https.certificate.empty();
  auto server =
      std::unique_ptr<HttpServer>(new HttpServer(limits, std::move(handler), std::move(https)));
  // The TLS options, if any, as an option array inside the call's own options.
  std::vector<MHD_OptionItem> tls_options;
  if (tls) {
    tls_options.push_back(
        {MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(server->https_.private_key.c_str())});
    tls_options.push_back(
        {MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(server->https_.certificate.c_str())});
    if (!server->https_.client_ca.empty()) {
      tls_options.push_back(
          {MHD_OPTION_HTTPS_MEM_TRUST, 0, const_cast<char*>(server->https_.client_ca.c_str())});
    }
  }
  tls_options.push_back({MHD_OPTION_END, 0, nullptr});
  server->daemon_ = MHD_start_daemon(
      MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC |
          (tls ? MHD_USE_TLS : 0),
      0, nullptr, nullptr, &OnRequest, server.get(), MHD_OPTION_SOCK_ADDR,
      reinterpret_cast<sockaddr*>(&bind_address), MHD_OPTION_CONNECTION_LIMIT,
      static_cast<unsigned int>(limits.max_connections), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      static_cast<unsigned int>(limits.max_connections_per_address),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, limits.max_header_bytes, MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned int>(absl::ToInt64Seconds(limits.idle_timeout)),
      MHD_OPTION_NOTIFY_COMPLETED, &OnCompleted, nullptr, MHD_OPTION_ARRAY, tls_options.data(),
      MHD_OPTION_END);
  if (server->daemon_ == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address.substr(0, 64)));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(server->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  server->port_ = info == nullptr ? port : info->port;
  return server;
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::AddStream(const std::shared_ptr<ResponseStream>& stream) {
  absl::MutexLock lock(&mu_);
  if (stopped_) stream->Cancel();
  streams_.push_back(stream);
}

void HttpServer::RemoveStream(const ResponseStream* stream) {
  absl::MutexLock lock(&mu_);
  std::erase_if(streams_, [stream](const auto& open) { return open.get() == stream; });
}

void HttpServer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stopped_ || daemon_ == nullptr) return;
    stopped_ = true;
    for (const auto& stream : streams_) stream->Cancel();
  }
  const MHD_socket listener = MHD_quiesce_daemon(daemon_);
  MHD_stop_daemon(daemon_);
  if (listener != MHD_INVALID_SOCKET) close(listener);
}

}  // namespace svcup::gateway
