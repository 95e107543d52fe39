#pragma once

// The benchmarks' large channel: 40 `.conda` packages in a dependency chain (chain-39 needs
// chain-38 ... needs chain-00), 20,000 files and 781 MiB unpacked, a quarter of the files text
// carrying a prefix placeholder, written with core/archive's package writer and indexed with
// core/repodata. bench_install times installing it; bench_gui watches the event loop while the
// GUI does.

#include <filesystem>
#include <string>

namespace envdesk::bench {

inline constexpr int kPackages = 40;
inline constexpr int kFilesPerPackage = 500;

// "chain-07".
[[nodiscard]] std::string packageName(int index);

// Writes the channel into `channel` (its linux-64 subdir) unless an earlier run finished it:
// writing takes longer than what is measured. False, with a message on stderr, on failure.
[[nodiscard]] bool ensureChannel(const std::filesystem::path& channel);

} // namespace envdesk::bench
