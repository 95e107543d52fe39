#include "core/diff/lock_diff.h"

#include "core/specs/glob.h"
#include "core/specs/match_spec.h"
#include "core/specs/spec_name.h"
#include "core/specs/version.h"
#include "core/util/strings.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace envdesk::diff {

using util::ErrorCode;
using util::fail;

namespace {

// ---------------------------------------------------------------------------------------------
// Sets of versions, as sorted unions of intervals in conda's version order: what a version spec
// allows, in a form where "allows more" and "allows less" can be decided.

struct Bound {
    std::optional<specs::Version> at; // none: unbounded
    bool inclusive = false;
};

struct Interval {
    Bound low;
    Bound high;
};

using VersionSet = std::vector<Interval>;

int sign(std::weak_ordering order)
{
    return order < 0 ? -1 : order > 0 ? 1 : 0;
}

// Lower bounds: unbounded first; at one version, inclusive before exclusive.
int compareLow(const Bound& a, const Bound& b)
{
    if (!a.at || !b.at) {
        return (a.at ? 1 : 0) - (b.at ? 1 : 0);
    }
    if (const int c = sign(*a.at <=> *b.at); c != 0) {
        return c;
    }
    return a.inclusive == b.inclusive ? 0 : a.inclusive ? -1 : 1;
}

// Upper bounds: unbounded last; at one version, exclusive before inclusive.
int compareHigh(const Bound& a, const Bound& b)
{
    if (!a.at || !b.at) {
        return (a.at ? 0 : 1) - (b.at ? 0 : 1);
    }
    if (const int c = sign(*a.at <=> *b.at); c != 0) {
        return c;
    }
    return a.inclusive == b.inclusive ? 0 : a.inclusive ? 1 : -1;
}

bool isEmpty(const Interval& interval)
{
    if (!interval.low.at || !interval.high.at) {
        return false;
    }
    const int c = sign(*interval.low.at <=> *interval.high.at);
    return c > 0 || (c == 0 && !(interval.low.inclusive && interval.high.inclusive));
}

// Does `later` (whose low is not below `earlier`'s) overlap or touch `earlier`?
bool joins(const Interval& earlier, const Interval& later)
{
    if (!earlier.high.at || !later.low.at) {
        return true;
    }
    const int c = sign(*earlier.high.at <=> *later.low.at);
    return c > 0 || (c == 0 && (earlier.high.inclusive || later.low.inclusive));
}

VersionSet normalise(VersionSet set)
{
    set.erase(std::remove_if(set.begin(), set.end(), isEmpty), set.end());
    std::sort(set.begin(), set.end(),
              [](const Interval& a, const Interval& b) { return compareLow(a.low, b.low) < 0; });
    VersionSet merged;
    for (auto& interval : set) {
        if (!merged.empty() && joins(merged.back(), interval)) {
            if (compareHigh(interval.high, merged.back().high) > 0) {
                merged.back().high = std::move(interval.high);
            }
        } else {
            merged.push_back(std::move(interval));
        }
    }
    return merged;
}

VersionSet intersect(const VersionSet& a, const VersionSet& b)
{
    VersionSet out;
    for (const auto& x : a) {
        for (const auto& y : b) {
            Interval both;
            both.low = compareLow(x.low, y.low) >= 0 ? x.low : y.low;
            both.high = compareHigh(x.high, y.high) <= 0 ? x.high : y.high;
            out.push_back(std::move(both));
        }
    }
    return normalise(std::move(out));
}

VersionSet unite(VersionSet a, const VersionSet& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return normalise(std::move(a));
}

bool sameSet(const VersionSet& a, const VersionSet& b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (compareLow(a[i].low, b[i].low) != 0 || compareHigh(a[i].high, b[i].high) != 0) {
            return false;
        }
    }
    return true;
}

bool isSubset(const VersionSet& a, const VersionSet& b)
{
    return sameSet(intersect(a, b), a);
}

