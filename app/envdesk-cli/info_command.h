#pragma once

#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

namespace envdesk::cli {

// `info`: what `conda info` shows (platform, virtual packages, configuration files, channel
// URLs, envs_dirs, pkgs_dirs) plus the GPUs, the method that found them and what to install for
// their CUDA. --json prints conda's keys where conda has them and `envdesk_*` keys for the rest
// (docs/gpu.md). Returns the exit status.
int runInfo(const Invocation& call);

} // namespace envdesk::cli
