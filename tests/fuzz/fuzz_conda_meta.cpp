// libFuzzer target for conda-meta/<dist>.json records, which conda, micromamba and older tools
// write in many shapes: parsePrefixRecord (what readPrefixRecords and discovery use) turns any
// bytes into a record or an error naming the file, never a crash or undefined behaviour.

#include "core/env/prefix.h"
#include "tests/fuzz/fuzz_common.h"

#include <cstdint>
#include <string>

using namespace envdesk;
using envdesk::fuzz::asText;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 1 << 18) {
        return 0;
    }
    if (auto record = env::parsePrefixRecord(asText(data, size), "/fuzz/conda-meta/x.json")) {
        (void)record->str();
    }
    return 0;
}
