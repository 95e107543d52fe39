#include "app/envdesk-cli/list_command.h"

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/history_command.h"
#include "app/envdesk-cli/target_prefix.h"
#include "core/config/config.h"
#include "core/env/prefix.h"
#include "core/ops/environment_export.h"
#include "core/specs/record_json.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>

namespace envdesk::cli {

namespace {

// conda's header for --export and --explicit files.
void printFileHeader(const std::string& platform)
{
    std::cout << "# This file may be used to create an environment using:\n"
                 "# $ conda create --name <env> --file <this file>\n"
                 "# platform: "
              << platform << "\n";
}

std::string padded(const std::string& text, std::size_t width, bool left)
{
    if (text.size() >= width) {
        return text;
    }
    const std::string fill(width - text.size(), ' ');
    return left ? text + fill : fill + text;
}

// conda's `%(name)-25s %(version)-15s %(build)15s  [features]  channel`.
std::string humanLine(const specs::PackageRecord& record, const std::string& channel)
{
    std::string line = padded(record.name, 25, true) + " " + padded(record.version, 15, true) + " "
                       + padded(record.build, 15, false) + "  ";
    if (!record.features.empty()) {
        line += "[" + util::join(record.features, " ") + "]";
    }
    if (!channel.empty()) {
        line += "  " + channel;
    }
    return line;
}

} // namespace

int runList(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const auto usage = [&](const std::string& message) { return call.usageError(message); };
    const bool json = parsed->flag("--json");
    if (parsed->flag("--revisions")) {
        return printRevisions(*parsed);
    }
    const bool explicitFile = parsed->flag("--explicit");
    if ((parsed->flag("--md5") || parsed->flag("--sha256")) && !explicitFile) {
        return usage("--md5 and --sha256 go with --explicit");
    }

    const config::ConfigInputs inputs = config::ConfigInputs::fromProcess();
    auto loaded = loadPrefixCommand(*parsed, inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&loaded)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& [command, prefix] = std::get<PrefixCommandSetup>(loaded);
    const auto& [configuration, platform, context] = command;
    if (!env::isEnvironment(prefix)) {
        return failWith(json, "EnvironmentLocationNotFound", "Not a conda environment: " + prefix);
    }
    auto records = env::readPrefixRecords(prefix);
    if (!records) {
        return failWith(json, "CorruptedEnvironmentError", records.error().message());
    }

    if (explicitFile) {
        const auto hash = parsed->flag("--md5")      ? envfile::ExplicitHash::Md5
                          : parsed->flag("--sha256") ? envfile::ExplicitHash::Sha256
                                                     : envfile::ExplicitHash::None;
        auto text = ops::exportExplicit(prefix, hash, platform);
        if (!text) {
            return failWith(json, "CorruptedEnvironmentError", text.error().message());
        }
        std::cout << *text;
        return 0;
    }

    std::optional<std::regex> pattern;
    if (!parsed->positionals.empty()) {
        const std::string text = parsed->positionals.front();
        try {
            pattern.emplace(parsed->flag("--full-name") ? "^(" + text + ")$" : text,
                            std::regex::ECMAScript | std::regex::icase);
        } catch (const std::regex_error& error) {
            return failWith(json, "CondaValueError",
                            "invalid regular expression '" + text + "': " + error.what());
        }
    }
    std::vector<const specs::PackageRecord*> shown;
    for (const auto& record : *records) {
        if (!pattern || std::regex_search(record.name, *pattern)) {
            shown.push_back(&record);
        }
    }

    const bool channelUrls = parsed->flag("--show-channel-urls");
    const auto channelOf = [&](const specs::PackageRecord& record) {
        const std::string name = canonicalChannel(record.channel, context);
        if (channelUrls) {
            const std::string url = specs::baseUrl(record);
            return url.empty() ? name : url;
        }
        return name;
    };
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto* record : shown) {
            out.push_back(
                parsed->flag("--export")
                    ? nlohmann::json(record->name + "=" + record->version + "=" + record->build)
                    : specs::recordJson(*record, specs::RecordShape::Listed, channelOf(*record)));
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    if (parsed->flag("--export")) {
        printFileHeader(platform);
        for (const auto* record : shown) {
            std::cout << record->name << "=" << record->version << "=" << record->build << "\n";
        }
        return 0;
    }
    if (parsed->flag("--canonical")) {
        for (const auto* record : shown) {
            std::cout << record->name << "-" << record->version << "-" << record->build << "\n";
        }
        return 0;
    }
    std::cout << "# packages in environment at " << prefix << ":\n#\n"
              << "# " << padded("Name", 23, true) << " " << padded("Version", 15, true) << " "
              << padded("Build", 15, false) << "  Channel\n";
    for (const auto* record : shown) {
        // conda leaves out the channel of packages from defaults unless asked.
        const std::string channel = channelOf(*record);
        std::cout << humanLine(*record, channel == "defaults" && !channelUrls ? "" : channel)
                  << "\n";
    }
    // Like grep: a pattern that matched nothing is a failure scripts can test.
    return pattern && shown.empty() ? 1 : 0;
}

} // namespace envdesk::cli
