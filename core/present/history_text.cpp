#include "core/present/history_text.h"

#include "core/util/strings.h"

#include <algorithm>

namespace envdesk::present {

namespace {

// conda's pretty_diff: a version with its channel in brackets, unless the channel is defaults.
std::string versionWithChannel(const env::HistoryDist& dist)
{
    const std::string channel = dist.channel.empty() ? "<unknown>" : dist.channel;
    return channel == "defaults" ? dist.version : dist.version + " (" + channel + ")";
}

std::vector<std::string> fullState(const env::Revision& revision)
{
    std::vector<std::string> all;
    for (const auto& dist : revision.linked) {
        all.push_back(dist.text);
    }
    std::sort(all.begin(), all.end());
    return all;
}

std::vector<std::string> prettyLines(const env::Revision& revision)
{
    if (revision.fullState) {
        return fullState(revision);
    }
    using Kind = env::RevisionChange::Kind;
    const auto changes = env::describeRevision(revision);
    std::vector<std::string> lines;
    for (const auto& change : changes) {
        if (change.kind == Kind::Upgrade || change.kind == Kind::Downgrade) {
            lines.push_back(" " + util::toLower(change.name) + "  {"
                            + versionWithChannel(change.from) + " -> "
                            + versionWithChannel(change.to) + "}");
        }
    }
    for (const auto& change : changes) {
        if (change.kind == Kind::Remove) {
            lines.push_back("-" + util::toLower(change.name) + "-"
                            + versionWithChannel(change.from));
        }
    }
    for (const auto& change : changes) {
        if (change.kind == Kind::Install) {
            lines.push_back("+" + util::toLower(change.name) + "-" + versionWithChannel(change.to));
        }
    }
    return lines;
}

nlohmann::json revisionJson(const env::Revision& revision)
{
    nlohmann::json event = {{"date", revision.date},
                            {"rev", revision.number},
                            {"install", nlohmann::json::array()},
                            {"remove", nlohmann::json::array()},
                            {"upgrade", nlohmann::json::array()},
                            {"downgrade", nlohmann::json::array()}};
    if (!revision.command.empty()) {
        event["cmd"] = revision.command;
    }
    if (revision.fullState) {
        event["install"] = fullState(revision);
        return event;
    }
    using Kind = env::RevisionChange::Kind;
    const auto short_ = [](const env::HistoryDist& dist) {
        return util::toLower(dist.name) + "-" + dist.version + "-" + dist.build;
    };
    for (const auto& change : env::describeRevision(revision)) {
        switch (change.kind) {
        case Kind::Install:
            event["install"].push_back(short_(change.to));
            break;
        case Kind::Remove:
            event["remove"].push_back(short_(change.from));
            break;
        case Kind::Upgrade:
        case Kind::Downgrade:
            event[change.kind == Kind::Upgrade ? "upgrade" : "downgrade"].push_back(
                {{"old", short_(change.from)}, {"new", short_(change.to)}});
            break;
        }
    }
    return event;
}

} // namespace

std::string historyText(const std::vector<env::Revision>& revisions)
{
    std::string out;
    for (const auto& revision : revisions) {
        out += revision.date + "  (rev " + std::to_string(revision.number) + ")\n";
        for (const auto& line : prettyLines(revision)) {
            out += "    " + line + "\n";
        }
        out += "\n";
    }
    return out;
}

nlohmann::json historyJson(const std::vector<env::Revision>& revisions)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& revision : revisions) {
        out.push_back(revisionJson(revision));
    }
    return out;
}

} // namespace envdesk::present
