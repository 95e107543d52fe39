#include "core/env/dependency_graph.h"

#include "core/specs/spec_name.h"

#include <algorithm>

namespace envdesk::env {

namespace {

// Edges sorted by name, several specs on one name joined into one edge.
std::vector<DependencyGraph::Edge> mergedByName(std::vector<DependencyGraph::Edge> edges)
{
    std::stable_sort(edges.begin(), edges.end(),
                     [](const auto& a, const auto& b) { return a.name < b.name; });
    std::vector<DependencyGraph::Edge> out;
    for (auto& edge : edges) {
        if (!out.empty() && out.back().name == edge.name) {
            out.back().spec += ", " + edge.spec;
        } else {
            out.push_back(std::move(edge));
        }
    }
    return out;
}

} // namespace

void DependencyGraph::setRecords(std::vector<specs::PackageRecord> records)
{
    m_records = std::move(records);
    m_byName.clear();
    for (std::size_t i = 0; i < m_records.size(); ++i) {
        m_byName.emplace(m_records[i].name, i);
    }
    m_dependents.reset();
    // m_specNames is kept: a spec names the same package in every environment.
}

const specs::PackageRecord* DependencyGraph::find(const std::string& name) const
{
    const auto it = m_byName.find(name);
    return it == m_byName.end() ? nullptr : &m_records[it->second];
}

std::vector<DependencyGraph::Edge> DependencyGraph::dependenciesOf(const std::string& name) const
{
    const specs::PackageRecord* record = find(name);
    if (record == nullptr) {
        return {};
    }
    std::vector<Edge> edges;
    edges.reserve(record->depends.size());
    for (const auto& spec : record->depends) {
        edges.push_back(Edge{nameOfSpec(spec), spec});
    }
    return mergedByName(std::move(edges));
}

const std::vector<DependencyGraph::Edge>&
DependencyGraph::dependentsOf(const std::string& name) const
{
    if (!m_dependents) {
        buildDependents();
    }
    static const std::vector<Edge> none;
    const auto it = m_dependents->find(name);
    return it == m_dependents->end() ? none : it->second;
}

const std::string& DependencyGraph::nameOfSpec(const std::string& spec) const
{
    const auto cached = m_specNames.find(spec);
    if (cached != m_specNames.end()) {
        return cached->second;
    }
    std::string name;
    if (auto parsed = specs::specName(spec); parsed && !parsed->empty()) {
        name = std::move(*parsed);
    } else {
        name = spec.substr(0, spec.find_first_of(" =<>!~[")); // what the record most likely meant
    }
    return m_specNames.emplace(spec, std::move(name)).first->second;
}

void DependencyGraph::buildDependents() const
{
    std::unordered_map<std::string, std::vector<Edge>> dependents;
    for (const auto& record : m_records) {
        for (const auto& spec : record.depends) {
            dependents[nameOfSpec(spec)].push_back(Edge{record.name, spec});
        }
    }
    for (auto& [name, edges] : dependents) {
        edges = mergedByName(std::move(edges));
    }
    m_dependents = std::move(dependents);
}

} // namespace envdesk::env
