#include "core/config/config.h"

#include "core/util/strings.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

extern char** environ;

namespace envdesk::config {

namespace fs = std::filesystem;

namespace {

ConfigValue scalarDefault(std::string text)
{
    return ConfigValue::makeScalar(std::move(text));
}

ConfigValue listDefault(const std::vector<std::string>& items)
{
    ConfigValue value;
    value.kind = ConfigValue::Kind::Sequence;
    for (const auto& item : items) {
        value.items.push_back(ConfigValue::makeScalar(item));
    }
    return value;
}

ConfigValue mapDefault()
{
    ConfigValue value;
    value.kind = ConfigValue::Kind::Map;
    return value;
}

std::optional<std::int64_t> parseInt(std::string_view text)
{
    text = util::trim(text);
    std::string_view digits = text;
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
        digits.remove_prefix(1);
    }
    if (digits.empty() || !util::isAllDigits(digits) || digits.size() > 18) {
        return std::nullopt;
    }
    return std::strtoll(std::string(text).c_str(), nullptr, 10);
}

std::optional<double> parseFloat(std::string_view text)
{
    const std::string copy(util::trim(text));
    if (copy.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || errno != 0 || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<ChannelPriority> parseChannelPriority(std::string_view text)
{
    const std::string lower = util::toLower(util::trim(text));
    if (lower == "strict") {
        return ChannelPriority::Strict;
    }
    if (lower == "flexible") {
        return ChannelPriority::Flexible;
    }
    if (lower == "disabled") {
        return ChannelPriority::Disabled;
    }
    // conda's ChannelPriority accepts booleans: true is flexible, false is disabled.
    if (auto flag = parseBool(lower)) {
        return *flag ? ChannelPriority::Flexible : ChannelPriority::Disabled;
    }
    return std::nullopt;
}

util::Unexpected typeError(const std::string& key, const ConfigValue& value,
                           const std::string& expected)
{
    std::string got;
    switch (value.kind) {
    case ConfigValue::Kind::Scalar:
        // Error messages end up in logs and bug reports: never with a token or password.
        got = util::quoted(specs::maskSecrets(value.scalar));
        break;
    case ConfigValue::Kind::Sequence:
        got = "a list";
        break;
    case ConfigValue::Kind::Map:
        got = "a mapping";
        break;
    case ConfigValue::Kind::Null:
        got = "null";
        break;
    }
    return util::fail(util::ErrorCode::ParseError,
                      "key " + util::quoted(key) + " must be " + expected + ", not " + got,
                      value.where());
}

util::Result<void> expectScalarList(const std::string& key, const ConfigValue& value)
{
    if (!value.isSequence()) {
        return typeError(key, value, "a list of strings");
    }
    for (const auto& item : value.items) {
        if (!item.isScalar()) {
            return typeError(key, item, "a list of strings (each item a string)");
        }
    }
    return {};
}

// os.path.expandvars over the process environment.
std::string expandVars(std::string_view text, const std::map<std::string, std::string>& env)
{
    return util::expandVariables(
        text, [&env](const std::string& name) -> std::optional<std::string> {
            const auto found = env.find(name);
            return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
        });
}

void expandValue(ConfigValue& value, const std::map<std::string, std::string>& env)
{
    if (value.isScalar()) {
        value.scalar = expandVars(value.scalar, env);
    }
    for (auto& item : value.items) {
        expandValue(item, env);
    }
    for (auto& entry : value.entries) {
        expandValue(entry.value, env);
    }
}

std::string expandUser(const std::string& path, const std::string& home)
{
    if (path == "~") {
        return home;
    }
    if (util::startsWith(path, "~/")) {
        return home + path.substr(1);
    }
    return path;
}

// A hash of what sameData() compares, so that de-duplicating a list is linear: a .condarc may
// list tens of thousands of channels, and pairwise comparison took half a minute at 40,000.
std::size_t dataHash(const ConfigValue& value)
{
    std::size_t hash = std::hash<int>{}(static_cast<int>(value.kind));
    const auto mix = [&hash](std::size_t part) {
        hash ^= part + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
    };
    mix(std::hash<std::string>{}(value.scalar));
    for (const auto& item : value.items) {
        mix(dataHash(item));
    }
    for (const auto& entry : value.entries) {
        mix(std::hash<std::string>{}(entry.key));
        mix(dataHash(entry.value));
    }
    return hash;
}

// The first of each run of equal items, in order.
std::vector<ConfigValue> uniqueItems(const std::vector<ConfigValue>& items)
{
    std::vector<ConfigValue> out;
    std::unordered_map<std::size_t, std::vector<std::size_t>> kept; // hash -> indexes in out
    for (const auto& item : items) {
        auto& candidates = kept[dataHash(item)];
        const bool seen = std::any_of(candidates.begin(), candidates.end(),
                                      [&](std::size_t index) { return out[index].sameData(item); });
        if (!seen) {
            candidates.push_back(out.size());
            out.push_back(item);
        }
    }
    return out;
}

// A mapping's entries by key, for lookups that would otherwise scan the entries each time.
std::unordered_map<std::string_view, const ConfigValue*> entriesByKey(const ConfigValue& map)
{
    std::unordered_map<std::string_view, const ConfigValue*> out;
    out.reserve(map.entries.size());
    for (const auto& entry : map.entries) {
        out.emplace(entry.key, &entry.value);
    }
    return out;
}

// conda's SequenceLoadedParameter.merge: higher-priority items first, de-duplicated; items
// marked #!top go first and #!bottom last.
ConfigValue mergeSequences(const std::vector<const ConfigValue*>& matches)
{
    std::vector<ConfigValue> top;
    for (const ConfigValue* match : matches) {
        for (const auto& item : match->items) {
            if (item.flag == Flag::Top) {
                top.push_back(item);
            }
        }
    }
    std::vector<ConfigValue> bottom;
    std::vector<ConfigValue> all;
    for (auto it = matches.rbegin(); it != matches.rend(); ++it) {
        for (const auto& item : (*it)->items) {
            if (item.flag == Flag::Bottom) {
                bottom.push_back(item);
            }
            all.push_back(item);
        }
    }
    std::vector<ConfigValue> stacked = top;
    stacked.insert(stacked.end(), all.begin(), all.end());
    const std::vector<ConfigValue> topDeduped = uniqueItems(stacked);
    std::vector<ConfigValue> reversedStack(bottom.rbegin(), bottom.rend());
    reversedStack.insert(reversedStack.end(), topDeduped.rbegin(), topDeduped.rend());
    const std::vector<ConfigValue> bottomDeduped = uniqueItems(reversedStack);
    ConfigValue merged;
    merged.kind = ConfigValue::Kind::Sequence;
    merged.items.assign(bottomDeduped.rbegin(), bottomDeduped.rend());
    merged.source = matches.back()->source;
    merged.flag = matches.back()->flag;
    return merged;
}

// Up to and including the first match marked #!final (conda's _first_important_matches): a
// lower-priority file can lock a key against the files after it.
std::vector<const ConfigValue*> firstImportant(const std::vector<const ConfigValue*>& matches)
{
    std::vector<const ConfigValue*> out;
    for (const ConfigValue* match : matches) {
        out.push_back(match);
        if (match->flag == Flag::Final) {
            break;
        }
    }
    return out;
}

ConfigValue mergeValues(std::vector<const ConfigValue*> matches)
{
    // Only values of the kind the highest-priority source wrote can merge (unknown keys).
    const ConfigValue::Kind kind = matches.back()->kind;
    std::erase_if(matches, [&](const ConfigValue* match) { return match->kind != kind; });
    matches = firstImportant(matches);
    if (kind == ConfigValue::Kind::Sequence) {
        return mergeSequences(matches);
    }
    if (kind != ConfigValue::Kind::Map) {
        return *matches.back();
    }
    // conda's MapLoadedParameter.merge: key-wise, each key's values merged recursively.
    ConfigValue merged;
    merged.kind = ConfigValue::Kind::Map;
    merged.source = matches.back()->source;
    merged.flag = matches.back()->flag;
    std::vector<std::string_view> order;
    std::unordered_set<std::string_view> ordered;
    std::vector<std::unordered_map<std::string_view, const ConfigValue*>> indexes;
    indexes.reserve(matches.size());
    for (const ConfigValue* match : matches) {
        for (const auto& entry : match->entries) {
            if (ordered.insert(entry.key).second) {
                order.push_back(entry.key);
            }
        }
        indexes.push_back(entriesByKey(*match));
    }
    for (const auto& key : order) {
        std::vector<const ConfigValue*> values;
        for (const auto& index : indexes) {
            const auto found = index.find(key);
            if (found != index.end() && !found->second->isNull()) {
                values.push_back(found->second);
            }
        }
        if (!values.empty()) {
            merged.entries.push_back({std::string(key), mergeValues(values)});
        }
    }
    return merged;
}

std::vector<std::string> splitList(std::string_view text, char separator)
{
    std::vector<std::string> out;
    for (auto part : util::split(text, separator)) {
        part = util::trim(part);
        if (!part.empty()) {
            out.emplace_back(part);
        }
    }
    return out;
}

std::string toUpper(std::string text)
{
    for (char& c : text) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return text;
}

bool isListType(KeyType type)
{
    return type == KeyType::StringList;
}

bool isMapType(KeyType type)
{
    return type == KeyType::StringMap || type == KeyType::StringListMap;
}

// A source built from strings (environment variables, the command line).
util::Result<void> addStringValue(ConfigValue& content, const std::string& key,
                                  const std::vector<std::string>& values, const std::string& source)
{
    const KeyInfo* info = findKey(key);
    ConfigValue value;
    value.source = source;
    if (info && isMapType(info->type)) {
        return util::fail(
            util::ErrorCode::ParseError,
            "key " + util::quoted(key) + " is a mapping and cannot be set from a string", source);
    }
    if (info && isListType(info->type)) {
        value.kind = ConfigValue::Kind::Sequence;
        for (const auto& item : values) {
            value.items.push_back(ConfigValue::makeScalar(item, source));
        }
    } else {
        value = ConfigValue::makeScalar(values.empty() ? std::string() : values.back(), source);
    }
    if (auto valid = validateKey(key, value); !valid) {
        return valid;
    }
    if (ConfigValue* existing = content.find(key)) {
        *existing = std::move(value);
    } else {
        content.entries.push_back({key, std::move(value)});
    }
    return {};
}

std::string normalPath(const std::string& path)
{
    return fs::path(path).lexically_normal().generic_string();
}

} // namespace

std::string ConfigInputs::effectiveRootPrefix() const
{
    if (!rootPrefix.empty()) {
        return rootPrefix;
    }
    auto found = env.find("CONDA_ROOT");
    return found == env.end() ? std::string() : found->second;
}

std::string ConfigInputs::effectivePrefix() const
{
    if (!prefix.empty()) {
        return prefix;
    }
    auto found = env.find("CONDA_PREFIX");
    return found == env.end() ? std::string() : found->second;
}

std::optional<std::string> ConfigInputs::variable(const std::string& name) const
{
    const auto found = env.find(name);
    return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
}

std::string ConfigInputs::userCacheDir() const
{
    if (auto xdg = variable("XDG_CACHE_HOME"); xdg && !xdg->empty()) {
        return *xdg + "/envdesk";
    }
    if (!homeDir.empty()) {
        return homeDir + "/.cache/envdesk";
    }
    return "/tmp/envdesk-cache";
}

ConfigInputs ConfigInputs::fromProcess()
{
    ConfigInputs inputs;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string_view text(*entry);
        const auto equals = text.find('=');
        if (equals != std::string_view::npos) {
            inputs.env.emplace(std::string(text.substr(0, equals)),
                               std::string(text.substr(equals + 1)));
        }
    }
    if (auto home = inputs.env.find("HOME"); home != inputs.env.end() && !home->second.empty()) {
        inputs.homeDir = home->second;
    } else if (const passwd* user = getpwuid(getuid()); user && user->pw_dir) {
        inputs.homeDir = user->pw_dir;
    }
    std::error_code error;
    if (const auto current = std::filesystem::current_path(error); !error) {
        inputs.currentDir = current.generic_string();
    }
    inputs.rootPrefix = inputs.effectiveRootPrefix();
    if (inputs.rootPrefix.empty()) {
        // An activated conda sets CONDA_EXE=<root>/bin/conda; that names the root prefix.
        if (auto exe = inputs.env.find("CONDA_EXE"); exe != inputs.env.end()) {
            inputs.rootPrefix = fs::path(exe->second).parent_path().parent_path().string();
        }
    }
    inputs.prefix = inputs.effectivePrefix();
    // Lets tests and relocated installs replace /etc/conda and /var/lib/conda (':'-separated;
    // empty: no system folders).
    if (auto dirs = inputs.env.find("ENVDESK_CONDARC_SYSTEM_DIRS"); dirs != inputs.env.end()) {
        inputs.systemDirs = splitList(dirs->second, ':');
    }
    return inputs;
}

std::vector<std::string> searchPath(const ConfigInputs& inputs)
{
    std::vector<std::string> raw;
    auto addTriple = [&](const std::string& dir) {
        if (dir.empty()) {
            return;
        }
        raw.push_back(dir + "/.condarc");
        raw.push_back(dir + "/condarc");
        raw.push_back(dir + "/condarc.d/");
    };
    for (const auto& dir : inputs.systemDirs) {
        addTriple(dir);
    }
    addTriple(inputs.effectiveRootPrefix());
    if (auto xdg = inputs.env.find("XDG_CONFIG_HOME");
        xdg != inputs.env.end() && !xdg->second.empty()) {
        addTriple(expandUser(xdg->second, inputs.homeDir) + "/conda");
    }
    if (!inputs.homeDir.empty()) {
        addTriple(inputs.homeDir + "/.config/conda");
        addTriple(inputs.homeDir + "/.conda");
        raw.push_back(inputs.homeDir + "/.condarc");
    }
    addTriple(inputs.effectivePrefix());
    if (auto condarc = inputs.env.find("CONDARC");
        condarc != inputs.env.end() && !condarc->second.empty()) {
        raw.push_back(expandUser(condarc->second, inputs.homeDir));
    }
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& path : raw) {
        const bool folder = util::endsWith(path, "/");
        std::string normal = normalPath(path);
        if (folder && !util::endsWith(normal, "/")) {
            normal += "/";
        }
        if (seen.insert(normal).second) {
            out.push_back(normal);
        }
    }
    return out;
}

