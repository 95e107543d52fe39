// envdesk-make-demo-channel OUTDIR: writes the offline demo channel's packages into
// OUTDIR/noarch. The build runs it and then `envdesk-cli index OUTDIR`, so a machine with no
// network still has a channel to create environments from (ENVDESK_DEMO_CHANNEL points the app
// at it).
//
// The packages are stand-ins with small text payloads, not real software: enough to show what an
// environment manager does (versions to pick, dependencies pulled in, a download size, a
// placeholder rewritten to the real prefix, a request that cannot be solved) without shipping
// anything that runs. They are all `noarch: generic`, so one channel serves every platform.

#include "core/archive/package_writer.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;
using envdesk::archive::kPrefixPlaceholder;
using envdesk::archive::PackageFileSpec;
using envdesk::archive::PackageSpec;

// One build string for the whole channel: it tells a record from the demo channel at a glance.
constexpr const char* kBuild = "0_demo";
constexpr const char* kLicense = "BSD-3-Clause";

// What each demo package says it is (info/about.json; channeldata.json and the Description
// column show it).
std::string summaryOf(const std::string& name)
{
    static const std::map<std::string, std::string> summaries = {
        {"python", "A stand-in for the Python interpreter (demo channel)"},
        {"pip", "A stand-in for pip, the Python package installer (demo channel)"},
        {"envdesk-hello", "Says hello from inside an environment"},
        {"demo-numerics", "Small numeric routines for the demo analyses"},
        {"demo-fonts", "Fonts for demo-plotting's figures"},
        {"demo-plotting", "Plots for the demo analyses"},
        {"demo-data", "Sample data sets for the demo analyses"},
        {"demo-analysis", "An analysis that ties the demo packages together"},
        {"legacy-tool", "An old tool that needs Python before 3.11"},
        {"demo-toolchain", "A toolchain that sets itself up when its environment is activated"},
    };
    const auto found = summaries.find(name);
    return found == summaries.end() ? std::string() : found->second;
}

// A noarch: generic package with the fields every demo package shares.
PackageSpec demoPackage(const std::string& name, const std::string& version,
                        std::vector<std::string> depends)
{
    PackageSpec spec;
    spec.name = name;
    spec.version = version;
    spec.build = kBuild;
    spec.subdir = "noarch";
    spec.noarch = "generic";
    spec.depends = std::move(depends);
    spec.license = kLicense;
    spec.summary = summaryOf(name);
    spec.home = "https://example.invalid/envdesk-demo/" + name;
    return spec;
}

PackageFileSpec textFile(std::string path, std::string content)
{
    return {std::move(path), std::move(content)};
}

// A file holding the prefix placeholder: linking rewrites it to the environment's own path,
// which is the step the demo is meant to show working.
PackageFileSpec prefixFile(std::string path, std::string content, bool executable = false)
{
    PackageFileSpec file{std::move(path), std::move(content)};
    file.executable = executable;
    file.textPrefix = true;
    return file;
}

PackageFileSpec symlinkFile(std::string path, std::string target)
{
    PackageFileSpec file{std::move(path), std::move(target)};
    file.symlink = true;
    return file;
}

// Every package carries share/<name>/README.txt, so a user who opens the environment can tell
// where the files came from.
PackageFileSpec readme(const std::string& name, const std::string& version,
                       const std::string& summary)
{
    return textFile("share/" + name + "/README.txt",
                    name + " " + version + " (Envdesk demo channel)\n\n" + summary
                        + "\n\nThis package is a stand-in made by the Envdesk build for the "
                          "offline demo channel.\nIt holds text files only; it is not the real "
                          "software of that name.\n");
}

// "3.12.7" -> "3.12": the folder name Python uses under lib/.
std::string majorMinor(const std::string& version)
{
    const auto first = version.find('.');
    const auto second = version.find('.', first + 1);
    return version.substr(0, second);
}

