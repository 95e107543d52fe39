#include "core/channels/channel_about.h"

#include "core/channels/loaded_channels.h"
#include "core/download/download.h"
#include "core/repodata/local_channel.h"
#include "core/util/file_io.h"
#include "core/util/hash.h"
#include "core/util/secrets.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>

namespace envdesk::channels {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

// Descriptions change with releases, not by the minute: a remote copy is fetched again after a
// day. (conda-forge's file is tens of megabytes.)
constexpr auto kReuseFor = std::chrono::hours(24);

// Larger than any real channel's (conda-forge's is tens of megabytes): not read.
constexpr std::uintmax_t kLargest = std::uintmax_t{256} << 20;

// The packages a channeldata.json file lists: util::readFile, once its size is checked.
util::Result<std::map<std::string, PackageAbout>> readChannelData(const std::string& path,
                                                                  const std::string& where)
{
    std::error_code ec;
    if (const auto size = fs::file_size(path, ec); !ec && size > kLargest) {
        return fail(ErrorCode::ParseError,
                    "channeldata.json is larger than " + std::to_string(kLargest >> 20)
                        + " MB; not read",
                    where);
    }
    auto text = util::readFile(path);
    if (!text) {
        return text.error();
    }
    return parseChannelData(*text, where);
}

bool freshEnough(const std::string& path)
{
    std::error_code ec;
    const auto modified = fs::last_write_time(path, ec);
    return !ec && fs::file_time_type::clock::now() - modified < kReuseFor;
}

} // namespace

util::Result<std::map<std::string, PackageAbout>> parseChannelData(std::string_view text,
                                                                   const std::string& where)
{
    // Only what is shown is kept while parsing: conda-forge's file is tens of megabytes, most
    // of it fields nothing here reads.
    const nlohmann::json::parser_callback_t keep = [](int depth,
                                                      nlohmann::json::parse_event_t event,
                                                      nlohmann::json& parsed) {
        if (event != nlohmann::json::parse_event_t::key) {
            return true;
        }
        const auto& key = parsed.get_ref<const std::string&>();
        if (depth == 1) {
            return key == "packages";
        }
        if (depth == 3) {
            return key == "summary" || key == "description" || key == "home" || key == "license";
        }
        return true;
    };
    const auto document = nlohmann::json::parse(text, keep, false);
    if (document.is_discarded() || !document.is_object()) {
        return fail(ErrorCode::ParseError, "channeldata.json is not a JSON object", where);
    }
    std::map<std::string, PackageAbout> packages;
    const auto found = document.find("packages");
    if (found == document.end() || !found->is_object()) {
        return packages;
    }
    const auto field = [](const nlohmann::json& entry, const char* key) {
        const auto value = entry.find(key);
        return value != entry.end() && value->is_string() ? value->get<std::string>()
                                                          : std::string();
    };
    for (const auto& [name, entry] : found->items()) {
        if (!entry.is_object()) {
            continue;
        }
        packages.emplace(name, PackageAbout{field(entry, "summary"), field(entry, "description"),
                                            field(entry, "home"), field(entry, "license")});
    }
    return packages;
}

ChannelAbout readChannelAbout(const std::vector<specs::Channel>& channels,
                              const config::Config& configuration, bool offline,
                              std::stop_token stop)
{
    ChannelAbout about;
    const std::string cacheDir = configuration.inputs().userCacheDir() + "/repodata";
    // An earlier channel's entry for a name stays. Returns false when the file is unusable.
    const auto merge = [&about](const std::string& path, const std::string& where) {
        auto parsed = readChannelData(path, where);
        if (!parsed) {
            about.notes.push_back(parsed.error().message());
            return false;
        }
        for (auto& [name, entry] : *parsed) {
            about.packages.emplace(name, std::move(entry));
        }
        return true;
    };
    for (const auto& channel : channels) {
        if (stop.stop_requested()) {
            break;
        }
        if (channel.isLocal()) {
            auto folder = repodata::localChannelPath(channel);
            if (!folder) {
                continue;
            }
            const std::string path = *folder + "/channeldata.json";
            std::error_code ec;
            if (!fs::exists(path, ec)) {
                continue;
            }
            merge(path, path);
            continue;
        }
        const std::string url = channel.baseUrl + "/channeldata.json";
        const std::string cached = cacheDir + "/"
                                   + util::sha256Hex(specs::stripCredentials(url)).substr(0, 16)
                                   + ".channeldata.json";
        std::error_code ec;
        const bool have = fs::exists(cached, ec);
        const bool off = offline || configuration.offline();
        if (!(have && (off || freshEnough(cached))) && !off) {
            download::Request request;
            request.url = url;
            request.destination = cached;
            request.label = "channeldata.json";
            const auto responses =
                download::downloadAll({request}, downloadOptions(configuration, offline), {}, stop);
            const auto& response = responses.front();
            // A channel without one (404) is common; anything else is worth a note when there
            // is no copy to fall back on.
            const bool absent = response.outcome == download::Response::Outcome::Failed
                                && response.error && response.error->code == ErrorCode::NotFound;
            if (absent) {
                // Kept as an empty document, so the server is not asked again for a day.
                (void)util::writeFileAtomically(cached, "{}");
            } else if (response.outcome == download::Response::Outcome::Failed && response.error
                       && !have) {
                about.notes.push_back(response.error->message());
            }
        }
        if (fs::exists(cached, ec) && !merge(cached, specs::maskSecrets(url))) {
            fs::remove(cached, ec); // a damaged or oversized copy is fetched again next time
        }
    }
    return about;
}

} // namespace envdesk::channels
