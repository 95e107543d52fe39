#include "core/present/config_text.h"

#include "core/present/conda_text.h"

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

} // namespace envdesk::present
