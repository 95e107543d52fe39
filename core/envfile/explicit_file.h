#pragma once

#include "core/envfile/locked_package.h"
#include "core/util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// conda's explicit files (`conda list --explicit`, conda-lock's explicit output): comment lines,
// an `@EXPLICIT` line, then one package URL or local path per line with an optional hash. Read
// as conda's misc.explicit() and micromamba do; both fail on a line they cannot read, and so do
// we, instead of installing an environment with a package silently missing.
namespace envdesk::envfile {

struct ExplicitEntry {
    std::string url; // as written, without the hash fragment
    std::string md5; // lower-case hex, or ""
    std::string sha256;
    int line = 0;

    bool operator==(const ExplicitEntry&) const = default;
};

struct ExplicitFile {
    std::optional<std::string> platform; // from a `# platform: X` line before @EXPLICIT
    std::vector<ExplicitEntry> entries;

    bool operator==(const ExplicitFile&) const = default;
};

// The hash written after each URL: `#<md5>` or `#sha256:<hash>`.
enum class ExplicitHash { Md5, Sha256, None };

// Before @EXPLICIT only blank and `#` lines may appear; after it blank lines, `#` comments and
// repeated @EXPLICIT lines are skipped and every other line is an http(s)/file/other scheme URL or
// a local path whose last component is `name-version-build.conda|.tar.bz2`, optionally followed
// by `#<32 hex md5>`, `#sha256:<64 hex>` or `#<64 hex>` (conda's forms; both an md5 and a sha256
// may follow, each after its own '#'). ParseError with context "path:line" on any other line;
// with context "path" when there is no @EXPLICIT line.
[[nodiscard]] util::Result<ExplicitFile> parseExplicitFile(std::string_view text,
                                                           const std::string& path);
[[nodiscard]] util::Result<ExplicitFile> readExplicitFile(const std::string& path);
// True when a line of `text` is `@EXPLICIT`: the text is an explicit file, or a broken one.
[[nodiscard]] bool looksLikeExplicitFile(std::string_view text);

// `conda list --explicit`'s layout: explicitHeader(), then explicitLine() for each entry.
[[nodiscard]] std::string formatExplicitFile(const ExplicitFile& file, ExplicitHash hash);
// conda's lines before the URLs, `# platform:` when given, and `@EXPLICIT`.
[[nodiscard]] std::string explicitHeader(const std::optional<std::string>& platform);
// One entry's line (with its newline): the URL without credentials, as conda's
// (specs::stripCredentials), and the hash `hash` picks; an entry without that hash gets the other
// one, if it has it, so that no check is lost.
[[nodiscard]] std::string explicitLine(const ExplicitEntry& entry, ExplicitHash hash);

// Name, version, build, channel and subdir from each URL's file name. The platform is the file's
// `# platform:` header, else the first non-noarch subdir among the URLs.
[[nodiscard]] std::vector<LockedPackage> lockedPackages(const ExplicitFile& file);

} // namespace envdesk::envfile
