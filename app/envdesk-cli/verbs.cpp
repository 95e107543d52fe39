// Every verb of envdesk-cli, declared once: options, the rules argparse enforces for conda, and
// help. The verbs' own files hold what each does with its parsed arguments.

#include "app/envdesk-cli/commands.h"
#include "core/cli/command_table.h"

namespace envdesk::cli {

namespace {

// -n/--name and -p/--prefix.
std::vector<Option> targetOptions()
{
    return {{"--name", "-n", "NAME", "Environment name (base is the root prefix)"},
            {"--prefix", "-p", "PATH", "Full path to the environment"}};
}

// -c/--channel and --override-channels.
std::vector<Option> channelOptions()
{
    return {{"--channel", "-c", "CHANNEL",
             "Channel to use: a name, a URL, a folder or a file:// URL (repeatable)", true},
            {"--override-channels", "", "", "Do not use the configured channels"}};
}

// --json, and for verbs that change an environment --dry-run and --yes.
std::vector<Option> outputOptions(bool changes)
{
    std::vector<Option> out = {{"--json", "", "", "Print the result as JSON, in conda's shape"}};
    if (changes) {
        out.push_back({"--dry-run", "-d", "", "Only show what would happen; change nothing"});
        out.push_back({"--yes", "-y", "", "Do not ask for confirmation"});
    }
    return out;
}

// pin and unpin's options.
std::vector<Option> pinOptions()
{
    return options::join(
        {targetOptions(),
         {{"--dry-run", "-d", "", "Only show the pins it would leave; change nothing"},
          {"--json", "", "", "Print {\"success\", \"prefix\", \"pinned\", \"changed\"}"}}});
}

const Option kPlatform = {"--platform", "", "SUBDIR",
                          "Use this platform's subdir (and noarch), e.g. osx-arm64"};
const Option kSubdir = {"--subdir", "", "SUBDIR", "Same as --platform"};
const Option kOffline = {"--offline", "", "", "Use the caches only: fetch nothing"};
const Option kNoPyc = {"--no-pyc", "", "",
                       "Do not byte-compile the modules of noarch: python packages"};
const Option kVerbose = {"--verbose", "-v", "",
                         "Also print what link scripts and byte-compiling wrote (on stderr)"};
const std::pair<std::string, std::string> kNameOrPrefix = {"--name", "--prefix"};

const char* const kChannelNotes =
    "Channels: those given with -c, then the `channels` of .condarc (unless\n"
    "--override-channels). A channel is a name resolved as conda does (channel_alias,\n"
    "custom_channels, default_channels), a URL, or a folder / file:// URL holding\n"
    "<subdir>/repodata.json. Remote repodata is cached in ~/.cache/envdesk/repodata\n"
    "(or $XDG_CACHE_HOME/envdesk/repodata) and revalidated with the server.\n";

const char* const kActiveNote =
    "Without -n or -p, the active environment ($CONDA_PREFIX) is used.\n";

const char* const kPlanAbout =
    "\nThe plan is printed as conda prints it, then carried out in one all-or-nothing\n"
    "transaction after a confirmation (-y or --json: none). --dry-run only shows the plan\n"
    "(with --json: {\"success\", \"dry_run\", \"actions\": {PREFIX, LINK, UNLINK, FETCH}}).\n"
    "An unsolvable request exits 1 and says why (with --json: exception_name\n"
    "UnsatisfiableError and the problem graph).\n";

std::vector<Option> changeOptions(std::vector<Option> own)
{
    auto out =
        options::join({targetOptions(),
                       channelOptions(),
                       {kPlatform, kSubdir},
                       outputOptions(true),
                       {kOffline,
                        {"--strict-channel-priority", "", "",
                         "A lower channel cannot provide a package a higher one has"},
                        {"--no-channel-priority", "", "", "Ignore channel order when choosing"},
                        {"--no-pin", "", "", "Ignore conda-meta/pinned and pinned_packages"},
                        kVerbose,
                        kNoPyc}});
    out.insert(out.end(), own.begin(), own.end());
    return out;
}

Verb changeVerb(std::string name, std::string summary, std::string usage, std::string about,
                std::vector<Option> own, int (*run)(const Invocation&))
{
    Verb verb;
    verb.name = std::move(name);
    verb.summary = std::move(summary);
    verb.usage = std::move(usage);
    verb.about = std::move(about) + kPlanAbout;
    verb.options = changeOptions(std::move(own));
    verb.exclusive = {kNameOrPrefix, {"--strict-channel-priority", "--no-channel-priority"}};
    verb.notes = kChannelNotes;
    if (verb.name != "create") {
        verb.notes += kActiveNote;
    }
    verb.run = run;
    return verb;
}

std::vector<Verb> declareVerbs()
{
    std::vector<Verb> all;

    all.push_back(Verb{
        .name = "clean",
        .summary = "Remove unused packages and caches",
        .usage = "[-a] [-i] [-p] [-t] [-l] [-d] [-y] [--json] [-v]",
        .about = "Remove what the package caches hold but no environment needs, as `conda clean`\n"
                 "does: archives (--tarballs), extracted packages that no environment uses\n"
                 "(--packages: none of their files has another hard link and no known\n"
                 "environment records them), the repodata caches (--index-cache: each cache's\n"
                 "cache/ folder and Envdesk's own) and logs (--logfiles). Only caches this user\n"
                 "may write are cleaned; a package another process is using is kept.\n",
        .options =
            {
                {"--all", "-a", "", "Remove index cache, unused packages, tarballs and logfiles"},
                {"--index-cache", "-i", "", "Remove the repodata caches"},
                {"--packages", "-p", "", "Remove unused packages"},
                {"--tarballs", "-t", "", "Remove cached package archives"},
                {"--logfiles", "-l", "", "Remove log files"},
                {"--dry-run", "-d", "", "Only show what would be removed"},
                {"--yes", "-y", "", "Do not ask for confirmation"},
                {"--json", "", "", "Print conda's JSON"},
                {"--verbose", "-v", "", "List every item, and each one removed"},
            },
        .maxPositionals = 0,
        .notes = "Exit status: 0 when everything listed was removed, 1 when something could not\n"
                 "be, 2 when no removal target is given.\n",
        .run = runClean,
    });

    all.push_back(Verb{
        .name = "config",
        .summary = "Show and edit .condarc configuration, like conda config",
        .usage = "[options]",
        .about = "Read and edit .condarc files the way `conda config` does. Edits apply to the\n"
                 "target file in the order given; --show and --get take KEYs after them.\n",
        .options =
            {
                {"--show", "", "", "Print the merged configuration (all keys, or the KEYs given)",
                 false, true},
                {"--show-sources", "", "", "Print each configuration source and its keys"},
                {"--get", "", "",
                 "Print the keys of the target file (or the KEYs given) as commands", false, true},
                {"--json", "", "", "Print JSON (conda's shape; --show adds 'envdesk_sources')"},
                {"--set", "", "KEY VALUE", "Set a value (KEY.NAME sets an entry of a mapping)",
                 true},
                {"--add", "", "KEY VALUE", "Add VALUE to the top of the list KEY (as --prepend)",
                 true},
                {"--prepend", "", "KEY VALUE", "Add VALUE to the top of the list KEY", true},
                {"--append", "", "KEY VALUE", "Add VALUE to the bottom of the list KEY", true},
                {"--remove", "", "KEY VALUE", "Remove VALUE from the list KEY", true},
                {"--remove-key", "", "KEY", "Remove KEY (or KEY.NAME) from the file", true},
                {"--file", "", "PATH", "Edit PATH (default: ~/.condarc)"},
                {"--system", "", "", "Edit $CONDA_ROOT/.condarc"},
                {"--env", "", "", "Edit the active environment's .condarc ($CONDA_PREFIX)"},
            },
        // conda's mutually exclusive "config file location" group.
        .exclusive = {{"--system", "--env"}, {"--system", "--file"}, {"--env", "--file"}},
        .run = runConfig,
    });

    all.push_back(changeVerb(
        "create", "Create a new environment", "[-n NAME | -p PREFIX] [options] SPEC ...",
        "Create a new environment holding SPEC... (conda match specs).\n",
        {{"--file", "", "FILE",
          "Create from environment.yml, an explicit file, a conda-lock file or a list of specs"},
         {"--clone", "", "ENV", "Copy an existing environment (a name or a path)"}},
        runCreate));
    all.back().oneRequired = {"--name", "--prefix"};

    all.push_back(Verb{
        .name = "env create",
        .summary = "Create an environment from environment.yml, an explicit file or a\n"
                   "            conda-lock file (-f FILE)",
        .usage = "[-f FILE] [-n NAME | -p PREFIX] [options]",
        .about = "Create an environment from environment.yml (solved against its channels;\n"
                 "its pip: section is installed with the new environment's pip and its\n"
                 "variables set), from an explicit file (no solve; checksums verified;\n"
                 "offline when the package cache has everything) or from a conda-lock file\n"
                 "(this machine's platform, or --platform).\n",
        .options = options::join(
            {{{"--file", "-f", "FILE",
               "environment.yml, an explicit file or a conda-lock file (default: "
               "environment.yml)"}},
             targetOptions(),
             channelOptions(),
             {{"--platform", "", "SUBDIR",
               "For a conda-lock file: the platform to install (default: this machine's)"}},
             outputOptions(true),
             {kOffline, kNoPyc, kVerbose}}),
        .exclusive = {kNameOrPrefix},
        .maxPositionals = 0,
        .run = runEnvCreate,
    });
    all.push_back(Verb{
        .name = "env diff",
        .summary = "Compare two environments or environment files",
        .usage = "[options] A B",
        .about =
            "Compare two environments. A and B are each an environment.yml, an explicit file\n"
            "(@EXPLICIT), a conda-lock file, a pixi.lock, an environment folder, or the name of "
            "an\nenvironment; the kind is read from the content. For each platform and package\n"
            "manager it reports what was added, removed, upgraded, downgraded (conda's version\n"
            "order), rebuilt, moved to another channel or category, and which specs were\n"
            "loosened or tightened. See docs/lockfile-diff.md.\n\n"
            "Exit status: 0 when A and B are the same, 1 when they differ, 2 on trouble.\n",
        .options =
            {
                {"--json", "", "", "Print the difference as JSON (schema envdesk-diff/1)"},
                {"--html", "", "FILE", "Also write the report as one HTML page ('-': stdout)"},
                {"--unchanged", "", "", "List unchanged packages too"},
                {"--platform", "", "SUBDIR", "Compare this platform only (linux-64, ...)"},
                {"--environment", "-e", "NAME", "pixi.lock: the environment (default: default)"},
                {"--color", "", "", "Colour the report even when not on a terminal"},
                {"--no-color", "", "", "Never colour the report"},
            },
        .exclusive = {{"--color", "--no-color"}},
        .run = runEnvDiff,
    });
    all.push_back(Verb{
        .name = "env export",
        .summary = "Write the environment as environment.yml",
        .usage = "[-n NAME | -p PREFIX] [options]",
        .about = "Write the environment as environment.yml: every package as\n"
                 "name=version=build (--no-builds: name=version), or with --from-history only\n"
                 "what was asked for; the pip: section lists what pip installed; variables\n"
                 "come from conda-meta/state.\n",
        .options = options::join(
            {targetOptions(),
             {{"--file", "-f", "FILE", "Write to FILE (atomically) instead of stdout"},
              {"--no-builds", "", "", "name=version, without build strings"},
              {"--from-history", "", "",
               "Only what was asked for (conda-meta/history), as it was asked"},
              {"--ignore-channels", "", "", "Do not add the channels the packages came from"},
              {"--channel", "-c", "CHANNEL", "An extra channel to list first", true},
              {"--override-channels", "", "", "Do not list the configured channels"},
              {"--json", "", "", "Print the environment as JSON"},
              {"--lock", "", "", "Write a conda-lock file (version 1) of the installed packages"},
              {"--platform", "", "SUBDIR",
               "With --lock: lock these platforms (repeatable; others are solved from the "
               "history)",
               true}}}),
        .exclusive = {kNameOrPrefix},
        .maxPositionals = 0,
        .run = runEnvExport,
    });
    all.push_back(Verb{
        .name = "env list",
        .summary = "List every environment",
        .usage = "[--json] [--details]",
        .about = "List every environment: the root's, those in envs_dirs, those registered in\n"
                 "~/.conda/environments.txt, and those of conda, Miniconda, Miniforge and\n"
                 "micromamba installations in their usual places. Missing and broken ones\n"
                 "are listed and marked.\n",
        .options = {{"--json", "", "", "Print conda's {\"envs\": [...]}, with envs_details"},
                    {"--details", "-v", "",
                     "Also measure each environment: size on disk and last change"}},
        .maxPositionals = 0,
        .run = runEnvList,
    });
    all.push_back(Verb{
        .name = "env remove",
        .summary = "Remove an environment",
        .usage = "(-n NAME | -p PREFIX) [-y] [--dry-run] [--json]",
        .about = "Remove an environment: its packages (their pre-unlink scripts run), then\n"
                 "its folder, and its line in ~/.conda/environments.txt. The base and the\n"
                 "active environment are refused.\n",
        .options = options::join({targetOptions(), outputOptions(true)}),
        .exclusive = {kNameOrPrefix},
        .oneRequired = {"--name", "--prefix"},
        .maxPositionals = 0,
        .run = runEnvRemove,
    });
    all.push_back(Verb{
        .name = "history",
        .summary = "List the revisions of an environment (install --revision N goes back)",
        .usage = "[-n NAME | -p PREFIX] [--json]",
        .about = "List the revisions of an environment from conda-meta/history, as conda's\n"
                 "`list --revisions`: each revision's date and number, then what it changed.\n"
                 "`envdesk-cli install --revision N` returns the environment to revision N.\n",
        .options = options::join({targetOptions(), outputOptions(false)}),
        .exclusive = {kNameOrPrefix},
        .maxPositionals = 0,
        .run = runHistory,
    });
    all.push_back(Verb{
        .name = "index",
        .summary = "Write repodata.json for the subdirs of a local channel",
        .usage = "[options] DIR",
        .about = "Write repodata.json and repodata.json.zst for each subdir of the local channel\n"
                 "in DIR (every folder named after a platform, plus noarch, which is created "
                 "when\nabsent), reading info/index.json from each .conda and .tar.bz2 "
                 "package, as\n'conda index' does. Unchanged packages are reused from "
                 "<subdir>/.cache.\n",
        .options = {{"--subdir", "-s", "SUBDIR",
                     "Index only this subdir, e.g. linux-64 or noarch (repeatable)", true},
                    {"--no-cache", "", "",
                     "Read every package again instead of reusing unchanged entries"},
                    {"--shards", "", "",
                     "Also write sharded repodata (CEP 16) beside repodata.json"},
                    {"--json", "", "", "Print what was done as JSON"}},
        .notes = "Exit status: 0 when every package was indexed, 1 when a package was skipped\n"
                 "or DIR is not a folder, 2 for a command-line mistake.\n",
        .run = runIndex,
    });
    all.push_back(Verb{
        .name = "info",
        .summary = "Show the platform, GPUs, virtual packages and configuration",
        .usage = "[--json]",
        .about = "Show the platform, the virtual packages, the GPUs and how they were found,\n"
                 "the configuration files read, the channels with their URLs, envs_dirs and\n"
                 "pkgs_dirs, like `conda info`.\n",
        .options = {{"--json", "", "", "Print JSON (conda info's keys, plus envdesk_gpus)"}},
        .maxPositionals = 0,
        .run = runInfo,
    });

    all.push_back(changeVerb(
        "install", "Install packages into an environment",
        "[-n NAME | -p PREFIX] [options] SPEC ...",
        "Install SPEC... into an existing environment.\n",
        {{"--revision", "", "N", "Return the environment to revision N (see envdesk-cli history)"}},
        runInstall));

    all.push_back(Verb{
        .name = "kernel",
        .summary = "Make an environment a Jupyter kernel (add, remove, list)",
        .usage = "[add | remove | list] [-n NAME | -p PREFIX] [--json]",
        .about = "add: write a Jupyter kernelspec (~/.local/share/jupyter/kernels/envdesk-NAME)\n"
                 "that starts the environment's python activated, so JupyterLab run from any\n"
                 "environment offers it; the environment needs ipykernel. remove: take it\n"
                 "away again. list (the default): the kernels Envdesk made.\n",
        .options =
            options::join({targetOptions(), {{"--json", "", "", "Print the result as JSON"}}}),
        .exclusive = {kNameOrPrefix},
        .maxPositionals = 1,
        .notes = kActiveNote,
        .run = runKernel,
    });

    all.push_back(Verb{
        .name = "list",
        .summary = "List the packages installed in an environment",
        .usage = "[-n NAME | -p PREFIX] [options] [REGEX]",
        .about = "List the packages installed in an environment (the active one when neither\n"
                 "-n nor -p is given). REGEX keeps the packages whose name it matches, "
                 "ignoring\ncase (with --full-name: the whole name).\n",
        .options = options::join(
            {targetOptions(),
             {{"--json", "", "", "Print conda's JSON records"},
              {"--full-name", "-f", "", "REGEX must match the whole package name"},
              {"--explicit", "", "", "Print an explicit file: one URL per package"},
              {"--md5", "", "", "With --explicit: add #md5 to each URL"},
              {"--sha256", "", "", "With --explicit: add #sha256 to each URL"},
              {"--export", "-e", "", "Print name=version=build lines (for create --file)"},
              {"--canonical", "-c", "", "Print name-version-build only"},
              {"--show-channel-urls", "", "", "Show channel URLs, not names"},
              {"--revisions", "-r", "", "List the revisions of the environment's history"}}}),
        .exclusive = {kNameOrPrefix, {"--md5", "--sha256"}},
        .maxPositionals = 1,
        .run = runList,
    });

    all.push_back(Verb{
        .name = "pin",
        .summary = "Pin packages of an environment (conda-meta/pinned)",
        .usage = "[-n NAME | -p PREFIX] [--dry-run] [--json] [SPEC ...]",
        .about = "Pin SPEC... (match specs such as 'numpy=1.26' or 'python 3.11.*') in the\n"
                 "environment's conda-meta/pinned, the file conda and micromamba read too: every\n"
                 "later install, update or remove keeps to it (--no-pin ignores it once). A\n"
                 "spec replaces the pin of the same package. Without SPEC, lists the pins.\n",
        .options = pinOptions(),
        .exclusive = {kNameOrPrefix},
        .notes = kActiveNote,
        .run = runPin,
    });

    all.push_back(changeVerb(
        "remove", "Remove packages from an environment", "[-n NAME | -p PREFIX] [options] SPEC ...",
        "Remove the named packages and what only they needed.\n", {}, runRemove));
    all.back().aliases = {"uninstall"};

    all.push_back(Verb{
        .name = "rename",
        .summary = "Rename an environment",
        .usage = "(-n NAME | -p PREFIX) DESTINATION [options]",
        .about = "Rename an environment, as conda does: clone it to DESTINATION (a name or a\n"
                 "path), with its packages from the cache and the files no package owns, then\n"
                 "remove the original. The base and the active environment are refused.\n",
        .options = options::join({targetOptions(),
                                  outputOptions(true),
                                  {{"--force", "", "", "Replace the destination if it exists"}}}),
        .exclusive = {kNameOrPrefix},
        .oneRequired = {"--name", "--prefix"},
        .maxPositionals = 1,
        .run = runRename,
    });
    all.push_back(Verb{
        .name = "run",
        .summary = "Run a command in an environment, activated",
        .usage = "[-n NAME | -p PREFIX] [--cwd DIR] [--live-stream] COMMAND [ARG ...]",
        .about = "Run COMMAND in the environment as `conda run` does: activated (PATH,\n"
                 "CONDA_PREFIX, CONDA_DEFAULT_ENV, the variables of conda-meta/state and its\n"
                 "packages' env_vars.d, then its etc/conda/activate.d scripts), with its output\n"
                 "streamed as it is written. The exit status is COMMAND's (127 when it cannot be\n"
                 "found). Options after COMMAND are COMMAND's own.\n",
        .options = options::join(
            {targetOptions(),
             {{"--cwd", "", "DIR", "Run COMMAND in DIR (default: the current folder)"},
              {"--live-stream", "", "", "Stream the output as it is written (always done)"},
              {"--no-capture-output", "-s", "", "Same as --live-stream"}}}),
        .exclusive = {kNameOrPrefix},
        .remainderAfterPositional = true,
        .notes = kActiveNote,
        .run = runRun,
    });

    all.push_back(Verb{
        .name = "search",
        .summary = "Search channels for packages matching a spec",
        .usage = "[options] SPEC",
        .about = "Search channels for packages matching SPEC, a conda match spec such as\n"
                 "'numpy', 'numpy>=1.26', 'numpy=1.26=*py312*' or 'conda-forge::numpy'.\n",
        .options =
            options::join({channelOptions(), {kPlatform, kSubdir, kOffline}, outputOptions(false)}),
        .notes = kChannelNotes,
        .run = runSearch,
    });

    const Option shellOption = {"--shell", "", "SHELL", "bash, zsh, fish or posix (default)"};
    all.push_back(Verb{
        .name = "shell activate",
        .summary = "Print the commands that activate an environment",
        .usage = "[--shell SHELL] [--stack] [ENV]",
        .about = "Print what a shell must run to activate ENV (a name or a path; base when\n"
                 "absent), as `conda shell.SHELL activate`: the `envdesk activate` of the\n"
                 "hook evaluates it. On top of an active environment it replaces that one,\n"
                 "unless --stack.\n",
        .options = {shellOption, {"--stack", "", "", "Keep the active environment on PATH"}},
        .maxPositionals = 1,
        .run = runShellScript,
    });
    all.push_back(Verb{
        .name = "shell deactivate",
        .summary = "Print the commands that deactivate the active environment",
        .usage = "[--shell SHELL]",
        .about = "Print what a shell must run to go back to the environment activated before\n"
                 "the active one (or to none), as `conda shell.SHELL deactivate`.\n",
        .options = {shellOption},
        .maxPositionals = 0,
        .run = runShellScript,
    });
    all.push_back(Verb{
        .name = "shell hook",
        .summary = "Print the shell function `envdesk` (activate, deactivate, the verbs)",
        .usage = "[--shell SHELL]",
        .about = "Print the shell code that defines `envdesk`: `envdesk activate ENV`,\n"
                 "`envdesk deactivate`, and every other verb of envdesk-cli, reactivating the\n"
                 "environment after install, update and remove. Use it as\n"
                 "  eval \"$(envdesk-cli shell hook --shell bash)\"       (bash, zsh)\n"
                 "  envdesk-cli shell hook --shell fish | source          (fish)\n"
                 "or let `envdesk-cli shell init` add that to the shell's start-up file.\n",
        .options = {shellOption},
        .maxPositionals = 0,
        .run = runShellScript,
    });
    all.push_back(Verb{
        .name = "shell init",
        .summary = "Add the hook to a shell's start-up file (--reverse takes it out)",
        .usage = "--shell SHELL [--reverse] [--file FILE] [--dry-run] [--json]",
        .about = "Add the line that loads the hook to the shell's start-up file (~/.bashrc,\n"
                 "~/.zshrc, ~/.config/fish/config.fish), between the marker lines\n"
                 "'# >>> envdesk initialize >>>' and '# <<< envdesk initialize <<<', replacing\n"
                 "an older block. --reverse takes the block out. Other lines stay as they are.\n",
        .options = {shellOption,
                    {"--reverse", "", "", "Take the block out again"},
                    {"--file", "", "FILE", "Edit FILE instead of the shell's start-up file"},
                    {"--dry-run", "-d", "", "Only say whether the file would change"},
                    {"--json", "", "", "Print {\"success\", \"file\", \"modified\"}"}},
        .maxPositionals = 0,
        .run = runShellInit,
    });
    all.push_back(Verb{
        .name = "shell reactivate",
        .summary = "Print the commands that refresh the active environment",
        .usage = "[--shell SHELL]",
        .about = "Print what a shell must run after packages changed in the active\n"
                 "environment: its deactivate and activate scripts again, and its variables.\n",
        .options = {shellOption},
        .maxPositionals = 0,
        .run = runShellScript,
    });

    all.push_back(Verb{
        .name = "unpin",
        .summary = "Take pins out of an environment's conda-meta/pinned",
        .usage = "[-n NAME | -p PREFIX] [--dry-run] [--json] PACKAGE ...",
        .about = "Take the pins of PACKAGE... out of the environment's conda-meta/pinned.\n",
        .options = pinOptions(),
        .exclusive = {kNameOrPrefix},
        .notes = kActiveNote,
        .run = runUnpin,
    });

    all.push_back(
        changeVerb("update", "Update packages of an environment",
                   "[-n NAME | -p PREFIX] [options] [--all] [SPEC ...]",
                   "Update the named packages (names only), or every package with --all.\n",
                   {{"--all", "", "", "Update every installed package"}}, runUpdate));
    all.back().aliases = {"upgrade"};

    return all;
}

} // namespace

const CommandTable& commandTable()
{
    static const CommandTable table = makeCommandTable(
        "envdesk-cli", ENVDESK_VERSION, declareVerbs(),
        {{"env", "List, export, create from a file, compare and remove environments"},
         {"shell", "Activate environments in a shell: hook, activate, deactivate, init"}});
    return table;
}

} // namespace envdesk::cli
