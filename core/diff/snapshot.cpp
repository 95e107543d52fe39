#include "core/diff/snapshot.h"

#include "core/env/prefix.h"
#include "core/env/python_dists.h"
#include "core/envfile/conda_lock.h"
#include "core/envfile/environment_file.h"
#include "core/envfile/explicit_file.h"
#include "core/envfile/locked_package.h"
#include "core/envfile/pixi_lock.h"
#include "core/specs/channel.h"
#include "core/specs/match_spec.h"
#include "core/specs/spec_name.h"
#include "core/util/strings.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>
#include <utility>

namespace envdesk::diff {

using util::ErrorCode;
using util::fail;

namespace {

util::Result<std::string> readText(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return fail(ErrorCode::IoError,
                    "is a folder but not a conda environment (it has no conda-meta folder)", path);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::IoError, std::strerror(errno), path);
    }
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) {
        return fail(ErrorCode::IoError, "read error", path);
    }
    return out.str();
}

// The top-level keys of a block-style YAML mapping, without parsing it: enough to tell the lock
// formats apart, and cheap on a 1.4 MB file.
std::set<std::string> topLevelKeys(std::string_view text)
{
    std::set<std::string> keys;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (line.empty() || util::isSpace(line.front()) || line.front() == '#'
            || line.front() == '-' || line.front() == '%') {
            continue;
        }
        std::string key;
        std::size_t after = 0;
        if (line.front() == '"' || line.front() == '\'') {
            const std::size_t close = line.find(line.front(), 1);
            if (close == std::string_view::npos) {
                continue;
            }
            key = std::string(line.substr(1, close - 1));
            after = close + 1;
        } else {
            after = line.find(':');
            if (after == std::string_view::npos) {
                continue;
            }
            key = std::string(util::trim(line.substr(0, after)));
        }
        if (after < line.size() && line[after] == ':'
            && (after + 1 == line.size() || util::isSpace(line[after + 1]))) {
            keys.insert(std::move(key));
        }
    }
    return keys;
}

SourceKind detectText(std::string_view text)
{
    if (envfile::looksLikeExplicitFile(text)) {
        return SourceKind::ExplicitFile;
    }
    const auto keys = topLevelKeys(text);
    if (keys.count("environments") > 0) {
        return SourceKind::PixiLock;
    }
    if (keys.count("package") > 0 || keys.count("metadata") > 0) {
        return SourceKind::CondaLock;
    }
    // A `version:` without either is a lock file of a kind we cannot tell; the conda-lock reader
    // names what is wrong with it better than the environment.yml reader would.
    if (keys.count("version") > 0 && keys.count("dependencies") == 0) {
        return SourceKind::CondaLock;
    }
    return SourceKind::EnvironmentFile;
}

int managerRank(const std::string& manager)
{
    return manager == "conda" ? 0 : manager == "pip" ? 1 : 2;
}

void sortSnapshot(Snapshot& snapshot)
{
    for (auto& section : snapshot.sections) {
        std::stable_sort(section.entries.begin(), section.entries.end(),
                         [](const SnapshotEntry& a, const SnapshotEntry& b) {
                             return std::tie(a.key, a.name) < std::tie(b.key, b.name);
                         });
    }
    std::stable_sort(snapshot.sections.begin(), snapshot.sections.end(),
                     [](const SnapshotSection& a, const SnapshotSection& b) {
                         const int ra = managerRank(a.manager);
                         const int rb = managerRank(b.manager);
                         return std::tie(a.platform, ra, a.manager)
                                < std::tie(b.platform, rb, b.manager);
                     });
    std::sort(snapshot.platforms.begin(), snapshot.platforms.end());
    snapshot.platforms.erase(std::unique(snapshot.platforms.begin(), snapshot.platforms.end()),
                             snapshot.platforms.end());
}

// Collects entries into sections, one entry per key: a package listed twice with the same pin
// (conda-lock lists a package once per category) is merged, one listed twice with different pins
// keeps the first and says so.
class SectionBuilder {
public:
    explicit SectionBuilder(std::string source)
        : m_source(std::move(source))
    {
    }

