#pragma once

#include "core/config/config.h"
#include "core/specs/package_record.h"

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace envdesk::cli {

// A planned change of a prefix, ready to be carried out.
struct ApplyRequest {
    std::string prefix;
    std::vector<specs::PackageRecord> link;   // dependencies first
    std::vector<specs::PackageRecord> unlink; // dependents first
    std::vector<std::string> userSpecs;       // as typed, for requested_spec and the history
    std::string command;                      // the command line, for the history
    bool remove = false;                      // `# remove specs:` instead of `# update specs:`
    bool create = false;                      // register the new environment in environments.txt
    bool json = false;
    bool offline = false;
    bool compilePyc = true; // byte-compile noarch: python modules (--no-pyc: off)
    bool verbose = false;   // -v: also print what link scripts and compiling wrote
    bool quiet = false;     // print no result (errors still go out): a step of a larger command
    std::optional<std::vector<std::string>> basis; // ops::Change::basis
    bool decideAgainWhenStale = false;             // a stale plan returns kDecideAgain (plan.h)
};

// Fetches and extracts what is missing from the package cache, then changes the prefix in one
// all-or-nothing transaction; prints progress on a terminal and the result (conda's JSON shape
// with --json). Returns the exit status.
int applyTransaction(const ApplyRequest& request, const config::Config& configuration,
                     std::stop_token stop);

} // namespace envdesk::cli
