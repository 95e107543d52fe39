#include "core/present/clean_text.h"

#include "core/present/conda_text.h"

namespace envdesk::present {

namespace {

nlohmann::json sectionJson(const ops::CleanSection& section)
{
    nlohmann::json dirs = nlohmann::json::object();
    nlohmann::json sizes = nlohmann::json::object();
    for (const auto& [dir, items] : section.byPkgsDir) {
        nlohmann::json names = nlohmann::json::array();
        nlohmann::json bySize = nlohmann::json::object();
        for (const auto& item : items) {
            names.push_back(item.name);
            bySize[item.name] = item.size;
        }
        dirs[dir] = std::move(names);
        sizes[dir] = std::move(bySize);
    }
    return {{"pkgs_dirs", std::move(dirs)},
            {"pkg_sizes", std::move(sizes)},
            {"total_size", section.totalSize},
            {"warnings", section.warnings}};
}

// conda's rm_pkgs wording for one section.
std::string sectionText(const ops::CleanSection& section, const std::string& name, bool verbose)
{
    std::string out;
    for (const auto& warning : section.warnings) {
        out += warning + "\n";
    }
    if (section.count() == 0) {
        return out + "There are no unused " + name + " to remove.\n";
    }
    if (!verbose) {
        return out + "Will remove " + std::to_string(section.count()) + " ("
               + humanBytes(section.totalSize) + ") " + name + ".\n";
    }
    out += "Will remove the following " + name + ":\n";
    for (const auto& [dir, items] : section.byPkgsDir) {
        out += "  " + dir + "\n  " + std::string(dir.size(), '-') + "\n";
        for (const auto& item : items) {
            out +=
                "  - " + padRight(item.name, 40) + " " + padLeft(humanBytes(item.size), 10) + "\n";
        }
        out += "\n";
    }
    out += std::string(17, '-') + "\nTotal: " + padLeft(humanBytes(section.totalSize), 10) + "\n\n";
    return out;
}

// conda's rm_items wording.
std::string itemsText(const std::vector<std::string>& items, const std::string& name, bool verbose)
{
    if (items.empty()) {
        return "There are no " + name + " to remove.\n";
    }
    if (!verbose) {
        return "Will remove " + std::to_string(items.size()) + " " + name + ".\n";
    }
    std::string out = "Will remove the following " + name + ":\n";
    for (const auto& item : items) {
        out += "  - " + item + "\n";
    }
    return out + "\n";
}

} // namespace

nlohmann::json cleanPlanJson(const ops::CleanPlan& plan)
{
    nlohmann::json out = {{"success", true}};
    if (plan.tarballs) {
        out["tarballs"] = sectionJson(*plan.tarballs);
    }
    if (plan.packages) {
        out["packages"] = sectionJson(*plan.packages);
    }
    if (plan.indexCache) {
        out["index_cache"] = {{"files", *plan.indexCache}};
    }
    if (plan.logfiles) {
        out["logfiles"] = *plan.logfiles;
    }
    return out;
}

std::string cleanPlanText(const ops::CleanPlan& plan, bool verbose)
{
    std::string out;
    if (plan.tarballs) {
        out += sectionText(*plan.tarballs, "tarball(s)", verbose);
    }
    if (plan.indexCache) {
        out += itemsText(*plan.indexCache, "index cache(s)", verbose);
    }
    if (plan.packages) {
        out += sectionText(*plan.packages, "package(s)", verbose);
    }
    if (plan.logfiles) {
        out += itemsText(*plan.logfiles, "logfile(s)", verbose);
    }
    return out;
}

bool cleanPlanIsEmpty(const ops::CleanPlan& plan)
{
    return (!plan.tarballs || plan.tarballs->count() == 0)
           && (!plan.packages || plan.packages->count() == 0)
           && (!plan.indexCache || plan.indexCache->empty())
           && (!plan.logfiles || plan.logfiles->empty());
}

} // namespace envdesk::present