    void add(const std::string& platform, const std::string& manager, SnapshotEntry entry)
    {
        auto& section = m_sections[{platform, manager}];
        auto [it, inserted] = section.emplace(entry.key, std::move(entry));
        if (inserted) {
            return;
        }
        SnapshotEntry& kept = it->second;
        const SnapshotEntry& again = entry;
        if (kept.version == again.version && kept.build == again.build
            && kept.channel == again.channel && kept.spec == again.spec) {
            for (const auto& category : again.categories) {
                if (std::find(kept.categories.begin(), kept.categories.end(), category)
                    == kept.categories.end()) {
                    kept.categories.push_back(category);
                }
            }
            std::sort(kept.categories.begin(), kept.categories.end());
            kept.optional = kept.optional && again.optional;
            return;
        }
        m_warnings.push_back(m_source + ":" + std::to_string(again.line) + ": " + again.name
                             + " is listed twice for " + (platform.empty() ? "any" : platform)
                             + " (" + describe(kept) + " and " + describe(again)
                             + "); the diff uses the first");
    }

    // Makes sure a platform's conda section exists even when it holds nothing, so that an empty
    // platform still pairs with the other side's.
    void touch(const std::string& platform) { m_sections[{platform, "conda"}]; }

    void finish(Snapshot& snapshot)
    {
        for (auto& [where, entries] : m_sections) {
            SnapshotSection section;
            section.platform = where.first;
            section.manager = where.second;
            section.entries.reserve(entries.size());
            for (auto& [key, entry] : entries) {
                section.entries.push_back(std::move(entry));
            }
            snapshot.sections.push_back(std::move(section));
        }
        for (auto& warning : m_warnings) {
            snapshot.warnings.push_back(std::move(warning));
        }
        sortSnapshot(snapshot);
    }

private:
    static std::string describe(const SnapshotEntry& entry)
    {
        if (entry.isSpec()) {
            return entry.spec;
        }
        return entry.build.empty() ? entry.version : entry.version + " " + entry.build;
    }

    std::string m_source;
    std::map<std::pair<std::string, std::string>, std::map<std::string, SnapshotEntry>> m_sections;
    std::vector<std::string> m_warnings;
};

// The readers leave the same few channel strings on thousands of packages.
class ChannelNames {
public:
    const std::string& operator()(const std::string& channel)
    {
        auto it = m_cache.find(channel);
        if (it == m_cache.end()) {
            it = m_cache.emplace(channel, canonicalChannel(channel)).first;
        }
        return it->second;
    }

private:
    std::unordered_map<std::string, std::string> m_cache;
};

std::string keyFor(const std::string& manager, std::string_view name)
{
    return manager == "pip" ? normalisePipName(name) : util::toLower(name);
}

void addLocked(const std::vector<envfile::LockedPackage>& packages, bool withCategories,
               SectionBuilder& builder, ChannelNames& channels, Snapshot& snapshot)
{
    for (const auto& package : packages) {
        SnapshotEntry entry;
        entry.name = package.name;
        entry.key = keyFor(package.manager, package.name);
        entry.version = package.version;
        entry.build = package.build;
        if (package.manager != "pip") {
            entry.channel = channels(package.channel);
        }
        if (withCategories) {
            entry.categories = {package.category};
            entry.optional = package.optional;
        }
        entry.line = package.line;
        if (!package.platform.empty()) {
            snapshot.platforms.push_back(package.platform);
        }
        builder.add(package.platform, package.manager, std::move(entry));
    }
}

util::Result<Snapshot> explicitSnapshot(const std::string& path, std::string_view text)
{
    auto file = envfile::parseExplicitFile(text, path);
    if (!file) {
        return file.error();
    }
    Snapshot snapshot;
    snapshot.source = path;
    snapshot.kind = SourceKind::ExplicitFile;
    SectionBuilder builder(path);
    ChannelNames channels;
    addLocked(envfile::lockedPackages(*file), false, builder, channels, snapshot);
    if (file->platform) {
        snapshot.platforms.push_back(*file->platform);
        builder.touch(*file->platform);
    }
    builder.finish(snapshot);
    return snapshot;
}

