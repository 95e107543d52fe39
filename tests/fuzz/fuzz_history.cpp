// libFuzzer target for conda-meta/history: the revisions (parseHistory, describeRevision) and the
// requested specs (requestedSpecsFromHistory) come from any bytes without a crash, a hang or
// undefined behaviour; revisions are numbered from 0 in order.

#include "core/env/history.h"
#include "core/env/prefix.h"
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
    if (auto revisions = env::parseHistory(text, "/fuzz/conda-meta/history")) {
        for (std::size_t i = 0; i < revisions->size(); ++i) {
            check((*revisions)[i].number == static_cast<int>(i));
            (void)env::describeRevision((*revisions)[i]);
        }
    }
    (void)env::requestedSpecsFromHistory(text, "/fuzz/conda-meta/history");
    return 0;
}
