#include "core/specs/version_spec.h"

#include "core/specs/glob.h"
#include "core/specs/regex.h"
#include "core/util/strings.h"

#include <algorithm>

namespace envdesk::specs {

using util::ErrorCode;
using util::fail;
using util::quoted;
using Node = VersionSpec::Node;
using Operator = VersionSpec::Operator;

namespace {

util::Unexpected invalid(std::string_view spec, std::string detail)
{
    return fail(ErrorCode::InvalidVersionSpec, std::move(detail), "version spec " + quoted(spec));
}

bool isOperatorStart(char c)
{
    return c == '=' || c == '<' || c == '>' || c == '!' || c == '~';
}

struct OperatorToken {
    std::string_view text;
    Operator op;
};

// conda: `^(=|==|!=|<=|>=|<|>|~=)(?![=<>!~])(\S+)$`.
util::Result<Node> parseRelation(std::string_view spec)
{
    static constexpr OperatorToken kOperators[] = {
        {"==", Operator::Equal},        {"!=", Operator::NotEqual},   {"<=", Operator::LessEqual},
        {">=", Operator::GreaterEqual}, {"~=", Operator::Compatible}, {"=", Operator::StartsWith},
        {"<", Operator::Less},          {">", Operator::Greater},
    };
    const OperatorToken* found = nullptr;
    for (const auto& candidate : kOperators) {
        if (util::startsWith(spec, candidate.text) && spec.size() > candidate.text.size()
            && !isOperatorStart(spec[candidate.text.size()])) {
            found = &candidate;
            break;
        }
    }
    if (found == nullptr) {
        return invalid(spec, "invalid operator");
    }
    // Blanks between the operator and its version are dropped (`>= 1.7` is `>=1.7`), as mamba
    // reads them and as conda reads a spec's version part (its _parse_version_plus_build removes
    // every blank); conda's VersionSpec alone refuses them, so a bracket's `version=">= 1.7"`
    // would fail there (docs/specs.md). A blank inside the version is still an error.
    std::string operand(util::trim(spec.substr(found->text.size())));
    if (operand.empty()) {
        return invalid(spec, "no version after the operator");
    }
    if (std::any_of(operand.begin(), operand.end(), util::isSpace)) {
        return invalid(spec, "whitespace inside the version");
    }
    Node node;
    node.op = found->op;
    node.text = std::string(found->text) + operand;
    if (util::endsWith(operand, ".*")) {
        switch (found->op) {
        case Operator::NotEqual:
            node.op = Operator::NotStartsWith;
            break;
        case Operator::Compatible:
            return invalid(spec, "'~=' cannot be combined with '.*'");
        default:
            // `=1.2.*` and `>=1.2.*` mean `=1.2` and `>=1.2`; with the other operators conda
            // ignores the superfluous `.*` too.
            break;
        }
        operand.resize(operand.size() - 2);
    }
    auto version = Version::parse(operand);
    if (!version) {
        return invalid(spec, version.error().detail);
    }
    node.operand = std::move(*version);
    if (node.op == Operator::Compatible) {
        // `~=1.4.5` is `>=1.4.5` and `=1.4`: drop the last dotted component of the text.
        const auto& canonical = node.operand.str();
        const auto lastDot = canonical.rfind('.');
        if (lastDot == std::string::npos) {
            return invalid(spec, "'~=' needs a version with at least two components");
        }
        auto prefix = Version::parse(canonical.substr(0, lastDot));
        if (!prefix) {
            return invalid(spec, prefix.error().detail);
        }
        node.operandPrefix = std::move(*prefix);
    }
    return node;
}

util::Result<Node> parseLeaf(std::string_view raw)
{
    const std::string_view spec = util::trim(raw);
    if (spec.empty()) {
        return invalid(raw, "empty version spec");
    }
    Node node;
    if (spec.front() == '^' || spec.back() == '$') {
        if (spec.front() != '^' || spec.back() != '$') {
            return invalid(spec, "a regular expression must start with '^' and end with '$'");
        }
        auto regex = Regex::compile(spec);
        if (!regex) {
            return invalid(spec, regex.error().detail);
        }
        node.op = Operator::Regex;
        node.text = std::string(spec);
        node.regex = std::move(*regex);
        return node;
    }
    if (isOperatorStart(spec.front())) {
        return parseRelation(spec);
    }
    if (spec == "*") {
        node.op = Operator::Any;
        node.text = "*";
        return node;
    }
    std::string text(spec);
    // A run of trailing stars means one: `1**` is `1*`, which is `1.*`.
    while (util::endsWith(text, "**")) {
        text.pop_back();
    }
    const auto withoutTrailingStars = text.substr(0, text.find_last_not_of('*') + 1);
    if (withoutTrailingStars.find('*') != std::string::npos) {
        // A star inside: a glob over the version's text (`1.*.3`, `*.7.*`).
        node.op = Operator::Glob;
        node.text = std::move(text);
        return node;
    }
    if (text.back() == '*') {
        if (!util::endsWith(text, ".*")) {
            text = text.substr(0, text.size() - 1) + ".*";
        }
        std::string operand = text.substr(0, text.find_last_not_of('*') + 1);
        operand = operand.substr(0, operand.find_last_not_of('.') + 1);
        auto version = Version::parse(operand);
        if (!version) {
            return invalid(spec, version.error().detail);
        }
        node.op = Operator::StartsWith;
        node.text = std::move(text);
        node.operand = std::move(*version);
        return node;
    }
    if (text.find('@') == std::string::npos) {
        auto version = Version::parse(text);
        if (!version) {
            return invalid(spec, version.error().detail);
        }
        node.op = Operator::Equal;
        node.text = std::move(text);
        node.operand = std::move(*version);
        return node;
    }
    node.op = Operator::ExactText;
    node.text = std::move(text);
    return node;
}

// Splits `(spec)` into tokens the way conda's VSPEC_TOKENS regex does: whole `^...$` regexes,
// the punctuation `( ) | ,`, and runs of anything else.
std::vector<std::string> tokenize(std::string_view spec)
{
    const std::string text = "(" + std::string(spec) + ")";
    const auto isPunct = [](char c) { return c == '(' || c == ')' || c == '|' || c == ','; };
    std::vector<std::string> tokens;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t p = pos;
        while (p < text.size() && util::isSpace(text[p])) {
            ++p;
        }
        if (p < text.size() && text[p] == '^') {
            const auto dollar = text.find('$', p + 1);
            if (dollar != std::string::npos) {
                tokens.emplace_back(
                    util::trim(std::string_view(text).substr(pos, dollar + 1 - pos)));
                pos = dollar + 1;
                continue;
            }
        }
        if (p < text.size() && isPunct(text[p])) {
            tokens.emplace_back(1, text[p]);
            pos = p + 1;
            continue;
        }
        std::size_t q = pos;
        while (q < text.size() && !isPunct(text[q])) {
            ++q;
        }
        tokens.emplace_back(util::trim(std::string_view(text).substr(pos, q - pos)));
        pos = q;
    }
    return tokens;
}

struct TreeItem {
    // Either a leaf text or a node built from earlier items.
    bool isNode = false;
    std::string text;
    Node node;
};

// conda's treeify: a shunting-yard over `,` and `|` that also flattens `a|b|c` into one node.
util::Result<TreeItem> treeify(std::string_view spec)
{
    std::vector<TreeItem> output;
    std::vector<char> stack;

    const auto toNode = [](TreeItem item) -> util::Result<Node> {
        if (item.isNode) {
            return std::move(item.node);
        }
        return parseLeaf(item.text);
    };

    const auto applyOps = [&](std::string_view stopAt) -> util::Result<void> {
        while (!stack.empty() && stopAt.find(stack.back()) == std::string_view::npos) {
            if (output.size() < 2) {
                return invalid(spec, "an operator needs an expression on each side");
            }
            const char c = stack.back();
            stack.pop_back();
            const auto kind = c == '|' ? Node::Kind::Or : Node::Kind::And;
            auto right = toNode(std::move(output.back()));
            output.pop_back();
            auto left = toNode(std::move(output.back()));
            output.pop_back();
            if (!right) {
                return right.error();
            }
            if (!left) {
                return left.error();
            }
            Node merged;
            merged.kind = kind;
            for (auto* side : {&*left, &*right}) {
                if (side->kind == kind) {
                    for (auto& child : side->children) {
                        merged.children.push_back(std::move(child));
                    }
                } else {
                    merged.children.push_back(std::move(*side));
                }
            }
            TreeItem item;
            item.isNode = true;
            item.node = std::move(merged);
            output.push_back(std::move(item));
        }
        return {};
    };

    for (auto& token : tokenize(spec)) {
        if (token == "|") {
            if (auto r = applyOps("("); !r) {
                return r.error();
            }
            stack.push_back('|');
        } else if (token == ",") {
            if (auto r = applyOps("|("); !r) {
                return r.error();
            }
            stack.push_back(',');
        } else if (token == "(") {
            stack.push_back('(');
        } else if (token == ")") {
            if (auto r = applyOps("("); !r) {
                return r.error();
            }
            if (stack.empty() || stack.back() != '(') {
                return invalid(spec, "unbalanced parenthesis: ')' without '('");
            }
            stack.pop_back();
        } else {
            TreeItem item;
            item.text = std::move(token);
            output.push_back(std::move(item));
        }
    }
    if (!stack.empty()) {
        return invalid(spec, "unbalanced parenthesis: '(' without ')'");
    }
    if (output.size() != 1) {
        return invalid(spec, "not a single expression");
    }
    return std::move(output.front());
}

bool globMatchesVersion(std::string_view pattern, const Version& version)
{
    return globMatch(pattern, version.str());
}

bool contains(const Node& node, const Version& version)
{
    switch (node.kind) {
    case Node::Kind::And:
        return std::all_of(node.children.begin(), node.children.end(),
                           [&](const Node& child) { return contains(child, version); });
    case Node::Kind::Or:
        return std::any_of(node.children.begin(), node.children.end(),
                           [&](const Node& child) { return contains(child, version); });
    case Node::Kind::Leaf:
        break;
    }
    switch (node.op) {
    case Operator::Any:
        return true;
    case Operator::Equal:
        return version == node.operand;
    case Operator::NotEqual:
        return version != node.operand;
    case Operator::Less:
        return version < node.operand;
    case Operator::LessEqual:
        return version <= node.operand;
    case Operator::Greater:
        return version > node.operand;
    case Operator::GreaterEqual:
        return version >= node.operand;
    case Operator::StartsWith:
        return version.startsWith(node.operand);
    case Operator::NotStartsWith:
        return !version.startsWith(node.operand);
    case Operator::Compatible:
        return version.compatibleWith(node.operand, node.operandPrefix);
    case Operator::Glob:
        return globMatchesVersion(node.text, version);
    case Operator::Regex:
        return node.regex->matches(version.str());
    case Operator::ExactText:
        return node.text == version.str();
    }
    return false;
}

} // namespace