util::Result<Snapshot> condaLockSnapshot(const std::string& path, std::string_view text)
{
    auto lock = envfile::parseCondaLock(text, path);
    if (!lock) {
        return lock.error();
    }
    Snapshot snapshot;
    snapshot.source = path;
    snapshot.kind = SourceKind::CondaLock;
    snapshot.channels = lock->channels;
    snapshot.warnings = lock->warnings;
    SectionBuilder builder(path);
    ChannelNames channels;
    for (const auto& platform : lock->platforms) {
        snapshot.platforms.push_back(platform);
        builder.touch(platform);
    }
    addLocked(lock->packages, true, builder, channels, snapshot);
    builder.finish(snapshot);
    return snapshot;
}

util::Result<Snapshot> pixiSnapshot(const std::string& path, std::string_view text,
                                    const SnapshotOptions& options)
{
    auto lock = envfile::parsePixiLock(text, path);
    if (!lock) {
        return lock.error();
    }
    Snapshot snapshot;
    snapshot.source = path;
    snapshot.kind = SourceKind::PixiLock;
    const std::string wanted = options.environment.empty() ? "default" : options.environment;
    const envfile::PixiEnvironment* chosen = nullptr;
    for (const auto& environment : lock->environments) {
        if (environment.name == wanted) {
            chosen = &environment;
        }
    }
    if (chosen == nullptr && options.environment.empty() && lock->environments.size() == 1) {
        chosen = &lock->environments.front();
    }
    if (chosen == nullptr) {
        if (lock->environments.empty() && options.environment.empty()) {
            return snapshot; // an empty lock: nothing locked anywhere
        }
        std::vector<std::string> names;
        for (const auto& environment : lock->environments) {
            names.push_back(environment.name);
        }
        return fail(ErrorCode::NotFound,
                    "has no environment " + util::quoted(wanted)
                        + (names.empty() ? std::string(" (it has none)")
                                         : " (it has: " + util::join(names, ", ") + ")"),
                    path);
    }
    snapshot.environment = chosen->name;
    snapshot.channels = chosen->channels;
    SectionBuilder builder(path);
    ChannelNames channels;
    addLocked(chosen->packages, false, builder, channels, snapshot);
    builder.finish(snapshot);
    return snapshot;
}

// A requirement that names one version (`numpy==1.26.4`) or one version and build
// (`numpy=1.26.4=py312h8753938_0`, as `env export` writes them) is a pin, compared as a locked
// package is: another version is an upgrade or a downgrade, another build a rebuild, not a
// changed spec. Anything more (a build glob, a build number, a subdir) stays a spec.
void pinIfExact(SnapshotEntry& entry,
                const std::vector<std::pair<std::string, specs::MatchSpec>>& specsForName)
{
    auto spec = specsForName.size() == 1
                    ? std::optional<specs::MatchSpec>(specsForName.front().second)
                    : std::nullopt;
    if (!spec) {
        std::vector<specs::MatchSpec> all;
        for (const auto& [written, one] : specsForName) {
            all.push_back(one);
        }
        auto merged = specs::MatchSpec::merge(all);
        if (!merged) {
            return;
        }
        spec = std::move(*merged);
    }
    const auto version = spec->exactVersion();
    if (!version) {
        return;
    }
    std::string build;
    if (spec->build()) {
        if (!spec->build()->isExact()) {
            return;
        }
        build = spec->build()->str();
    }
    // Nothing but the channel, the name, the version and the build.
    std::string pinned = spec->channel().empty() ? std::string() : spec->channel() + "::";
    pinned += spec->name() + "==" + *version + (build.empty() ? "" : "=" + build);
    if (spec->str() != pinned) {
        return;
    }
    entry.version = *version;
    entry.build = build;
    entry.spec.clear();
}

