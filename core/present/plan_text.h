#pragma once

#include "core/ops/plan_change.h"
#include "core/solver/solver.h"
#include "core/specs/package_record.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// A decided change as conda shows it: the package plan before it is carried out, its --json
// actions, the problems of a request that cannot be solved, and what is said after.
namespace envdesk::present {

// conda's "## Package Plan ##": the prefix, the user's specs ("added / updated specs:", or
// "removed specs:" for a removal; secrets masked), the downloads with their sizes, then the
// NEW / REINSTALLED / REMOVED / UPDATED / SUPERSEDED / DOWNGRADED sections.
[[nodiscard]] std::string planText(const ops::Plan& plan, bool remove,
                                   const std::vector<std::string>& specTexts);

// conda's `actions` object: PREFIX, LINK and UNLINK as conda-meta records, and with
// `withFetch` FETCH as fetched records (a dry run shows them; the report after a change not).
[[nodiscard]] nlohmann::json actionsJson(const std::string& prefix,
                                         const std::vector<specs::PackageRecord>& link,
                                         const std::vector<specs::PackageRecord>& unlink,
                                         const std::vector<specs::PackageRecord>* fetch);

// The `problems` of an UnsatisfiableError's JSON: each conflict's chains and the versions there
// were, each missing spec and who needs it.
[[nodiscard]] nlohmann::json problemsJson(const solver::ProblemGraph& graph);

// What conda prints after creating an environment: how to activate and deactivate it.
[[nodiscard]] std::string activationHint(const std::string& prefix);

} // namespace envdesk::present