// A shell script that tells the truth about being a stand-in. With no arguments, or only asking
// for the version or help, it exits 0 (so a check that the interpreter starts passes); asked to
// run real code it refuses with status 1 rather than pretend it ran it.
std::string pythonScript(const std::string& version)
{
    const std::string shortVersion = majorMinor(version);
    return "#!/bin/sh\n"
           "# Envdesk demo stand-in for Python "
           + shortVersion
           + ": a shell script, not an interpreter.\n"
             "case \"$1\" in\n"
             "    --version | -V) echo \"Python "
           + version
           + "\"; exit 0 ;;\n"
             "esac\n"
             "echo \"This is the Envdesk demo stand-in for Python "
           + shortVersion + " (" + version + "), installed in " + kPrefixPlaceholder
           + ".\"\n"
             "if [ \"$#\" -gt 0 ] && [ \"$1\" != \"--help\" ] && [ \"$1\" != \"-h\" ]; then\n"
             "    echo \"It cannot run: $*\" >&2\n"
             "    exit 1\n"
             "fi\n"
             "exit 0\n";
}

PackageSpec python(const std::string& version)
{
    const std::string shortVersion = majorMinor(version);
    // No depends of its own: the solver adds pip (add_pip_as_python_dependency), as for conda.
    PackageSpec spec = demoPackage("python", version, {});
    spec.files = {
        prefixFile("bin/python", pythonScript(version), true),
        symlinkFile("bin/python3", "python"),
        textFile("lib/python" + shortVersion + "/site-packages/README.envdesk-demo",
                 "site-packages of the Envdesk demo stand-in for Python " + shortVersion + ".\n"),
        readme("python", version,
               "A stand-in for the Python " + shortVersion
                   + " interpreter: bin/python is a shell script that says what it is."),
    };
    return spec;
}

PackageSpec pip()
{
    const std::string version = "24.2";
    PackageSpec spec = demoPackage("pip", version, {"python >=3.8"});
    spec.files = {
        prefixFile("bin/pip",
                   "#!/bin/sh\n"
                   "# Envdesk demo stand-in for pip: it installs nothing.\n"
                   "case \"$1\" in\n"
                   "    --version | -V) echo \"pip "
                       + version + " from " + kPrefixPlaceholder
                       + " (Envdesk demo stand-in)\"; exit 0 ;;\n"
                         "esac\n"
                         "echo \"This is the Envdesk demo stand-in for pip; it cannot install "
                         "packages.\" >&2\n"
                         "exit 1\n",
                   true),
        readme("pip", version,
               "A stand-in for pip, there because every python in a conda environment "
               "comes with pip."),
    };
    return spec;
}

// A greeting tool in three versions: 2.0.0 drops the older Pythons, so which version the solver
// picks depends on the python the user asked for.
PackageSpec envdeskHello(const std::string& version, const std::string& pythonRange)
{
    PackageSpec spec = demoPackage("envdesk-hello", version, {"python " + pythonRange});
    spec.files = {
        prefixFile("bin/envdesk-hello",
                   "#!/bin/sh\n"
                   "echo \"Hello from envdesk-hello "
                       + version + ", installed in " + kPrefixPlaceholder
                       + "\"\n"
                         "exit 0\n",
                   true),
        readme("envdesk-hello", version,
               "Says hello and where it is installed. Requires python " + pythonRange + "."),
    };
    return spec;
}

PackageSpec demoNumerics(const std::string& version, const std::string& pythonRange)
{
    PackageSpec spec = demoPackage("demo-numerics", version, {"python " + pythonRange});
    spec.files = {
        textFile("share/demo-numerics/constants.txt", "pi 3.14159265358979\n"
                                                      "e 2.71828182845905\n"
                                                      "golden_ratio 1.61803398874989\n"
                                                      "sqrt2 1.41421356237310\n"),
        prefixFile("etc/demo-numerics/numerics.conf", std::string("# demo-numerics ") + version
                                                          + " settings\n"
                                                            "constants = "
                                                          + kPrefixPlaceholder
                                                          + "/share/demo-numerics/constants.txt\n"),
        readme("demo-numerics", version,
               "Pretend numerical routines: a table of constants and a settings file that "
               "points at it."),
    };
    return spec;
}

PackageSpec demoFonts()
{
    const std::string version = "1.0.0";
    PackageSpec spec = demoPackage("demo-fonts", version, {});
    spec.files = {
        textFile("share/demo-fonts/fonts.txt", "Demo Sans\nDemo Serif\nDemo Mono\n"),
        readme("demo-fonts", version,
               "Font names for demo-plotting; it needs no python, like a C library would."),
    };
    return spec;
}