std::vector<std::string> existingConfigFiles(const ConfigInputs& inputs)
{
    std::vector<std::string> files;
    std::error_code error;
    for (const auto& entry : searchPath(inputs)) {
        if (util::endsWith(entry, "/")) {
            if (!fs::is_directory(entry, error)) {
                continue;
            }
            std::vector<std::string> inFolder;
            for (const auto& file : fs::directory_iterator(entry, error)) {
                const auto ext = file.path().extension().string();
                if ((ext == ".yml" || ext == ".yaml") && file.is_regular_file(error)) {
                    inFolder.push_back(file.path().generic_string());
                }
            }
            std::sort(inFolder.begin(), inFolder.end());
            files.insert(files.end(), inFolder.begin(), inFolder.end());
        } else if (fs::is_regular_file(entry, error)) {
            files.push_back(entry);
        }
    }
    return files;
}

std::string userConfigFile(const ConfigInputs& inputs)
{
    return inputs.homeDir + "/.condarc";
}

std::string systemConfigFile(const ConfigInputs& inputs)
{
    const std::string root = inputs.effectiveRootPrefix();
    return root.empty() ? std::string() : root + "/.condarc";
}

std::optional<std::string> envConfigFile(const ConfigInputs& inputs)
{
    const std::string prefix = inputs.effectivePrefix();
    if (prefix.empty()) {
        return std::nullopt;
    }
    return prefix + "/.condarc";
}

