// libFuzzer target for a noarch: python package's info/link.json, whose entry points become
// scripts in bin/: entryPointScripts() reads it for any bytes without a crash, and names only
// scripts inside bin/.

#include "core/env/linker.h"
#include "tests/fuzz/fuzz_common.h"

#include <cstdint>
#include <string>

using namespace envdesk;
using envdesk::fuzz::asText;
using envdesk::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 1 << 16) {
        return 0;
    }
    const auto package = fuzz::scratchDir() / "package";
    fuzz::writeFile(package / "info" / "link.json", asText(data, size));
    for (const auto& script : env::entryPointScripts(package.string())) {
        check(script.rfind("bin/", 0) == 0);
    }
    return 0;
}
