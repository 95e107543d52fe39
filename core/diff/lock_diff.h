#pragma once

#include "core/diff/snapshot.h"
#include "core/specs/version_spec.h"
#include "core/util/result.h"

#include <array>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

// The difference between two environments, whatever each is written as (see snapshot.h): per
// platform and package manager, what was added, removed, upgraded, downgraded, rebuilt, moved to
// another channel or category, and how requested specs were loosened or tightened. The CLI's
// report, its JSON and HTML, and the GUI's diff view all read this one model. The rules are in
// docs/lockfile-diff.md.
namespace envdesk::diff {

// What happened to one package, from side A to side B. The order is the report's.
enum class ChangeKind {
    Added,      // only in B
    Removed,    // only in A
    Upgraded,   // pinned in both, B's version higher (conda's version order)
    Downgraded, // pinned in both, B's version lower
    Rebuilt,    // same version, another build string
    ChannelChanged,
    CategoryChanged, // conda-lock: moved between categories (main, dev, ...) or optional-ness
    Loosened,        // a spec on either side: B allows every version A allows, and more
    Tightened,       // B allows a part of what A allows (a pin within A's spec included)
    SpecChanged,     // neither side's versions contain the other's
    Unchanged,
};

inline constexpr std::size_t kChangeKindCount = 11;

// "added", "removed", "upgraded", "downgraded", "rebuilt", "channel_changed",
// "category_changed", "loosened", "tightened", "spec_changed", "unchanged".
[[nodiscard]] std::string_view toString(ChangeKind kind);
[[nodiscard]] const std::array<ChangeKind, kChangeKindCount>& allChangeKinds();

struct DiffEntry {
    ChangeKind kind = ChangeKind::Unchanged;
    std::string name;                    // B's spelling when B has it
    std::optional<SnapshotEntry> before; // A's entry; none when added
    std::optional<SnapshotEntry> after;  // B's entry; none when removed
    // What else changed besides `kind` (ChannelChanged, CategoryChanged): an upgrade that also
    // moved channel is reported once, as an upgrade, with the move noted here.
    std::vector<ChangeKind> also;

    bool operator==(const DiffEntry&) const = default;
};

struct DiffSummary {
    std::array<int, kChangeKindCount> counts{};

    [[nodiscard]] int count(ChangeKind kind) const;
    // Every entry that is not Unchanged.
    [[nodiscard]] int changes() const;
    void add(ChangeKind kind, int n = 1);
    void add(const DiffSummary& other);

    bool operator==(const DiffSummary&) const = default;
};

struct DiffSection {
    // The platform compared ("linux-64"), "" when both sides are platform independent
    // (two environment.yml files read without a platform).
    std::string platform;
    // B's platform when the two sides were compared across platforms (two explicit files for
    // different platforms); empty otherwise.
    std::string otherPlatform;
    std::string manager; // "conda", "pip"
    // Sorted by key (the normalised name); unchanged entries included.
    std::vector<DiffEntry> entries;
    DiffSummary summary;

    bool operator==(const DiffSection&) const = default;
};

// Where a side came from.
struct SourceInfo {
    std::string path;
    SourceKind kind = SourceKind::EnvironmentFile;
    std::string environment;
    std::vector<std::string> platforms;
    std::vector<std::string> channels;

    bool operator==(const SourceInfo&) const = default;
};

struct DiffResult {
    SourceInfo a;
    SourceInfo b;
    // By platform, then manager (conda before pip).
    std::vector<DiffSection> sections;
    DiffSummary summary;
    // Two environment.yml files whose `channels` differ (order included: it is a priority).
    bool channelsChanged = false;
    // How the sides were paired ("compared on linux-64 only: ..."), platforms only one side has.
    std::vector<std::string> notes;
    // The readers' warnings, each naming its file.
    std::vector<std::string> warnings;

    // No package changed and no channel list either: `diff` would exit 0.
    [[nodiscard]] bool identical() const { return summary.changes() == 0 && !channelsChanged; }
};

struct DiffOptions {
    // Compare this platform only; every side must cover it (an environment.yml's selectors are
    // evaluated for it). Empty: see docs/lockfile-diff.md for how platforms are paired.
    std::string platform;
    // pixi.lock: the environment to compare (empty: "default"). Ignored for other formats.
    std::string environment;
};

// Pairs the sides' platforms and compares each pair. Fails (NotFound, naming the file and the
// platforms it has) when --platform names a platform a side lacks, or when a lock file must be
// reduced to one platform and does not say which.
[[nodiscard]] util::Result<DiffResult> diffSnapshots(const Snapshot& a, const Snapshot& b,
                                                     const DiffOptions& options = {});

// The two sides as read for a comparison: lock files and environments first, then an
// environment.yml for the platforms of the other side (or options.platform), so that its
// selectors apply per platform. Each side keeps its own error, so that a front end can show it
// where it belongs; a side whose path is empty is left unread, and a stop leaves the rest
// unread.
struct Sides {
    std::array<std::optional<Snapshot>, 2> snapshots;
    std::array<std::optional<util::Error>, 2> errors;
};
[[nodiscard]] Sides readSides(const std::array<std::string, 2>& paths,
                              const DiffOptions& options = {}, std::stop_token stop = {});

// Reads both paths (readSides) and compares them; the first side's error, else the second's.
[[nodiscard]] util::Result<DiffResult> diffSources(const std::string& a, const std::string& b,
                                                   const DiffOptions& options = {});

// How the set of versions `after` allows relates to the set `before` allows. Exact for specs
// built from ==, !=, <, <=, >, >=, =X / X.* (prefix), ~=, `,` and `|`; pre-releases of a prefix's
// own version (1.2a for =1.2) are left out of the prefix's range. Specs with globs inside a
// version (1.*.3), regexes or `@` text compare only by their text: equal or Changed.
enum class SpecRelation { Same, Loosened, Tightened, Changed };
[[nodiscard]] SpecRelation compareVersionSpecs(const specs::VersionSpec& before,
                                               const specs::VersionSpec& after);

} // namespace envdesk::diff
