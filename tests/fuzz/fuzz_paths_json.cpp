// libFuzzer target for a package's info/paths.json, read by readPackagePaths() before every link:
// any bytes give the file list or an error naming the file, never a crash; and no path it accepts
// leaves the prefix.

#include "core/env/package_paths.h"
#include "tests/fuzz/fuzz_common.h"

#include <cstdint>
#include <string>

using namespace envdesk;
using envdesk::fuzz::asText;
using envdesk::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 1 << 18) {
        return 0;
    }
    const auto package = fuzz::scratchDir() / "package";
    fuzz::writeFile(package / "info" / "paths.json", asText(data, size));
    if (auto paths = env::readPackagePaths(package.string())) {
        for (const auto& path : *paths) {
            check(!path.path.empty() && path.path.front() != '/');
            check(path.path != ".." && path.path.rfind("../", 0) != 0
                  && path.path.find("/../") == std::string::npos);
        }
    }
    return 0;
}
