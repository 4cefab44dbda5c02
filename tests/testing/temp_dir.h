// A temporary directory removed at the end of a test.
#ifndef SVCUP_TESTS_TESTING_TEMP_DIR_H_
#define SVCUP_TESTS_TESTING_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace svcup::testing {

// Creates a fresh directory under $TMPDIR (or /tmp); removes it and its content on destruction.
class TempDir {
 public:
  TempDir() {
    const char* base = getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/svcup-test-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The directory's path.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Writes a secret (a key) at `path` readable by its owner only, as the services require.
inline void WriteSecretFile(const std::string& path, const std::string& content) {
  std::ofstream(path) << content;
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

}  // namespace svcup::testing

#endif  // SVCUP_TESTS_TESTING_TEMP_DIR_H_