std::string_view toString(ChannelPriority priority)
{
    switch (priority) {
    case ChannelPriority::Strict:
        return "strict";
    case ChannelPriority::Flexible:
        return "flexible";
    case ChannelPriority::Disabled:
        return "disabled";
    }
    return "flexible";
}

const std::vector<KeyInfo>& knownKeys()
{
    static const std::vector<KeyInfo> keys = [] {
        std::vector<KeyInfo> list = {
            {"add_pip_as_python_dependency", KeyType::Bool, scalarDefault("true")},
            {"channel_alias", KeyType::String, scalarDefault("https://conda.anaconda.org"), true},
            {"channel_priority", KeyType::ChannelPriority, scalarDefault("flexible")},
            {"changeps1", KeyType::Bool, scalarDefault("true")},
            {"channels", KeyType::StringList, listDefault({"defaults"}), true},
            {"custom_channels", KeyType::StringMap, mapDefault(), true},
            {"custom_multichannels", KeyType::StringListMap, mapDefault(), true},
            {"default_channels", KeyType::StringList, listDefault(specs::condaDefaultChannels()),
             true},
            {"env_prompt", KeyType::String, scalarDefault("({default_env}) ")},
            {"envs_dirs", KeyType::StringList, listDefault({}), true},
            {"local_repodata_ttl", KeyType::BoolOrInt, scalarDefault("1")},
            {"migrated_channel_aliases", KeyType::StringList, listDefault({}), true},
            {"offline", KeyType::Bool, scalarDefault("false")},
            {"pinned_packages", KeyType::StringList, listDefault({})},
            {"pkgs_dirs", KeyType::StringList, listDefault({}), true},
            {"proxy_servers", KeyType::StringMap, mapDefault(), true},
            // An integer, as conda declares it (PrimitiveParameter(1)).
            {"remote_backoff_factor", KeyType::Int, scalarDefault("1")},
            {"remote_connect_timeout_secs", KeyType::Float, scalarDefault("9.15")},
            {"remote_max_retries", KeyType::Int, scalarDefault("3")},
            {"remote_read_timeout_secs", KeyType::Float, scalarDefault("60.0")},
            // conda 26.5 added it off by default; Envdesk, as pixi and mamba 2.6, defaults on.
            {"repodata_use_shards", KeyType::Bool, scalarDefault("true")},
            {"repodata_use_zst", KeyType::Bool, scalarDefault("true")},
            {"show_channel_urls", KeyType::OptionalBool, ConfigValue{}},
            {"ssl_verify", KeyType::SslVerify, scalarDefault("true"), true},
        };
        return list;
    }();
    return keys;
}

