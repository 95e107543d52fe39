#include "core/present/plan_text.h"

#include "core/present/conda_text.h"
#include "core/specs/channel.h"
#include "core/specs/record_json.h"

#include <algorithm>
#include <cstdio>

namespace envdesk::present {

namespace {

// conda's Channel.name: what record ids print ("conda-forge", "pkgs/main"), the part before
// "/subdir::" in `conda-forge/linux-64::python-3.9.18-...`. A channel given by URL may carry a
// token or a password: masked, as everywhere a channel is printed.
std::string channelShortName(const std::string& canonical)
{
    if (canonical == "defaults") {
        return "pkgs/main";
    }
    return specs::maskSecrets(canonical);
}

std::string displayKey(const std::string& name)
{
    return name.size() > 18 ? name.substr(0, 15) + "..." : name;
}

// conda's diff_strs: only the parts that change, channel and subdir only when they do.
std::pair<std::string, std::string> diffStrings(const specs::PackageRecord& from,
                                                const specs::PackageRecord& to)
{
    const bool channelChange = channelShortName(from.channel) != channelShortName(to.channel);
    const bool subdirChange = from.subdir != to.subdir;
    std::string left;
    std::string right;
    if (channelChange || subdirChange) {
        left += channelShortName(from.channel);
        right += channelShortName(to.channel);
    }
    if (subdirChange) {
        left += "/" + from.subdir;
        right += "/" + to.subdir;
    }
    if (channelChange || subdirChange) {
        left += "::" + from.name + "-";
        right += "::" + to.name + "-";
    }
    if (from.version != to.version || from.build != to.build) {
        left += from.version + "-" + from.build;
        right += to.version + "-" + to.build;
    }
    return {left, right};
}

std::string downloadsText(const std::vector<specs::PackageRecord>& fetch)
{
    std::string out = "\nThe following packages will be downloaded:\n\n";
    char line[256];
    std::snprintf(line, sizeof line, "    %-27s|%17s\n", "package", "build");
    out += line;
    std::snprintf(line, sizeof line, "    %-27s|%17s\n", std::string(27, '-').c_str(),
                  std::string(17, '-').c_str());
    out += line;
    std::uint64_t total = 0;
    for (const auto& record : fetch) {
        total += record.size;
        std::snprintf(line, sizeof line, "    %-27s|%17s",
                      (record.name + "-" + record.version).c_str(), record.build.c_str());
        out += line + padLeft(humanBytes(record.size), 15) + "  "
               + specs::maskSecrets(record.channel) + "\n";
    }
    if (fetch.size() > 1) {
        out += "    " + std::string(60, '-') + "\n" + std::string(43, ' ')
               + "Total: " + padLeft(humanBytes(total), 14) + "\n";
    }
    return out + "\n";
}

std::string singleLine(const specs::PackageRecord& record)
{
    return "  " + padRight(displayKey(record.name), 18) + " " + channelShortName(record.channel)
           + "/" + record.subdir + "::" + record.distName();
}

std::string twofoldLine(const solver::Action& action)
{
    auto [left, right] = diffStrings(*action.from, *action.to);
    if (left.size() > 38) {
        left = left.substr(0, 35) + "...";
    }
    return "  " + padRight(displayKey(action.to->name), 18) + " " + padLeft(left, 38) + " --> "
           + right;
}

} // namespace

std::string planText(const ops::Plan& plan, bool remove, const std::vector<std::string>& specTexts)
{
    std::string out = "\n## Package Plan ##\n\n  environment location: " + plan.prefix + "\n\n";
    if (!specTexts.empty()) {
        std::vector<std::string> sorted = specTexts;
        std::sort(sorted.begin(), sorted.end());
        out += remove ? "  removed specs:" : "  added / updated specs:";
        for (const auto& spec : sorted) {
            // As typed, so a spec's channel may carry a token or a password.
            out += "\n    - " + specs::maskSecrets(spec);
        }
        out += "\n\n";
    }
    if (!plan.fetch.empty()) {
        out += downloadsText(plan.fetch);
    }
    using Kind = solver::Action::Kind;
    // conda's order of sections; each lists its actions in the plan's order.
    const auto section = [&](Kind kind, const char* title) {
        std::string lines;
        for (const auto& action : plan.actions) {
            if (action.kind != kind) {
                continue;
            }
            switch (kind) {
            case Kind::Install:
            case Kind::Reinstall:
                lines += singleLine(*action.to) + "\n";
                break;
            case Kind::Remove:
                lines += "  " + action.from->distName() + "\n";
                break;
            default:
                lines += twofoldLine(action) + "\n";
                break;
            }
        }
        if (!lines.empty()) {
            out += std::string("\nThe following ") + title + ":\n\n" + lines + "\n";
        }
    };
    section(Kind::Install, "NEW packages will be INSTALLED");
    section(Kind::Reinstall, "packages will be REINSTALLED");
    section(Kind::Remove, "packages will be REMOVED");
    section(Kind::Upgrade, "packages will be UPDATED");
    section(Kind::Change, "packages will be SUPERSEDED by a higher-priority channel");
    section(Kind::Downgrade, "packages will be DOWNGRADED");
    return out + "\n";
}

nlohmann::json actionsJson(const std::string& prefix, const std::vector<specs::PackageRecord>& link,
                           const std::vector<specs::PackageRecord>& unlink,
                           const std::vector<specs::PackageRecord>* fetch)
{
    const auto records = [](const std::vector<specs::PackageRecord>& list,
                            specs::RecordShape shape) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& record : list) {
            out.push_back(specs::recordJson(record, shape));
        }
        return out;
    };
    nlohmann::json actions;
    actions["PREFIX"] = prefix;
    actions["LINK"] = records(link, specs::RecordShape::Linked);
    actions["UNLINK"] = records(unlink, specs::RecordShape::Linked);
    if (fetch != nullptr) {
        actions["FETCH"] = records(*fetch, specs::RecordShape::Fetched);
    }
    return actions;
}

nlohmann::json problemsJson(const solver::ProblemGraph& graph)
{
    nlohmann::json conflicts = nlohmann::json::array();
    for (const auto& conflict : graph.conflicts) {
        nlohmann::json chains = nlohmann::json::array();
        for (const auto& chain : conflict.chains) {
            chains.push_back(chain.steps);
        }
        conflicts.push_back({{"package", conflict.package},
                             {"chains", chains},
                             {"available_versions", conflict.availableVersions}});
    }
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& item : graph.missing) {
        missing.push_back({{"spec", item.spec}, {"required_by", item.requiredBy}});
    }
    return {{"conflicts", conflicts}, {"missing", missing}};
}

std::string activationHint(const std::string& prefix)
{
    return "#\n# To activate this environment, use\n#\n#     $ conda activate " + prefix
           + "\n#\n# To deactivate an active environment, use\n#\n#     $ conda deactivate\n";
}

} // namespace envdesk::present
