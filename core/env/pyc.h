#pragma once

#include "core/util/result.h"

#include <map>
#include <stop_token>
#include <string>
#include <vector>

// Byte-compiling the Python modules of `noarch: python` packages, as conda does at link time:
// such packages ship only sources, and without their `.pyc` files every first import would write
// them (or, in a read-only environment, recompile on every start).
namespace envdesk::env {

// Where CPython `pythonVersion` ("3.12") caches `pyPath`:
// "lib/python3.12/site-packages/a/b.py" ->
// "lib/python3.12/site-packages/a/__pycache__/b.cpython-312.pyc".
[[nodiscard]] std::string pycPathFor(const std::string& pyPath, const std::string& pythonVersion);

// Compiles `pyFiles` (relative to `prefix`) with the environment's own `bin/python`, as conda's
// `python -Wi -m compileall -q -l -i LIST`, and returns the `.pyc` files (relative) that exist
// afterwards. A module that does not compile is skipped, as in conda (the output says why); an
// environment without an executable python compiles nothing. python runs in `environment`
// (the caller's process environment, see TransactionPlan). Errors: the list file cannot be
// written, or a stop (Cancelled).
[[nodiscard]] util::Result<std::vector<std::string>>
compilePyc(const std::string& prefix, const std::vector<std::string>& pyFiles,
           const std::string& pythonVersion, const std::map<std::string, std::string>& environment,
           std::stop_token stop, std::string* output = nullptr);

} // namespace envdesk::env
