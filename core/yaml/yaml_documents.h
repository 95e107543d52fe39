#pragma once

#include <cstddef>
#include <optional>
#include <string>

// conda's files (.condarc, environment.yml) are one YAML document. yaml-cpp 0.7's LoadAll, the
// obvious way to count them, never returns on some broken input (a stray ',' at the top level):
// the parser reports a new empty document at the same token forever (jbeder/yaml-cpp#1040, fixed
// upstream by #1319, not in Debian 12). This looks at no more than three document starts.
namespace envdesk::yaml {

struct ExtraDocument {
    enum class Kind {
        Stuck,  // a document starting where the previous one did: that bug, on broken input
        Second, // a real second document
    };
    Kind kind = Kind::Second;
    int line = 0;   // 1-based, where it starts
    int column = 0; // 1-based
    std::size_t offset = 0;
};

// The first problem with `text` being one document, or none. Invalid YAML throws
// YAML::Exception, as YAML::Load would: callers catch it as they catch Load's.
[[nodiscard]] std::optional<ExtraDocument> findExtraDocument(const std::string& text);

} // namespace envdesk::yaml
