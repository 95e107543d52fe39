#pragma once

#include "core/util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Whatever describes an environment (an environment.yml, an explicit file, a conda-lock file, a
// pixi.lock, an installed prefix) normalised to one model, so that the diff need not know where
// its two sides came from: per platform, per package manager, one entry per package.
namespace envdesk::diff {

enum class SourceKind { EnvironmentFile, ExplicitFile, CondaLock, PixiLock, Prefix };

// "environment-file", "explicit", "conda-lock", "pixi-lock", "prefix" (the JSON schema's words).
[[nodiscard]] std::string_view toString(SourceKind kind);

// How many platforms a kind of source speaks for, which decides how two sides are paired.
enum class PlatformScope {
    // Specs that hold for any platform once selectors are applied (environment.yml).
    Independent,
    // Exactly one platform (an explicit file, an installed environment).
    Single,
    // Several, each listed on its own (conda-lock, pixi.lock).
    Multi,
};

[[nodiscard]] PlatformScope platformScope(SourceKind kind);

// One package: pinned (a lock, an explicit file, an installed environment: version and build
// set, spec empty) or requested (an environment.yml: spec set, version and build empty).
struct SnapshotEntry {
    std::string name; // as written
    // What entries are matched by across the two sides: conda names lower-cased, pip names
    // normalised as PEP 503 has it ("Typing_Extensions" and "typing-extensions" are one).
    std::string key;
    std::string version;
    std::string build;
    // conda's canonical channel name ("conda-forge", "defaults", or the channel URL when it is
    // outside the default channel alias); credentials and the subdir are dropped. Empty for pip
    // and for specs that name no channel.
    std::string channel;
    // A spec file's requirement as written ("numpy >=1.21", "conda-forge::scipy", "requests[socks]
    // >=2"); empty for pinned entries.
    std::string spec;
    // conda-lock's categories ("main", "dev", ...), sorted, when the format has them.
    std::vector<std::string> categories;
    bool optional = false;
    int line = 0; // where it was read, 0 when unknown

    [[nodiscard]] bool isSpec() const { return !spec.empty(); }
    bool operator==(const SnapshotEntry&) const = default;
};

// The packages of one manager ("conda", "pip") on one platform, sorted by key. The platform is a
// subdir ("linux-64"), or "" for an environment.yml read without a platform in mind.
struct SnapshotSection {
    std::string platform;
    std::string manager;
    std::vector<SnapshotEntry> entries;

    bool operator==(const SnapshotSection&) const = default;
};

struct Snapshot {
    std::string source; // the path as given
    SourceKind kind = SourceKind::EnvironmentFile;
    // pixi.lock: the environment read; environment.yml: its `name`; otherwise empty.
    std::string environment;
    // The platforms the source covers, sorted (empty for an environment.yml read for "any").
    std::vector<std::string> platforms;
    // The channels the source lists, as written (environment.yml, conda-lock metadata, pixi).
    std::vector<std::string> channels;
    // Sorted by platform, then manager ("conda" before "pip").
    std::vector<SnapshotSection> sections;
    // What the readers accepted with a warning ("path:line:column: ..."), and what was dropped
    // (a package listed twice).
    std::vector<std::string> warnings;

    [[nodiscard]] PlatformScope scope() const { return platformScope(kind); }
    // conda-lock files sort packages into categories; the other formats do not.
    [[nodiscard]] bool hasCategories() const { return kind == SourceKind::CondaLock; }
    // The sections for `platform`, empty when it has none.
    [[nodiscard]] std::vector<const SnapshotSection*> sectionsFor(std::string_view platform) const;
};

// Tells the kind of `path` by its content, not its name: a folder with conda-meta/ is an
// installed environment; a file with an `@EXPLICIT` line an explicit file; a YAML file whose
// top-level keys hold `environments` a pixi.lock, one holding `package` or `metadata` a
// conda-lock file; any other file an environment.yml. IoError naming the path when it cannot be
// read (or is a folder that is not an environment).
[[nodiscard]] util::Result<SourceKind> detectSource(const std::string& path);

struct SnapshotOptions {
    // pixi.lock: the environment to read. Empty: "default", or the only one there is.
    std::string environment;
    // environment.yml: the platforms its selectors are evaluated for, one set of sections each.
    // Empty: the selectors are evaluated for this machine and the sections' platform is "".
    // Lock files and prefixes ignore it (the diff picks their platforms).
    std::vector<std::string> platforms;
};

// Reads `path` as detectSource() says. Errors come from the readers and name the file and line
// ("env.yml:4:3: ..."); an environment.yml spec that does not parse names the line it is on.
[[nodiscard]] util::Result<Snapshot> loadSnapshot(const std::string& path,
                                                  const SnapshotOptions& options = {});
[[nodiscard]] util::Result<Snapshot> loadSnapshot(const std::string& path, SourceKind kind,
                                                  const SnapshotOptions& options = {});

// conda's canonical name of a channel URL or name as the readers leave it
// ("https://conda.anaconda.org/conda-forge/linux-64" -> "conda-forge",
// "https://repo.anaconda.com/pkgs/main" -> "defaults"), with conda's built-in configuration.
[[nodiscard]] std::string canonicalChannel(std::string_view channel);

// PEP 503: lower-cased, runs of '-', '_' and '.' as one '-'.
[[nodiscard]] std::string normalisePipName(std::string_view name);

// A pip requirement as an environment.yml's `pip:` list writes it (PEP 508):
// `name[extras] specifiers ; markers` or `name[extras] @ url ; markers`.
struct PipRequirement {
    std::string name;
    std::string extras;     // without the brackets, spaces dropped: "socks,security"
    std::string specifiers; // spaces dropped: ">=2.0,<3"; empty for any version
    std::string url;        // after `@`, or a VCS/archive URL's `#egg=` form
    std::string markers;    // after `;`, as written

    bool operator==(const PipRequirement&) const = default;
};

// nullopt for what names no package: options (`--index-url ...`, `-e .`, `-r file`) and URLs
// without an `#egg=` name.
[[nodiscard]] std::optional<PipRequirement> parsePipRequirement(std::string_view text);

} // namespace envdesk::diff
