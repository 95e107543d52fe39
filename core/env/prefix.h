#pragma once

#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <string>
#include <string_view>
#include <vector>

// An environment prefix as conda, micromamba and Envdesk leave it on disk (DESIGN.md §4):
// `conda-meta/<name>-<version>-<build>.json` per installed package, `conda-meta/pinned`, and
// `conda-meta/history`. Readers only; writing a prefix belongs to the transaction.
namespace envdesk::env {

// True when `prefix/conda-meta` is a folder: what makes a folder an environment to install into.
[[nodiscard]] bool isEnvironment(const std::string& prefix);

// The installed records from `prefix/conda-meta/*.json`, sorted by name. A prefix without
// conda-meta holds nothing (an empty list, not an error); a file that is not JSON or not a
// record is an error naming the file. The channel is kept as written (conda writes a subdir URL,
// micromamba sometimes a name).
[[nodiscard]] util::Result<std::vector<specs::PackageRecord>>
readPrefixRecords(const std::string& prefix);
// One conda-meta record from its JSON text; `context` names the file in errors.
[[nodiscard]] util::Result<specs::PackageRecord> parsePrefixRecord(std::string_view json,
                                                                   const std::string& context);

// The specs of `prefix/conda-meta/pinned`, one per line, comments and blank lines skipped (as
// conda's get_pinned_specs); empty when the file is absent.
[[nodiscard]] util::Result<std::vector<std::string>> readPinned(const std::string& prefix);

// What the user asked for over the prefix's life, from `conda-meta/history`, accumulated as
// conda's History.get_requested_specs_map: requests are the revisions with a `# cmd:` line; their
// `# update specs:` / `# install specs:` / `# create specs:` replace earlier specs of the same
// name, `# remove specs:` / `# uninstall specs:` drop them, `# neutered specs:` replace them.
// Only names still installed are kept. Sorted by name; empty when there is no history.
[[nodiscard]] util::Result<std::vector<std::string>> readRequestedSpecs(const std::string& prefix);
// The same accumulation over history text, without the installed filter (exposed for tests).
[[nodiscard]] util::Result<std::vector<std::string>>
requestedSpecsFromHistory(std::string_view history, const std::string& context);

// What `-n NAME` or `-p PREFIX` named.
struct PrefixChoice {
    enum class Kind { Name, Path };
    Kind kind = Kind::Name;
    std::string value;
};

// Where names and relative paths point.
struct PrefixLocations {
    std::vector<std::string> envsDirs; // conda's envs_dirs, in order
    std::string rootPrefix;            // what `-n base` names (may be empty: no base known)
    std::string homeDir;               // for "~" in a path
    std::string currentDir;            // for a relative path
};

// The absolute prefix `choice` names, as conda's determine_target_prefix: a path is expanded
// ("~", relative, "." and ".." segments); `base` (and `root`) is the root prefix; another name is
// the first `<envs_dir>/<name>` that exists, else `<first writable envs dir>/<name>` (where
// `create` puts it). A name holding '/', ' ', ':' or '#' is an error, as is an empty value.
[[nodiscard]] util::Result<std::string> resolvePrefix(const PrefixChoice& choice,
                                                      const PrefixLocations& locations);

} // namespace envdesk::env
