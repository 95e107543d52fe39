#pragma once

#include "core/config/config_value.h"
#include "core/specs/channel.h"
#include "core/util/result.h"
#include "core/util/unreachable_servers.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The merged .condarc configuration, read the way conda reads it (conda/base/constants.py
// SEARCH_PATH, conda/common/configuration.py): every file of the search path, then CONDA_*
// environment variables, then command-line overrides, merged per key. Every location and
// variable is an explicit input, so tests never read the real ~/.condarc. Rules and sources:
// docs/config.md.
namespace envdesk::repodata {
class IndexMemory; // core/repodata/index_memory.h; only carried here
} // namespace envdesk::repodata

namespace envdesk::config {

// Everything loading looks at. Nothing is read from the process unless fromProcess() is used.
struct ConfigInputs {
    std::string homeDir;    // "~"
    std::string currentDir; // where relative paths typed as channels point ("./channel")
    // The process environment: CONDA_ROOT, XDG_CONFIG_HOME, CONDA_PREFIX, CONDARC and CONDA_*.
    std::map<std::string, std::string> env;
    // The system folders searched first ("/etc/conda", "/var/lib/conda" on Unix).
    std::vector<std::string> systemDirs = {"/etc/conda", "/var/lib/conda"};
    // conda's root prefix ($CONDA_ROOT); empty: env["CONDA_ROOT"].
    std::string rootPrefix;
    // The active environment ($CONDA_PREFIX); empty: env["CONDA_PREFIX"].
    std::string prefix;
    // Command-line overrides, the highest priority: key -> values (one for a scalar key, any
    // number for a list key), e.g. {"channels", {"conda-forge"}}.
    std::vector<std::pair<std::string, std::vector<std::string>>> overrides;
    // The session's memory of servers that did not answer (util/unreachable_servers.h), shared
    // by every piece of work the session starts; null: each command finds out for itself.
    std::shared_ptr<util::UnreachableServers> unreachableServers;
    // The session's remote subdirs already brought up to date and opened
    // (repodata/index_memory.h), reused by every channel load it starts; null: none kept.
    std::shared_ptr<repodata::IndexMemory> indexMemory;

    [[nodiscard]] std::string effectiveRootPrefix() const;
    [[nodiscard]] std::string effectivePrefix() const;
    // A variable of `env` (nullopt: unset; "" is a value: set and empty).
    [[nodiscard]] std::optional<std::string> variable(const std::string& name) const;
    // Where Envdesk keeps its caches: $XDG_CACHE_HOME/envdesk, else ~/.cache/envdesk, else
    // /tmp/envdesk-cache.
    [[nodiscard]] std::string userCacheDir() const;
    // The real process: $HOME, the current folder, the whole environment, $CONDA_ROOT and
    // $CONDA_PREFIX.
    [[nodiscard]] static ConfigInputs fromProcess();
};

// conda's search path with variables and "~" expanded, in order of increasing priority; entries
// whose variable is unset are left out, and a path is listed once. Entries ending in '/' are
// folders whose *.yml / *.yaml files are read in name order.
[[nodiscard]] std::vector<std::string> searchPath(const ConfigInputs& inputs);
// The existing files of the search path, folders expanded, in order of increasing priority.
[[nodiscard]] std::vector<std::string> existingConfigFiles(const ConfigInputs& inputs);

// The file `conda config` writes by default (~/.condarc), with --system and with --env.
[[nodiscard]] std::string userConfigFile(const ConfigInputs& inputs);
[[nodiscard]] std::string systemConfigFile(const ConfigInputs& inputs);
[[nodiscard]] std::optional<std::string> envConfigFile(const ConfigInputs& inputs);

enum class ChannelPriority { Strict, Flexible, Disabled };
[[nodiscard]] std::string_view toString(ChannelPriority priority);

// ssl_verify: true, false, or a CA bundle (a path, or "truststore").
struct SslVerify {
    bool enabled = true;
    std::string caBundle;
    bool operator==(const SslVerify&) const = default;
};

// The type of a key Envdesk knows; decides validation, merging and how --set reads a value.
enum class KeyType {
    Bool,
    Int,
    Float,
    String,
    StringList,
    StringMap,
    StringListMap,
    ChannelPriority,
    SslVerify,
    BoolOrInt,    // local_repodata_ttl
    OptionalBool, // show_channel_urls (null by default)
};

struct KeyInfo {
    std::string name;
    KeyType type;
    // conda's default, as a value (what `config --show` prints when nothing sets the key).
    ConfigValue defaultValue;
    // conda expands $VAR and ${VAR} in these keys' strings.
    bool expandVars = false;
};

// Every key Envdesk reads, sorted by name.
[[nodiscard]] const std::vector<KeyInfo>& knownKeys();
[[nodiscard]] const KeyInfo* findKey(std::string_view name);

// Checks one key's value as read from a source: fails with ParseError, context
// "file:line:column" and a detail naming the key and the expected type. Unknown keys pass.
[[nodiscard]] util::Result<void> validateKey(const std::string& key, const ConfigValue& value);

// One source as read: a file's parsed content, or the values of the environment variables or
// the command line.
struct ConfigSource {
    std::string name; // the path, "envvars" or "cmd_line"
    ConfigValue content;
};

// One merged key.
struct Setting {
    ConfigValue value;
    // The sources that contributed, highest priority first; empty for conda's default.
    std::vector<std::string> sources;
};

class Config {
public:
    // Reads the search path, CONDA_* variables and overrides of `inputs`. Fails on the first
    // broken file (YAML syntax, a known key of the wrong type), naming file:line:column and key,
    // and on channel settings that specs::validate() rejects.
    [[nodiscard]] static util::Result<Config> load(const ConfigInputs& inputs);
    // Merges sources given in order of increasing priority (tests, previews); `inputs` is used
    // for ~ and $VAR expansion and default folders only.
    [[nodiscard]] static util::Result<Config> fromSources(std::vector<ConfigSource> sources,
                                                          const ConfigInputs& inputs = {});

