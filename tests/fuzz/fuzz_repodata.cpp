// libFuzzer entry point for the repodata reader: any bytes give records or an error, never a
// crash; and what it reads streams into a record index that reads back the same records.

#include "core/repodata/record_index.h"
#include "core/repodata/repodata_parser.h"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace envdesk::repodata;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 1 << 16) {
        return 0;
    }
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const RepodataSource source{"fuzz", "https://example.org/fuzz/linux-64", "linux-64", "fuzz"};
    auto parsed = parseRepodata(text, source);
    if (!parsed) {
        return 0;
    }
    static const std::string path = "/tmp/envdesk-fuzz-" + std::to_string(getpid()) + ".idx";
    if (!RecordIndex::write(path, "v", "https://example.org/fuzz/linux-64", parsed->records)) {
        return 0;
    }
    auto index = RecordIndex::open(path, "v");
    if (!index || index->recordCount() != parsed->records.size()) {
        std::abort();
    }
    for (const auto& record : parsed->records) {
        auto records = index->recordsFor(record.name);
        if (!records || records->empty()) {
            std::abort();
        }
    }
    return 0;
}
