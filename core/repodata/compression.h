#pragma once

#include "core/util/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace envdesk::repodata {

// The encodings a channel serves repodata in: `repodata.json.zst` (preferred: a tenth of the
// size), `repodata.json`, and the legacy `repodata.json.bz2`.
enum class Compression { None, Zstd, Bzip2 };

[[nodiscard]] Compression compressionForFileName(std::string_view fileName);
[[nodiscard]] std::string_view fileSuffix(Compression compression);

// A bound on the decoded size: a corrupt or hostile file cannot make us allocate without limit.
// conda-forge's largest subdir is about 300 MB of JSON.
inline constexpr std::uint64_t kMaxDecodedRepodataBytes = 4ULL << 30;

// Decodes `data`; `description` (a file or URL) names it in errors.
[[nodiscard]] util::Result<std::string>
decompress(std::string_view data, Compression compression, std::string_view description,
           std::uint64_t maxOutput = kMaxDecodedRepodataBytes);

// Spare capacity left after the text by readRepodataFile, at least simdjson's padding, so the
// parser reads it in place.
inline constexpr std::size_t kParserPadding = 64;

// Reads a file, decoding it by its suffix (.zst, .bz2, else as is).
[[nodiscard]] util::Result<std::string> readRepodataFile(const std::string& path);

} // namespace envdesk::repodata
