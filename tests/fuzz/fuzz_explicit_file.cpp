// libFuzzer target for explicit files (@EXPLICIT): parseExplicitFile and what the create and
// compare paths do with its entries must turn any bytes into packages or an error, never a
// crash; and a file it reads, written back by formatExplicitFile, reads back the same entries
// (their URLs without credentials: an export never holds a token or a password).

#include "core/envfile/explicit_file.h"
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
    const std::string_view text = asText(data, size);
    (void)looksLikeExplicitFile(text);
    auto file = parseExplicitFile(text, "/fuzz/explicit.txt");
    if (!file) {
        return 0;
    }
    (void)lockedPackages(*file);
    for (const auto hash : {ExplicitHash::Md5, ExplicitHash::Sha256, ExplicitHash::None}) {
        auto again = parseExplicitFile(formatExplicitFile(*file, hash), "/fuzz/export.txt");
        check(again.ok());
        check(again->entries.size() == file->entries.size());
        for (std::size_t i = 0; i < file->entries.size(); ++i) {
            check(again->entries[i].url == envdesk::util::stripCredentials(file->entries[i].url));
        }
    }
    return 0;
}