util::Result<void> addEnvironmentSpecs(const envfile::EnvironmentFile& file,
                                       const std::string& platform, const std::string& path,
                                       std::string_view text, SectionBuilder& builder)
{
    // Specs for one name are merged, as conda merges them before solving ("python" and
    // "python >=3.9" ask for one python).
    std::map<std::string, std::vector<std::pair<std::string, specs::MatchSpec>>> byName;
    std::vector<std::string> order;
    for (const auto& dependency : file.dependencies) {
        auto spec = specs::parseSpecSyntax(dependency);
        if (!spec) {
            const int line = envfile::dependencyLine(text, dependency);
            return fail(spec.error().code, spec.error().message(),
                        line > 0 ? path + ":" + std::to_string(line) : path);
        }
        const std::string name = spec->name();
        if (byName.count(name) == 0) {
            order.push_back(name);
        }
        byName[name].emplace_back(dependency, std::move(*spec));
    }
    for (const auto& name : order) {
        const auto& specsForName = byName[name];
        SnapshotEntry entry;
        entry.name = name;
        entry.key = name;
        entry.spec = specsForName.front().first;
        entry.channel = specsForName.front().second.channel();
        entry.line = envfile::dependencyLine(text, specsForName.front().first);
        if (specsForName.size() > 1) {
            std::vector<specs::MatchSpec> all;
            for (const auto& [written, spec] : specsForName) {
                all.push_back(spec);
            }
            auto merged = specs::MatchSpec::merge(all);
            if (!merged) {
                return fail(merged.error().code,
                            "the specs for " + name + " cannot be merged: " + merged.error().detail,
                            entry.line > 0 ? path + ":" + std::to_string(entry.line) : path);
            }
            entry.spec = merged->str();
            entry.channel = merged->channel();
        }
        pinIfExact(entry, specsForName);
        builder.add(platform, "conda", std::move(entry));
    }
    if (file.pip) {
        for (const auto& requirement : *file.pip) {
            const std::string written(util::trim(requirement));
            if (written.empty()) {
                continue;
            }
            SnapshotEntry entry;
            entry.spec = written;
            entry.line = envfile::dependencyLine(text, written);
            if (const auto parsed = parsePipRequirement(written)) {
                entry.name = parsed->name;
                entry.key = normalisePipName(parsed->name);
            } else {
                // An option line (`--index-url ...`, `-e .`): matched by its text.
                entry.name = written;
                entry.key = written;
            }
            builder.add(platform, "pip", std::move(entry));
        }
    }
    return {};
}

util::Result<Snapshot> environmentFileSnapshot(const std::string& path, std::string_view text,
                                               const SnapshotOptions& options)
{
    Snapshot snapshot;
    snapshot.source = path;
    snapshot.kind = SourceKind::EnvironmentFile;
    SectionBuilder builder(path);
    const std::vector<std::string> platforms =
        options.platforms.empty() ? std::vector<std::string>{""} : options.platforms;
    bool first = true;
    for (const auto& platform : platforms) {
        auto file = envfile::parseEnvironmentFile(text, path, {platform});
        if (!file) {
            return file.error();
        }
        if (first) {
            snapshot.environment = file->name.value_or("");
            snapshot.channels = file->channels;
            snapshot.warnings = file->warnings;
            first = false;
        }
        if (!platform.empty()) {
            snapshot.platforms.push_back(platform);
        }
        builder.touch(platform);
        if (auto added = addEnvironmentSpecs(*file, platform, path, text, builder); !added) {
            return added.error();
        }
    }
    builder.finish(snapshot);
    return snapshot;
}

// An installed environment's platform is that of its packages (a linux-64 environment read on
// another machine is still linux-64); one holding only noarch packages is this machine's.
std::string prefixPlatform(const std::vector<specs::PackageRecord>& records)
{
    std::map<std::string, int> counts;
    for (const auto& record : records) {
        if (!record.subdir.empty() && record.subdir != "noarch") {
            ++counts[record.subdir];
        }
    }
    std::string best;
    int most = 0;
    for (const auto& [subdir, count] : counts) {
        if (count > most) {
            best = subdir;
            most = count;
        }
    }
    return best.empty() ? specs::currentPlatform() : best;
}