Bound unbounded()
{
    return {};
}

Bound at(const specs::Version& version, bool inclusive)
{
    return {version, inclusive};
}

// The first version above every version that starts with `prefix`: 1.2 -> 1.3. Only for
// prefixes whose last component is a plain number (1.2, 2024.01), the only ones with a
// successor in conda's order that is itself a version.
std::optional<specs::Version> prefixEnd(const specs::Version& prefix)
{
    const auto& parts = prefix.parts();
    if (prefix.hasLocal() || parts.size() < 2 || parts.back().size() != 1
        || parts.back().front().kind != specs::VersionAtom::Kind::Number) {
        return std::nullopt;
    }
    std::string text = prefix.str();
    std::size_t digits = text.size();
    while (digits > 0 && util::isDigit(text[digits - 1])) {
        --digits;
    }
    if (digits == text.size()) {
        return std::nullopt;
    }
    // Decimal increment of the trailing number, however long.
    std::size_t i = text.size();
    while (i > digits && text[i - 1] == '9') {
        text[i - 1] = '0';
        --i;
    }
    if (i == digits) {
        text.insert(digits, "1");
    } else {
        ++text[i - 1];
    }
    auto next = specs::Version::parse(text);
    return next ? std::optional<specs::Version>(std::move(*next)) : std::nullopt;
}

