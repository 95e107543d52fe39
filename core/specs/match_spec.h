#pragma once

#include "core/specs/build_number_spec.h"
#include "core/specs/channel.h"
#include "core/specs/glob.h"
#include "core/specs/package_record.h"
#include "core/specs/version_spec.h"
#include "core/util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envdesk::specs {

// A conda match spec: a query over package records, in every form conda accepts:
// `numpy`, `numpy 1.26.*`, `numpy >=1.24,<2 py312*`, `numpy=1.26=py312h1234_0`,
// `numpy==1.26`, `conda-forge/linux-64::numpy`, `numpy[version='>=1.24',build=py312*]`,
// a package URL or path, and the legacy `feature@`.
class MatchSpec {
public:
    [[nodiscard]] static util::Result<MatchSpec> parse(std::string_view text);
    // Channel names are resolved into conda's canonical names with `context`
    // (`pkgs/main::numpy` prints as `defaults::numpy`).
    [[nodiscard]] static util::Result<MatchSpec> parse(std::string_view text,
                                                       const ChannelContext& context);
    // Combines specs for the same package into one that matches what all of them match
    // (versions are and-ed); conflicting exact fields are an error.
    [[nodiscard]] static util::Result<MatchSpec> merge(const std::vector<MatchSpec>& specs);

    // The same spec for another name (a glob allowed), every other field kept: conda's
    // MatchSpec(spec, name=...), as search's retry as `*name*` uses it.
    [[nodiscard]] util::Result<MatchSpec> withName(std::string_view name) const;

    [[nodiscard]] bool matches(const PackageRecord& record) const;
    // The same, with the record's version already parsed (the solver asks this for every
    // candidate of every spec, and parsing the version each time would dominate).
    [[nodiscard]] bool matches(const PackageRecord& record, const Version& version) const;

    // conda's canonical form (`str(MatchSpec(...))`).
    [[nodiscard]] std::string str() const;
    // `name version build`, as conda-build's meta.yaml writes requirements.
    [[nodiscard]] std::string condaBuildForm() const;
    // `name=version=build`, as `conda env export` writes dependencies.
    [[nodiscard]] std::string condaEnvForm() const;
    // 1 name only, 2 name and version, 3 name, version and build (or a non-exact name).
    [[nodiscard]] int strictness() const;

    // The package name, lower-cased; "*" when any name matches.
    [[nodiscard]] const std::string& name() const { return m_name.str(); }
    [[nodiscard]] const StringMatcher& nameMatcher() const { return m_name; }
    [[nodiscard]] bool hasExactName() const { return m_name.isExact(); }
    [[nodiscard]] const VersionSpec& version() const { return m_version; }
    [[nodiscard]] bool hasVersion() const { return !m_version.isAny(); }
    [[nodiscard]] const std::optional<StringMatcher>& build() const { return m_build; }
    [[nodiscard]] const std::optional<BuildNumberSpec>& buildNumber() const
    {
        return m_buildNumber;
    }
    // The channel's canonical name, or empty when any channel matches.
    [[nodiscard]] const std::string& channel() const { return m_channel; }
    [[nodiscard]] const std::optional<UnresolvedChannel>& channelAsTyped() const
    {
        return m_channelTyped;
    }
    [[nodiscard]] const std::optional<std::string>& subdir() const { return m_subdir; }
    [[nodiscard]] const std::optional<std::string>& md5() const { return m_md5; }
    [[nodiscard]] const std::optional<std::string>& sha256() const { return m_sha256; }
    [[nodiscard]] const std::optional<std::string>& url() const { return m_url; }
    [[nodiscard]] const std::optional<std::string>& fileName() const { return m_fn; }
    [[nodiscard]] const std::optional<StringMatcher>& license() const { return m_license; }
    [[nodiscard]] const std::optional<StringMatcher>& licenseFamily() const
    {
        return m_licenseFamily;
    }
    [[nodiscard]] const std::optional<std::vector<std::string>>& trackFeatures() const
    {
        return m_trackFeatures;
    }
    [[nodiscard]] const std::optional<std::vector<std::string>>& features() const
    {
        return m_features;
    }
    // The exact version or build the spec pins, if it pins one.
    [[nodiscard]] std::optional<std::string> exactVersion() const { return m_version.exactValue(); }
    [[nodiscard]] std::optional<std::string> exactBuild() const;

    bool operator==(const MatchSpec& other) const { return str() == other.str(); }

private:
    StringMatcher m_name;
    VersionSpec m_version;
    std::optional<StringMatcher> m_build;
    std::optional<BuildNumberSpec> m_buildNumber;
    std::string m_channel;
    std::optional<UnresolvedChannel> m_channelTyped;
    std::optional<std::string> m_subdir;
    std::optional<std::string> m_md5;
    std::optional<std::string> m_sha256;
    std::optional<std::string> m_url;
    std::optional<std::string> m_fn;
    std::optional<StringMatcher> m_license;
    std::optional<StringMatcher> m_licenseFamily;
    std::optional<std::vector<std::string>> m_trackFeatures;
    std::optional<std::vector<std::string>> m_features;

    friend class MatchSpecParser;
};

// Checks a package name as conda's name rules (CEP draft on names) have it: lower-case ASCII
// letters, digits, '.', '-', '_' ('*' as a wildcard in queries), not starting with '.' or '-',
// and no '..' or '--'.
[[nodiscard]] util::Result<void> validatePackageName(std::string_view name);

// A spec as a person reads it, `python >=3.8,<3.12`, rather than conda's canonical
// `python[version='>=3.8,<3.12']`; a spec that does not parse comes back as it is.
[[nodiscard]] std::string readableSpec(const std::string& spec);

} // namespace envdesk::specs