// Plotting sits on numerics and fonts: installing it alone shows the solver pulling in a chain.
PackageSpec demoPlotting(const std::string& version, std::vector<std::string> depends)
{
    PackageSpec spec = demoPackage("demo-plotting", version, std::move(depends));
    spec.files = {
        textFile("share/demo-plotting/themes/default.theme",
                 "background = white\nforeground = black\nfont = Demo Sans\n"),
        prefixFile("etc/demo-plotting/plotting.conf", std::string("# demo-plotting ") + version
                                                          + " settings\n"
                                                            "themes = "
                                                          + kPrefixPlaceholder
                                                          + "/share/demo-plotting/themes\n"),
        readme("demo-plotting", version,
               "Pretend plotting: a theme, and settings that point at the themes folder."),
    };
    return spec;
}

// Deterministic pseudo-random numbers (xorshift64), so the data differs line to line, compresses
// like real measurements, and is the same on every build.
std::uint64_t nextRandom(std::uint64_t& state)
{
    state ^= state << 13U;
    state ^= state >> 7U;
    state ^= state << 17U;
    return state;
}

// `value` tenths as a decimal ("-12.3"): readings are kept as integers so the text is the same
// on every platform.
std::string tenths(int value)
{
    const int magnitude = std::abs(value);
    return std::string(value < 0 ? "-" : "") + std::to_string(magnitude / 10) + "."
           + std::to_string(magnitude % 10);
}

// About 200 KB of made-up hourly weather readings: big enough that the download size in the
// create dialog is worth reading.
std::string weatherCsv()
{
    constexpr int kDays = 180;
    constexpr int kHours = 24;
    constexpr const char* kStations[] = {"north", "south"};
    std::string csv = "station,day,hour,temperature_c,humidity_pct,wind_m_s\n";
    std::uint64_t state = 0x2545F4914F6CDD1DULL;
    for (const char* station : kStations) {
        for (int day = 1; day <= kDays; ++day) {
            for (int hour = 0; hour < kHours; ++hour) {
                const int temperature = static_cast<int>(nextRandom(state) % 450) - 100;
                const int humidity = static_cast<int>(nextRandom(state) % 1000);
                const int wind = static_cast<int>(nextRandom(state) % 250);
                csv += std::string(station) + "," + std::to_string(day) + "," + std::to_string(hour)
                       + "," + tenths(temperature) + "," + tenths(humidity) + "," + tenths(wind)
                       + "\n";
            }
        }
    }
    return csv;
}

PackageSpec demoData()
{
    const std::string version = "2024.1";
    PackageSpec spec = demoPackage("demo-data", version, {});
    spec.files = {
        textFile("share/demo-data/weather.csv", weatherCsv()),
        prefixFile("etc/demo-data/data.conf", std::string("weather = ") + kPrefixPlaceholder
                                                  + "/share/demo-data/weather.csv\n"),
        readme("demo-data", version,
               "Sample data: half a year of made-up hourly weather readings from two stations."),
    };
    return spec;
}

// The package a newcomer would install to see everything at once: four packages below it.
PackageSpec demoAnalysis()
{
    const std::string version = "0.3.0";
    PackageSpec spec =
        demoPackage("demo-analysis", version,
                    {"python >=3.10", "demo-numerics >=2.0", "demo-plotting >=1.0", "demo-data"});
    spec.files = {
        prefixFile("bin/demo-analysis",
                   "#!/bin/sh\n"
                   "echo \"demo-analysis "
                       + version + " would read " + kPrefixPlaceholder
                       + "/share/demo-data/weather.csv\"\n"
                         "exit 0\n",
                   true),
        readme("demo-analysis", version,
               "Ties the demo libraries together: numerics, plotting and the sample data."),
    };
    return spec;
}

// Only for Pythons before 3.11: asked for together with python=3.12 it makes the solver explain
// why no environment can hold both.
PackageSpec legacyTool()
{
    const std::string version = "1.0";
    PackageSpec spec = demoPackage("legacy-tool", version, {"python >=3.8,<3.11"});
    spec.files = {
        prefixFile("bin/legacy-tool",
                   "#!/bin/sh\n"
                   "echo \"legacy-tool "
                       + version + " in " + kPrefixPlaceholder
                       + "\"\n"
                         "exit 0\n",
                   true),
        readme("legacy-tool", version, "An old tool that needs python older than 3.11."),
    };
    return spec;
}

