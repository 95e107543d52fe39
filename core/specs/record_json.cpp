#include "core/specs/record_json.h"

#include "core/specs/channel.h"
#include "core/util/strings.h"

namespace envdesk::specs {

std::string archiveFileName(const PackageRecord& record)
{
    if (!record.fn.empty()) {
        return record.fn;
    }
    const std::string url = record.url.substr(0, record.url.find_first_of("?#"));
    const auto slash = url.rfind('/');
    return slash == std::string::npos ? url : url.substr(slash + 1);
}

std::string baseUrl(const PackageRecord& record)
{
    // A distribution pip installed, as conda list shows it (env::listedPackages).
    if (record.installedByPip()) {
        return "https://pypi.org/";
    }
    const std::string tail = "/" + record.subdir + "/" + record.fn;
    if (!record.subdir.empty() && util::endsWith(record.url, tail)) {
        return stripCredentials(record.url.substr(0, record.url.size() - tail.size()));
    }
    return {};
}

nlohmann::json recordJson(const PackageRecord& record, RecordShape shape,
                          std::string_view shownChannel)
{
    nlohmann::json out = nlohmann::json::object();
    if (shape == RecordShape::Listed) {
        out["base_url"] = baseUrl(record);
        out["build_number"] = record.buildNumber;
        out["build_string"] = record.build;
        out["channel"] = std::string(shownChannel);
        out["dist_name"] = record.distName();
        out["name"] = record.name;
        out["platform"] = record.subdir;
        out["version"] = record.version;
        return out;
    }
    // Files on disk lose credentials altogether (a later download takes them from the
    // configuration); what is printed keeps their place, masked.
    const bool stored = shape == RecordShape::Stored;
    const auto secretless = [stored](const std::string& text) {
        return stored ? stripCredentials(text) : maskSecrets(text);
    };
    const auto setIfAny = [&out](const char* key, const std::string& value) {
        if (!value.empty()) {
            out[key] = value;
        }
    };
    out["name"] = record.name;
    out["version"] = record.version;
    out["build_number"] = record.buildNumber;
    out["channel"] = secretless(record.channel);
    out["subdir"] = record.subdir;
    out["url"] = secretless(record.url);
    out["depends"] = record.depends;
    if (shape == RecordShape::Linked || shape == RecordShape::Fetched) {
        // conda's plan entries name the build `build_string` and add the dist's names.
        out["build_string"] = record.build;
        out["fn"] = record.fn;
        out["md5"] = record.md5;
        out["sha256"] = record.sha256;
        out["base_url"] = baseUrl(record);
        out["dist_name"] = record.distName();
        if (shape == RecordShape::Linked) {
            return out;
        }
        out["build"] = record.build;
        out["constrains"] = record.constrains;
        out["track_features"] = util::join(record.trackFeatures, " ");
        out["size"] = record.size;
        out["timestamp"] = record.timestamp;
        setIfAny("license", record.license);
        setIfAny("noarch", record.noarch);
        return out;
    }
    out["build"] = record.build;
    out["constrains"] = record.constrains;
    setIfAny("license", record.license);
    setIfAny("license_family", record.licenseFamily);
    setIfAny("noarch", record.noarch);
    if (record.timestamp != 0) {
        out["timestamp"] = record.timestamp;
    }
    if (shape == RecordShape::Searched) {
        out["fn"] = record.fn;
        out["track_features"] = util::join(record.trackFeatures, " ");
        setIfAny("md5", record.md5);
        setIfAny("sha256", record.sha256);
        if (record.size != 0) {
            out["size"] = record.size;
        }
        return out;
    }
    out["fn"] = archiveFileName(record);
    out["md5"] = record.md5;
    out["sha256"] = record.sha256;
    out["size"] = record.size;
    setIfAny("track_features", util::join(record.trackFeatures, " "));
    setIfAny("features", util::join(record.features, " "));
    return out;
}

} // namespace envdesk::specs
