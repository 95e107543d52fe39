#include "core/ops/package_search.h"

#include "core/repodata/local_channel.h"
#include "core/specs/channel.h"
#include "core/specs/match_spec.h"

namespace envdesk::ops {

namespace {

// The records of the loaded channels that `spec` can match: only the names it can match are
// decoded from remote record indexes.
util::Result<std::vector<specs::PackageRecord>>
query(const channels::LoadedChannels& loaded, const specs::MatchSpec& spec, std::stop_token stop)
{
    std::vector<repodata::SubdirRecords> candidates;
    std::vector<std::vector<std::string_view>> namesBySubdir;
    std::vector<std::string> matched;
    for (const auto& subdir : loaded.subdirs) {
        std::vector<std::string_view> names;
        if (spec.hasExactName()) {
            names.push_back(spec.name());
        } else {
            for (auto name : subdir.names()) {
                if (spec.nameMatcher().matches(name)) {
                    names.push_back(name);
                }
            }
        }
        if (subdir.sharded() != nullptr) {
            matched.insert(matched.end(), names.begin(), names.end());
        }
        namesBySubdir.push_back(std::move(names));
    }
    // A pattern matching thousands of names of a sharded channel would be thousands of requests,
    // more than the whole repodata.json: refused, saying what to do.
    constexpr std::size_t kMaxShardedNames = 1000;
    if (matched.size() > kMaxShardedNames) {
        return util::fail(util::ErrorCode::InvalidMatchSpec,
                          "matches " + std::to_string(matched.size())
                              + " package names of a sharded channel, each a request of its own; "
                                "name the packages more closely, or set repodata_use_shards: "
                                "false to search the whole repodata.json",
                          spec.str());
    }
    // The shards of every matching name, fetched together rather than one by one.
    if (auto fetched = channels::prefetchNames(loaded, matched, stop); !fetched) {
        return fetched.error();
    }
    for (std::size_t i = 0; i < loaded.subdirs.size(); ++i) {
        const auto& subdir = loaded.subdirs[i];
        repodata::SubdirRecords records;
        for (auto name : namesBySubdir[i]) {
            auto found = subdir.recordsFor(name);
            if (!found) {
                return found.error();
            }
            for (auto& record : *found) {
                records.records.push_back(std::move(record));
            }
        }
        candidates.push_back(std::move(records));
    }
    return repodata::query(candidates, spec);
}

SearchRefusal refusal(SearchRefusal::Reason reason, util::Error error)
{
    SearchRefusal refused;
    refused.reason = reason;
    refused.error = std::move(error);
    return refused;
}

} // namespace

std::variant<SearchResult, SearchRefusal> searchPackages(const SearchRequest& request,
                                                         const config::Config& configuration,
                                                         const channels::LoadOptions& options)
{
    using Reason = SearchRefusal::Reason;
    const std::string platform =
        request.platform.empty() ? specs::currentPlatform() : request.platform;
    const specs::ChannelContext context = channels::channelContextFor(configuration, platform);
    auto spec = specs::MatchSpec::parse(request.spec, context);
    if (!spec) {
        return refusal(Reason::InvalidSpec, {spec.error().code, spec.error().detail, request.spec});
    }
    const auto typed =
        channels::channelList(request.channels, request.overrideChannels, configuration);
    if (typed.empty()) {
        return refusal(Reason::NoChannels,
                       {util::ErrorCode::NotFound, "no channels to search", {}});
    }
    channels::LoadedChannels loaded;
    if (auto failure = channels::loadChannels(typed, context, configuration, options, loaded)) {
        return refusal(failure->step == channels::LoadStep::Fetch ? Reason::ChannelUnreachable
                                                                  : Reason::ChannelUnreadable,
                       failure->error);
    }
    SearchResult result;
    result.spec = spec->str();
    auto matches = query(loaded, *spec, options.stop);
    if (matches && matches->empty() && spec->hasExactName()) {
        // As conda does: a spec whose exact name finds nothing is retried as *name*, with its
        // other fields kept (MatchSpec(spec, name=f"*{spec.name}*")): `vm[version=2013b*]`
        // stays a search for 2013b versions.
        if (auto flexSpec = spec->withName("*" + spec->name() + "*")) {
            result.retriedAs = flexSpec->str();
            matches = query(loaded, *flexSpec, options.stop);
        }
    }
    if (!matches) {
        // A shard that could not be fetched is a network failure, as an index's would be.
        const auto code = matches.error().code;
        return refusal(code == util::ErrorCode::InvalidMatchSpec ? Reason::InvalidSpec
                       : code == util::ErrorCode::Network || code == util::ErrorCode::Cancelled
                           ? Reason::ChannelUnreachable
                           : Reason::ChannelUnreadable,
                       matches.error());
    }
    if (matches->empty()) {
        SearchRefusal refused = refusal(
            Reason::NothingFound, {util::ErrorCode::NotFound, "no package matches", result.spec});
        refused.spec = result.spec;
        refused.channelUrls = loaded.channelUrls;
        refused.uncachedOffline = loaded.uncachedOffline;
        refused.retriedAs = result.retriedAs;
        return refused;
    }
    result.matches = std::move(*matches);
    return result;
}

} // namespace envdesk::ops
