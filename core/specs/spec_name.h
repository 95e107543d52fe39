#pragma once

#include "core/specs/match_spec.h"
#include "core/util/result.h"

#include <string>
#include <string_view>
#include <unordered_map>

// The package name a match spec names, read one way everywhere: reverse-dependency maps,
// dependency graphs, the names a solve starts from, the history's requested specs, the pip of
// an environment file. MatchSpec's own reading, so `conda-forge::numpy >=1.26`,
// `numpy[version='>=1.26']` and `numpy 1.26 py*` all name numpy.
namespace envdesk::specs {

// A spec read for its name, version and build only: a channel typed as a relative or `~` folder
// (`./chan::numpy`) parses, read against "/", since no folder is resolved for use here. Where
// the channel is used (matching records), parse with the configuration's ChannelContext.
[[nodiscard]] util::Result<MatchSpec> parseSpecSyntax(std::string_view spec);

// The exact name `spec` names; empty for a spec without one (`numpy*`); an error naming the
// problem for text that is no match spec.
[[nodiscard]] util::Result<std::string> specName(std::string_view spec);

// specName() remembered: the same dependency strings recur across thousands of records.
class SpecNames {
public:
    [[nodiscard]] util::Result<std::string> nameOf(const std::string& spec);

private:
    std::unordered_map<std::string, std::string> m_names;
};

} // namespace envdesk::specs
