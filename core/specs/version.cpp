#include "core/specs/version.h"

#include "core/util/strings.h"

#include <algorithm>

namespace envdesk::specs {

using util::ErrorCode;
using util::fail;
using util::quoted;

VersionAtom VersionAtom::number(std::string digits)
{
    const auto firstNonZero = digits.find_first_not_of('0');
    if (firstNonZero == std::string::npos) {
        digits = "0";
    } else if (firstNonZero > 0) {
        digits.erase(0, firstNonZero);
    }
    return VersionAtom{Kind::Number, std::move(digits)};
}

VersionAtom VersionAtom::string(std::string text)
{
    return VersionAtom{Kind::String, std::move(text)};
}

VersionAtom VersionAtom::infinity()
{
    return VersionAtom{Kind::Infinity, {}};
}

std::strong_ordering compareAtoms(const VersionAtom& a, const VersionAtom& b)
{
    using Kind = VersionAtom::Kind;
    // conda: any string sorts below any number (and below `post`, which is a float infinity).
    const auto rank = [](Kind k) { return k == Kind::String ? 0 : 1; };
    if (rank(a.kind) != rank(b.kind)) {
        return rank(a.kind) <=> rank(b.kind);
    }
    if (a.kind == Kind::String) {
        return a.text.compare(b.text) <=> 0;
    }
    if (a.kind == Kind::Infinity || b.kind == Kind::Infinity) {
        return (a.kind == Kind::Infinity ? 1 : 0) <=> (b.kind == Kind::Infinity ? 1 : 0);
    }
    if (a.text.size() != b.text.size()) {
        return a.text.size() <=> b.text.size();
    }
    return a.text.compare(b.text) <=> 0;
}

namespace {

const VersionAtom kFill = VersionAtom::number("0");
const VersionComponent kEmptyComponent;

bool isAllowedChar(char c)
{
    return util::isDigit(c) || (c >= 'a' && c <= 'z') || c == '*' || c == '.' || c == '+'
           || c == '!' || c == '_';
}

// Splits one component into runs of digits, of '*', and of anything else, as conda's
// `([0-9]+|[*]+|[^0-9*]+)` does, and maps the special words.
VersionComponent splitComponent(std::string_view component)
{
    VersionComponent atoms;
    std::size_t i = 0;
    while (i < component.size()) {
        const auto classOf = [](char c) { return util::isDigit(c) ? 0 : (c == '*' ? 1 : 2); };
        const int cls = classOf(component[i]);
        std::size_t j = i + 1;
        while (j < component.size() && classOf(component[j]) == cls) {
            ++j;
        }
        std::string run(component.substr(i, j - i));
        if (cls == 0) {
            atoms.push_back(VersionAtom::number(std::move(run)));
        } else if (run == "post") {
            atoms.push_back(VersionAtom::infinity());
        } else if (run == "dev") {
            atoms.push_back(VersionAtom::string("DEV"));
        } else {
            atoms.push_back(VersionAtom::string(std::move(run)));
        }
        i = j;
    }
    // Components keep numbers and strings in phase: one that starts with letters gets an
    // implicit 0 in front.
    if (!atoms.empty() && !util::isDigit(component.front())) {
        atoms.insert(atoms.begin(), kFill);
    }
    return atoms;
}

util::Result<VersionParts> splitComponents(std::string_view original,
                                           const std::vector<std::string>& pieces)
{
    VersionParts parts;
    parts.reserve(pieces.size());
    for (const auto& piece : pieces) {
        if (piece.empty()) {
            return fail(ErrorCode::InvalidVersion,
                        "empty version component in " + quoted(original)
                            + " (two separators in a row, or one at an end)");
        }
        parts.push_back(splitComponent(piece));
    }
    return parts;
}

std::vector<std::string> splitOnDotsAndUnderscores(std::string_view text)
{
    std::string normalised(text);
    std::replace(normalised.begin(), normalised.end(), '_', '.');
    std::vector<std::string> out;
    for (auto piece : util::split(normalised, '.')) {
        out.emplace_back(piece);
    }
    return out;
}

std::weak_ordering compareParts(const VersionParts& a, const VersionParts& b)
{
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const VersionComponent& ca = i < a.size() ? a[i] : kEmptyComponent;
        const VersionComponent& cb = i < b.size() ? b[i] : kEmptyComponent;
        const std::size_t m = std::max(ca.size(), cb.size());
        for (std::size_t j = 0; j < m; ++j) {
            const VersionAtom& x = j < ca.size() ? ca[j] : kFill;
            const VersionAtom& y = j < cb.size() ? cb[j] : kFill;
            const auto order = compareAtoms(x, y);
            if (order != 0) {
                return order;
            }
        }
    }
    return std::weak_ordering::equivalent;
}

bool componentsEqual(const VersionParts& a, const VersionParts& b)
{
    return compareParts(a, b) == 0;
}

void appendAtom(std::string& out, const VersionAtom& atom)
{
    switch (atom.kind) {
    case VersionAtom::Kind::Number:
        out += atom.text;
        break;
    case VersionAtom::Kind::Infinity:
        out += "inf";
        break;
    case VersionAtom::Kind::String:
        out += '\'';
        out += atom.text;
        out += '\'';
        break;
    }
}

void appendParts(std::string& out, const VersionParts& parts)
{
    out += '[';
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            out += ", ";
        }
        out += '[';
        for (std::size_t j = 0; j < parts[i].size(); ++j) {
            if (j > 0) {
                out += ", ";
            }
            appendAtom(out, parts[i][j]);
        }
        out += ']';
    }
    out += ']';
}

} // namespace

