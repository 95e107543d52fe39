#pragma once

#include "core/config/config.h"
#include "core/ops/apply_change.h"
#include "core/ops/plan_change.h"
#include "core/ops/solve_change.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <variant>
#include <vector>

// Creating an environment from a file a user brings (`env create -f`, `create --file`):
// environment.yml and plain spec lists are solved, explicit and conda-lock files pin the exact
// packages and need no solve. The file is read into a value here; the caller turns it into a
// ChangeRequest (changeRequestFor(), then decideChange) or a Plan (then applyChange), and
// finishes with finishFromFile() for what comes after the packages.
namespace envdesk::ops {

enum class EnvironmentFileKind {
    EnvironmentYml, // conda's environment.yml (a .yml or .yaml that is neither of the next two)
    Explicit,       // an @EXPLICIT list of package URLs (`conda list --explicit`)
    CondaLock,      // conda-lock's unified lock file (version 1)
    SpecList,       // anything else: one spec per line, `#` comments (conda's create --file)
    PixiLock,       // pixi.lock: recognised so that it is refused, not read as one of the above
};

// What the text is, as conda tells: an @EXPLICIT line first of all; conda-lock's top-level
// `version:` and `package:`; pixi.lock's `version:` and `environments:` (or a file named
// pixi.lock / *.pixi.lock); then the file name's .yml/.yaml; else a spec list.
[[nodiscard]] EnvironmentFileKind environmentFileKind(const std::string& path,
                                                      const std::string& text);

// environment.yml and spec lists: what to solve, then set up.
struct SolveFromFile {
    std::optional<std::string> name; // the file's `name:`, where the environment goes by default
    std::vector<std::string> specs;  // as written; may be empty (conda refuses to create then)
    // The file's channels in order, `$VAR`/`${VAR}` expanded, "nodefaults" taken out.
    std::vector<std::string> channels;
    bool noDefaults = false; // "nodefaults": the configured channels are not added
    std::vector<std::pair<std::string, std::string>> variables; // for conda-meta/state
    // The `pip:` list as written (options such as --index-url included); none: no section.
    std::optional<std::vector<std::string>> pip;
    std::vector<std::string> warnings; // "path:line:column: what": read anyway, worth telling
};

// Explicit and conda-lock files: the exact packages, no solve.
struct RecordsFromFile {
    // What the file says of each package (URL, hashes, name, version, build, channel); local
    // paths are file:// URLs, relative to the file's folder. completeRecords() adds what only
    // the archives know.
    std::vector<specs::PackageRecord> records;
    // conda-lock's pip packages for the platform: "--no-deps" then each exact file URL
    // ("url#sha256=..."), for finishFromFile(); empty when there are none.
    std::vector<std::string> pip;
};

struct EnvironmentFromFile {
    EnvironmentFileKind kind = EnvironmentFileKind::EnvironmentYml;
    std::variant<SolveFromFile, RecordsFromFile> content;
};

struct FromFileOptions {
    // The platform selectors are evaluated for, explicit files are checked against, a lock's
    // packages are taken for; empty: this machine's.
    std::string platform;
    // For `${VAR}` in channels (conda expands them from its environment); empty: no variable
    // is set. The front ends pass variablesOf(configuration).
    std::function<std::optional<std::string>(const std::string&)> lookup;
};

// `${VAR}` lookups in the environment the configuration was loaded with (ConfigInputs::env).
[[nodiscard]] std::function<std::optional<std::string>(const std::string&)>
variablesOf(const config::Config& configuration);

// Reads `text` (the contents of `path`, which names the file in errors and anchors relative
// paths) as environmentFileKind() says. Errors name the file, with line and column where the
// format has them: a line that is no package, an explicit file written for another platform, a
// lock that does not lock the platform (NotFound, listing those it locks), no packages after
// @EXPLICIT, a spec list without specs, a spec that is no match spec (InvalidMatchSpec,
// "path:line"), a pixi.lock (ParseError: not supported, and what to do instead).
[[nodiscard]] util::Result<EnvironmentFromFile>
readEnvironmentFromFile(const std::string& path, const std::string& text,
                        const FromFileOptions& options = {});

// The solve of a SolveFromFile for a new environment at `prefix`: the file's channels, then
// those typed on the command line (-c), then (unless noDefaults or --override-channels) the
// configured ones, as `conda env create` and `conda create --file` read them.
[[nodiscard]] ChangeRequest changeRequestFor(const SolveFromFile& file, const std::string& prefix,
                                             const config::Config& configuration,
                                             const std::vector<std::string>& typedChannels = {},
                                             bool overrideChannels = false);

// What creating `prefix` from a file that was read takes next, for both front ends: for an
// environment.yml or a spec list, the solve (changeRequestFor(), for `platform` and offline as
// asked; decided with decideChange() like every create, which settles and checks the target);
// for explicit and lock files, the target settled and checked the same way first (a refusal,
// before anything is fetched), then the plan of their exact packages, completed from the
// archives (completeRecords(); no solve).
struct NextFromFile {
    std::vector<std::string> typedChannels; // -c, after the file's own
    bool overrideChannels = false;
    bool offline = false;
    std::string platform; // the machine's when empty
    // Settle an interrupted transaction at the prefix first; a dry run changes nothing.
    bool recoverInterrupted = true;
};
using FileStep = std::variant<ChangeRequest, Plan, ChangeRefusal>;
[[nodiscard]] util::Result<FileStep> nextStepFromFile(const EnvironmentFromFile& file,
                                                      const std::string& prefix,
                                                      const config::Config& configuration,
                                                      const NextFromFile& options,
                                                      std::stop_token stop);

// Explicit and lock files say too little for linking (dependencies for the order, noarch, ...):
// the packages are fetched and extracted into the package cache (checksums verified) and each
// record completed from its own info/index.json. Download and Extract progress; a stop is
// Cancelled. Returns the completed records, in the same order.
[[nodiscard]] util::Result<std::vector<specs::PackageRecord>>
completeRecords(std::vector<specs::PackageRecord> records, const config::Config& configuration,
                bool offline, const ApplyProgressFn& progress, std::stop_token stop);

// Runs the new environment's pip on `pip` (a `pip:` section, or a lock's exact files), as
// conda does: the lines go into a requirements file beside `file` (so `-e .` and `-r x.txt`
// resolve there), `python -m pip install -U -r` reads it, and the file is removed. Errors name
// `file` and say what is missing (python, pip) or what pip printed. pip runs in the process
// environment the configuration was loaded with (ConfigInputs::env). Returns pip's output.
[[nodiscard]] util::Result<std::string> installPipSection(const std::string& prefix,
                                                          const std::vector<std::string>& pip,
                                                          const std::string& file,
                                                          const config::Config& configuration,
                                                          std::stop_token stop);

// What comes after the packages of `file` (read from `path`): its variables into
// conda-meta/state, then its pip packages through installPipSection(). Returns pip's output;
// empty when there was no pip step.
[[nodiscard]] util::Result<std::string>
finishFromFile(const std::string& prefix, const EnvironmentFromFile& file, const std::string& path,
               const config::Config& configuration, std::stop_token stop);

} // namespace envdesk::ops