std::optional<VersionSet> toSet(const specs::VersionSpec::Node& node)
{
    using Kind = specs::VersionSpec::Node::Kind;
    using Op = specs::VersionSpec::Operator;
    if (node.kind != Kind::Leaf) {
        std::optional<VersionSet> combined;
        for (const auto& child : node.children) {
            auto set = toSet(child);
            if (!set) {
                return std::nullopt;
            }
            if (!combined) {
                combined = std::move(*set);
            } else {
                combined = node.kind == Kind::And ? intersect(*combined, *set)
                                                  : unite(std::move(*combined), *set);
            }
        }
        return combined ? std::move(*combined) : VersionSet{Interval{}};
    }
    const auto& v = node.operand;
    switch (node.op) {
    case Op::Any:
        return VersionSet{Interval{unbounded(), unbounded()}};
    case Op::Equal:
        return VersionSet{Interval{at(v, true), at(v, true)}};
    case Op::NotEqual:
        return normalise(
            {Interval{unbounded(), at(v, false)}, Interval{at(v, false), unbounded()}});
    case Op::Less:
        return VersionSet{Interval{unbounded(), at(v, false)}};
    case Op::LessEqual:
        return VersionSet{Interval{unbounded(), at(v, true)}};
    case Op::Greater:
        return VersionSet{Interval{at(v, false), unbounded()}};
    case Op::GreaterEqual:
        return VersionSet{Interval{at(v, true), unbounded()}};
    case Op::StartsWith:
    case Op::NotStartsWith: {
        const auto end = prefixEnd(v);
        if (!end) {
            return std::nullopt;
        }
        if (node.op == Op::StartsWith) {
            return VersionSet{Interval{at(v, true), at(*end, false)}};
        }
        return normalise(
            {Interval{unbounded(), at(v, false)}, Interval{at(*end, true), unbounded()}});
    }
    case Op::Compatible: {
        const auto end = prefixEnd(node.operandPrefix);
        if (!end) {
            return std::nullopt;
        }
        return VersionSet{Interval{at(v, true), at(*end, false)}};
    }
    case Op::Glob:
    case Op::Regex:
    case Op::ExactText:
        break;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// One side of a package, as a requirement: a spec as written, or a pin read as the narrowest
// spec (`name ==version build`), so that a spec file compares with a lock by one rule.

struct Requirement {
    std::optional<VersionSet> versions; // none: not expressible as intervals
    std::string versionText;            // compared when `versions` is unknown
    std::optional<std::string> build;   // none: any build
    std::string other;                  // every other constraint, as text
};

SpecRelation combine(std::initializer_list<SpecRelation> relations)
{
    bool looser = false;
    bool tighter = false;
    for (const auto relation : relations) {
        switch (relation) {
        case SpecRelation::Same:
            break;
        case SpecRelation::Loosened:
            looser = true;
            break;
        case SpecRelation::Tightened:
            tighter = true;
            break;
        case SpecRelation::Changed:
            return SpecRelation::Changed;
        }
    }
    if (looser && tighter) {
        return SpecRelation::Changed;
    }
    return looser ? SpecRelation::Loosened : tighter ? SpecRelation::Tightened : SpecRelation::Same;
}

SpecRelation compareVersions(const Requirement& before, const Requirement& after)
{
    if (before.versions && after.versions) {
        if (sameSet(*before.versions, *after.versions)) {
            return SpecRelation::Same;
        }
        if (isSubset(*before.versions, *after.versions)) {
            return SpecRelation::Loosened;
        }
        if (isSubset(*after.versions, *before.versions)) {
            return SpecRelation::Tightened;
        }
        return SpecRelation::Changed;
    }
    return before.versionText == after.versionText ? SpecRelation::Same : SpecRelation::Changed;
}

bool isPattern(const std::string& build)
{
    return build.find('*') != std::string::npos || util::startsWith(build, "^");
}

SpecRelation compareBuilds(const std::optional<std::string>& before,
                           const std::optional<std::string>& after)
{
    if (before == after) {
        return SpecRelation::Same;
    }
    if (!before) {
        return SpecRelation::Tightened;
    }
    if (!after) {
        return SpecRelation::Loosened;
    }
    if (!isPattern(*after) && specs::globMatch(*before, *after)) {
        return SpecRelation::Tightened;
    }
    if (!isPattern(*before) && specs::globMatch(*after, *before)) {
        return SpecRelation::Loosened;
    }
    return SpecRelation::Changed;
}

std::optional<VersionSet> pinnedSet(const std::string& version)
{
    auto parsed = specs::Version::parse(version);
    if (!parsed) {
        return std::nullopt;
    }
    return VersionSet{Interval{at(*parsed, true), at(*parsed, true)}};
}

Requirement pinRequirement(const SnapshotEntry& entry)
{
    Requirement requirement;
    requirement.versions = pinnedSet(entry.version);
    requirement.versionText = "==" + entry.version;
    if (!entry.build.empty()) {
        requirement.build = entry.build;
    }
    return requirement;
}

Requirement condaRequirement(const SnapshotEntry& entry)
{
    Requirement requirement;
    auto spec = specs::parseSpecSyntax(entry.spec);
    if (!spec) {
        requirement.versionText = entry.spec;
        return requirement;
    }
    requirement.versions = toSet(spec->version().root());
    requirement.versionText = spec->version().str();
    if (spec->build() && !spec->build()->isAny()) {
        requirement.build = spec->build()->str();
    }
    const auto field = [&](const char* name, const std::optional<std::string>& value) {
        if (value) {
            requirement.other += std::string(name) + "=" + *value + ";";
        }
    };
    if (spec->buildNumber()) {
        requirement.other += "build_number=" + spec->buildNumber()->str() + ";";
    }
    field("subdir", spec->subdir());
    field("md5", spec->md5());
    field("sha256", spec->sha256());
    field("url", spec->url());
    return requirement;
}

// PEP 440 specifiers in conda's grammar, which shares their operators except `==X.*` (a prefix
// in PEP 440, `=X` in conda) and `===` (text identity, which has no order).
std::optional<specs::VersionSpec> pipVersionSpec(const std::string& specifiers)
{
    if (specifiers.empty()) {
        return specs::VersionSpec();
    }
    std::vector<std::string> parts;
    for (auto part : util::split(specifiers, ',')) {
        std::string text(util::trim(part));
        if (util::startsWith(text, "===")) {
            return std::nullopt;
        }
        if (util::startsWith(text, "==") && util::endsWith(text, ".*")) {
            text = "=" + text.substr(2, text.size() - 4);
        }
        parts.push_back(std::move(text));
    }
    auto spec = specs::VersionSpec::parse(util::join(parts, ","));
    return spec ? std::optional<specs::VersionSpec>(std::move(*spec)) : std::nullopt;
}

Requirement pipRequirement(const SnapshotEntry& entry)
{
    Requirement requirement;
    const auto parsed = parsePipRequirement(entry.spec);
    if (!parsed) {
        requirement.versionText = entry.spec;
        return requirement;
    }
    requirement.other = "[" + parsed->extras + "];" + parsed->markers;
    if (!parsed->url.empty()) {
        requirement.versionText = "@" + parsed->url;
        return requirement;
    }
    requirement.versionText = parsed->specifiers;
    if (const auto spec = pipVersionSpec(parsed->specifiers)) {
        requirement.versions = toSet(spec->root());
    }
    return requirement;
}

Requirement requirementOf(const SnapshotEntry& entry, const std::string& manager)
{
    if (!entry.isSpec()) {
        return pinRequirement(entry);
    }
    return manager == "pip" ? pipRequirement(entry) : condaRequirement(entry);
}

// conda's order for pins; versions it cannot read are compared as text with digit runs as
// numbers, so that a diff never fails on one odd version.
int compareVersionText(const std::string& a, const std::string& b)
{
    if (a == b) {
        return 0;
    }
    auto va = specs::Version::parse(a);
    auto vb = specs::Version::parse(b);
    if (va && vb) {
        return sign(*va <=> *vb);
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        if (util::isDigit(a[i]) && util::isDigit(b[j])) {
            std::size_t ei = i;
            std::size_t ej = j;
            while (ei < a.size() && util::isDigit(a[ei])) {
                ++ei;
            }
            while (ej < b.size() && util::isDigit(b[ej])) {
                ++ej;
            }
            std::string_view na = std::string_view(a).substr(i, ei - i);
            std::string_view nb = std::string_view(b).substr(j, ej - j);
            while (na.size() > 1 && na.front() == '0') {
                na.remove_prefix(1);
            }
            while (nb.size() > 1 && nb.front() == '0') {
                nb.remove_prefix(1);
            }
            if (na.size() != nb.size()) {
                return na.size() < nb.size() ? -1 : 1;
            }
            if (const int c = na.compare(nb); c != 0) {
                return c < 0 ? -1 : 1;
            }
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j]) {
                return a[i] < b[j] ? -1 : 1;
            }
            ++i;
            ++j;
        }
    }
    return i < a.size() ? 1 : j < b.size() ? -1 : 0;
}