const KeyInfo* findKey(std::string_view name)
{
    for (const auto& key : knownKeys()) {
        if (key.name == name) {
            return &key;
        }
    }
    return nullptr;
}

util::Result<void> validateKey(const std::string& key, const ConfigValue& value)
{
    const KeyInfo* info = findKey(key);
    // null means "not set here" (an empty `channels:`), and unknown keys are kept as written.
    if (!info || value.isNull()) {
        return {};
    }
    const bool scalar = value.isScalar();
    switch (info->type) {
    case KeyType::Bool:
        if (!scalar || !parseBoolLike(value.scalar)) {
            return typeError(key, value, "a boolean (true or false)");
        }
        return {};
    case KeyType::OptionalBool:
        if (!scalar || !parseBoolLike(value.scalar)) {
            return typeError(key, value, "a boolean (true or false) or null");
        }
        return {};
    case KeyType::Int:
        if (!scalar || !parseInt(value.scalar) || *parseInt(value.scalar) < 0) {
            return typeError(key, value, "a whole number of 0 or more");
        }
        return {};
    case KeyType::Float:
        if (!scalar || !parseFloat(value.scalar) || *parseFloat(value.scalar) < 0) {
            return typeError(key, value, "a number of seconds (0 or more)");
        }
        return {};
    case KeyType::String:
        if (!scalar) {
            return typeError(key, value, "a string");
        }
        return {};
    case KeyType::ChannelPriority:
        if (!scalar || !parseChannelPriority(value.scalar)) {
            return typeError(key, value, "one of strict, flexible, disabled");
        }
        return {};
    case KeyType::SslVerify:
        if (!scalar || util::trim(value.scalar).empty()) {
            return typeError(key, value, "true, false or the path of a CA bundle");
        }
        return {};
    case KeyType::BoolOrInt:
        if (!scalar || (!parseBool(value.scalar) && !parseInt(value.scalar))
            || parseInt(value.scalar).value_or(0) < 0) {
            return typeError(key, value, "true, false or a number of seconds");
        }
        return {};
    case KeyType::StringList:
        return expectScalarList(key, value);
    case KeyType::StringMap:
        if (!value.isMap()) {
            return typeError(key, value, "a mapping of names to strings");
        }
        for (const auto& [name, entry] : value.entries) {
            if (!entry.isScalar() && !entry.isNull()) {
                return typeError(key + "." + name, entry, "a string");
            }
        }
        return {};
    case KeyType::StringListMap:
        if (!value.isMap()) {
            return typeError(key, value, "a mapping of names to lists of strings");
        }
        for (const auto& [name, entry] : value.entries) {
            if (entry.isNull()) {
                continue;
            }
            if (auto valid = expectScalarList(key + "." + name, entry); !valid) {
                return valid;
            }
        }
        return {};
    }
    return {};
}