util::Result<Snapshot> prefixSnapshot(const std::string& path)
{
    auto records = env::readPrefixRecords(path);
    if (!records) {
        return records.error();
    }
    auto distributions = env::pythonDistributions(path);
    if (!distributions) {
        return distributions.error();
    }
    Snapshot snapshot;
    snapshot.source = path;
    snapshot.kind = SourceKind::Prefix;
    const std::string platform = prefixPlatform(*records);
    snapshot.platforms = {platform};
    SectionBuilder builder(path);
    builder.touch(platform);
    ChannelNames channels;
    for (const auto& record : *records) {
        SnapshotEntry entry;
        entry.name = record.name;
        entry.key = util::toLower(record.name);
        entry.version = record.version;
        entry.build = record.build;
        std::string channel = record.channel;
        if (channel.empty() && !record.url.empty()) {
            if (auto parts = envfile::splitPackageUrl(record.url)) {
                channel = parts->channel;
            }
        }
        entry.channel = channels(channel);
        builder.add(platform, "conda", std::move(entry));
    }
    for (const auto& distribution : *distributions) {
        if (distribution.fromConda) {
            continue;
        }
        SnapshotEntry entry;
        entry.name = distribution.name;
        entry.key = normalisePipName(distribution.name);
        entry.version = distribution.version;
        builder.add(platform, "pip", std::move(entry));
    }
    builder.finish(snapshot);
    return snapshot;
}

const specs::ChannelResolver* defaultResolver()
{
    // conda's built-in configuration: the user's channel_alias would make the same file read
    // differently on two machines, and a diff should not.
    static const std::optional<specs::ChannelResolver> resolver = []() {
        specs::ChannelContext context;
        context.paths = {"/", "/"};
        auto created = specs::ChannelResolver::create(std::move(context));
        return created ? std::optional<specs::ChannelResolver>(std::move(*created)) : std::nullopt;
    }();
    return resolver ? &*resolver : nullptr;
}

} // namespace

std::string_view toString(SourceKind kind)
{
    switch (kind) {
    case SourceKind::EnvironmentFile:
        return "environment-file";
    case SourceKind::ExplicitFile:
        return "explicit";
    case SourceKind::CondaLock:
        return "conda-lock";
    case SourceKind::PixiLock:
        return "pixi-lock";
    case SourceKind::Prefix:
        return "prefix";
    }
    return "unknown";
}

PlatformScope platformScope(SourceKind kind)
{
    switch (kind) {
    case SourceKind::EnvironmentFile:
        return PlatformScope::Independent;
    case SourceKind::ExplicitFile:
    case SourceKind::Prefix:
        return PlatformScope::Single;
    case SourceKind::CondaLock:
    case SourceKind::PixiLock:
        return PlatformScope::Multi;
    }
    return PlatformScope::Single;
}

std::vector<const SnapshotSection*> Snapshot::sectionsFor(std::string_view platform) const
{
    std::vector<const SnapshotSection*> found;
    for (const auto& section : sections) {
        if (section.platform == platform) {
            found.push_back(&section);
        }
    }
    return found;
}

util::Result<SourceKind> detectSource(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec) && env::isEnvironment(path)) {
        return SourceKind::Prefix;
    }
    auto text = readText(path);
    if (!text) {
        return text.error();
    }
    return detectText(*text);
}

util::Result<Snapshot> loadSnapshot(const std::string& path, const SnapshotOptions& options)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec) && env::isEnvironment(path)) {
        return prefixSnapshot(path);
    }
    auto text = readText(path);
    if (!text) {
        return text.error();
    }
    return loadSnapshot(path, detectText(*text), options);
}

