#pragma once

#include "core/util/result.h"

#include <compare>
#include <string>
#include <string_view>
#include <vector>

namespace envdesk::specs {

// One run inside a version component: a number, a string, or conda's `post` (which sorts above
// every number). `dev` is kept as the string "DEV" so that, compared as text, it sorts below
// every other lower-case string, exactly as conda does.
struct VersionAtom {
    enum class Kind { Number, String, Infinity };
    Kind kind = Kind::Number;
    // Numbers keep their digits without leading zeros ("0" for zero), so that versions with
    // arbitrarily long digit runs (dates, hashes) compare correctly, as Python's int does.
    std::string text;

    [[nodiscard]] static VersionAtom number(std::string digits);
    [[nodiscard]] static VersionAtom string(std::string text);
    [[nodiscard]] static VersionAtom infinity();

    [[nodiscard]] bool isZero() const { return kind == Kind::Number && text == "0"; }
    bool operator==(const VersionAtom&) const = default;
};

// Compares atoms by conda's rules: strings < numbers < post; numbers numerically, strings as
// text.
[[nodiscard]] std::strong_ordering compareAtoms(const VersionAtom& a, const VersionAtom& b);

using VersionComponent = std::vector<VersionAtom>;
using VersionParts = std::vector<VersionComponent>;

// A conda version (conda's VersionOrder): `[epoch!]release[+local]`, case-insensitive, with
// conda's total order. Two versions that differ only by trailing zero components are equal
// (`1.1 == 1.1.0`), so the order is weak: equal versions may print differently.
class Version {
public:
    Version() = default;

    [[nodiscard]] static util::Result<Version> parse(std::string_view text);

    // The normalised text (trimmed, lower-cased, '-' read as '_'), which parses back to an
    // equal version.
    [[nodiscard]] const std::string& str() const { return m_text; }
    // Epoch first, then the release components (conda's `VersionOrder.version`).
    [[nodiscard]] const VersionParts& parts() const { return m_parts; }
    [[nodiscard]] const VersionParts& local() const { return m_local; }
    [[nodiscard]] bool hasLocal() const { return !m_local.empty(); }

    // conda's `VersionOrder.startswith`: does this version begin with `prefix` (the relation
    // behind `=1.2` and `1.2.*`)?
    [[nodiscard]] bool startsWith(const Version& prefix) const;
    // `~=`: at least `base`, and starting with `base` less its last component.
    [[nodiscard]] bool compatibleWith(const Version& base, const Version& basePrefix) const;

    // Renders the parsed structure the way conda's Python prints it, e.g.
    // `[[0], [1], [1, 'a', 2]]`, `[[0], [1], [0, inf, 1]]` (used to test against conda).
    [[nodiscard]] std::string debugString() const;

    [[nodiscard]] std::weak_ordering compare(const Version& other) const;
    friend bool operator==(const Version& a, const Version& b) { return a.compare(b) == 0; }
    friend std::weak_ordering operator<=>(const Version& a, const Version& b)
    {
        return a.compare(b);
    }

private:
    std::string m_text;
    VersionParts m_parts;
    VersionParts m_local;
};

} // namespace envdesk::specs
