#pragma once

#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

// Finding a user's environments, wherever conda, Miniconda, Miniforge, micromamba or Envdesk put
// them, and the registry they share (`~/.conda/environments.txt`). See docs/environments.md.
namespace envdesk::env {

struct DiscoveryInputs {
    std::string rootPrefix;            // the configured root ("base"); may be empty
    std::vector<std::string> envsDirs; // the configured envs_dirs: each sub-folder is one
    std::string homeDir;               // for the registry and the usual installation places
    // Registries to read; empty = `<home>/.conda/environments.txt`.
    std::vector<std::string> registries;
    // Installations (root prefixes) to look for besides the configured root; nullopt = the usual
    // places (~/miniconda3, ~/miniforge3, ~/micromamba, /opt/conda, ...; usualInstallations()).
    std::optional<std::vector<std::string>> installations;
};

// The places conda, Anaconda, Miniconda, Miniforge and micromamba install to by default.
[[nodiscard]] std::vector<std::string> usualInstallations(const std::string& homeDir);

struct EnvironmentInfo {
    enum class State {
        Ok,
        Missing, // registered, but the folder is gone
        Broken,  // the folder is there, but not an environment one can use (see `problem`)
    };
    std::string prefix;
    // "base" for a root prefix, the folder name inside an envs dir, else empty (conda shows
    // those by path only).
    std::string name;
    bool isRoot = false;
    std::string installation; // the root prefix this environment belongs to, if known
    State state = State::Ok;
    std::string problem;          // why it is Broken or Missing
    std::size_t packageCount = 0; // conda-meta records
    std::string pythonVersion;    // of the python package, when installed
};

// Which tool an installation (a root prefix) belongs to: micromamba's when its path says so, or
// when it has condabin/micromamba and no conda executable; conda's otherwise.
enum class InstallationTool { Conda, Micromamba };
[[nodiscard]] InstallationTool installationTool(const std::string& root);

// Every environment the inputs lead to, each once (by its real path): the roots first, then by
// path. Cheap: it reads folder listings, not the records, so it suits a start-up list.
// Missing and broken ones are listed, flagged, never dropped.
[[nodiscard]] std::vector<EnvironmentInfo> discoverEnvironments(const DiscoveryInputs& inputs);

// What costs a walk of the whole prefix: its size on disk with every hard-linked file counted
// once (a prefix shares most of its files with the package cache), and when it last changed.
struct EnvironmentUsage {
    std::uint64_t diskBytes = 0;   // allocated blocks of the files only this prefix links
    std::uint64_t sharedBytes = 0; // allocated blocks of files linked elsewhere too (the cache)
    std::uint64_t files = 0;
    long long lastChange = 0; // unix time of conda-meta's latest change (a transaction)
};
[[nodiscard]] util::Result<EnvironmentUsage> measureEnvironment(const std::string& prefix,
                                                                std::stop_token stop = {});

// Adds `prefix` to the registry (`<home>/.conda/environments.txt`) unless it is there, or takes
// it out; the file is rewritten atomically. conda and micromamba read the same file.
[[nodiscard]] util::Result<void> registerEnvironment(const std::string& registry,
                                                     const std::string& prefix);
[[nodiscard]] util::Result<void> unregisterEnvironment(const std::string& registry,
                                                       const std::string& prefix);
[[nodiscard]] std::string defaultRegistry(const std::string& homeDir);

} // namespace envdesk::env