util::Result<Version> Version::parse(std::string_view input)
{
    std::string text = util::toLower(util::trim(input));
    if (text.empty()) {
        return fail(ErrorCode::InvalidVersion, "empty version string");
    }
    auto firstInvalid = std::find_if_not(text.begin(), text.end(), isAllowedChar);
    if (firstInvalid != text.end() && text.find('-') != std::string::npos
        && text.find('_') == std::string::npos) {
        // conda accepts dashes when there are no underscores, reading them as underscores.
        std::replace(text.begin(), text.end(), '-', '_');
        firstInvalid = std::find_if_not(text.begin(), text.end(), isAllowedChar);
    }
    if (firstInvalid != text.end()) {
        return fail(ErrorCode::InvalidVersion, "invalid character "
                                                   + quoted(std::string(1, *firstInvalid))
                                                   + " in version " + quoted(util::trim(input)));
    }

    Version version;
    version.m_text = text;

    std::string_view rest = text;
    std::string epoch = "0";
    if (const auto bang = rest.find('!'); bang != std::string_view::npos) {
        if (rest.find('!', bang + 1) != std::string_view::npos) {
            return fail(ErrorCode::InvalidVersion,
                        "duplicated epoch separator '!' in version " + quoted(text));
        }
        epoch = std::string(rest.substr(0, bang));
        if (!util::isAllDigits(epoch)) {
            return fail(ErrorCode::InvalidVersion, "epoch " + quoted(epoch) + " of version "
                                                       + quoted(text) + " must be an integer");
        }
        rest = rest.substr(bang + 1);
    }

    std::string_view release = rest;
    if (const auto plus = rest.find('+'); plus != std::string_view::npos) {
        if (rest.find('+', plus + 1) != std::string_view::npos) {
            return fail(ErrorCode::InvalidVersion,
                        "duplicated local version separator '+' in version " + quoted(text));
        }
        release = rest.substr(0, plus);
        auto local = splitComponents(text, splitOnDotsAndUnderscores(rest.substr(plus + 1)));
        if (!local) {
            return local.error();
        }
        version.m_local = std::move(*local);
    }
    if (release.empty()) {
        return fail(ErrorCode::InvalidVersion,
                    "missing version before " + quoted(text.substr(text.size() - rest.size())));
    }

    std::vector<std::string> pieces{epoch};
    if (release.back() == '_') {
        // openssl-style versions: a trailing underscore belongs to the last component
        // (`1.0.1_` sorts below `1.0.1a`).
        auto head = splitOnDotsAndUnderscores(release.substr(0, release.size() - 1));
        head.back() += '_';
        pieces.insert(pieces.end(), head.begin(), head.end());
    } else {
        auto head = splitOnDotsAndUnderscores(release);
        pieces.insert(pieces.end(), head.begin(), head.end());
    }
    auto parts = splitComponents(text, pieces);
    if (!parts) {
        return parts.error();
    }
    version.m_parts = std::move(*parts);
    return version;
}

std::weak_ordering Version::compare(const Version& other) const
{
    const auto order = compareParts(m_parts, other.m_parts);
    if (order != 0) {
        return order;
    }
    return compareParts(m_local, other.m_local);
}

bool Version::startsWith(const Version& prefix) const
{
    const VersionParts* mine = &m_parts;
    const VersionParts* theirs = &prefix.m_parts;
    if (prefix.hasLocal()) {
        if (!componentsEqual(m_parts, prefix.m_parts)) {
            return false;
        }
        mine = &m_local;
        theirs = &prefix.m_local;
    }
    if (theirs->empty()) {
        return true;
    }
    // All components but the last must be equal; the last one is compared atom by atom, and
    // its last atom may be a string prefix ("0.4.1p" starts "0.4.1p1").
    const std::size_t nt = theirs->size() - 1;
    const VersionParts headMine(
        mine->begin(), mine->begin() + static_cast<std::ptrdiff_t>(std::min(nt, mine->size())));
    const VersionParts headTheirs(theirs->begin(),
                                  theirs->begin() + static_cast<std::ptrdiff_t>(nt));
    if (!componentsEqual(headMine, headTheirs)) {
        return false;
    }
    const VersionComponent& v1 = mine->size() <= nt ? kEmptyComponent : (*mine)[nt];
    const VersionComponent& v2 = (*theirs)[nt];
    if (v2.empty()) {
        return true;
    }
    const std::size_t na = v2.size() - 1;
    const VersionComponent v1Head(
        v1.begin(), v1.begin() + static_cast<std::ptrdiff_t>(std::min(na, v1.size())));
    const VersionComponent v2Head(v2.begin(), v2.begin() + static_cast<std::ptrdiff_t>(na));
    if (!componentsEqual(VersionParts{v1Head}, VersionParts{v2Head})) {
        return false;
    }
    const VersionAtom& c1 = v1.size() <= na ? kFill : v1[na];
    const VersionAtom& c2 = v2[na];
    if (c2.kind == VersionAtom::Kind::String) {
        return c1.kind == VersionAtom::Kind::String && util::startsWith(c1.text, c2.text);
    }
    return compareAtoms(c1, c2) == 0;
}

bool Version::compatibleWith(const Version& base, const Version& basePrefix) const
{
    return compare(base) >= 0 && startsWith(basePrefix);
}

std::string Version::debugString() const
{
    std::string out;
    appendParts(out, m_parts);
    return out;
}

} // namespace envdesk::specs
