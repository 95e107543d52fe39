#include "core/specs/spec_name.h"

#include "core/specs/match_spec.h"

namespace envdesk::specs {

util::Result<MatchSpec> parseSpecSyntax(std::string_view spec)
{
    static const ChannelContext context = [] {
        ChannelContext anywhere;
        anywhere.paths = {"/", "/"};
        return anywhere;
    }();
    return MatchSpec::parse(spec, context);
}

util::Result<std::string> specName(std::string_view spec)
{
    auto parsed = parseSpecSyntax(spec);
    if (!parsed) {
        return parsed.error();
    }
    return parsed->hasExactName() ? parsed->name() : std::string();
}

util::Result<std::string> SpecNames::nameOf(const std::string& spec)
{
    if (const auto it = m_names.find(spec); it != m_names.end()) {
        return it->second;
    }
    auto name = specName(spec);
    if (!name) {
        return name.error();
    }
    return m_names.emplace(spec, std::move(*name)).first->second;
}

} // namespace envdesk::specs
