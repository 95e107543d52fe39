// libFuzzer target for pixi.lock as the compare page and `envdesk-cli diff` meet it: the file is
// told apart from the other formats by its content (detectSource), then read (loadSnapshot, which
// refuses versions it does not know); and parsePixiLock on its own. Any bytes give a value or an
// error, never a crash, a hang or undefined behaviour.

#include "core/diff/snapshot.h"
#include "core/envfile/pixi_lock.h"
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
    const std::string_view text = asText(data, size);
    if (auto lock = envfile::parsePixiLock(text, "/fuzz/pixi.lock")) {
        check(lock->version >= 4);
    }
    const auto path = fuzz::scratchDir() / "pixi.lock";
    fuzz::writeFile(path, text);
    auto kind = diff::detectSource(path.string());
    check(kind.ok());
    if (auto snapshot = diff::loadSnapshot(path.string())) {
        check(snapshot->kind == *kind);
    }
    return 0;
}
