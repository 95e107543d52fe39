#pragma once

#include "core/channels/loaded_channels.h"
#include "core/config/config.h"
#include "core/ops/solve_change.h"
#include "core/util/result.h"

#include <QString>

#include <stop_token>
#include <string>
#include <vector>

// Where the GUI's changes take their settings and channels from: the user's merged .condarc,
// and, when the configured channels cannot be reached, the offline demo channel the build
// makes (named by $ENVDESK_DEMO_CHANNEL; scripts/run-app.sh sets it). Both are read from the
// config::ConfigInputs the work was given (the session's, SessionEnvironment::inputs(), taken
// when it started), never from the process. Everything here reads files or the network, so it
// runs on worker threads.
namespace envdesk::ui {

// The merged .condarc that `inputs` name (HOME, CONDARC, CONDA_* as conda reads them).
[[nodiscard]] util::Result<config::Config> loadConfiguration(const config::ConfigInputs& inputs);

// The demo channel folder ($ENVDESK_DEMO_CHANNEL of `inputs`' environment), or empty when there
// is none.
[[nodiscard]] std::string demoChannel(const config::ConfigInputs& inputs);

// The configured channels, in conda's order.
[[nodiscard]] std::vector<std::string> configuredChannels(const config::Config& configuration);

// True for failures that mean "the channel's server could not be reached", after which the
// demo channel is worth trying.
[[nodiscard]] bool isUnreachable(const util::Error& error);

// ops::solveChange, falling back to the demo channel alone (offline) when the request's
// channels cannot be reached and a demo channel exists (demoChannel() of the configuration's
// inputs); the fallback adds a note saying so. `options` gives the stop and the progress
// reports; its `offline` is taken from the request.
[[nodiscard]] util::Result<ops::ChangeOutcome>
solveWithFallback(ops::ChangeRequest request, const config::Config& configuration,
                  channels::LoadOptions options);

// The configured channels (`channels`; empty: configuredChannels()) for this machine's platform,
// loaded; when they cannot be reached and a demo channel exists, the demo channel instead, offline,
// with `usedDemo` set and `unreachable` saying why. Errors name the channel and the step.
struct ChannelsRead {
    channels::LoadedChannels loaded;
    bool usedDemo = false;
    std::string unreachable;
};
// How far a read has come, reported on the calling thread (each may be empty): the metadata
// fetched, and the records indexed when a channel is read for the first time.
struct ReadProgress {
    repodata::FetchProgressFn fetched;
    repodata::RecordIndexProgressFn indexed;
};
[[nodiscard]] util::Result<ChannelsRead> readChannels(const config::Config& configuration,
                                                      std::stop_token stop,
                                                      std::vector<std::string> channels = {},
                                                      const ReadProgress& progress = {});

// A byte count as the whole window shows file and disk sizes: SI units, as the desktop's file
// managers ("37.2 MB", "512 bytes", "1 byte").
[[nodiscard]] QString formatBytes(qint64 bytes);

} // namespace envdesk::ui