util::Result<ConfigSource> readConfigFile(const std::string& path)
{
    std::error_code error;
    if (!fs::exists(path, error)) {
        return util::fail(util::ErrorCode::NotFound, "no such file", path);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return util::fail(util::ErrorCode::IoError, "cannot read the file", path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto content = parseCondarc(text.str(), path);
    if (!content) {
        return content.error();
    }
    for (const auto& [key, value] : content->entries) {
        if (auto valid = validateKey(key, value); !valid) {
            return valid.error();
        }
    }
    return ConfigSource{path, std::move(*content)};
}

util::Result<Config> Config::load(const ConfigInputs& inputs)
{
    std::vector<ConfigSource> sources;
    for (const auto& path : existingConfigFiles(inputs)) {
        auto source = readConfigFile(path);
        if (!source) {
            return source.error();
        }
        sources.push_back(std::move(*source));
    }

    // CONDA_<KEY>, lists comma-separated; envs_dirs (alias envs_path) uses the path separator.
    ConfigSource envvars{"envvars", {}};
    envvars.content.kind = ConfigValue::Kind::Map;
    envvars.content.source = "envvars";
    for (const auto& key : knownKeys()) {
        if (isMapType(key.type)) {
            continue;
        }
        std::vector<std::string> names = {"CONDA_" + toUpper(key.name)};
        if (key.name == "envs_dirs") {
            names.push_back("CONDA_ENVS_PATH");
        }
        for (const auto& name : names) {
            auto found = inputs.env.find(name);
            if (found == inputs.env.end()) {
                continue;
            }
            const char separator = key.name == "envs_dirs" ? ':' : ',';
            std::vector<std::string> values = isListType(key.type)
                                                  ? splitList(found->second, separator)
                                                  : std::vector<std::string>{found->second};
            if (auto added = addStringValue(envvars.content, key.name, values, "envvars"); !added) {
                util::Error failure = added.error();
                failure.context = name;
                return failure;
            }
            break;
        }
    }
    if (!envvars.content.entries.empty()) {
        sources.push_back(std::move(envvars));
    }

    if (!inputs.overrides.empty()) {
        ConfigSource cmdLine{"cmd_line", {}};
        cmdLine.content.kind = ConfigValue::Kind::Map;
        cmdLine.content.source = "cmd_line";
        for (const auto& [key, values] : inputs.overrides) {
            if (auto added = addStringValue(cmdLine.content, key, values, "cmd_line"); !added) {
                return added.error();
            }
        }
        sources.push_back(std::move(cmdLine));
    }
    return fromSources(std::move(sources), inputs);
}

util::Result<Config> Config::fromSources(std::vector<ConfigSource> sources,
                                         const ConfigInputs& inputs)
{
    Config config;
    config.m_inputs = inputs;
    config.m_sources = std::move(sources);
    for (const auto& source : config.m_sources) {
        for (const auto& [key, value] : source.content.entries) {
            if (auto valid = validateKey(key, value); !valid) {
                return valid.error();
            }
        }
    }

    std::vector<std::string> names;
    std::unordered_set<std::string_view> named;
    std::vector<std::unordered_map<std::string_view, const ConfigValue*>> indexes;
    indexes.reserve(config.m_sources.size());
    for (const auto& source : config.m_sources) {
        for (const auto& entry : source.content.entries) {
            if (named.insert(entry.key).second) {
                names.push_back(entry.key);
            }
        }
        indexes.push_back(entriesByKey(source.content));
    }
    for (const auto& name : names) {
        // conda expands variables per value before merging, so "$HOME/x" and "/home/me/x"
        // de-duplicate; the sources themselves stay as written (what --show-sources prints).
        const KeyInfo* info = findKey(name);
        const bool expand = info && info->expandVars;
        std::vector<ConfigValue> expanded;
        expanded.reserve(config.m_sources.size());
        std::vector<const ConfigValue*> matches;
        for (const auto& index : indexes) {
            const auto found = index.find(name);
            const ConfigValue* value = found == index.end() ? nullptr : found->second;
            if (!value || value->isNull()) {
                continue;
            }
            if (expand) {
                expanded.push_back(*value);
                expandValue(expanded.back(), inputs.env);
                value = &expanded.back();
            }
            matches.push_back(value);
        }
        if (matches.empty()) {
            continue;
        }
        Setting setting;
        setting.value = mergeValues(matches);
        if (setting.value.isSequence() || setting.value.isMap()) {
            // Every source that sets the key and is not locked out by a #!final before it,
            // highest priority first (each item also carries its own source).
            std::erase_if(matches, [&](const ConfigValue* match) {
                return match->kind != setting.value.kind;
            });
            for (const ConfigValue* match : firstImportant(matches)) {
                setting.sources.insert(setting.sources.begin(), match->source);
            }
        } else {
            setting.sources = {setting.value.source};
        }
        config.m_settings.emplace(name, std::move(setting));
    }

    for (const auto& key : knownKeys()) {
        auto found = config.m_settings.find(key.name);
        if (found == config.m_settings.end()) {
            Setting setting{key.defaultValue, {}};
            if (key.name == "envs_dirs" || key.name == "pkgs_dirs") {
                // conda's defaults: <root prefix>/envs then ~/.conda/envs (pkgs likewise).
                const std::string leaf = key.name == "envs_dirs" ? "envs" : "pkgs";
                std::vector<std::string> dirs;
                if (!inputs.effectiveRootPrefix().empty()) {
                    dirs.push_back(inputs.effectiveRootPrefix() + "/" + leaf);
                }
                if (!inputs.homeDir.empty()) {
                    dirs.push_back(inputs.homeDir + "/.conda/" + leaf);
                }
                setting.value = listDefault(dirs);
            }
            found = config.m_settings.emplace(key.name, std::move(setting)).first;
        }
    }

    if (auto valid = specs::validate(config.channelContext()); !valid) {
        util::Error failure = valid.error();
        std::vector<std::string> from;
        for (const char* key :
             {"channel_alias", "default_channels", "custom_channels", "custom_multichannels"}) {
            for (const auto& source : config.m_settings.at(key).sources) {
                if (std::find(from.begin(), from.end(), source) == from.end()) {
                    from.push_back(source);
                }
            }
        }
        if (!from.empty()) {
            failure.detail += " (set in " + util::join(from, ", ") + ")";
        }
        return failure;
    }
    return config;
}

std::vector<std::string> Config::keys() const
{
    std::vector<std::string> out;
    for (const auto& entry : m_settings) {
        out.push_back(entry.first);
    }
    return out;
}

const Setting* Config::setting(std::string_view key) const
{
    auto found = m_settings.find(std::string(key));
    return found == m_settings.end() ? nullptr : &found->second;
}

namespace {

std::vector<std::string> stringsOf(const ConfigValue& value)
{
    std::vector<std::string> out;
    for (const auto& item : value.items) {
        out.push_back(item.scalar);
    }
    return out;
}

} // namespace

std::vector<std::string> Config::channels() const
{
    std::vector<std::string> list = stringsOf(setting("channels")->value);
    // `nodefaults` (conda's environment.yml keyword, honoured by mamba and pixi in .condarc too)
    // drops "defaults" wherever it came from.
    if (std::find(list.begin(), list.end(), "nodefaults") != list.end()) {
        std::erase_if(list,
                      [](const std::string& c) { return c == "defaults" || c == "nodefaults"; });
    }
    return list;
}

std::string Config::channelAlias() const
{
    return setting("channel_alias")->value.scalar;
}

std::vector<std::string> Config::defaultChannels() const
{
    return stringsOf(setting("default_channels")->value);
}

std::map<std::string, std::string> Config::customChannels() const
{
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : setting("custom_channels")->value.entries) {
        out[name] = value.scalar;
    }
    return out;
}

std::map<std::string, std::vector<std::string>> Config::customMultichannels() const
{
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [name, value] : setting("custom_multichannels")->value.entries) {
        out[name] = stringsOf(value);
    }
    return out;
}

