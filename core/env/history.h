#pragma once

#include "core/util/result.h"

#include <string>
#include <string_view>
#include <vector>

// The revisions of `conda-meta/history`, as conda's History class reads them: each block
// `==> date <==` is one revision (numbered from 0), its `+dist` / `-dist` lines say what it
// linked and unlinked, and replaying them gives the packages the environment held after each
// revision, which is what `install --revision N` returns to.
namespace envdesk::env {

// One `[channel[/subdir]::]name-version-build` of the history, split as conda's
// dist_str_to_quad splits it.
struct HistoryDist {
    std::string text;    // as written, without the leading + or - and URL credentials
    std::string channel; // "conda-forge", a URL, or empty when the line names none
    std::string subdir;  // when the channel part ends in a known subdir
    std::string name;
    std::string version;
    std::string build;

    [[nodiscard]] std::string distName() const { return name + "-" + version + "-" + build; }
};

// Splits one dist; an error when it has no name-version-build shape.
[[nodiscard]] util::Result<HistoryDist> parseHistoryDist(std::string_view text,
                                                         const std::string& context);

struct Revision {
    int number = 0;
    std::string date;    // as the header writes it: "2024-03-01 12:30:45"
    std::string command; // the `# cmd:` line, secrets masked; empty when the block has none
    // Old conda wrote a revision as the full package list instead of a diff; such a block
    // replaces the state rather than changing it.
    bool fullState = false;
    std::vector<HistoryDist> linked;   // `+` lines (every line of a full-state block)
    std::vector<HistoryDist> unlinked; // `-` lines
    std::vector<std::string> state;    // every dist after this revision, sorted
};

// The revisions of history text; `context` (the file) goes into errors with the line number.
[[nodiscard]] util::Result<std::vector<Revision>> parseHistory(std::string_view text,
                                                               const std::string& context);
// The revisions of `prefix/conda-meta/history`; none when the file does not exist.
[[nodiscard]] util::Result<std::vector<Revision>> readHistory(const std::string& prefix);

// What one revision changed, by package name as conda's `list --revisions` groups it: a name
// both unlinked and linked is an upgrade or a downgrade (by conda's version order; a rebuild of
// the same version counts as an upgrade, as conda's), the rest installs and removals. Sorted by
// name.
struct RevisionChange {
    enum class Kind { Install, Remove, Upgrade, Downgrade } kind = Kind::Install;
    std::string name;
    HistoryDist from; // Remove, Upgrade, Downgrade
    HistoryDist to;   // Install, Upgrade, Downgrade
};
[[nodiscard]] std::vector<RevisionChange> describeRevision(const Revision& revision);

} // namespace envdesk::env
