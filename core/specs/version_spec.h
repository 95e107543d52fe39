#pragma once

#include "core/specs/version.h"
#include "core/util/result.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envdesk::specs {

class Regex;

// A conda version spec: `==1.2`, `!=1.2`, `<`, `<=`, `>`, `>=`, `~=1.2.3`, `=1.2` and `1.2.*`
// (prefix), globs (`1.*.3`), `*`, regexes (`^1\.2.*$`), combined with `,` (and), which binds
// tighter than `|` (or), and parentheses.
class VersionSpec {
public:
    enum class Operator {
        Any,
        Equal,
        NotEqual,
        Less,
        LessEqual,
        Greater,
        GreaterEqual,
        StartsWith,
        NotStartsWith,
        Compatible,
        Glob,
        Regex,
        ExactText,
    };

    // One predicate of the expression tree, or an and/or node over children.
    struct Node {
        enum class Kind { Leaf, And, Or };
        Kind kind = Kind::Leaf;
        std::vector<Node> children;
        Operator op = Operator::Any;
        // The leaf as conda prints it (`1.7.*`, `>=1.2`, `==1.7`).
        std::string text;
        Version operand;
        // For `~=`: the operand less its last component.
        Version operandPrefix;
        std::shared_ptr<const Regex> regex;
    };

    // Matches every version.
    VersionSpec();

    [[nodiscard]] static util::Result<VersionSpec> parse(std::string_view text);

    [[nodiscard]] bool contains(const Version& version) const;

    // The canonical text, as conda prints the spec (`1.7.*` for `1.7*`; whitespace dropped;
    // parentheses only where `|` sits inside `,`).
    [[nodiscard]] const std::string& str() const { return m_text; }
    [[nodiscard]] bool isAny() const;
    // `==1.2` or a plain `1.2`: exactly one version (up to trailing zeros).
    [[nodiscard]] bool isExact() const;
    // The version an exact spec names, without the operator.
    [[nodiscard]] std::optional<std::string> exactValue() const;
    [[nodiscard]] const Node& root() const { return m_root; }

    // Two specs are equal when they print the same.
    bool operator==(const VersionSpec& other) const { return m_text == other.m_text; }

private:
    explicit VersionSpec(Node root);

    Node m_root;
    std::string m_text;
};

// Text of a node as conda prints it (exposed for MatchSpec merging).
[[nodiscard]] std::string toString(const VersionSpec::Node& node);

} // namespace envdesk::specs