ChannelPriority Config::channelPriority() const
{
    return parseChannelPriority(setting("channel_priority")->value.scalar)
        .value_or(ChannelPriority::Flexible);
}

std::optional<bool> Config::showChannelUrls() const
{
    const ConfigValue& value = setting("show_channel_urls")->value;
    return value.isScalar() ? parseBoolLike(value.scalar) : std::nullopt;
}

std::map<std::string, std::string> Config::proxyServers() const
{
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : setting("proxy_servers")->value.entries) {
        out[name] = value.scalar;
    }
    return out;
}

SslVerify Config::sslVerify() const
{
    const std::string& text = setting("ssl_verify")->value.scalar;
    if (auto flag = parseBool(text)) {
        return SslVerify{*flag, {}};
    }
    return SslVerify{true, std::string(util::trim(text))};
}

bool Config::offline() const
{
    return parseBoolLike(setting("offline")->value.scalar).value_or(false);
}

double Config::remoteConnectTimeoutSecs() const
{
    return parseFloat(setting("remote_connect_timeout_secs")->value.scalar).value_or(9.15);
}

double Config::remoteReadTimeoutSecs() const
{
    return parseFloat(setting("remote_read_timeout_secs")->value.scalar).value_or(60.0);
}

double Config::remoteBackoffFactor() const
{
    return static_cast<double>(
        parseInt(setting("remote_backoff_factor")->value.scalar).value_or(1));
}

