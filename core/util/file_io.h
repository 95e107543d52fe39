#pragma once

#include "core/util/result.h"

#include <string>
#include <string_view>
#include <vector>

// Whole-file reads and all-or-nothing writes, the two ways core and the apps touch small files
// (records, registries, exports), so that every such write survives a crash or a full disk.
namespace envdesk::util {

// The file's bytes; IoError naming the path when it cannot be read (or is a folder).
[[nodiscard]] Result<std::string> readFile(const std::string& path);

// A name beside `path` for a temporary file that no other writer (thread or process) uses.
[[nodiscard]] std::string temporaryPathFor(const std::string& path);

// Writes `content` to a temporary file beside `path` and renames it over `path`: readers see
// the old file or the new one, never half of either. A file replaced keeps its permissions. On
// failure the old file is untouched and the temporary one removed; IoError names the path.
[[nodiscard]] Result<void> writeFileAtomically(const std::string& path, std::string_view content);
// The same for a file made of `parts`, written in turn from where they are: a large file is never
// copied into one buffer first.
[[nodiscard]] Result<void> writeFileAtomically(const std::string& path,
                                               const std::vector<std::string_view>& parts);

} // namespace envdesk::util