    // The sources read, in order of increasing priority.
    [[nodiscard]] const std::vector<ConfigSource>& sources() const { return m_sources; }
    // Every key set anywhere (known or not) and every known key, sorted.
    [[nodiscard]] std::vector<std::string> keys() const;
    // The merged value (conda's default for a known key nobody sets; nullptr for an unknown key
    // nobody sets).
    [[nodiscard]] const Setting* setting(std::string_view key) const;

    [[nodiscard]] std::vector<std::string> channels() const; // nodefaults applied
    [[nodiscard]] std::string channelAlias() const;
    [[nodiscard]] std::vector<std::string> defaultChannels() const;
    [[nodiscard]] std::map<std::string, std::string> customChannels() const;
    [[nodiscard]] std::map<std::string, std::vector<std::string>> customMultichannels() const;
    [[nodiscard]] ChannelPriority channelPriority() const;
    [[nodiscard]] std::optional<bool> showChannelUrls() const;
    [[nodiscard]] std::map<std::string, std::string> proxyServers() const;
    [[nodiscard]] SslVerify sslVerify() const;
    [[nodiscard]] bool offline() const;
    [[nodiscard]] double remoteConnectTimeoutSecs() const;
    [[nodiscard]] double remoteReadTimeoutSecs() const;
    [[nodiscard]] int remoteMaxRetries() const;
    // conda's remote_backoff_factor: the first wait before a retry, in seconds (then doubled).
    [[nodiscard]] double remoteBackoffFactor() const;
    // conda's meaning: 0 (false) always revalidates, 1 (true, the default) follows the server's
    // Cache-Control max-age, any other value is a number of seconds.
    [[nodiscard]] std::int64_t localRepodataTtl() const;
    [[nodiscard]] bool repodataUseZst() const;
    [[nodiscard]] bool repodataUseShards() const; // CEP 16 shards when a channel has them
    // Activation: whether the prompt shows the environment, and how ("({default_env}) ").
    [[nodiscard]] bool changePs1() const;
    [[nodiscard]] std::string envPrompt() const;
    // "~" expanded; conda's defaults (<root>/envs, ~/.conda/envs) when nothing sets them.
    [[nodiscard]] std::vector<std::string> envsDirs() const;
    [[nodiscard]] std::vector<std::string> pkgsDirs() const;
    [[nodiscard]] std::vector<std::string> pinnedPackages() const;
    [[nodiscard]] bool addPipAsPythonDependency() const;

    // channel_alias, default_channels, custom_channels and custom_multichannels for resolve().
    [[nodiscard]] specs::ChannelContext channelContext() const;

    // What loading was given: the home folder and the process environment, read once at the
    // composition root (ConfigInputs::fromProcess) or set by a test. Core code that needs HOME,
    // XDG_CACHE_HOME, PATH or CONDA_OVERRIDE_* reads it here, never from the process.
    [[nodiscard]] const ConfigInputs& inputs() const { return m_inputs; }

private:
    std::vector<ConfigSource> m_sources;
    std::map<std::string, Setting> m_settings;
    ConfigInputs m_inputs;
};

// Reads one file as a source (validated); a missing file is NotFound.
[[nodiscard]] util::Result<ConfigSource> readConfigFile(const std::string& path);

} // namespace envdesk::config
