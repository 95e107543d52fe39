#pragma once

#include "core/specs/package_record.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

// A package record as conda writes it in JSON. conda writes one record in several shapes (the
// package cache's repodata_record.json, conda-meta, `search --json`, a plan's LINK/UNLINK and
// FETCH, `list --json`); they are all made here so a field is named, joined and masked one way.
namespace envdesk::specs {

enum class RecordShape {
    // repodata_record.json in the package cache, and the record part of conda-meta/<dist>.json
    // (env::writeInstalledRecord adds what linking knows): the whole record, optional fields
    // only when set, credentials stripped (these files are on disk, readable by others).
    Stored,
    // `search --json`: the channel's record, secrets masked.
    Searched,
    // A plan's LINK and UNLINK entries: what a script needs to name the package, secrets masked.
    Linked,
    // A plan's FETCH entries: the whole record (what the download needs), secrets masked.
    Fetched,
    // `list --json` (conda's dist_fields_dump): names only, with `channel` as shown.
    Listed,
};

// `record` in `shape`. `shownChannel` is the channel as the command shows it (a canonical name
// or a URL); only Listed uses it.
[[nodiscard]] nlohmann::json recordJson(const PackageRecord& record, RecordShape shape,
                                        std::string_view shownChannel = {});

// The archive's file name: `fn`, else the last part of the URL.
[[nodiscard]] std::string archiveFileName(const PackageRecord& record);

// The channel URL in front of "/<subdir>/<fn>" in the record's URL, without credentials
// (conda's base_url); empty when the URL does not end that way.
[[nodiscard]] std::string baseUrl(const PackageRecord& record);

} // namespace envdesk::specs
