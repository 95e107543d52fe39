#include "core/present/environment_list_text.h"

#include "core/present/conda_text.h"

#include <cstdio>
#include <ctime>

namespace envdesk::present {

namespace {

std::string sizeText(std::uint64_t bytes)
{
    char text[32];
    const double mib = static_cast<double>(bytes) / 1048576.0;
    if (mib >= 1024) {
        std::snprintf(text, sizeof text, "%.1f GiB", mib / 1024);
    } else {
        std::snprintf(text, sizeof text, "%.0f MiB", mib);
    }
    return text;
}

std::string localTime(long long unixTime)
{
    if (unixTime == 0) {
        return "";
    }
    const std::time_t when = static_cast<std::time_t>(unixTime);
    std::tm local{};
    localtime_r(&when, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

const char* stateName(env::EnvironmentInfo::State state)
{
    switch (state) {
    case env::EnvironmentInfo::State::Ok:
        return "ok";
    case env::EnvironmentInfo::State::Missing:
        return "missing";
    case env::EnvironmentInfo::State::Broken:
        return "broken";
    }
    return "";
}

} // namespace

nlohmann::json environmentListJson(const std::vector<ListedEnvironment>& listed,
                                   const std::string& activePrefix)
{
    nlohmann::json envs = nlohmann::json::array();
    nlohmann::json details = nlohmann::json::object();
    for (const auto& [info, usage] : listed) {
        if (info.state == env::EnvironmentInfo::State::Ok) {
            envs.push_back(info.prefix);
        }
        nlohmann::json detail = {{"name", info.name},
                                 {"active", info.prefix == activePrefix},
                                 {"base", info.isRoot},
                                 {"state", stateName(info.state)},
                                 {"packages", info.packageCount},
                                 {"python_version", info.pythonVersion},
                                 {"installation", info.installation}};
        if (!info.problem.empty()) {
            detail["problem"] = info.problem;
        }
        if (usage) {
            detail["size_bytes"] = usage->diskBytes;
            detail["shared_bytes"] = usage->sharedBytes;
            detail["files"] = usage->files;
            detail["last_change"] = usage->lastChange;
        }
        details[info.prefix] = std::move(detail);
    }
    return {{"envs", envs}, {"envs_details", details}};
}

std::string environmentListText(const std::vector<ListedEnvironment>& listed,
                                const std::string& activePrefix)
{
    std::string out = "# conda environments:\n#\n";
    for (const auto& [info, usage] : listed) {
        out += padRight(info.name, 20) + "  " + (info.prefix == activePrefix ? "*" : " ") + "  "
               + info.prefix;
        if (usage) {
            out += "  [" + std::to_string(info.packageCount) + " packages, "
                   + (info.pythonVersion.empty() ? std::string("no python")
                                                 : "python " + info.pythonVersion)
                   + ", " + sizeText(usage->diskBytes) + " own + " + sizeText(usage->sharedBytes)
                   + " shared, changed " + localTime(usage->lastChange) + "]";
        }
        if (info.state != env::EnvironmentInfo::State::Ok) {
            out += "  (" + std::string(stateName(info.state)) + ": " + info.problem + ")";
        }
        out += "\n";
    }
    return out + "\n";
}

} // namespace envdesk::present
