// libFuzzer target for conda-lock files: parseCondaLock must turn any bytes into a lock or an
// error, never a crash, a hang or undefined behaviour; and a lock it reads, written back by
// formatCondaLock, reads back the same packages (URLs without their tokens: the writer strips
// credentials on purpose, so a secret never reaches a file meant to be shared).

#include "core/envfile/conda_lock.h"
#include "core/util/secrets.h"
#include "tests/fuzz/fuzz_common.h"

#include <cstdint>
#include <string>

using namespace envdesk::envfile;
using envdesk::fuzz::asText;
using envdesk::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 1 << 18) {
        return 0;
    }
    auto lock = parseCondaLock(asText(data, size), "/fuzz/conda-lock.yml");
    if (!lock) {
        return 0;
    }
    auto again = parseCondaLock(formatCondaLock(*lock), "/fuzz/export.conda-lock.yml");
    check(again.ok());
    check(again->packages.size() == lock->packages.size());
    for (std::size_t i = 0; i < lock->packages.size(); ++i) {
        check(again->packages[i].name == lock->packages[i].name);
        check(again->packages[i].version == lock->packages[i].version);
        check(again->packages[i].url == envdesk::util::stripCredentials(lock->packages[i].url));
    }
    return 0;
}
