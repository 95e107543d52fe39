#pragma once

#include "core/channels/loaded_channels.h"
#include "core/config/config.h"
#include "core/specs/package_record.h"
#include "core/util/error.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

// Searching channels for a match spec, as `conda search` does: the channels of the request (or
// the configured ones), every record the spec matches, and a plain name that matches nothing
// retried as `*name*`. The CLI's `search` prints what this finds.
namespace envdesk::ops {

struct SearchRequest {
    std::string spec = "*";
    std::vector<std::string> channels; // typed (-c), searched first
    bool overrideChannels = false;     // leave out the configured channels
    std::string platform;              // the machine's when empty
};

struct SearchResult {
    std::vector<specs::PackageRecord> matches;
    std::string spec;                     // as conda writes the spec searched for
    std::optional<std::string> retriedAs; // `*name*` when the plain name matched nothing
};

struct SearchRefusal {
    enum class Reason {
        InvalidSpec,        // error.context: the spec
        NoChannels,         // neither -c nor configured channels
        ChannelUnreachable, // a fetch failed (ErrorCode::Cancelled when stopped)
        ChannelUnreadable,  // a channel could not be resolved, read or indexed
        NothingFound,       // `spec` and `channelUrls` say where
    };
    Reason reason = Reason::NothingFound;
    util::Error error;
    std::string spec;
    std::vector<std::string> channelUrls;
    std::optional<std::string> retriedAs; // as in SearchResult
    // NothingFound while offline: the subdirs that were empty only because nothing of them was
    // cached (LoadedChannels::uncachedOffline).
    std::vector<std::string> uncachedOffline;
};

[[nodiscard]] std::variant<SearchResult, SearchRefusal>
searchPackages(const SearchRequest& request, const config::Config& configuration,
               const channels::LoadOptions& options);

} // namespace envdesk::ops