std::string toString(const Node& node)
{
    if (node.kind == Node::Kind::Leaf) {
        return node.text;
    }
    std::string out;
    const char separator = node.kind == Node::Kind::Or ? '|' : ',';
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        const auto& child = node.children[i];
        // `,` binds tighter than `|`, so only an or inside an and needs parentheses.
        if (node.kind == Node::Kind::And && child.kind == Node::Kind::Or) {
            out += "(" + toString(child) + ")";
        } else {
            out += toString(child);
        }
    }
    return out;
}

VersionSpec::VersionSpec()
{
    m_root.op = Operator::Any;
    m_root.text = "*";
    m_text = "*";
}

VersionSpec::VersionSpec(Node root)
    : m_root(std::move(root))
    , m_text(toString(m_root))
{
}

util::Result<VersionSpec> VersionSpec::parse(std::string_view text)
{
    const std::string_view spec = util::trim(text);
    if (spec.empty()) {
        return invalid(text, "empty version spec");
    }
    if (spec.find_first_of("()|,^$") == std::string_view::npos) {
        auto leaf = parseLeaf(spec);
        if (!leaf) {
            return leaf.error();
        }
        return VersionSpec(std::move(*leaf));
    }
    auto tree = treeify(spec);
    if (!tree) {
        return tree.error();
    }
    if (!tree->isNode) {
        auto leaf = parseLeaf(tree->text);
        if (!leaf) {
            return leaf.error();
        }
        return VersionSpec(std::move(*leaf));
    }
    return VersionSpec(std::move(tree->node));
}

bool VersionSpec::contains(const Version& version) const
{
    return specs::contains(m_root, version);
}

bool VersionSpec::isAny() const
{
    return m_root.kind == Node::Kind::Leaf && m_root.op == Operator::Any;
}

bool VersionSpec::isExact() const
{
    return m_root.kind == Node::Kind::Leaf && m_root.op == Operator::Equal;
}

std::optional<std::string> VersionSpec::exactValue() const
{
    if (!isExact()) {
        return std::nullopt;
    }
    std::string_view text = m_root.text;
    if (util::startsWith(text, "==")) {
        text.remove_prefix(2);
    }
    return std::string(text);
}

} // namespace envdesk::specs
