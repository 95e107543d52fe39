#include "core/envfile/conda_lock.h"

#include "core/envfile/yaml_source.h"
#include "core/specs/channel.h"
#include "core/util/strings.h"
#include "core/yaml/yaml_scalar.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <regex>

namespace envdesk::envfile {

namespace {

constexpr int kSupportedVersion = 1;

std::optional<bool> parseYamlBool(std::string_view text)
{
    const std::string lower = util::toLower(text);
    if (lower == "true" || lower == "yes" || lower == "on") {
        return true;
    }
    if (lower == "false" || lower == "no" || lower == "off") {
        return false;
    }
    return std::nullopt;
}

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

class Reader {
public:
    explicit Reader(const std::string& path)
        : m_yaml(path)
    {
    }

    util::Result<CondaLock> read(std::string_view text)
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
    util::Result<CondaLock> readRoot(const YAML::Node& root)
    {
        if (!root.IsMap()) {
            return m_yaml.fail(root, "not a conda-lock file: the top level is not a mapping");
        }
        CondaLock lock;
        if (auto version = readVersion(root); !version) {
            return version.error();
        }
        if (auto metadata = readMetadata(root, lock); !metadata) {
            return metadata.error();
        }
        if (auto packages = readPackages(root, lock); !packages) {
            return packages.error();
        }
        return lock;
    }

    util::Result<void> readVersion(const YAML::Node& root) const
    {
        if (!root["version"]) {
            return m_yaml.fail(root, "not a conda-lock file: it has no 'version' (conda-lock "
                                     "writes 'version: 1')");
        }
        auto version = m_yaml.integer(root, "version", "the lock file");
        if (!version) {
            return version.error();
        }
        if (*version != kSupportedVersion) {
            return m_yaml.fail(root["version"], "conda-lock file version "
                                                    + std::to_string(*version)
                                                    + " is not supported: this reader reads "
                                                      "version 1");
        }
        return {};
    }

    util::Result<void> readMetadata(const YAML::Node& root, CondaLock& lock)
    {
        const YAML::Node metadata = root["metadata"];
        if (!metadata || metadata.IsNull()) {
            lock.warnings.push_back(
                "no 'metadata': the platforms are taken from the packages, the channels and "
                "content hashes are unknown");
            return {};
        }
        if (!metadata.IsMap()) {
            return m_yaml.fail(metadata, "'metadata' must be a mapping");
        }
        auto channels = readChannels(metadata);
        auto platforms = m_yaml.strings(metadata, "platforms", "'metadata'");
        auto sources = m_yaml.strings(metadata, "sources", "'metadata'");
        auto contentHash = m_yaml.stringMap(metadata, "content_hash", "'metadata'");
        for (const auto* failed : {&channels, &platforms, &sources}) {
            if (!*failed) {
                return failed->error();
            }
        }
        if (!contentHash) {
            return contentHash.error();
        }
        lock.channels = std::move(*channels);
        lock.platforms = std::move(*platforms);
        lock.sources = std::move(*sources);
        lock.contentHash = std::move(*contentHash);
        m_hasMetadata = true;
        return {};
    }

    // conda-lock writes `- url: conda-forge` and `used_env_vars`; its first versions wrote the
    // channel as a bare string.
    util::Result<std::vector<std::string>> readChannels(const YAML::Node& metadata) const
    {
        const YAML::Node channels = metadata["channels"];
        std::vector<std::string> out;
        if (!channels || channels.IsNull()) {
            return out;
        }
        if (!channels.IsSequence()) {
            return m_yaml.fail(channels, "'channels' of 'metadata' must be a list");
        }
        for (const YAML::Node& channel : channels) {
            if (channel.IsScalar()) {
                out.push_back(channel.Scalar());
                continue;
            }
            if (!channel.IsMap()) {
                return m_yaml.fail(channel, "a channel of 'metadata' must be a string or a "
                                            "mapping with 'url'");
            }
            auto url =
                m_yaml.string(channel, "url",
                              "channel " + std::to_string(out.size() + 1) + " of 'metadata'", true);
            if (!url) {
                return url.error();
            }
            out.push_back(std::move(*url));
        }
        return out;
    }

