#include "core/ops/revision_target.h"

#include "core/env/history.h"
#include "core/env/prefix.h"
#include "core/specs/channel.h"
#include "core/util/file_io.h"
#include "core/util/strings.h"

#include <algorithm>
#include <filesystem>
#include <optional>

namespace envdesk::ops {

namespace {

namespace fs = std::filesystem;

// A package the cache holds, from its info/repodata_record.json.
std::optional<specs::PackageRecord> cachedRecord(const env::HistoryDist& dist,
                                                 const std::vector<std::string>& pkgsDirs)
{
    for (const auto& dir : pkgsDirs) {
        const fs::path file = fs::path(dir) / dist.distName() / "info" / "repodata_record.json";
        auto text = util::readFile(file.string());
        if (!text) {
            continue;
        }
        if (auto record = env::parsePrefixRecord(*text, file.string())) {
            return *record;
        }
    }
    return std::nullopt;
}

// The history writes `channel::dist` with the channel's name or URL; records may hold the
// subdir URL.
bool sameChannel(const env::HistoryDist& dist, const specs::PackageRecord& record)
{
    if (dist.channel.empty()) {
        return true;
    }
    std::string channel = specs::stripCredentials(record.channel);
    if (!record.subdir.empty() && util::endsWith(channel, "/" + record.subdir)) {
        channel.resize(channel.size() - record.subdir.size() - 1);
    }
    return channel == specs::stripCredentials(dist.channel)
           || util::endsWith(channel, "/" + dist.channel);
}

util::Result<std::optional<specs::PackageRecord>>
findInChannels(const env::HistoryDist& dist, const channels::LoadedChannels& loaded)
{
    for (const auto& subdir : loaded.subdirs) {
        if (!dist.subdir.empty() && subdir.subdir() != dist.subdir) {
            continue;
        }
        auto records = subdir.recordsFor(dist.name);
        if (!records) {
            return records.error();
        }
        for (auto& record : *records) {
            if (record.version == dist.version && record.build == dist.build
                && sameChannel(dist, record)) {
                return std::optional<specs::PackageRecord>(std::move(record));
            }
        }
    }
    return std::optional<specs::PackageRecord>();
}

} // namespace

util::Result<RevisionTarget> revisionTarget(const std::string& prefix, int number,
                                            const std::vector<std::string>& channels,
                                            const config::Config& configuration,
                                            const channels::LoadOptions& loadOptions)
{
    const std::string historyFile = prefix + "/conda-meta/history";
    auto revisions = env::readHistory(prefix);
    if (!revisions) {
        return revisions.error();
    }
    if (number < 0 || number >= static_cast<int>(revisions->size())) {
        return util::fail(
            util::ErrorCode::NotFound,
            "no revision " + std::to_string(number) + " in " + historyFile
                + (revisions->empty()
                       ? std::string(" (it records none)")
                       : " (revisions 0 to " + std::to_string(revisions->size() - 1) + ")"));
    }
    RevisionTarget result;
    auto installed = env::readPrefixRecords(prefix);
    if (!installed) {
        return installed.error();
    }
    result.installed = std::move(*installed);

    std::vector<env::HistoryDist> missing;
    for (const auto& text : (*revisions)[static_cast<std::size_t>(number)].state) {
        auto dist = env::parseHistoryDist(text, historyFile);
        if (!dist) {
            return dist.error();
        }
        const auto kept =
            std::find_if(result.installed.begin(), result.installed.end(), [&](const auto& r) {
                return r.distName() == dist->distName() && sameChannel(*dist, r);
            });
        if (kept != result.installed.end()) {
            result.target.push_back(*kept);
        } else if (auto cached = cachedRecord(*dist, configuration.pkgsDirs())) {
            result.target.push_back(std::move(*cached));
        } else {
            missing.push_back(std::move(*dist));
        }
    }
    if (missing.empty()) {
        return result;
    }

    std::vector<std::string> channelNames = channels;
    for (const auto& dist : missing) {
        if (!dist.channel.empty()
            && std::find(channelNames.begin(), channelNames.end(), dist.channel)
                   == channelNames.end()) {
            channelNames.push_back(dist.channel);
        }
    }
    channels::LoadedChannels loaded;
    const auto context = channels::channelContextFor(configuration, specs::currentPlatform());
    if (auto failure =
            channels::loadChannels(channelNames, context, configuration, loadOptions, loaded)) {
        return failure->error;
    }
    result.channelUrls = loaded.channelUrls;
    for (const auto& dist : missing) {
        auto found = findInChannels(dist, loaded);
        if (!found) {
            return found.error();
        }
        if (*found) {
            result.target.push_back(std::move(**found));
        } else {
            result.notFound.push_back(dist.text);
        }
    }
    return result;
}

ChangeDecision decideRevert(const RevertRequest& request, const config::Config& configuration,
                            const channels::LoadOptions& loadOptions,
                            const ChangeObserver& observer)
{
    using Reason = ChangeRefusal::Reason;
    if (request.recoverInterrupted) {
        if (auto refused = settleInterruptedChange(request.prefix, observer, loadOptions.stop)) {
            return std::move(*refused);
        }
    }
    if (auto refused = checkChangeTarget(request.prefix, false)) {
        return std::move(*refused);
    }
    // The revision itself first: a NotFound after this is a channel's, not the history's.
    auto revisions = env::readHistory(request.prefix);
    if (!revisions) {
        return ChangeRefusal{Reason::UnreadableHistory, revisions.error(), {}, {}};
    }
    if (request.number < 0 || request.number >= static_cast<int>(revisions->size())) {
        return ChangeRefusal{
            Reason::NoSuchRevision,
            util::Error{
                util::ErrorCode::NotFound,
                "no revision " + std::to_string(request.number) + " in " + request.prefix
                    + "/conda-meta/history"
                    + (revisions->empty()
                           ? std::string(" (it records none)")
                           : " (revisions 0 to " + std::to_string(revisions->size() - 1) + ")"),
                {}},
            {},
            {}};
    }
    auto found = revisionTarget(request.prefix, request.number, request.channels, configuration,
                                loadOptions);
    if (!found) {
        switch (found.error().code) {
        case util::ErrorCode::NotFound:
            return ChangeRefusal{Reason::ChannelUnreadable, found.error(), {}, {}};
        case util::ErrorCode::Cancelled:
        case util::ErrorCode::Network:
            return ChangeRefusal{Reason::ChannelUnreachable, found.error(), {}, {}};
        case util::ErrorCode::InvalidChannel:
            return ChangeRefusal{Reason::ChannelUnreadable, found.error(), {}, {}};
        default:
            return ChangeRefusal{Reason::UnreadableHistory, found.error(), {}, {}};
        }
    }
    if (!found->notFound.empty()) {
        std::string message = "revision " + std::to_string(request.number)
                              + " needs packages that are neither in the package cache nor in "
                                "the channels:\n";
        for (const auto& text : found->notFound) {
            message += "  - " + text + "\n";
        }
        return ChangeRefusal{Reason::RevisionIncomplete,
                             util::Error{util::ErrorCode::NotFound, message, {}}, found->notFound,
                             found->channelUrls};
    }
    Plan plan =
        planFromTarget(request.prefix, found->installed, found->target, configuration.pkgsDirs());
    return ChangeProposal{std::move(plan), found->channelUrls, {}};
}

} // namespace envdesk::ops