int Config::remoteMaxRetries() const
{
    return static_cast<int>(parseInt(setting("remote_max_retries")->value.scalar).value_or(3));
}

std::int64_t Config::localRepodataTtl() const
{
    const std::string& text = setting("local_repodata_ttl")->value.scalar;
    if (auto seconds = parseInt(text)) {
        return *seconds;
    }
    return parseBool(text).value_or(true) ? 1 : 0;
}

bool Config::repodataUseZst() const
{
    return parseBoolLike(setting("repodata_use_zst")->value.scalar).value_or(true);
}

bool Config::changePs1() const
{
    return parseBoolLike(setting("changeps1")->value.scalar).value_or(true);
}

std::string Config::envPrompt() const
{
    return setting("env_prompt")->value.scalar;
}

bool Config::repodataUseShards() const
{
    return parseBoolLike(setting("repodata_use_shards")->value.scalar).value_or(true);
}

std::vector<std::string> Config::envsDirs() const
{
    std::vector<std::string> out;
    for (const auto& dir : stringsOf(setting("envs_dirs")->value)) {
        out.push_back(expandUser(dir, m_inputs.homeDir));
    }
    return out;
}

std::vector<std::string> Config::pkgsDirs() const
{
    std::vector<std::string> out;
    for (const auto& dir : stringsOf(setting("pkgs_dirs")->value)) {
        out.push_back(expandUser(dir, m_inputs.homeDir));
    }
    return out;
}

std::vector<std::string> Config::pinnedPackages() const
{
    return stringsOf(setting("pinned_packages")->value);
}

bool Config::addPipAsPythonDependency() const
{
    return parseBoolLike(setting("add_pip_as_python_dependency")->value.scalar).value_or(true);
}

specs::ChannelContext Config::channelContext() const
{
    specs::ChannelContext context;
    context.channelAlias = channelAlias();
    context.defaultChannels = defaultChannels();
    context.customChannels = customChannels();
    context.customMultichannels = customMultichannels();
    context.migratedChannelAliases = stringsOf(setting("migrated_channel_aliases")->value);
    context.paths = {m_inputs.homeDir, m_inputs.currentDir};
    return context;
}

} // namespace envdesk::config
