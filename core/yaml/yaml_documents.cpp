#include "core/yaml/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <vector>

namespace envdesk::yaml {

namespace {

// Only where documents start matters.
class DocumentStarts : public YAML::EventHandler {
public:
    std::vector<YAML::Mark> starts;

    void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override
    {
    }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override
    {
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override
    {
    }
    void OnMapEnd() override {}
};

ExtraDocument at(const YAML::Mark& mark, ExtraDocument::Kind kind)
{
    ExtraDocument extra;
    extra.kind = kind;
    extra.line = mark.line + 1;
    extra.column = mark.column + 1;
    extra.offset = static_cast<std::size_t>(mark.pos < 0 ? 0 : mark.pos);
    return extra;
}

} // namespace

std::optional<ExtraDocument> findExtraDocument(const std::string& text)
{
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentStarts documents;
    while (documents.starts.size() < 3 && parser.HandleNextDocument(documents)) {
        const auto& starts = documents.starts;
        if (starts.size() >= 2 && starts[starts.size() - 2].pos == starts.back().pos) {
            return at(starts.back(), ExtraDocument::Kind::Stuck);
        }
    }
    if (documents.starts.size() > 1) {
        return at(documents.starts[1], ExtraDocument::Kind::Second);
    }
    return std::nullopt;
}

} // namespace envdesk::yaml