DiffEntry compareEntries(const SnapshotEntry* before, const SnapshotEntry* after,
                         const std::string& manager, bool compareCategories)
{
    DiffEntry entry;
    if (before != nullptr) {
        entry.before = *before;
        entry.name = before->name;
    }
    if (after != nullptr) {
        entry.after = *after;
        entry.name = after->name;
    }
    if (before == nullptr) {
        entry.kind = ChangeKind::Added;
        return entry;
    }
    if (after == nullptr) {
        entry.kind = ChangeKind::Removed;
        return entry;
    }
    ChangeKind primary = ChangeKind::Unchanged;
    const bool pinned = !before->isSpec() && !after->isSpec();
    const int order = pinned ? compareVersionText(before->version, after->version) : 0;
    // A version pinned on both sides but a build on one side only (`==1.0` against
    // `=1.0=py_0`, from an environment.yml) is a build constraint one side adds: compared as
    // specs are (tightened or loosened), not as a rebuild.
    const bool oneBuildOnly = before->build.empty() != after->build.empty();
    if (pinned && (order != 0 || !oneBuildOnly)) {
        if (order < 0) {
            primary = ChangeKind::Upgraded;
        } else if (order > 0) {
            primary = ChangeKind::Downgraded;
        } else if (before->build != after->build) {
            primary = ChangeKind::Rebuilt;
        }
    } else {
        const Requirement a = requirementOf(*before, manager);
        const Requirement b = requirementOf(*after, manager);
        const SpecRelation other = a.other == b.other ? SpecRelation::Same : SpecRelation::Changed;
        switch (combine({compareVersions(a, b), compareBuilds(a.build, b.build), other})) {
        case SpecRelation::Same:
            break;
        case SpecRelation::Loosened:
            primary = ChangeKind::Loosened;
            break;
        case SpecRelation::Tightened:
            primary = ChangeKind::Tightened;
            break;
        case SpecRelation::Changed:
            primary = ChangeKind::SpecChanged;
            break;
        }
    }
    std::vector<ChangeKind> secondary;
    // A spec that names no channel accepts any, so only two specs, or two known channels, can
    // disagree about one.
    const bool bothSpecs = before->isSpec() && after->isSpec();
    if (before->channel != after->channel
        && (bothSpecs || (!before->channel.empty() && !after->channel.empty()))) {
        secondary.push_back(ChangeKind::ChannelChanged);
    }
    if (compareCategories
        && (before->categories != after->categories || before->optional != after->optional)) {
        secondary.push_back(ChangeKind::CategoryChanged);
    }
    if (primary == ChangeKind::Unchanged && !secondary.empty()) {
        primary = secondary.front();
        secondary.erase(secondary.begin());
    }
    entry.kind = primary;
    entry.also = std::move(secondary);
    return entry;
}

