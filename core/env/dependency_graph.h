#pragma once

#include "core/specs/package_record.h"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace envdesk::env {

// The installed records of one environment read as a graph: which package a dependency spec
// names, and who depends on a name. Names are read from the specs once and cached (the same
// `python >=3.12,<3.13.0a0` repeats across an environment); the reverse index is built on first
// use only, so that showing what one package needs costs nothing for the rest.
class DependencyGraph {
public:
    // One dependency between two packages: the package at the other end, and the spec (as
    // written in `depends`) that links them. Several specs on one name are joined with ", ".
    struct Edge {
        std::string name;
        std::string spec;
    };

    void setRecords(std::vector<specs::PackageRecord> records);

    // The installed record of `name`, or null when the environment has none.
    [[nodiscard]] const specs::PackageRecord* find(const std::string& name) const;
    // What the installed `name` depends on, one edge per name, sorted by name.
    [[nodiscard]] std::vector<Edge> dependenciesOf(const std::string& name) const;
    // The installed packages that depend on `name`, with their spec on it, sorted by name.
    [[nodiscard]] const std::vector<Edge>& dependentsOf(const std::string& name) const;
    // The package name a dependency spec asks for (conda's parse; the first word if it does not
    // parse, which is what a broken record most likely meant).
    [[nodiscard]] const std::string& nameOfSpec(const std::string& spec) const;

private:
    void buildDependents() const;

    std::vector<specs::PackageRecord> m_records;
    std::unordered_map<std::string, std::size_t> m_byName;
    mutable std::unordered_map<std::string, std::string> m_specNames;
    mutable std::optional<std::unordered_map<std::string, std::vector<Edge>>> m_dependents;
};

} // namespace envdesk::env
