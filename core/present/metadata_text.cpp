#include "core/present/metadata_text.h"

#include "core/present/conda_text.h"

namespace envdesk::present {

nlohmann::json metadataSourcesJson(const std::vector<channels::SubdirSource>& sources)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& source : sources) {
        nlohmann::json entry = {{"url", source.url},
                                {"format", source.sharded ? "shards" : "repodata.json"},
                                {"origin", source.origin},
                                {"bytes_fetched", source.bytesFetched}};
        if (source.shards) {
            const auto counts = source.shards->counts();
            entry["bytes_fetched"] = source.bytesFetched + counts.bytes;
            entry["shards_fetched"] = counts.fetched;
            entry["shards_cached"] = counts.cached;
            entry["names"] = counts.names;
            if (!counts.offlineMissing.empty()) {
                entry["shards_missing_offline"] = counts.offlineMissing;
            }
        }
        out.push_back(std::move(entry));
    }
    return out;
}

std::string metadataSourcesText(const std::vector<channels::SubdirSource>& sources)
{
    std::string text;
    for (const auto& source : sources) {
        text += "  " + source.url + ": ";
        if (source.shards) {
            const auto counts = source.shards->counts();
            text += "shards, " + std::to_string(counts.fetched) + " fetched ("
                    + humanBytes(counts.bytes) + "), " + std::to_string(counts.cached)
                    + " from the cache, of " + std::to_string(counts.names) + " names; index ";
        } else {
            text += "repodata.json ";
        }
        text += source.origin;
        if (source.bytesFetched > 0) {
            text += " (" + humanBytes(source.bytesFetched) + ")";
        }
        text += "\n";
    }
    return text;
}

} // namespace envdesk::present
