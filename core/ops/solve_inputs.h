#pragma once

#include "core/config/config.h"
#include "core/solver/solver.h"
#include "core/specs/package_record.h"

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

// The parts of a solver request that come from the machine and the configuration rather than
// from the user's specs: what decideChange (solve_change.h) adds to every request, whichever
// front end made it.
namespace envdesk::ops {

// The names a solve has to see records of before it starts: the requested specs', the
// installed packages', and those the pins and the history's specs name.
[[nodiscard]] std::vector<std::string>
reachableNames(const std::vector<std::string>& requestedNames,
               const std::vector<specs::PackageRecord>& installed,
               const std::vector<std::string>& pinned,
               const std::vector<std::string>& historySpecs);

// The virtual packages of a solve for `platform`: for this machine its facts and its GPU
// (`__cuda`, `__cuda_arch`; the probe runs in a child process with a time limit and its answer
// is cached per boot), for another platform only defaults; CONDA_OVERRIDE_* on top. The probe
// and the overrides come from the environment the configuration was loaded with
// (ConfigInputs::env), never from this process's.
[[nodiscard]] std::vector<specs::PackageRecord>
virtualPackagesFor(const std::string& platform, const config::Config& configuration,
                   std::stop_token stop = {});

// conda's business rule: a change never moves python to another minor version unless the user
// names python. For an environment with python installed and `requestedNames` without it, the
// pin "python X.Y.*" of the installed version; otherwise none. A removal is left alone.
[[nodiscard]] std::optional<std::string>
pythonMinorPin(const std::vector<specs::PackageRecord>& installed,
               const std::vector<std::string>& requestedNames, solver::Request::Kind kind);

// .condarc's channel_priority as the solver takes it.
[[nodiscard]] solver::ChannelPriority solverChannelPriority(config::ChannelPriority priority);

} // namespace envdesk::ops
