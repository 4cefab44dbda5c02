// Reading serialized protobuf messages back from query rows (column 0 holds the bytes).
#ifndef SVCUP_COMMON_STORAGE_PROTO_ROWS_H_
#define SVCUP_COMMON_STORAGE_PROTO_ROWS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/storage/database.h"

namespace svcup::storage {

// Parses one stored message. DATA_LOSS when the bytes are not a `Message`.
template <typename Message>
absl::StatusOr<Message> ParseStored(const std::string& bytes) {
  Message message;
  if (!message.ParseFromString(bytes)) {
    return absl::DataLossError(
        absl::StrCat("stored ", Message::descriptor()->full_name(), " is unreadable"));
  }
  return message;
}

// The message in column 0 of the first row, or nullopt when there is no row.
template <typename Message>
absl::StatusOr<std::optional<Message>> ParseFirst(absl::StatusOr<std::vector<Row>> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::nullopt;
  auto message = ParseStored<Message>(rows->front().Text(0));
  if (!message.ok()) return message.status();
  return std::optional<Message>(std::move(*message));
}

// The messages in column 0 of every row.
template <typename Message>
absl::StatusOr<std::vector<Message>> ParseAll(absl::StatusOr<std::vector<Row>> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<Message> messages;
  messages.reserve(rows->size());
  for (const Row& row : *rows) {
    auto message = ParseStored<Message>(row.Text(0));
    if (!message.ok()) return message.status();
    messages.push_back(std::move(*message));
  }
  return messages;
}

}  // namespace svcup::storage

#endif  // SVCUP_COMMON_STORAGE_PROTO_ROWS_H_
