#include "core/yaml/safe_load.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <exception>
#include <limits>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace envdesk::yaml {

namespace {

// Why the events were refused, and where.
struct Refusal {
    std::string detail;
    YAML::Mark mark;
};

// Counts, for each anchored node, how many nodes it stands for once its aliases are expanded,
// and stops at the first alias that would make a cycle or exceed the budget. Sizes saturate
// rather than overflow: nine nested levels of ten aliases already count 10^9.
class Guard : public YAML::EventHandler {
public:
    explicit Guard(const LoadLimits& limits)
        : m_limits(limits)
    {
    }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  const std::string&) override
    {
        leaf(mark, anchor);
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        const auto found = m_sizes.find(anchor);
        if (found == m_sizes.end()) {
            // Still open: the alias sits inside the node its anchor names.
            refuse("an alias refers to the node that contains it (a recursive alias)", mark);
            return;
        }
        m_aliasNodes = add(m_aliasNodes, found->second);
        if (m_aliasNodes > m_limits.maxAliasNodes) {
            refuse("aliases expand to more than " + std::to_string(m_limits.maxAliasNodes)
                       + " nodes",
                   mark);
            return;
        }
        count(found->second);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        open(mark, anchor);
    }
    void OnMapEnd() override { close(); }

    [[nodiscard]] bool refused() const { return m_refusal.has_value(); }
    [[nodiscard]] const Refusal& refusal() const { return *m_refusal; }

private:
    struct Frame {
        YAML::anchor_t anchor = YAML::NullAnchor;
        std::size_t size = 1; // the collection itself
    };

    static std::size_t add(std::size_t a, std::size_t b)
    {
        return a > std::numeric_limits<std::size_t>::max() - b
                   ? std::numeric_limits<std::size_t>::max()
                   : a + b;
    }

    void refuse(std::string detail, const YAML::Mark& mark)
    {
        if (!m_refusal) {
            m_refusal = Refusal{std::move(detail), mark};
        }
    }

    void count(std::size_t size)
    {
        if (!m_stack.empty()) {
            m_stack.back().size = add(m_stack.back().size, size);
        }
    }

    void leaf(const YAML::Mark&, YAML::anchor_t anchor)
    {
        if (anchor != YAML::NullAnchor) {
            m_sizes[anchor] = 1;
        }
        count(1);
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor)
    {
        if (static_cast<int>(m_stack.size()) >= m_limits.maxDepth) {
            refuse("mappings and lists nest more than " + std::to_string(m_limits.maxDepth)
                       + " levels deep",
                   mark);
        }
        m_stack.push_back({anchor, 1});
    }

    void close()
    {
        if (m_stack.empty()) {
            return;
        }
        const Frame frame = m_stack.back();
        m_stack.pop_back();
        if (frame.anchor != YAML::NullAnchor) {
            m_sizes[frame.anchor] = frame.size;
        }
        count(frame.size);
    }

    const LoadLimits& m_limits;
    std::vector<Frame> m_stack;
    std::unordered_map<YAML::anchor_t, std::size_t> m_sizes; // anchors whose node is complete
    std::size_t m_aliasNodes = 0;
    std::optional<Refusal> m_refusal;
};

std::string position(const std::string& sourceName, const YAML::Mark& mark)
{
    if (mark.is_null() || mark.line < 0) {
        return sourceName;
    }
    return sourceName + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

} // namespace

util::Result<YAML::Node> loadDocument(std::string_view text, const std::string& sourceName,
                                      const LoadLimits& limits)
{
    if (text.size() > limits.maxBytes) {
        return util::fail(util::ErrorCode::ParseError,
                          "the file is " + std::to_string(text.size()) + " bytes, more than the "
                              + std::to_string(limits.maxBytes) + " a YAML file may have",
                          sourceName);
    }
    const std::string whole(text);
    // The parser hands the events over as it reads; a refused document is never built.
    Guard guard(limits);
    const auto refused = [&] {
        return util::fail(util::ErrorCode::ParseError, "unsafe YAML: " + guard.refusal().detail,
                          position(sourceName, guard.refusal().mark));
    };
    try {
        std::istringstream in(whole);
        YAML::Parser parser(in);
        parser.HandleNextDocument(guard);
        if (guard.refused()) {
            return refused();
        }
        return YAML::Load(whole);
    } catch (const YAML::DeepRecursion& error) {
        // yaml-cpp's own guard (500 levels, "bad file") can trip before the parser has handed
        // over the events ours counts: flow collections are scanned ahead.
        return util::fail(util::ErrorCode::ParseError,
                          "unsafe YAML: mappings and lists nest more than "
                              + std::to_string(limits.maxDepth) + " levels deep",
                          position(sourceName, error.mark));
    } catch (const YAML::Exception& error) {
        if (guard.refused()) {
            return refused();
        }
        return util::fail(util::ErrorCode::ParseError, "invalid YAML: " + error.msg,
                          position(sourceName, error.mark));
    } catch (const std::exception& error) {
        return util::fail(util::ErrorCode::ParseError,
                          std::string("cannot read the YAML: ") + error.what(), sourceName);
    }
}

} // namespace envdesk::yaml