// The entries of a section ordered by key: loadSnapshot() sorts them, but a snapshot built by
// hand (the GUI, a test) need not be, and the walk below relies on the order.
std::vector<const SnapshotEntry*> byKey(const SnapshotSection* section)
{
    std::vector<const SnapshotEntry*> entries;
    if (section == nullptr) {
        return entries;
    }
    entries.reserve(section->entries.size());
    for (const auto& entry : section->entries) {
        entries.push_back(&entry);
    }
    std::stable_sort(
        entries.begin(), entries.end(),
        [](const SnapshotEntry* x, const SnapshotEntry* y) { return x->key < y->key; });
    return entries;
}

DiffSection compareSections(const SnapshotSection* before, const SnapshotSection* after,
                            const std::string& manager, bool compareCategories)
{
    const auto a = byKey(before);
    const auto b = byKey(after);
    DiffSection section;
    section.manager = manager;
    section.entries.reserve(std::max(a.size(), b.size()));
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() || j < b.size()) {
        const SnapshotEntry* x = i < a.size() ? a[i] : nullptr;
        const SnapshotEntry* y = j < b.size() ? b[j] : nullptr;
        if (x != nullptr && y != nullptr && x->key != y->key) {
            if (x->key < y->key) {
                y = nullptr;
            } else {
                x = nullptr;
            }
        }
        i += x != nullptr ? 1 : 0;
        j += y != nullptr ? 1 : 0;
        section.entries.push_back(compareEntries(x, y, manager, compareCategories));
        section.summary.add(section.entries.back().kind);
    }
    return section;
}

// ---------------------------------------------------------------------------------------------
// Which platform of A is compared with which of B.

struct PlatformPair {
    std::string platform;
    std::string otherPlatform;
    std::vector<const SnapshotSection*> a;
    std::vector<const SnapshotSection*> b;
};

std::string singlePlatform(const Snapshot& snapshot)
{
    return snapshot.platforms.empty() ? std::string() : snapshot.platforms.front();
}

bool covers(const Snapshot& snapshot, const std::string& platform)
{
    return std::find(snapshot.platforms.begin(), snapshot.platforms.end(), platform)
           != snapshot.platforms.end();
}

