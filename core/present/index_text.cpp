#include "core/present/index_text.h"

namespace envdesk::present {

nlohmann::json indexJson(const repodata::ChannelIndexResult& result)
{
    nlohmann::json subdirs = nlohmann::json::array();
    for (const auto& subdir : result.subdirs) {
        nlohmann::json skipped = nlohmann::json::array();
        for (const auto& package : subdir.skipped) {
            skipped.push_back(
                {{"fn", package.fileName}, {"path", package.path}, {"reason", package.reason}});
        }
        subdirs.push_back({{"subdir", subdir.subdir},
                           {"repodata", subdir.repodataPath},
                           {"created", subdir.created},
                           {"packages", subdir.recordCount()},
                           {"indexed", subdir.indexed},
                           {"reused", subdir.reused},
                           {"skipped", std::move(skipped)},
                           {"warnings", subdir.warnings}});
        if (subdir.shardCount > 0) {
            subdirs.back()["shards"] = subdir.shardCount;
        }
    }
    return {{"channel", result.channelDir},
            {"success", result.complete()},
            {"subdirs", std::move(subdirs)}};
}

std::string indexText(const repodata::ChannelIndexResult& result)
{
    std::string out;
    for (const auto& subdir : result.subdirs) {
        const std::size_t count = subdir.recordCount();
        out += subdir.subdir + ": " + std::to_string(count) + " package" + (count == 1 ? "" : "s")
               + " (" + std::to_string(subdir.indexed.size()) + " read, "
               + std::to_string(subdir.reused.size()) + " from cache";
        if (!subdir.skipped.empty()) {
            out += ", " + std::to_string(subdir.skipped.size()) + " skipped";
        }
        out += std::string(")") + (subdir.created ? ", folder created" : "");
        if (subdir.shardCount > 0) {
            out += ", " + std::to_string(subdir.shardCount) + " shard"
                   + (subdir.shardCount == 1 ? "" : "s");
        }
        out += "\n";
        for (const auto& package : subdir.skipped) {
            out += "  skipped " + package.fileName + ": " + package.reason + "\n";
        }
        for (const auto& warning : subdir.warnings) {
            out += "  warning: " + warning + "\n";
        }
    }
    return out;
}

} // namespace envdesk::present
