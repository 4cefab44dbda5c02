// A local SMTP sink on 127.0.0.1 (port 0) for tests: answers a client as a relay would and
// keeps every message it receives (envelope and data). One connection at a time.
#ifndef SVCUP_TESTS_TESTING_SMTP_SINK_H_
#define SVCUP_TESTS_TESTING_SMTP_SINK_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace svcup::testing {

class SmtpSink {
 public:
  // One message as received.
  struct Mail {
    std::string from;
    std::vector<std::string> recipients;
    std::string data;
  };

  SmtpSink() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    listen(listener_, 8);
    thread_ = std::thread([this] { Serve(); });
  }

  ~SmtpSink() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }

  // "smtp://127.0.0.1:<port>".
  std::string url() const { return absl::StrCat("smtp://127.0.0.1:", port_); }

  // Every message received so far.
  std::vector<Mail> mails() {
    absl::MutexLock lock(&mu_);
    return mails_;
  }

 private:
  void Serve() {
    while (true) {
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      Converse(client);
      close(client);
    }
  }

  static void Say(int client, const std::string& line) {
    const std::string text = line + "\r\n";
    (void)!write(client, text.data(), text.size());
  }

  // Reads one CRLF-terminated line into `line`; false when the client closed.
  bool ReadLine(int client, std::string& line) {
    line.clear();
    while (true) {
      size_t end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return true;
      }
      char chunk[4096];
      const ssize_t n = read(client, chunk, sizeof(chunk));
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  void Converse(int client) {
    buffer_.clear();
    Mail mail;
    Say(client, "220 sink ESMTP");
    std::string line;
    while (ReadLine(client, line)) {
      if (absl::StartsWithIgnoreCase(line, "EHLO") || absl::StartsWithIgnoreCase(line, "HELO")) {
        Say(client, "250 sink");
      } else if (absl::StartsWithIgnoreCase(line, "MAIL FROM:")) {
        mail.from = line.substr(10);
        Say(client, "250 OK");
      } else if (absl::StartsWithIgnoreCase(line, "RCPT TO:")) {
        mail.recipients.push_back(line.substr(8));
        Say(client, "250 OK");
      } else if (absl::StartsWithIgnoreCase(line, "DATA")) {
        Say(client, "354 end with <CRLF>.<CRLF>");
        while (ReadLine(client, line) && line != ".") {
          mail.data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\n";
        }
        {
          absl::MutexLock lock(&mu_);
          mails_.push_back(mail);
        }
        mail = Mail();
        Say(client, "250 queued");
      } else if (absl::StartsWithIgnoreCase(line, "QUIT")) {
        Say(client, "221 bye");
        return;
      } else {
        Say(client, "250 OK");
      }
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::string buffer_;
  std::thread thread_;
  absl::Mutex mu_;
  std::vector<Mail> mails_ ABSL_GUARDED_BY(mu_);
};

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_SMTP_SINK_H_
