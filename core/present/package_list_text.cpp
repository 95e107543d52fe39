#include "core/present/package_list_text.h"

#include "core/ops/solve_change.h"
#include "core/present/conda_text.h"
#include "core/specs/channel.h"
#include "core/specs/record_json.h"
#include "core/util/strings.h"

#include <cstdio>

namespace envdesk::present {

namespace {

std::string searchRow(const std::string& name, const std::string& version, const std::string& build,
                      const std::string& channel, bool header)
{
    // conda search's layout: "%-20s %15s %15s  %-20s", the header starting with "# ".
    char line[512];
    std::snprintf(line, sizeof line, header ? "# %-18s %15s %15s  %-20s" : "%-20s %15s %15s  %-20s",
                  name.c_str(), version.c_str(), build.c_str(), channel.c_str());
    std::string text = line;
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    return text + "\n";
}

} // namespace

std::string packageListText(const std::string& prefix, const std::vector<ListedPackage>& packages)
{
    std::string out = "# packages in environment at " + prefix + ":\n#\n# " + padRight("Name", 23)
                      + " " + padRight("Version", 15) + " " + padLeft("Build", 15) + "  Channel\n";
    for (const auto& [record, channel] : packages) {
        out += padRight(record->name, 25) + " " + padRight(record->version, 15) + " "
               + padLeft(record->build, 15) + "  ";
        if (!record->features.empty()) {
            out += "[" + util::join(record->features, " ") + "]";
        }
        if (!channel.empty()) {
            out += "  " + channel;
        }
        out += "\n";
    }
    return out;
}

Shown packageListing(const std::string& prefix, const std::vector<specs::PackageRecord>& records,
                     const ListOptions& options, const specs::ChannelContext& context)
{
    Shown out{nlohmann::json::array(), {}};
    std::vector<ListedPackage> table;
    if (options.form == ListForm::Export) {
        out.text = specFileHeader(options.platform);
    }
    for (const auto& record : records) {
        std::string channel = ops::canonicalChannel(record.channel, context);
        if (options.channelUrls && !specs::baseUrl(record).empty()) {
            channel = specs::baseUrl(record);
        }
        const std::string spec = record.name + "=" + record.version + "=" + record.build;
        // --export's JSON is its lines; every other form's, the records.
        out.json.push_back(options.form == ListForm::Export
                               ? nlohmann::json(spec)
                               : specs::recordJson(record, specs::RecordShape::Listed, channel));
        if (options.form == ListForm::Table) {
            table.push_back(
                {&record, channel == "defaults" && !options.channelUrls ? "" : channel});
        } else {
            out.text += (options.form == ListForm::Canonical ? record.distName() : spec) + "\n";
        }
    }
    if (options.form == ListForm::Table) {
        out.text = packageListText(prefix, table);
    }
    return out;
}

std::string specFileHeader(const std::string& platform)
{
    return "# This file may be used to create an environment using:\n"
           "# $ conda create --name <env> --file <this file>\n"
           "# platform: "
           + platform + "\n";
}

std::string searchText(const std::vector<specs::PackageRecord>& matches)
{
    std::string out = searchRow("Name", "Version", "Build", "Channel", true);
    for (const auto& record : matches) {
        out += searchRow(record.name, record.version, record.build,
                         specs::maskSecrets(record.channel), false);
    }
    return out;
}

Shown searchShown(const std::vector<specs::PackageRecord>& matches)
{
    Shown out{nlohmann::json::object(), searchText(matches)};
    for (const auto& record : matches) {
        out.json[record.name].push_back(specs::recordJson(record, specs::RecordShape::Searched));
    }
    return out;
}

nlohmann::ordered_json environmentFileJson(const envfile::EnvironmentFile& file)
{
    nlohmann::ordered_json out;
    out["name"] = file.name.value_or("");
    out["channels"] = file.channels;
    nlohmann::ordered_json dependencies = file.dependencies;
    if (file.pip) {
        dependencies.push_back({{"pip", *file.pip}});
    }
    out["dependencies"] = dependencies;
    if (!file.variables.empty()) {
        nlohmann::ordered_json variables = nlohmann::ordered_json::object();
        for (const auto& [name, value] : file.variables) {
            variables[name] = value;
        }
        out["variables"] = variables;
    }
    out["prefix"] = file.prefix.value_or("");
    return out;
}

} // namespace envdesk::present
