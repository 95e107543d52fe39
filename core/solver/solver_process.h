#pragma once

#include "core/solver/solver.h"

#include <functional>
#include <stop_token>
#include <vector>

// A solve in a child process, so that a stop ends it: libsolv's search cannot be interrupted,
// and a thread left running it would burn a core until the program exits. The child is a fork
// of the caller (it shares the inputs without copying them), runs the solve, sends the outcome
// back through a pipe and exits; a stop kills it at once. Internal to core/solver.
namespace envdesk::solver::detail {

// What runs in the child: the solve, with statistics when asked for.
using SolveInChild = std::function<util::Result<Outcome>(Statistics*)>;

// Runs `work` in a forked child and returns its outcome; Cancelled as soon as `stop` is
// requested (the child is killed and reaped before this returns). A child that dies without an
// answer (a crash inside libsolv) is an Internal error naming the signal, not the caller's end.
// nullopt when no child can be started (fork fails): the caller then solves in process.
[[nodiscard]] std::optional<util::Result<Outcome>>
solveInChildProcess(const SolveInChild& work, std::stop_token stop, Statistics* statistics);

// The outcome (or error) and statistics as bytes and back, as the child sends them.
[[nodiscard]] std::string encodeOutcome(const util::Result<Outcome>& outcome,
                                        const Statistics* statistics);
[[nodiscard]] util::Result<Outcome> decodeOutcome(std::string_view bytes, Statistics* statistics);

} // namespace envdesk::solver::detail
