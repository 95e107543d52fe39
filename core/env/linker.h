#pragma once

#include "core/env/package_paths.h"
#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace envdesk::env {

// One file a package put into the prefix, as conda-meta's `paths_data` records it.
struct LinkedFile {
    std::string path; // relative to the prefix
    PackagePath::Type type = PackagePath::Type::HardLink;
    enum class How { HardLinked, Copied, SoftLinked, Directory } how = How::HardLinked;
    bool prefixReplaced = false;
    bool replacedExisting = false; // another package's file was there (clobbering)
    // What conda-meta's paths_data says of it, as conda and micromamba write it: the package's
    // file (paths.json's sha256 and size, else measured), and where the prefix was written
    // into it, the hash of the file as it is in the prefix.
    std::string sha256;
    std::uint64_t size = 0;
    std::string sha256InPrefix;
    std::optional<std::string> prefixPlaceholder;
    PackagePath::FileMode fileMode = PackagePath::FileMode::Text;
    bool noLink = false;
};

struct LinkResult {
    std::vector<LinkedFile> files;
};

struct LinkOptions {
    // Hard links when the package cache and the prefix share a filesystem; copies otherwise
    // (and always for files that need their prefix replaced or are marked no_link).
    bool allowHardLinks = true;
    // For a `noarch: python` package, the environment's python ("3.12"): `site-packages/` goes
    // to `lib/python3.12/site-packages/`, `python-scripts/` to `bin/`, and the entry points of
    // `info/link.json` become scripts in `bin/`.
    std::optional<std::string> noarchPythonVersion;
};

// The prefix paths of the entry point scripts a noarch: python package's info/link.json asks for
// ("bin/flask"); empty when it has none or the file does not parse (linking reports that).
[[nodiscard]] std::vector<std::string> entryPointScripts(const std::string& packageDir);

// Where a package path lands in the prefix (the noarch: python mapping, or unchanged).
[[nodiscard]] std::string prefixPathFor(const std::string& packagePath, const LinkOptions& options);

// Puts the extracted package at `packageDir` into `prefix`, driven by its file list: hard links,
// copies, soft links and folders, with the build prefix rewritten in the files that carry it.
// On an error or a stop, what this call created is removed again before it returns (a file it
// replaced stays replaced: transactions keep their own backups).
[[nodiscard]] util::Result<LinkResult> linkPackage(const std::string& packageDir,
                                                   const std::string& prefix,
                                                   const std::vector<PackagePath>& paths,
                                                   const LinkOptions& options,
                                                   std::stop_token stop);

// Removes the listed files from `prefix` and then the folders they leave empty; files that are
// already gone are fine, and nothing else is touched (user files stay).
[[nodiscard]] util::Result<void> unlinkFiles(const std::string& prefix,
                                             const std::vector<std::string>& files);

// Removes the folders holding the listed files, deepest first, where they are empty.
void removeEmptyFolders(const std::string& prefix, const std::vector<std::string>& files);

} // namespace envdesk::env