std::vector<const SnapshotSection*> sectionsOn(const Snapshot& snapshot,
                                               const std::string& platform)
{
    switch (snapshot.scope()) {
    case PlatformScope::Multi:
        return snapshot.sectionsFor(platform);
    case PlatformScope::Single: {
        std::vector<const SnapshotSection*> all;
        for (const auto& section : snapshot.sections) {
            all.push_back(&section);
        }
        return all;
    }
    case PlatformScope::Independent: {
        auto found = snapshot.sectionsFor(platform);
        return found.empty() ? snapshot.sectionsFor("") : found;
    }
    }
    return {};
}

std::string listed(const std::vector<std::string>& platforms)
{
    return platforms.empty() ? std::string("none") : util::join(platforms, ", ");
}

util::Result<void> checkCovers(const Snapshot& side, const std::string& platform)
{
    switch (side.scope()) {
    case PlatformScope::Multi:
        if (!covers(side, platform)) {
            return fail(ErrorCode::NotFound,
                        "has no packages for " + platform + " (it has: " + listed(side.platforms)
                            + ")",
                        side.source);
        }
        break;
    case PlatformScope::Single: {
        const std::string own = singlePlatform(side);
        if (!own.empty() && own != platform) {
            return fail(ErrorCode::NotFound, "is for " + own + ", not " + platform, side.source);
        }
        break;
    }
    case PlatformScope::Independent:
        if (!side.platforms.empty() && !covers(side, platform)) {
            return fail(ErrorCode::NotFound, "was not read for " + platform, side.source);
        }
        break;
    }
    return {};
}

util::Result<std::vector<PlatformPair>> pairPlatforms(const Snapshot& a, const Snapshot& b,
                                                      const DiffOptions& options,
                                                      std::vector<std::string>& notes)
{
    std::vector<PlatformPair> pairs;
    const auto pairOn = [&](const std::string& platform) {
        pairs.push_back({platform, {}, sectionsOn(a, platform), sectionsOn(b, platform)});
    };
    if (!options.platform.empty()) {
        for (const Snapshot* side : {&a, &b}) {
            if (auto checked = checkCovers(*side, options.platform); !checked) {
                return checked.error();
            }
        }
        pairOn(options.platform);
        return pairs;
    }
    const PlatformScope sa = a.scope();
    const PlatformScope sb = b.scope();
    if (sa == PlatformScope::Multi && sb == PlatformScope::Multi) {
        std::set<std::string> all(a.platforms.begin(), a.platforms.end());
        all.insert(b.platforms.begin(), b.platforms.end());
        for (const auto& platform : all) {
            if (!covers(a, platform)) {
                notes.push_back(platform + " is only in B (" + b.source + ")");
            } else if (!covers(b, platform)) {
                notes.push_back(platform + " is only in A (" + a.source + ")");
            }
            pairOn(platform);
        }
        return pairs;
    }
    if (sa == PlatformScope::Multi || sb == PlatformScope::Multi) {
        const Snapshot& multi = sa == PlatformScope::Multi ? a : b;
        const Snapshot& other = sa == PlatformScope::Multi ? b : a;
        if (other.scope() == PlatformScope::Independent) {
            for (const auto& platform : multi.platforms) {
                pairOn(platform);
            }
            if (multi.platforms.empty()) {
                pairOn("");
            }
            return pairs;
        }
        std::string platform = singlePlatform(other);
        if (platform.empty()) {
            if (multi.platforms.size() != 1) {
                return fail(ErrorCode::NotFound,
                            "does not say its platform and " + multi.source + " has several ("
                                + listed(multi.platforms) + "): choose one with --platform",
                            other.source);
            }
            platform = multi.platforms.front();
        }
        if (!covers(multi, platform)) {
            return fail(ErrorCode::NotFound,
                        "has no packages for " + platform + ", the platform of " + other.source
                            + " (it has: " + listed(multi.platforms) + ")",
                        multi.source);
        }
        if (multi.platforms.size() > 1) {
            notes.push_back("compared on " + platform + " only, the platform of " + other.source);
        }
        pairOn(platform);
        return pairs;
    }
    if (sa == PlatformScope::Single && sb == PlatformScope::Single) {
        const std::string pa = singlePlatform(a);
        const std::string pb = singlePlatform(b);
        PlatformPair pair{pa.empty() ? pb : pa, {}, sectionsOn(a, pa), sectionsOn(b, pb)};
        if (!pa.empty() && !pb.empty() && pa != pb) {
            pair.otherPlatform = pb;
            notes.push_back("compared across platforms: A is for " + pa + ", B for " + pb);
        }
        pairs.push_back(std::move(pair));
        return pairs;
    }
    if (sa == PlatformScope::Single || sb == PlatformScope::Single) {
        pairOn(singlePlatform(sa == PlatformScope::Single ? a : b));
        return pairs;
    }
    std::set<std::string> all(a.platforms.begin(), a.platforms.end());
    all.insert(b.platforms.begin(), b.platforms.end());
    if (all.empty()) {
        all.insert("");
    }
    for (const auto& platform : all) {
        pairOn(platform);
    }
    return pairs;
}