// Shows activation: its etc/conda/activate.d script sets DEMO_TOOLCHAIN_HOME and its
// deactivate.d script takes it away again, as compilers' activation packages do.
PackageSpec demoToolchain()
{
    const std::string version = "1.0.0";
    PackageSpec spec = demoPackage("demo-toolchain", version, {});
    spec.files = {
        prefixFile("etc/conda/activate.d/demo-toolchain_activate.sh",
                   std::string("export DEMO_TOOLCHAIN_HOME=\"") + kPrefixPlaceholder
                       + "/share/demo-toolchain\"\n"),
        textFile("etc/conda/deactivate.d/demo-toolchain_deactivate.sh",
                 "unset DEMO_TOOLCHAIN_HOME\n"),
        textFile("share/demo-toolchain/version.txt", version + "\n"),
        textFile("bin/demo-toolchain-info",
                 "#!/bin/sh\n"
                 "echo \"demo-toolchain home: ${DEMO_TOOLCHAIN_HOME:-(not activated)}\"\n"
                 "exit 0\n"),
        readme("demo-toolchain", version,
               "Sets DEMO_TOOLCHAIN_HOME while its environment is active."),
    };
    spec.files[3].executable = true;
    return spec;
}

std::vector<PackageSpec> demoPackages()
{
    return {
        python("3.10.14"),
        python("3.11.9"),
        python("3.12.7"),
        pip(),
        envdeskHello("1.0.0", ">=3.8"),
        envdeskHello("1.1.0", ">=3.8"),
        envdeskHello("2.0.0", ">=3.11"),
        demoNumerics("1.4.2", ">=3.8,<3.13"),
        demoNumerics("2.1.0", ">=3.10"),
        demoFonts(),
        demoPlotting("0.9.0", {"python >=3.8", "demo-numerics >=1.4,<2", "demo-fonts"}),
        demoPlotting("1.0.0", {"python >=3.10", "demo-numerics >=2.0", "demo-fonts >=1.0"}),
        demoData(),
        demoAnalysis(),
        legacyTool(),
        demoToolchain(),
    };
}

// Says what could not be done, to which path, and why; returns false for the caller to pass on.
bool fail(const std::string& action, const fs::path& path, const std::string& reason)
{
    std::cerr << "envdesk-make-demo-channel: cannot " << action << " " << path.string() << ": "
              << reason << "\n";
    return false;
}

// The packages go to a sibling folder first, which then replaces OUTDIR whole: a rebuild never
// keeps the archives or index cache of packages that were since renamed or dropped.
bool writeChannel(const fs::path& outDir)
{
    const fs::path staging = outDir.string() + ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    if (ec) {
        return fail("clear the staging folder", staging, ec.message());
    }
    const fs::path noarch = staging / "noarch";
    for (const auto& spec : demoPackages()) {
        auto written = envdesk::archive::writePackage(spec, noarch.string());
        if (!written) {
            fs::remove_all(staging, ec);
            // The writer's context is the folder itself or the file inside it that failed.
            const auto& error = written.error();
            return fail("write " + spec.distName() + " into", noarch,
                        error.context == noarch.string() ? error.detail : error.message());
        }
    }
    fs::remove_all(outDir, ec);
    if (ec) {
        const std::string reason = ec.message();
        fs::remove_all(staging, ec);
        return fail("remove the previous demo channel", outDir, reason);
    }
    fs::rename(staging, outDir, ec);
    if (ec) {
        const std::string reason = ec.message();
        fs::remove_all(staging, ec);
        return fail("move the demo channel from " + staging.string() + " to", outDir, reason);
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2 || std::string(argv[1]).empty()) {
        std::cerr << "usage: envdesk-make-demo-channel OUTDIR\n"
                     "Writes the Envdesk demo packages to OUTDIR/noarch (OUTDIR is replaced);\n"
                     "then run 'envdesk-cli index OUTDIR'.\n";
        return 2;
    }
    fs::path outDir = fs::absolute(fs::path(argv[1])).lexically_normal();
    // "dir/" names the folder too; without the trailing separator the staging folder is its
    // sibling, not a child.
    if (outDir.filename().empty()) {
        outDir = outDir.parent_path();
    }
    if (!writeChannel(outDir)) {
        return 1;
    }
    std::cout << "demo channel: " << demoPackages().size() << " packages in " << outDir.string()
              << "\n";
    return 0;
}
