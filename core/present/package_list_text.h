#pragma once

#include "core/envfile/environment_file.h"
#include "core/present/conda_text.h"
#include "core/specs/channel.h"
#include "core/specs/package_record.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// Packages as `conda list`, `conda search` and `conda env export --json` show them.
namespace envdesk::present {

// One installed package and the channel to print for it (its canonical name, or its URL with
// --show-channel-urls; empty: none).
struct ListedPackage {
    const specs::PackageRecord* record = nullptr;
    std::string channel;
};

// conda list's table: "# packages in environment at PREFIX:", the header, then
// `%(name)-25s %(version)-15s %(build)15s  [features]  channel` per package.
[[nodiscard]] std::string packageListText(const std::string& prefix,
                                          const std::vector<ListedPackage>& packages);

// How `conda list` shows the packages: its table, its JSON records, `--export` lines
// (name=version=build, under specFileHeader()) or `--canonical` names (name-version-build).
enum class ListForm { Table, Json, Export, Canonical };

struct ListOptions {
    ListForm form = ListForm::Table;
    bool channelUrls = false; // --show-channel-urls: each channel's URL, not its name
    std::string platform;     // for the --export header
};

// `records` of the environment at `prefix` as `options` asks: `json` for --json (the records;
// with Export, the lines), `text` otherwise (with Json: the lines of Export). Channels by their
// canonical name in `context`; conda leaves out `defaults` in the table unless channel URLs are
// asked for.
[[nodiscard]] Shown packageListing(const std::string& prefix,
                                   const std::vector<specs::PackageRecord>& records,
                                   const ListOptions& options,
                                   const specs::ChannelContext& context);

// conda's header of --export and --explicit files, naming the platform.
[[nodiscard]] std::string specFileHeader(const std::string& platform);

// conda search's table: "# Name Version Build Channel", then one row per record (channels
// masked), trailing spaces trimmed.
[[nodiscard]] std::string searchText(const std::vector<specs::PackageRecord>& matches);
// conda search's answer: {"NAME": [record, ...], ...} (its --json shape) and searchText().
[[nodiscard]] Shown searchShown(const std::vector<specs::PackageRecord>& matches);

// `env export --json`: the environment as one JSON object in the file's order (name, channels,
// dependencies with the pip: section last, variables, prefix).
[[nodiscard]] nlohmann::ordered_json environmentFileJson(const envfile::EnvironmentFile& file);

} // namespace envdesk::present