int managerRank(const std::string& manager)
{
    return manager == "conda" ? 0 : manager == "pip" ? 1 : 2;
}

SourceInfo sourceInfo(const Snapshot& snapshot)
{
    return {snapshot.source, snapshot.kind, snapshot.environment, snapshot.platforms,
            snapshot.channels};
}

void addWarnings(const Snapshot& snapshot, std::vector<std::string>& warnings)
{
    for (const auto& warning : snapshot.warnings) {
        warnings.push_back(util::startsWith(warning, snapshot.source)
                               ? warning
                               : snapshot.source + ": " + warning);
    }
}

} // namespace

std::string_view toString(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Added:
        return "added";
    case ChangeKind::Removed:
        return "removed";
    case ChangeKind::Upgraded:
        return "upgraded";
    case ChangeKind::Downgraded:
        return "downgraded";
    case ChangeKind::Rebuilt:
        return "rebuilt";
    case ChangeKind::ChannelChanged:
        return "channel_changed";
    case ChangeKind::CategoryChanged:
        return "category_changed";
    case ChangeKind::Loosened:
        return "loosened";
    case ChangeKind::Tightened:
        return "tightened";
    case ChangeKind::SpecChanged:
        return "spec_changed";
    case ChangeKind::Unchanged:
        return "unchanged";
    }
    return "unchanged";
}

const std::array<ChangeKind, kChangeKindCount>& allChangeKinds()
{
    static const std::array<ChangeKind, kChangeKindCount> kinds = {
        ChangeKind::Added,           ChangeKind::Removed,   ChangeKind::Upgraded,
        ChangeKind::Downgraded,      ChangeKind::Rebuilt,   ChangeKind::ChannelChanged,
        ChangeKind::CategoryChanged, ChangeKind::Loosened,  ChangeKind::Tightened,
        ChangeKind::SpecChanged,     ChangeKind::Unchanged,
    };
    return kinds;
}

int DiffSummary::count(ChangeKind kind) const
{
    return counts[static_cast<std::size_t>(kind)];
}

int DiffSummary::changes() const
{
    int total = 0;
    for (const auto kind : allChangeKinds()) {
        if (kind != ChangeKind::Unchanged) {
            total += count(kind);
        }
    }
    return total;
}

void DiffSummary::add(ChangeKind kind, int n)
{
    counts[static_cast<std::size_t>(kind)] += n;
}

void DiffSummary::add(const DiffSummary& other)
{
    for (std::size_t i = 0; i < counts.size(); ++i) {
        counts[i] += other.counts[i];
    }
}

SpecRelation compareVersionSpecs(const specs::VersionSpec& before, const specs::VersionSpec& after)
{
    Requirement a;
    a.versions = toSet(before.root());
    a.versionText = before.str();
    Requirement b;
    b.versions = toSet(after.root());
    b.versionText = after.str();
    return compareVersions(a, b);
}