    util::Result<void> readPackages(const YAML::Node& root, CondaLock& lock)
    {
        const YAML::Node packages = root["package"];
        if (!packages) {
            return m_yaml.fail(root, "not a conda-lock file: it has no 'package' list");
        }
        if (!packages.IsNull() && !packages.IsSequence()) {
            return m_yaml.fail(packages, "'package' must be a list");
        }
        std::size_t index = 0;
        for (const YAML::Node& node : packages) {
            auto package = readPackage(node, ++index, lock);
            if (!package) {
                return package.error();
            }
            if (!m_hasMetadata && !contains(lock.platforms, package->platform)) {
                lock.platforms.push_back(package->platform);
            }
            lock.packages.push_back(std::move(*package));
        }
        return {};
    }

    util::Result<LockedPackage> readPackage(const YAML::Node& node, std::size_t index,
                                            CondaLock& lock)
    {
        const std::string owner = "package " + std::to_string(index);
        if (!node.IsMap()) {
            return m_yaml.fail(node, owner + " must be a mapping");
        }
        LockedPackage package;
        package.line = m_yaml.line(node);
        for (auto [key, field] :
             std::array<std::pair<const char*, std::string*>, 5>{{{"name", &package.name},
                                                                  {"version", &package.version},
                                                                  {"manager", &package.manager},
                                                                  {"platform", &package.platform},
                                                                  {"url", &package.url}}}) {
            auto value = m_yaml.string(node, key, owner, true);
            if (!value) {
                return value.error();
            }
            *field = std::move(*value);
        }
        if (package.manager != "conda" && package.manager != "pip") {
            return m_yaml.fail(node["manager"], "'manager' of " + owner
                                                    + " must be 'conda' or 'pip', not "
                                                    + util::quoted(package.manager));
        }
        if (auto hashes = readHashes(node, owner, package); !hashes) {
            return hashes.error();
        }
        if (auto rest = readOptionalFields(node, owner, package); !rest) {
            return rest.error();
        }
        addUrlParts(owner, package, lock);
        if (m_hasMetadata && !contains(lock.platforms, package.platform)) {
            lock.warnings.push_back(owner + " (" + package.name + ") is for platform "
                                    + util::quoted(package.platform)
                                    + ", which 'metadata.platforms' does not list");
        }
        return package;
    }

    util::Result<void> readHashes(const YAML::Node& node, const std::string& owner,
                                  LockedPackage& package) const
    {
        const YAML::Node hash = node["hash"];
        if (!hash || hash.IsNull()) {
            return m_yaml.fail(node, owner + " has no 'hash'");
        }
        if (!hash.IsMap()) {
            return m_yaml.fail(hash, "'hash' of " + owner + " must be a mapping");
        }
        // conda-lock records a pip package from git with the commit id as its "sha256", so only
        // conda digests are held to their form.
        const bool conda = package.manager == "conda";
        const std::string hashOwner = "'hash' of " + owner;
        auto md5 =
            conda ? m_yaml.hash(hash, "md5", hashOwner) : m_yaml.string(hash, "md5", hashOwner);
        auto sha256 = conda ? m_yaml.hash(hash, "sha256", hashOwner)
                            : m_yaml.string(hash, "sha256", hashOwner);
        if (!md5 || !sha256) {
            return md5 ? sha256.error() : md5.error();
        }
        // micromamba refuses a package it cannot check; pip entries from a VCS have no hash.
        if (conda && md5->empty() && sha256->empty()) {
            return m_yaml.fail(hash, "'hash' of " + owner + " has neither 'md5' nor 'sha256'");
        }
        package.md5 = std::move(*md5);
        package.sha256 = std::move(*sha256);
        return {};
    }

    util::Result<void> readOptionalFields(const YAML::Node& node, const std::string& owner,
                                          LockedPackage& package) const
    {
        auto dependencies = m_yaml.stringMap(node, "dependencies", owner);
        auto category = m_yaml.string(node, "category", owner);
        auto optional = m_yaml.string(node, "optional", owner);
        if (!dependencies || !category || !optional) {
            return !dependencies ? dependencies.error()
                                 : (!category ? category.error() : optional.error());
        }
        package.dependencies = std::move(*dependencies);
        if (!category->empty()) {
            package.category = std::move(*category);
        }
        if (!optional->empty()) {
            const auto flag = parseYamlBool(*optional);
            if (!flag) {
                return m_yaml.fail(node["optional"], "'optional' of " + owner
                                                         + " must be true or false, not "
                                                         + util::quoted(*optional));
            }
            package.optional = *flag;
        }
        return {};
    }

