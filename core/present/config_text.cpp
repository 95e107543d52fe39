#include "core/present/config_text.h"

#include "core/config/config_json.h"
#include "core/present/conda_text.h"

#include <algorithm>

namespace envdesk::present {

std::string configShowText(const std::string& key, const nlohmann::json& value)
{
    if (value.is_object()) {
        if (value.empty()) {
            return key + ": {}\n";
        }
        std::string out = key + ":\n";
        for (const auto& [name, entry] : value.items()) {
            if (entry.is_array()) {
                out += "  " + name + ":\n";
                for (const auto& item : entry) {
                    out += "    - " + pythonStr(item) + "\n";
                }
            } else {
                out += "  " + name + ": " + pythonStr(entry) + "\n";
            }
        }
        return out;
    }
    if (value.is_array()) {
        if (value.empty()) {
            return key + ": []\n";
        }
        std::string out = key + ":\n";
        for (const auto& item : value) {
            out += "  - " + pythonStr(item) + "\n";
        }
        return out;
    }
    return key + ": " + pythonStr(value) + "\n";
}

std::string configGetText(const std::string& key, const nlohmann::json& value)
{
    std::string out;
    if (value.is_array()) {
        const std::size_t count = value.size();
        for (std::size_t q = 0; q < count; ++q) {
            out += "--add " + key + " " + pythonRepr(pythonStr(value[count - 1 - q]));
            if (key == "channels" && (q == 0 || q == count - 1)) {
                out += std::string("   # ") + (q == 0 ? "lowest" : "highest") + " priority";
            }
            out += "\n";
        }
    } else if (value.is_object()) {
        for (const auto& [name, entry] : value.items()) {
            out += "--set " + key + "." + name + " " + pythonStr(entry) + "\n";
        }
    } else {
        out += "--set " + key + " " + pythonStr(value) + "\n";
    }
    return out;
}

ConfigShown configShow(const config::Config& configuration, std::vector<std::string> keys)
{
    if (keys.empty()) {
        keys = configuration.keys();
    }
    ConfigDocument out{nlohmann::json::object(), {}, {}};
    nlohmann::json sources = nlohmann::json::object();
    for (const auto& key : keys) {
        const config::Setting* setting = configuration.setting(key);
        if (!setting) {
            return {std::nullopt, key};
        }
        auto& value = out.json[key] = config::typedJson(setting->value, config::findKey(key));
        maskSecretsIn(value);
        sources[key] = setting->sources;
        out.text += configShowText(key, value);
    }
    out.json["envdesk_sources"] = std::move(sources);
    return {std::move(out), {}};
}

ConfigDocument configShowSources(const config::Config& configuration)
{
    ConfigDocument out{nlohmann::json::object(), {}, {}};
    for (const auto& source : configuration.sources()) {
        nlohmann::json content = nlohmann::json::object();
        out.text += (out.text.empty() ? "" : "\n") + std::string("==> ") + source.name + " <==\n";
        for (const auto& [key, value] : source.content.entries) {
            content[key] = config::typedJson(value, config::findKey(key));
            maskSecretsIn(content[key]);
            out.text += configShowText(key, content[key]);
        }
        out.json[source.name] = std::move(content);
    }
    return out;
}

ConfigDocument configGet(const config::ConfigValue& content, std::vector<std::string> keys,
                         const std::string& path)
{
    if (keys.empty()) {
        for (const auto& entry : content.entries) {
            keys.push_back(entry.key);
        }
        std::sort(keys.begin(), keys.end());
    }
    ConfigDocument out;
    nlohmann::json got = nlohmann::json::object();
    for (const auto& key : keys) {
        const config::ConfigValue* value = content.find(key);
        if (!value) {
            if (!config::findKey(key)) {
                out.warnings.push_back("Unknown key: " + pythonRepr(key));
            }
            continue;
        }
        got[key] = config::typedJson(*value, config::findKey(key));
        out.text += configGetText(key, got[key]);
    }
    out.json = {{"get", got}, {"rc_path", path}, {"success", true}, {"warnings", out.warnings}};
    return out;
}

} // namespace envdesk::present
