// libFuzzer entry point: every spec parser must turn any bytes into a value or an error, never
// a crash, a hang or undefined behaviour; and what parses must print text that parses again.

#include "core/specs/build_number_spec.h"
#include "core/specs/match_spec.h"
#include "core/specs/version.h"
#include "core/specs/version_spec.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace envdesk::specs;

namespace {

void check(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 4096) {
        return 0;
    }
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    if (auto version = Version::parse(text)) {
        // The canonical text reads back to an equal version, and the order is reflexive.
        auto again = Version::parse(version->str());
        check(again.ok());
        check(*again == *version);
        check(version->startsWith(*version));
        (void)version->debugString();
    }

    if (auto spec = VersionSpec::parse(text)) {
        auto again = VersionSpec::parse(spec->str());
        check(again.ok());
        check(again->str() == spec->str());
        for (const char* probe :
             {"0", "1.2.3", "1.0.1a.vc11", "2!1.0+local", "1.0dev", "1.0.post1"}) {
            const auto version = Version::parse(probe);
            check(again->contains(*version) == spec->contains(*version));
        }
    }

    if (auto number = BuildNumberSpec::parse(text)) {
        check(BuildNumberSpec::parse(number->str()).ok());
        (void)number->contains(7);
    }

    if (auto match = MatchSpec::parse(text)) {
        (void)match->str();
        (void)match->condaBuildForm();
        (void)match->condaEnvForm();
        PackageRecord record;
        record.name = "numpy";
        record.version = "1.26.4";
        record.build = "py312h8753938_0";
        record.buildNumber = 0;
        record.channel = "conda-forge";
        record.subdir = "linux-64";
        (void)match->matches(record);
    }
    return 0;
}