    static void addUrlParts(const std::string& owner, LockedPackage& package, CondaLock& lock)
    {
        if (package.manager != "conda") {
            return;
        }
        auto parts = splitPackageUrl(package.url);
        if (!parts) {
            lock.warnings.push_back(owner + " (" + package.name
                                    + "): no build, channel or subdir: " + parts.error().detail);
            return;
        }
        package.build = std::move(parts->build);
        package.channel = std::move(parts->channel);
        package.subdir = std::move(parts->subdir);
    }

    detail::YamlSource m_yaml;
    bool m_hasMetadata = false;
};

// As PyYAML writes, so an exported lock diffs cleanly against conda-lock's own.
std::string scalar(std::string_view text)
{
    return yaml::scalar(text, {yaml::QuoteStyle::PyYaml});
}

void writeList(std::string& out, std::string_view key, const std::vector<std::string>& items)
{
    out += "  " + std::string(key) + ":";
    if (items.empty()) {
        out += " []\n";
        return;
    }
    out += "\n";
    for (const std::string& item : items) {
        out += "  - " + scalar(item) + "\n";
    }
}

void writeMetadata(std::string& out, const CondaLock& lock)
{
    out += "metadata:\n  content_hash:";
    out += lock.contentHash.empty() ? " {}\n" : "\n";
    for (const auto& [platform, hash] : lock.contentHash) {
        out += "    " + scalar(platform) + ": " + scalar(hash) + "\n";
    }
    out += "  channels:";
    out += lock.channels.empty() ? " []\n" : "\n";
    for (const std::string& channel : lock.channels) {
        // A lock file is shared and committed: channels and URLs go without their credentials,
        // which the configuration supplies again where it is installed.
        out += "  - url: " + scalar(specs::stripCredentials(channel)) + "\n    used_env_vars: []\n";
    }
    writeList(out, "platforms", lock.platforms);
    writeList(out, "sources", lock.sources);
}

void writePackage(std::string& out, const LockedPackage& package)
{
    out += "- name: " + scalar(package.name) + "\n";
    out += "  version: " + scalar(package.version) + "\n";
    out += "  manager: " + scalar(package.manager) + "\n";
    out += "  platform: " + scalar(package.platform) + "\n";
    out += "  dependencies:";
    out += package.dependencies.empty() ? " {}\n" : "\n";
    for (const auto& [name, spec] : package.dependencies) {
        out += "    " + scalar(name) + ": " + scalar(spec) + "\n";
    }
    out += "  url: " + scalar(specs::stripCredentials(package.url)) + "\n";
    out += "  hash:";
    out += package.md5.empty() && package.sha256.empty() ? " {}\n" : "\n";
    if (!package.md5.empty()) {
        out += "    md5: " + scalar(package.md5) + "\n";
    }
    if (!package.sha256.empty()) {
        out += "    sha256: " + scalar(package.sha256) + "\n";
    }
    out += "  category: " + scalar(package.category) + "\n";
    out += std::string("  optional: ") + (package.optional ? "true" : "false") + "\n";
}

} // namespace

util::Result<CondaLock> parseCondaLock(std::string_view text, const std::string& path)
{
    return Reader(path).read(text);
}

util::Result<CondaLock> readCondaLock(const std::string& path)
{
    auto text = detail::readTextFile(path);
    if (!text) {
        return text.error();
    }
    return parseCondaLock(*text, path);
}

std::string formatCondaLock(const CondaLock& lock)
{
    std::string out = "# Written by envdesk in conda-lock's format.\n";
    out += "version: " + std::to_string(lock.version) + "\n";
    writeMetadata(out, lock);
    out += "package:";
    out += lock.packages.empty() ? " []\n" : "\n";
    for (const LockedPackage& package : lock.packages) {
        writePackage(out, package);
    }
    return out;
}

} // namespace envdesk::envfile
