#pragma once

#include "core/specs/channel.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <optional>
#include <stop_token>
#include <string>
#include <variant>
#include <vector>

// The resolver: data in, data out. A request (what the user asks, what the prefix holds, the
// candidate records) goes in; a solution (the actions) or an unsolvable outcome (a problem graph
// and its explanation) comes out. libsolv does the search behind this header and never shows
// through it (see docs/solver.md).
namespace envdesk::solver {

// The candidate records of one channel subdir.
struct Repo {
    std::string channel; // canonical name, as in the records
    // Channels earlier in the user's list come first: higher is preferred.
    int priority = 0;
    std::vector<specs::PackageRecord> records;
};

enum class ChannelPriority { Strict, Flexible, Disabled };

struct Request {
    enum class Kind {
        Install,   // add or change the given specs, keep the rest where possible
        Update,    // bring the named packages (specs) to their newest allowed versions
        UpdateAll, // every installed package to its newest allowed version
        Remove,    // take the named packages out (and what only they needed, with prune)
    };
    Kind kind = Kind::Install;
    std::vector<std::string> specs;              // as the user typed them (match specs)
    std::vector<specs::PackageRecord> installed; // the prefix's records (conda-meta)
    std::vector<std::string> pinned;             // conda-meta/pinned and pinned_packages
    // What the user asked for in earlier transactions (conda-meta/history): kept satisfied.
    std::vector<std::string> historySpecs;
    std::vector<specs::PackageRecord> virtualPackages; // __unix, __glibc, __cuda, ...
    ChannelPriority channelPriority = ChannelPriority::Flexible;
    bool addPipAsPythonDependency = true;
    bool forceReinstall = false;
    bool prune = false;            // Remove: also remove what is no longer needed
    bool noDependencies = false;   // conda --no-deps: the requested packages alone
    bool onlyDependencies = false; // conda --only-deps: what they need, not themselves
    // Where a channel typed as a relative or `~` folder in the specs, pins and history
    // (`./chan::numpy`) points: the configuration's (ChannelContext::paths).
    specs::PathContext paths;
};

struct Action {
    enum class Kind { Install, Upgrade, Downgrade, Change, Reinstall, Remove };
    Kind kind = Kind::Install;
    std::optional<specs::PackageRecord> from; // Upgrade/Downgrade/Change/Reinstall/Remove
    std::optional<specs::PackageRecord> to;   // Install/Upgrade/Downgrade/Change/Reinstall
};

// The action that takes `from` (none: not installed) to `to` (none: removed), its kind by
// conda's version order, then build.
[[nodiscard]] Action actionBetween(std::optional<specs::PackageRecord> from,
                                   std::optional<specs::PackageRecord> to);

struct Solution {
    std::vector<Action> actions;                // sorted by package name
    std::vector<specs::PackageRecord> packages; // the whole environment afterwards, by name
};

// Why nothing fits, as a graph a UI can draw and a test can check.
struct ProblemGraph {
    // A path from something the user asked for to a constraint: "a" -> "b" -> "c >=1,<2" means
    // the request `a` needs a package `b` whose dependency `c >=1,<2` takes part in the clash.
    struct Chain {
        std::vector<std::string> steps; // the user's spec first, then dependency specs
    };
    struct Conflict {
        std::string package;       // the name the chains disagree about
        std::vector<Chain> chains; // each a way the request reaches a constraint on it
        std::vector<std::string> availableVersions; // of `package`, newest first
        // What would work, where a search finds it: for a package the user asked for that
        // clashes with the user's own constraint on `package` ("pytorch" against "python=3.12"),
        // the newest version of it that fits that constraint, or none.
        struct Suggestion {
            std::string requested;  // the user's spec that leads to the clash ("pytorch")
            std::string constraint; // the user's own spec on `package` ("python=3.12")
            std::optional<std::string> workingVersion; // newest that fits, if any
        };
        std::vector<Suggestion> suggestions;
        // Pins (conda-meta/pinned, pinned_packages, the installed python's minor version) that
        // exclude the `package` the request needs: "python 3.10.*". Without them it would solve,
        // with `needed` chosen.
        std::vector<std::string> pins;
        std::string needed; // the version the request would take without the pins
        // One available version meets the last step of every chain: with packages missing,
        // the clash is their doing ("pytorch 1.12" against "pytorch 1.12.0"). Kept in the graph
        // (conda names such chains too), left out of the explanation.
        bool metTogether = false;
    };
    std::vector<Conflict> conflicts;
    // Specs (the user's or dependencies') that no record satisfies at all.
    struct Missing {
        std::string spec;
        std::vector<std::string> requiredBy; // the chain to it, the user's spec first
    };
    std::vector<Missing> missing;
};

struct Unsolvable {
    ProblemGraph graph;
    std::string explanation; // English, built from the graph, in the user's specs and versions
};

using Outcome = std::variant<Solution, Unsolvable>;

// What a solve built inside libsolv, for checking that its cost grows as the input does (a
// name with N records must cost about N rules, not N*N).
struct Statistics {
    std::size_t solvables = 0;    // libsolv's solvables, the helper ones of the encoding included
    std::size_t packageRules = 0; // its package rules: dependencies, conflicts, one per name
    // Steps of libsolv's same-name check (each solvable visits the providers of its name): the
    // time it takes grows with this even where it adds no rule.
    std::size_t nameProviderVisits = 0;
};

// Errors are for requests that cannot be posed (a spec that does not parse, a cancel);
// "nothing fits" is an Unsolvable outcome, not an error. With a stop token that can be stopped,
// the solve runs in a child process of this program, and a stop returns Cancelled at once, even
// in the middle of libsolv's search, which cannot be interrupted: the child is killed, so
// nothing goes on running (solver_process.h). A child that crashes is an Internal error.
[[nodiscard]] util::Result<Outcome> solve(const std::vector<Repo>& repos, const Request& request,
                                          std::stop_token stop = {},
                                          Statistics* statistics = nullptr);

// `records` with every package after the packages it depends on (among `records`), as a
// transaction links them (python before the packages that need it); names break ties, and a
// dependency cycle is broken at its first name, so the order is always the same.
[[nodiscard]] std::vector<specs::PackageRecord>
dependencyOrder(const std::vector<specs::PackageRecord>& records);

} // namespace envdesk::solver
