#include "core/env/history.h"

#include "core/specs/channel.h"
#include "core/specs/version.h"
#include "core/util/file_io.h"
#include "core/util/strings.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

// The subdirs conda knows: a channel part ending in one of these names its subdir too.
bool isKnownSubdir(std::string_view text)
{
    static const std::set<std::string, std::less<>> known = {
        "noarch",       "linux-32",          "linux-64",      "linux-aarch64", "linux-armv6l",
        "linux-armv7l", "linux-ppc64",       "linux-ppc64le", "linux-s390x",   "linux-riscv64",
        "osx-64",       "osx-arm64",         "win-32",        "win-64",        "win-arm64",
        "zos-z",        "emscripten-wasm32", "wasi-wasm32",   "freebsd-64"};
    return known.count(text) != 0;
}

std::string_view stripExtension(std::string_view text)
{
    for (std::string_view extension : {".conda", ".tar.bz2"}) {
        if (util::endsWith(text, extension)) {
            return text.substr(0, text.size() - extension.size());
        }
    }
    return text;
}

} // namespace

util::Result<HistoryDist> parseHistoryDist(std::string_view written, const std::string& context)
{
    // conda writes a URL channel without its credentials; older histories may hold them, raw or
    // masked. Stripped, they all name the same package, and none is shown or loaded again.
    const std::string cleaned = specs::stripCredentials(written);
    const std::string_view text = cleaned;
    HistoryDist dist;
    dist.text = cleaned;
    std::string_view rest = stripExtension(text);
    if (const auto separator = rest.find("::"); separator != std::string_view::npos) {
        std::string_view channel = rest.substr(0, separator);
        rest = rest.substr(separator + 2);
        if (const auto slash = channel.rfind('/');
            slash != std::string_view::npos && isKnownSubdir(channel.substr(slash + 1))) {
            dist.subdir = std::string(channel.substr(slash + 1));
            channel = channel.substr(0, slash);
        }
        dist.channel = std::string(channel);
    }
    // name-version-build, split from the right: names may hold dashes, versions and builds not.
    const auto buildDash = rest.rfind('-');
    const auto versionDash = buildDash == std::string_view::npos || buildDash == 0
                                 ? std::string_view::npos
                                 : rest.rfind('-', buildDash - 1);
    if (versionDash == std::string_view::npos || versionDash == 0) {
        return fail(ErrorCode::ParseError,
                    "not a package of the form name-version-build: " + util::quoted(text), context);
    }
    dist.name = std::string(rest.substr(0, versionDash));
    dist.version = std::string(rest.substr(versionDash + 1, buildDash - versionDash - 1));
    dist.build = std::string(rest.substr(buildDash + 1));
    if (dist.version.empty() || dist.build.empty()) {
        return fail(ErrorCode::ParseError,
                    "not a package of the form name-version-build: " + util::quoted(text), context);
    }
    return dist;
}

util::Result<std::vector<Revision>> parseHistory(std::string_view text, const std::string& context)
{
    std::vector<Revision> revisions;
    std::set<std::string> state;
    // The dists of the block being read; applied to the state when the next block starts.
    const auto finish = [&] {
        if (revisions.empty()) {
            return;
        }
        Revision& revision = revisions.back();
        // A block of bare dists (no + or -) is a whole state, as conda's is_diff() decides.
        if (revision.fullState) {
            state.clear();
        }
        for (const auto& dist : revision.unlinked) {
            state.erase(dist.text);
        }
        for (const auto& dist : revision.linked) {
            state.insert(dist.text);
        }
        revision.state.assign(state.begin(), state.end());
    };
    bool sawSign = false;
    bool sawBare = false;
    int lineNumber = 0;
    for (auto rawLine : util::split(text, '\n')) {
        ++lineNumber;
        const std::string_view line = util::trim(rawLine);
        const std::string where = context + ":" + std::to_string(lineNumber);
        if (line.empty()) {
            continue;
        }
        if (util::startsWith(line, "==>") && util::endsWith(line, "<==") && line.size() >= 6) {
            finish();
            Revision revision;
            revision.number = static_cast<int>(revisions.size());
            revision.date = std::string(util::trim(line.substr(3, line.size() - 6)));
            revisions.push_back(std::move(revision));
            sawSign = sawBare = false;
            continue;
        }
        if (util::startsWith(line, "#")) {
            const std::string_view comment = util::trim(line.substr(1));
            if (!revisions.empty() && util::startsWith(comment, "cmd:")) {
                // conda writes the command line as typed, tokens and passwords included.
                revisions.back().command = specs::maskSecrets(util::trim(comment.substr(4)));
            }
            continue;
        }
        if (revisions.empty()) {
            return fail(ErrorCode::ParseError,
                        "a package line before the first '==> date <==' header", where);
        }
        const bool sign = line.front() == '+' || line.front() == '-';
        auto dist = parseHistoryDist(sign ? line.substr(1) : line, where);
        if (!dist) {
            return dist.error();
        }
        (sign ? sawSign : sawBare) = true;
        if (sawSign && sawBare) {
            return fail(ErrorCode::ParseError, "a revision mixes +/- lines with bare package lines",
                        where);
        }
        Revision& revision = revisions.back();
        revision.fullState = sawBare;
        (line.front() == '-' ? revision.unlinked : revision.linked).push_back(std::move(*dist));
    }
    finish();
    return revisions;
}

util::Result<std::vector<Revision>> readHistory(const std::string& prefix)
{
    const fs::path file = fs::path(prefix) / "conda-meta" / "history";
    std::error_code error;
    if (!fs::exists(file, error)) {
        return std::vector<Revision>{};
    }
    auto text = util::readFile(file.string());
    if (!text) {
        return text.error();
    }
    return parseHistory(*text, file.string());
}

std::vector<RevisionChange> describeRevision(const Revision& revision)
{
    std::map<std::string, RevisionChange> byName;
    for (const auto& dist : revision.unlinked) {
        auto& change = byName[util::toLower(dist.name)];
        change.name = dist.name;
        change.kind = RevisionChange::Kind::Remove;
        change.from = dist;
    }
    for (const auto& dist : revision.linked) {
        auto [it, fresh] = byName.try_emplace(util::toLower(dist.name));
        RevisionChange& change = it->second;
        change.name = dist.name;
        change.to = dist;
        if (fresh) {
            change.kind = RevisionChange::Kind::Install;
            continue;
        }
        const auto from = specs::Version::parse(change.from.version);
        const auto to = specs::Version::parse(dist.version);
        const bool lower = from && to ? *to < *from : dist.version < change.from.version;
        change.kind = lower ? RevisionChange::Kind::Downgrade : RevisionChange::Kind::Upgrade;
    }
    std::vector<RevisionChange> changes;
    changes.reserve(byName.size());
    for (auto& [name, change] : byName) {
        changes.push_back(std::move(change));
    }
    return changes;
}

} // namespace envdesk::env
