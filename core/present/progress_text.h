#pragma once

#include "core/ops/apply_change.h"
#include "core/repodata/record_index.h"
#include "core/repodata/repodata_fetcher.h"
#include "core/repodata/sharded_subdir.h"

#include <string>

// The one status line a long step shows on a terminal while it runs, rewritten in place: the
// caller clears the line and prints the text. Plain text: no escape sequences, no newline.
namespace envdesk::present {

// "Fetching repodata 3/8 · 12.3 MB conda-forge/linux-64"
[[nodiscard]] std::string fetchProgressLine(const repodata::FetchProgress& progress);
// "Fetching shards 12/40 · 0.21 MB"
[[nodiscard]] std::string shardProgressLine(const repodata::ShardProgress& progress);
// "Indexing 16384 records of https://conda.anaconda.org/conda-forge/linux-64" (the first read
// of a subdir's repodata.json)
[[nodiscard]] std::string indexProgressLine(const repodata::RecordIndexProgress& progress);
// "Downloading 12.3 MB", "Extracting 2/5", "Installing 3/9 numpy-1.26.4-..."; empty while
// waiting for another process (that is a note of its own, not a status line).
[[nodiscard]] std::string transactionProgressLine(const ops::ApplyProgress& progress);

} // namespace envdesk::present
