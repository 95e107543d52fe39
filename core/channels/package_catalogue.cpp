#include "core/channels/package_catalogue.h"

#include "core/specs/version.h"

#include <algorithm>
#include <set>

namespace envdesk::channels {

bool isNewer(const specs::PackageRecord& candidate, const specs::PackageRecord& than)
{
    auto left = specs::Version::parse(candidate.version);
    auto right = specs::Version::parse(than.version);
    if (left && right) {
        const auto order = left->compare(*right);
        if (order != 0) {
            return order > 0;
        }
    } else if (candidate.version != than.version) {
        // A version that does not parse loses to one that does.
        return left.ok();
    }
    return candidate.buildNumber > than.buildNumber;
}

util::Result<PackageCatalogue> buildCatalogue(const LoadedChannels& loaded,
                                              const std::vector<std::string>& wanted,
                                              std::size_t decodeLimit, std::stop_token stop)
{
    PackageCatalogue catalogue;
    std::set<std::string> names;
    for (const auto& subdir : loaded.subdirs) {
        for (const auto name : subdir.names()) {
            names.emplace(name);
        }
    }
    catalogue.names.assign(names.begin(), names.end());
    // A sharded channel would fetch a shard per name: only the wanted ones are asked for, all
    // at once; the rest are listed by name, as beyond the limit.
    const bool sharded = std::any_of(loaded.subdirs.begin(), loaded.subdirs.end(),
                                     [](const ChannelSubdir& s) { return s.sharded() != nullptr; });
    const bool decodeAll = names.size() <= decodeLimit && !sharded;
    std::set<std::string> toDecode(wanted.begin(), wanted.end());
    if (decodeAll) {
        toDecode.insert(names.begin(), names.end());
    } else {
        catalogue.undecoded = names.size();
    }
    if (auto fetched =
            prefetchNames(loaded, std::vector<std::string>(toDecode.begin(), toDecode.end()), stop);
        !fetched) {
        return fetched.error();
    }
    for (const auto& name : toDecode) {
        if (stop.stop_requested()) {
            return util::fail(util::ErrorCode::Cancelled, "stopped");
        }
        for (const auto& subdir : loaded.subdirs) {
            auto records = subdir.recordsFor(name);
            if (!records) {
                return records.error();
            }
            for (auto& record : *records) {
                auto [found, inserted] = catalogue.newest.try_emplace(name, record);
                if (!inserted && isNewer(record, found->second)) {
                    found->second = std::move(record);
                }
            }
        }
        if (!decodeAll && names.count(name) > 0) {
            --catalogue.undecoded;
        }
    }
    return catalogue;
}

} // namespace envdesk::channels
