// libFuzzer target for environment.yml: parseEnvironmentFile must turn any bytes into a file or
// an error, never a crash, a hang or undefined behaviour; and a file it reads, written back by
// formatEnvironmentFile, reads back the same (warnings aside), since `env export` relies on it.

#include "core/envfile/environment_file.h"
#include "tests/fuzz/fuzz_common.h"

#include <cstdint>
#include <string>

using namespace envdesk::envfile;
using envdesk::fuzz::asText;
using envdesk::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 1 << 16) {
        return 0;
    }
    const std::string_view text = asText(data, size);
    const ParseOptions options{"linux-64"};
    auto file = parseEnvironmentFile(text, "/fuzz/environment.yml", options);
    if (!file) {
        return 0;
    }
    auto again = parseEnvironmentFile(formatEnvironmentFile(*file), "/fuzz/export.yml", options);
    check(again.ok());
    file->warnings.clear();
    again->warnings.clear();
    check(*again == *file);
    for (const char* platform : {"osx-arm64", "win-64"}) {
        (void)parseEnvironmentFile(text, "/fuzz/environment.yml", ParseOptions{platform});
    }
    return 0;
}
