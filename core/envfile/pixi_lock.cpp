#include "core/envfile/pixi_lock.h"

#include "core/envfile/yaml_source.h"
#include "core/specs/channel.h"
#include "core/util/strings.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

namespace envdesk::envfile {

namespace {

constexpr int kOldestVersion = 4;
constexpr int kNewestVersion = 7;
// Version 7 names platforms in a top-level list; before it they are conda subdirs.
constexpr int kPlatformListVersion = 7;
// Version 6 keys packages by `conda:`/`pypi:`; before it they carry `kind:` and `url:`.
constexpr int kKeyedPackagesVersion = 6;

std::string versionRange()
{
    return "versions " + std::to_string(kOldestVersion) + " to " + std::to_string(kNewestVersion);
}

// rattler's PlatformName: letters, digits, '-' and '_'.
bool isValidPlatformName(std::string_view name)
{
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return util::isAlpha(c) || util::isDigit(c) || c == '-' || c == '_';
    });
}

std::string withoutTrailingSlash(std::string url)
{
    while (url.size() > 1 && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

std::vector<std::pair<std::string, std::string>> dependencies(const std::vector<std::string>& specs)
{
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(specs.size());
    for (const std::string& spec : specs) {
        out.push_back(splitDependency(spec));
    }
    return out;
}

struct Platform {
    std::string name;
    std::string subdir;
};

// An entry of the top-level `packages` list, found by the references through its location.
struct Candidate {
    std::string tag; // "conda", "conda_source" or "pypi": the reference key that points here
    std::string location;
    // The subdir the entry is for: its own `subdir`, else the URL's. Version 4 lists a noarch
    // package once per platform with that platform's subdir, and references pick by it.
    std::string subdir;
    LockedPackage package;
};

// The fields a reference may add to tell apart entries with the same location (source
// packages built in several variants).
constexpr std::array<std::string_view, 4> kSelectorFields = {"name", "version", "build", "subdir"};

class Reader {
public:
    explicit Reader(const std::string& path)
        : m_yaml(path)
    {
    }

    util::Result<PixiLock> read(std::string_view text)
    {
        auto root = m_yaml.load(text);
        if (!root) {
            return root.error();
        }
        // The checks below should leave yaml-cpp nothing to throw; if it does, it is a value.
        try {
            return readRoot(*root);
        } catch (...) {
            return m_yaml.caught(std::current_exception());
        }
    }

private:
    util::Result<PixiLock> readRoot(const YAML::Node& root)
    {
        if (!root.IsMap()) {
            return m_yaml.fail(root, "not a pixi.lock file: the top level is not a mapping");
        }
        PixiLock lock;
        auto version = readVersion(root);
        if (!version) {
            return version.error();
        }
        lock.version = m_version = *version;
        if (m_version >= kPlatformListVersion) {
            if (auto platforms = readPlatforms(root); !platforms) {
                return platforms.error();
            }
        }
        if (auto packages = readPackages(root); !packages) {
            return packages.error();
        }
        auto environments = readEnvironments(root);
        if (!environments) {
            return environments.error();
        }
        lock.environments = std::move(*environments);
        return lock;
    }

    util::Result<int> readVersion(const YAML::Node& root) const
    {
        if (!root["version"]) {
            return m_yaml.fail(root, "not a pixi.lock file: it has no 'version'");
        }
        auto version = m_yaml.integer(root, "version", "the lock file");
        if (!version) {
            return version.error();
        }
        if (*version > kNewestVersion) {
            return m_yaml.fail(root["version"], "pixi.lock version " + std::to_string(*version)
                                                    + " is newer than this reader, which reads "
                                                    + versionRange());
        }
        if (*version < kOldestVersion) {
            const bool condaLock = root["package"] && root["metadata"];
            return m_yaml.fail(root["version"],
                               "pixi.lock version " + std::to_string(*version)
                                   + " is not supported: this reader reads " + versionRange()
                                   + (condaLock ? " (this looks like a conda-lock file)" : ""));
        }
        return static_cast<int>(*version);
    }

    util::Result<void> readPlatforms(const YAML::Node& root)
    {
        const YAML::Node platforms = root["platforms"];
        if (!platforms || !platforms.IsSequence()) {
            return m_yaml.fail(platforms ? platforms : root,
                               "a version " + std::to_string(m_version)
                                   + " pixi.lock needs a 'platforms' list");
        }
        for (const YAML::Node& node : platforms) {
            auto platform = readPlatform(node, m_platforms.size() + 1);
            if (!platform) {
                return platform.error();
            }
            if (findPlatform(platform->name) != nullptr) {
                return m_yaml.fail(node, "platform " + util::quoted(platform->name)
                                             + " is listed twice in 'platforms'");
            }
            m_platforms.push_back(std::move(*platform));
        }
        return {};
    }

    util::Result<Platform> readPlatform(const YAML::Node& node, std::size_t index) const
    {
        const std::string owner = "platform " + std::to_string(index);
        if (!node.IsMap()) {
            return m_yaml.fail(node, owner + " of 'platforms' must be a mapping");
        }
        auto name = m_yaml.string(node, "name", owner, true);
        auto subdir = m_yaml.string(node, "subdir", owner);
        if (!name || !subdir) {
            return name ? subdir.error() : name.error();
        }
        if (!isValidPlatformName(*name)) {
            return m_yaml.fail(node["name"], "platform name " + util::quoted(*name)
                                                 + " may hold only letters, digits, '-' and '_'");
        }
        Platform platform{*name, subdir->empty() ? *name : *subdir};
        if (!specs::isKnownPlatform(platform.subdir)) {
            return m_yaml.fail(node, subdir->empty()
                                         ? "platform " + util::quoted(*name)
                                               + " is not a conda platform and names no 'subdir'"
                                         : "'subdir' " + util::quoted(*subdir) + " of platform "
                                               + util::quoted(*name) + " is not a conda platform");
        }
        return platform;
    }

    [[nodiscard]] const Platform* findPlatform(const std::string& name) const
    {
        const auto found = std::find_if(m_platforms.begin(), m_platforms.end(),
                                        [&](const Platform& p) { return p.name == name; });
        return found == m_platforms.end() ? nullptr : &*found;
    }

    util::Result<void> readPackages(const YAML::Node& root)
    {
        const YAML::Node packages = root["packages"];
        if (!packages || packages.IsNull()) {
            return {};
        }
        if (!packages.IsSequence()) {
            return m_yaml.fail(packages, "'packages' must be a list");
        }
        for (const YAML::Node& node : packages) {
            auto candidate = readPackage(node, m_candidates.size() + 1);
            if (!candidate) {
                return candidate.error();
            }
            m_byLocation[candidate->tag + '\n' + candidate->location].push_back(
                m_candidates.size());
            m_candidates.push_back(std::move(*candidate));
        }
        return {};
    }

    util::Result<Candidate> readPackage(const YAML::Node& node, std::size_t index) const
    {
        const std::string owner = "package " + std::to_string(index);
        if (!node.IsMap()) {
            return m_yaml.fail(node, owner + " must be a mapping");
        }
        auto candidate = m_version >= kKeyedPackagesVersion ? locateKeyed(node, owner)
                                                            : locateByKind(node, owner);
        if (!candidate) {
            return candidate.error();
        }
        candidate->package.line = m_yaml.line(node);
        auto details = candidate->tag == "pypi" ? readPypi(node, owner, *candidate)
                                                : readConda(node, owner, *candidate);
        if (!details) {
            return details.error();
        }
        return candidate;
    }

    // Versions 6 and 7: the location is the value of the key that names the kind.
    util::Result<Candidate> locateKeyed(const YAML::Node& node, const std::string& owner) const
    {
        for (const char* tag : {"conda", "pypi", "conda_source"}) {
            if (node[tag]) {
                auto location = m_yaml.string(node, tag, owner, true);
                if (!location) {
                    return location.error();
                }
                return Candidate{tag, std::move(*location), {}, {}};
            }
        }
        return m_yaml.fail(node, owner + " has none of 'conda', 'pypi' and 'conda_source'");
    }

    // Versions 4 and 5: `kind: conda|pypi`, the location in `url` (or a wheel's `path`).
    util::Result<Candidate> locateByKind(const YAML::Node& node, const std::string& owner) const
    {
        auto kind = m_yaml.string(node, "kind", owner, true);
        if (!kind) {
            return kind.error();
        }
        if (*kind != "conda" && *kind != "pypi") {
            return m_yaml.fail(node["kind"], "'kind' of " + owner
                                                 + " must be 'conda' or 'pypi', not "
                                                 + util::quoted(*kind));
        }
        const char* key = *kind == "pypi" && !node["url"] ? "path" : "url";
        auto location = m_yaml.string(node, key, owner, true);
        if (!location) {
            return location.error();
        }
        return Candidate{*kind, std::move(*location), {}, {}};
    }

    util::Result<void> readConda(const YAML::Node& node, const std::string& owner,
                                 Candidate& candidate) const
    {
        LockedPackage& package = candidate.package;
        package.manager = "conda";
        package.url = candidate.location;
        std::string sourceName;
        if (candidate.tag == "conda_source") {
            // "name[hash] @ path": the package built from the source at `path`.
            const std::string& location = candidate.location;
            sourceName = std::string(util::trim(location.substr(0, location.find_first_of("[@"))));
            const std::size_t at = location.find(" @ ");
            if (at != std::string::npos) {
                package.url = std::string(util::trim(location.substr(at + 3)));
            }
        }
        if (auto fields = readCondaFields(node, owner, package); !fields) {
            return fields;
        }
        candidate.subdir = package.subdir;
        fillFromUrl(package, sourceName);
        if (candidate.subdir.empty()) {
            candidate.subdir = package.subdir;
        }
        for (auto [key, value] :
             {std::pair{"name", &package.name}, std::pair{"version", &package.version}}) {
            if (value->empty()) {
                return m_yaml.fail(node, owner + " has no " + util::quoted(key) + " and "
                                             + util::quoted(specs::maskSecrets(package.url))
                                             + " is not a package file name to take it from");
            }
        }
        return {};
    }

    util::Result<void> readCondaFields(const YAML::Node& node, const std::string& owner,
                                       LockedPackage& package) const
    {
        for (auto [key, field] :
             {std::pair{"name", &package.name}, std::pair{"version", &package.version},
              std::pair{"build", &package.build}, std::pair{"subdir", &package.subdir},
              std::pair{"channel", &package.channel}}) {
            auto value = m_yaml.string(node, key, owner);
            if (!value) {
                return value.error();
            }
            *field = std::move(*value);
        }
        return readHashesAndDepends(node, owner, "depends", package);
    }

    util::Result<void> readHashesAndDepends(const YAML::Node& node, const std::string& owner,
                                            const char* dependsKey, LockedPackage& package) const
    {
        auto md5 = m_yaml.hash(node, "md5", owner);
        auto sha256 = m_yaml.hash(node, "sha256", owner);
        auto depends = m_yaml.strings(node, dependsKey, owner);
        if (!md5 || !sha256 || !depends) {
            return !md5 ? md5.error() : (!sha256 ? sha256.error() : depends.error());
        }
        package.md5 = std::move(*md5);
        package.sha256 = std::move(*sha256);
        package.dependencies = dependencies(*depends);
        return {};
    }

    // What the entry leaves out of name, version and build comes from the URL's file name, as
    // rattler derives it. Channel and subdir are the URL's wherever it has them, so that they
    // mean the same as in the other formats.
    static void fillFromUrl(LockedPackage& package, const std::string& sourceName)
    {
        auto parts = splitPackageUrl(package.url);
        if (!parts) {
            if (package.name.empty()) {
                package.name = sourceName;
            }
            package.channel = withoutTrailingSlash(std::move(package.channel));
            return;
        }
        for (auto [field, derived] :
             {std::pair{&package.name, &parts->name}, std::pair{&package.version, &parts->version},
              std::pair{&package.build, &parts->build}}) {
            if (field->empty()) {
                *field = std::move(*derived);
            }
        }
        if (!parts->subdir.empty()) {
            package.subdir = std::move(parts->subdir);
            package.channel = std::move(parts->channel);
        } else if (package.channel.empty()) {
            package.channel = std::move(parts->channel);
        }
        package.channel = withoutTrailingSlash(std::move(package.channel));
    }

    util::Result<void> readPypi(const YAML::Node& node, const std::string& owner,
                                Candidate& candidate) const
    {
        LockedPackage& package = candidate.package;
        package.manager = "pip";
        package.url = candidate.location;
        auto name = m_yaml.string(node, "name", owner, true);
        // A local or editable project may be locked without a version.
        auto version = m_yaml.string(node, "version", owner);
        if (!name || !version) {
            return name ? version.error() : name.error();
        }
        package.name = std::move(*name);
        package.version = std::move(*version);
        return readHashesAndDepends(node, owner, "requires_dist", package);
    }

    util::Result<std::vector<PixiEnvironment>> readEnvironments(const YAML::Node& root) const
    {
        const YAML::Node environments = root["environments"];
        if (!environments) {
            return m_yaml.fail(root, "not a pixi.lock file: it has no 'environments'");
        }
        std::vector<PixiEnvironment> out;
        if (environments.IsNull()) {
            return out;
        }
        if (!environments.IsMap()) {
            return m_yaml.fail(environments, "'environments' must be a mapping");
        }
        std::set<std::string> names;
        for (const auto& entry : environments) {
            const std::string name = entry.first.Scalar();
            if (!entry.first.IsScalar() || !names.insert(name).second) {
                return m_yaml.fail(entry.first, "environment " + util::quoted(name)
                                                    + " is listed twice or is not a name");
            }
            auto environment = readEnvironment(name, entry.second);
            if (!environment) {
                return environment.error();
            }
            out.push_back(std::move(*environment));
        }
        return out;
    }

    util::Result<PixiEnvironment> readEnvironment(const std::string& name,
                                                  const YAML::Node& node) const
    {
        const std::string owner = "environment " + util::quoted(name);
        if (!node.IsMap()) {
            return m_yaml.fail(node, owner + " must be a mapping");
        }
        PixiEnvironment environment;
        environment.name = name;
        auto channels = readChannels(node, owner);
        auto indexes = m_yaml.strings(node, "indexes", owner);
        if (!channels || !indexes) {
            return channels ? indexes.error() : channels.error();
        }
        environment.channels = std::move(*channels);
        environment.indexes = std::move(*indexes);
        const YAML::Node packages = node["packages"];
        if (!packages || packages.IsNull()) {
            return environment;
        }
        if (!packages.IsMap()) {
            return m_yaml.fail(packages, "'packages' of " + owner + " must be a mapping");
        }
        std::set<std::string> seen;
        for (const auto& entry : packages) {
            if (!seen.insert(entry.first.Scalar()).second) {
                return m_yaml.fail(entry.first, owner + " lists platform "
                                                    + util::quoted(entry.first.Scalar())
                                                    + " twice");
            }
            auto added = addPlatform(owner, entry.first, entry.second, environment.packages);
            if (!added) {
                return added.error();
            }
        }
        return environment;
    }

    util::Result<std::vector<std::string>> readChannels(const YAML::Node& node,
                                                        const std::string& owner) const
    {
        std::vector<std::string> out;
        const YAML::Node channels = node["channels"];
        if (!channels || channels.IsNull()) {
            return out;
        }
        if (!channels.IsSequence()) {
            return m_yaml.fail(channels, "'channels' of " + owner + " must be a list");
        }
        for (const YAML::Node& channel : channels) {
            if (channel.IsScalar()) {
                out.push_back(channel.Scalar());
                continue;
            }
            auto url = m_yaml.string(channel, "url", "a channel of " + owner, true);
            if (!url) {
                return url.error();
            }
            out.push_back(std::move(*url));
        }
        return out;
    }

    util::Result<void> addPlatform(const std::string& owner, const YAML::Node& key,
                                   const YAML::Node& references,
                                   std::vector<LockedPackage>& packages) const
    {
        auto subdir = platformSubdir(owner, key);
        if (!subdir) {
            return subdir.error();
        }
        if (references.IsNull()) {
            return {};
        }
        if (!references.IsSequence()) {
            return m_yaml.fail(references, "the packages of " + owner + " for "
                                               + util::quoted(key.Scalar()) + " must be a list");
        }
        const std::string where = owner + ", platform " + util::quoted(key.Scalar());
        for (const YAML::Node& reference : references) {
            auto candidate = resolve(where, reference, *subdir);
            if (!candidate) {
                return candidate.error();
            }
            packages.push_back((*candidate)->package);
            packages.back().platform = *subdir;
        }
        return {};
    }

    util::Result<std::string> platformSubdir(const std::string& owner, const YAML::Node& key) const
    {
        const std::string name = key.IsScalar() ? key.Scalar() : std::string{};
        if (m_version >= kPlatformListVersion) {
            const Platform* platform = findPlatform(name);
            if (platform == nullptr) {
                return m_yaml.fail(key, owner + " uses platform " + util::quoted(name)
                                            + ", which is not in 'platforms'");
            }
            return platform->subdir;
        }
        if (!specs::isKnownPlatform(name)) {
            return m_yaml.fail(key, owner + " uses " + util::quoted(name)
                                        + ", which is not a conda platform");
        }
        return name;
    }

    // The entry of `packages` that a reference means: same kind and location, the same values
    // for the selector fields the reference gives, and, among binaries, one for this subdir.
    util::Result<const Candidate*> resolve(const std::string& where, const YAML::Node& reference,
                                           const std::string& subdir) const
    {
        const char* tag = referenceTag(reference);
        if (tag == nullptr) {
            return m_yaml.fail(reference, "a package of " + where + " has no 'conda' or 'pypi'");
        }
        auto location = m_yaml.string(reference, tag, "a package of " + where, true);
        if (!location) {
            return location.error();
        }
        const Candidate* chosen = nullptr;
        const auto found = m_byLocation.find(std::string(tag) + '\n' + *location);
        if (found != m_byLocation.end()) {
            for (std::size_t index : found->second) {
                const Candidate& candidate = m_candidates[index];
                if (!matchesSelector(reference, candidate)) {
                    continue;
                }
                if (chosen == nullptr || candidate.subdir == subdir) {
                    chosen = &candidate;
                }
            }
        }
        if (chosen == nullptr) {
            return m_yaml.fail(reference, where + " refers to " + std::string(tag) + " package "
                                              + util::quoted(specs::maskSecrets(*location))
                                              + ", which is not in 'packages'");
        }
        return chosen;
    }

    static const char* referenceTag(const YAML::Node& reference)
    {
        if (!reference.IsMap()) {
            return nullptr;
        }
        for (const char* tag : {"conda", "pypi", "conda_source"}) {
            if (reference[tag]) {
                return tag;
            }
        }
        return nullptr;
    }

    static bool matchesSelector(const YAML::Node& reference, const Candidate& candidate)
    {
        const LockedPackage& package = candidate.package;
        const std::array<const std::string*, 4> values = {&package.name, &package.version,
                                                          &package.build, &candidate.subdir};
        for (std::size_t i = 0; i < kSelectorFields.size(); ++i) {
            const YAML::Node wanted = reference[std::string(kSelectorFields[i])];
            if (wanted && wanted.IsScalar() && wanted.Scalar() != *values[i]) {
                return false;
            }
        }
        return true;
    }

    detail::YamlSource m_yaml;
    int m_version = 0;
    std::vector<Platform> m_platforms;
    std::vector<Candidate> m_candidates;
    std::unordered_map<std::string, std::vector<std::size_t>> m_byLocation;
};

} // namespace

util::Result<PixiLock> parsePixiLock(std::string_view text, const std::string& path)
{
    return Reader(path).read(text);
}

util::Result<PixiLock> readPixiLock(const std::string& path)
{
    auto text = detail::readTextFile(path);
    if (!text) {
        return text.error();
    }
    return parsePixiLock(*text, path);
}

} // namespace envdesk::envfile
