#include "core/env/untracked.h"

#include "core/util/file_io.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_set>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

// conda's walk_prefix ignores these at the top of a prefix: its own bookkeeping and, in a root
// prefix, the other environments and the package cache.
const std::set<std::string, std::less<>> kIgnoredTopLevel = {
    "pkgs",        "envs", "conda-bld",     "conda-meta", ".conda_lock", "users",
    "LICENSE.txt", "info", "conda-recipes", ".index",     ".unionfs",    ".nonadmin"};

// Every path the conda-meta records list (their `files`).
util::Result<std::unordered_set<std::string>> trackedFiles(const fs::path& prefix)
{
    std::unordered_set<std::string> tracked;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(prefix / "conda-meta", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.front() == '.' || !util::endsWith(name, ".json")) {
            continue;
        }
        auto text = util::readFile(entry.path().string());
        if (!text) {
            return text.error();
        }
        const auto json = nlohmann::json::parse(*text, nullptr, false);
        if (json.is_discarded() || !json.is_object()) {
            return fail(ErrorCode::ParseError, "not a JSON record", entry.path().string());
        }
        if (const auto files = json.find("files"); files != json.end() && files->is_array()) {
            for (const auto& file : *files) {
                if (file.is_string()) {
                    tracked.insert(file.get<std::string>());
                }
            }
        }
    }
    if (ec) {
        return fail(ErrorCode::IoError, "cannot list conda-meta: " + ec.message(),
                    (prefix / "conda-meta").string());
    }
    return tracked;
}

// A module compiled from a tracked source: `x.pyc` beside `x.py`, or `__pycache__/x.*.pyc`.
bool isPycOfTracked(const std::string& path, const std::unordered_set<std::string>& tracked)
{
    if (!util::endsWith(path, ".pyc")) {
        return false;
    }
    if (tracked.count(path.substr(0, path.size() - 1)) != 0) {
        return true;
    }
    const fs::path file(path);
    if (file.parent_path().filename() != "__pycache__") {
        return false;
    }
    const std::string stem = file.filename().string();
    const auto dot = stem.find('.');
    const fs::path source = file.parent_path().parent_path() / (stem.substr(0, dot) + ".py");
    return tracked.count(source.generic_string()) != 0;
}

} // namespace

util::Result<std::vector<std::string>> untrackedFiles(const std::string& prefix)
{
    auto tracked = trackedFiles(prefix);
    if (!tracked) {
        return tracked.error();
    }
    std::vector<std::string> untracked;
    std::error_code ec;
    fs::recursive_directory_iterator it(prefix, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string relative =
            fs::path(it->path()).lexically_relative(prefix).generic_string();
        if (it.depth() == 0 && kIgnoredTopLevel.count(it->path().filename().string()) != 0) {
            it.disable_recursion_pending();
            continue;
        }
        std::error_code kind;
        if (it->is_directory(kind) && !it->is_symlink(kind)) {
            continue;
        }
        if (tracked->count(relative) != 0 || util::endsWith(relative, "~")
            || isPycOfTracked(relative, *tracked)) {
            continue;
        }
        untracked.push_back(relative);
    }
    if (ec) {
        return fail(ErrorCode::IoError, "cannot list the environment: " + ec.message(), prefix);
    }
    std::sort(untracked.begin(), untracked.end());
    return untracked;
}

util::Result<std::size_t> copyUntrackedFiles(const std::string& source, const std::string& target)
{
    auto files = untrackedFiles(source);
    if (!files) {
        return files.error();
    }
    std::size_t copied = 0;
    for (const auto& relative : *files) {
        const fs::path from = fs::path(source) / relative;
        const fs::path to = fs::path(target) / relative;
        std::error_code ec;
        if (fs::exists(fs::symlink_status(to, ec))) {
            continue;
        }
        fs::create_directories(to.parent_path(), ec);
        if (fs::is_symlink(fs::symlink_status(from, ec))) {
            fs::create_symlink(fs::read_symlink(from, ec), to, ec);
        } else {
            auto data = util::readFile(from.string());
            if (!data) {
                return data.error();
            }
            // Text is what has no NUL byte; only there is the old prefix rewritten.
            if (data->find('\0') == std::string::npos) {
                std::string replaced;
                std::size_t at = 0;
                for (std::size_t hit; (hit = data->find(source, at)) != std::string::npos;
                     at = hit + source.size()) {
                    replaced.append(*data, at, hit - at).append(target);
                }
                replaced.append(*data, at, std::string::npos);
                *data = std::move(replaced);
            }
            std::ofstream out(to, std::ios::binary | std::ios::trunc);
            out.write(data->data(), static_cast<std::streamsize>(data->size()));
            out.flush();
            if (!out) {
                return fail(ErrorCode::IoError, "cannot write the file", to.string());
            }
            out.close();
            fs::permissions(to, fs::status(from, ec).permissions(), ec);
        }
        if (ec) {
            return fail(ErrorCode::IoError, "cannot copy the file: " + ec.message(), to.string());
        }
        ++copied;
    }
    return copied;
}

} // namespace envdesk::env