util::Result<Snapshot> loadSnapshot(const std::string& path, SourceKind kind,
                                    const SnapshotOptions& options)
{
    if (kind == SourceKind::Prefix) {
        return prefixSnapshot(path);
    }
    auto text = readText(path);
    if (!text) {
        return text.error();
    }
    switch (kind) {
    case SourceKind::ExplicitFile:
        return explicitSnapshot(path, *text);
    case SourceKind::CondaLock:
        return condaLockSnapshot(path, *text);
    case SourceKind::PixiLock:
        return pixiSnapshot(path, *text, options);
    case SourceKind::EnvironmentFile:
    case SourceKind::Prefix:
        break;
    }
    return environmentFileSnapshot(path, *text, options);
}

std::string canonicalChannel(std::string_view channel)
{
    std::string text = specs::stripCredentials(util::trim(channel));
    while (!text.empty() && text.back() == '/') {
        text.pop_back();
    }
    if (text.empty()) {
        return text;
    }
    const auto* resolver = defaultResolver();
    auto parsed = specs::UnresolvedChannel::parse(text);
    if (resolver == nullptr || !parsed) {
        return text;
    }
    parsed->subdir.reset();
    return resolver->canonicalName(*parsed);
}

std::string normalisePipName(std::string_view name)
{
    std::string out;
    out.reserve(name.size());
    bool separator = false;
    for (char c : util::trim(name)) {
        if (c == '-' || c == '_' || c == '.') {
            separator = true;
            continue;
        }
        if (separator && !out.empty()) {
            out += '-';
        }
        separator = false;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::optional<PipRequirement> parsePipRequirement(std::string_view text)
{
    text = util::trim(text);
    if (text.empty() || text.front() == '-') {
        return std::nullopt;
    }
    const auto isNameChar = [](char c) {
        return util::isAlpha(c) || util::isDigit(c) || c == '.' || c == '_' || c == '-';
    };
    const auto dropSpaces = [](std::string_view part) {
        std::string out;
        for (char c : part) {
            if (!util::isSpace(c)) {
                out += c;
            }
        }
        return out;
    };
    PipRequirement requirement;
    const std::size_t scheme = text.find("://");
    std::size_t nameEnd = 0;
    while (nameEnd < text.size() && isNameChar(text[nameEnd])) {
        ++nameEnd;
    }
    if (scheme != std::string_view::npos && (nameEnd <= scheme + 3 && text.find('@') > scheme)) {
        // A bare URL (`git+https://host/repo.git#egg=name`): only the fragment names it.
        const std::size_t egg = text.find("#egg=");
        if (egg == std::string_view::npos) {
            return std::nullopt;
        }
        std::string_view name = text.substr(egg + 5);
        name = name.substr(0, name.find_first_of("&# "));
        if (name.empty()) {
            return std::nullopt;
        }
        requirement.name = std::string(name);
        requirement.url = std::string(text.substr(0, egg));
        return requirement;
    }
    if (nameEnd == 0 || !(util::isAlpha(text.front()) || util::isDigit(text.front()))) {
        return std::nullopt;
    }
    requirement.name = std::string(text.substr(0, nameEnd));
    std::string_view rest = util::trim(text.substr(nameEnd));
    if (!rest.empty() && rest.front() == '[') {
        const std::size_t close = rest.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        requirement.extras = dropSpaces(rest.substr(1, close - 1));
        rest = util::trim(rest.substr(close + 1));
    }
    const std::size_t semicolon = rest.find(';');
    if (semicolon != std::string_view::npos) {
        requirement.markers = std::string(util::trim(rest.substr(semicolon + 1)));
        rest = util::trim(rest.substr(0, semicolon));
    }
    if (!rest.empty() && rest.front() == '@') {
        requirement.url = std::string(util::trim(rest.substr(1)));
        return requirement;
    }
    if (!rest.empty() && rest.front() == '(' && rest.back() == ')') {
        rest = rest.substr(1, rest.size() - 2);
    }
    requirement.specifiers = dropSpaces(rest);
    return requirement;
}

} // namespace envdesk::diff