util::Result<DiffResult> diffSnapshots(const Snapshot& a, const Snapshot& b,
                                       const DiffOptions& options)
{
    DiffResult result;
    result.a = sourceInfo(a);
    result.b = sourceInfo(b);
    auto pairs = pairPlatforms(a, b, options, result.notes);
    if (!pairs) {
        return pairs.error();
    }
    const bool compareCategories = a.hasCategories() && b.hasCategories();
    for (const auto& pair : *pairs) {
        std::map<std::pair<int, std::string>,
                 std::pair<const SnapshotSection*, const SnapshotSection*>>
            managers;
        for (const auto* section : pair.a) {
            managers[{managerRank(section->manager), section->manager}].first = section;
        }
        for (const auto* section : pair.b) {
            managers[{managerRank(section->manager), section->manager}].second = section;
        }
        for (const auto& [manager, sides] : managers) {
            const bool emptyA = sides.first == nullptr || sides.first->entries.empty();
            const bool emptyB = sides.second == nullptr || sides.second->entries.empty();
            if (emptyA && emptyB) {
                continue;
            }
            DiffSection section =
                compareSections(sides.first, sides.second, manager.second, compareCategories);
            section.platform = pair.platform;
            section.otherPlatform = pair.otherPlatform;
            result.summary.add(section.summary);
            result.sections.push_back(std::move(section));
        }
    }
    result.channelsChanged = a.kind == SourceKind::EnvironmentFile
                             && b.kind == SourceKind::EnvironmentFile && a.channels != b.channels;
    addWarnings(a, result.warnings);
    addWarnings(b, result.warnings);
    return result;
}

Sides readSides(const std::array<std::string, 2>& paths, const DiffOptions& options,
                std::stop_token stop)
{
    Sides sides;
    std::array<std::optional<SourceKind>, 2> kinds;
    for (std::size_t i = 0; i < 2; ++i) {
        if (paths[i].empty()) {
            continue;
        }
        if (auto kind = detectSource(paths[i])) {
            kinds[i] = *kind;
        } else {
            sides.errors[i] = kind.error();
        }
    }
    SnapshotOptions base;
    base.environment = options.environment;
    const auto read = [&](std::size_t i, const SnapshotOptions& snapshotOptions) {
        if (auto snapshot = loadSnapshot(paths[i], *kinds[i], snapshotOptions)) {
            sides.snapshots[i] = std::move(*snapshot);
        } else {
            sides.errors[i] = snapshot.error();
        }
    };
    for (std::size_t i = 0; i < 2; ++i) {
        if (kinds[i] && platformScope(*kinds[i]) != PlatformScope::Independent
            && !stop.stop_requested()) {
            read(i, base);
        }
    }
    // An environment.yml is read for the platforms it is compared on, so that `# [osx]`
    // selectors apply where they should.
    for (std::size_t i = 0; i < 2; ++i) {
        if (!kinds[i] || sides.snapshots[i] || sides.errors[i] || stop.stop_requested()) {
            continue;
        }
        SnapshotOptions forSpecs = base;
        const auto& other = sides.snapshots[1 - i];
        if (!options.platform.empty()) {
            forSpecs.platforms = {options.platform};
        } else if (other && other->scope() == PlatformScope::Multi) {
            forSpecs.platforms = other->platforms;
        } else if (other && !singlePlatform(*other).empty()) {
            forSpecs.platforms = {singlePlatform(*other)};
        }
        read(i, forSpecs);
    }
    return sides;
}

util::Result<DiffResult> diffSources(const std::string& a, const std::string& b,
                                     const DiffOptions& options)
{
    Sides sides = readSides({a, b}, options);
    for (const auto& error : sides.errors) {
        if (error) {
            return *error;
        }
    }
    return diffSnapshots(*sides.snapshots[0], *sides.snapshots[1], options);
}

} // namespace envdesk::diff
