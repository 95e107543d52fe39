#include "ui/changes/change_sources.h"

#include "core/channels/loaded_channels.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <filesystem>

namespace envdesk::ui {

util::Result<config::Config> loadConfiguration(const config::ConfigInputs& inputs)
{
    return config::Config::load(inputs);
}

std::string demoChannel(const config::ConfigInputs& inputs)
{
    const auto dir = inputs.variable("ENVDESK_DEMO_CHANNEL");
    std::error_code error;
    if (!dir || dir->empty()
        || !std::filesystem::exists(std::filesystem::path(*dir) / "noarch" / "repodata.json",
                                    error)) {
        return {};
    }
    return *dir;
}

std::vector<std::string> configuredChannels(const config::Config& configuration)
{
    return channels::channelList({}, false, configuration);
}

bool isUnreachable(const util::Error& error)
{
    return error.code == util::ErrorCode::Network;
}

util::Result<ops::ChangeOutcome> solveWithFallback(ops::ChangeRequest request,
                                                   const config::Config& configuration,
                                                   channels::LoadOptions options)
{
    options.offline = request.offline; // .condarc's `offline` holds in any case (ops)
    auto outcome = ops::solveChange(request, configuration, options);
    const std::string demo = demoChannel(configuration.inputs());
    const bool demoAlready =
        std::find(request.channels.begin(), request.channels.end(), demo) != request.channels.end();
    if (outcome || !isUnreachable(outcome.error()) || demo.empty() || demoAlready) {
        return outcome;
    }
    const std::string unreachable = outcome.error().message();
    request.channels = {demo};
    options.offline = true;
    auto fallback = ops::solveChange(request, configuration, options);
    if (fallback) {
        if (auto* proposal = std::get_if<ops::ChangeProposal>(&*fallback)) {
            proposal->notes.insert(
                proposal->notes.begin(),
                QCoreApplication::translate("envdesk::ui::ChangeSources",
                                            "The configured channels could not be reached (%1); "
                                            "the offline demo channel was used instead.")
                    .arg(QString::fromStdString(unreachable))
                    .toStdString());
        }
    }
    return fallback;
}

util::Result<ChannelsRead> readChannels(const config::Config& configuration, std::stop_token stop,
                                        std::vector<std::string> channels,
                                        const ReadProgress& progress)
{
    const auto load = [&](const std::vector<std::string>& names, bool offline,
                          ChannelsRead& read) -> std::optional<util::Error> {
        channels::LoadOptions options;
        options.offline = offline;
        options.stop = stop;
        options.progress = progress.fetched;
        options.indexProgress = progress.indexed;
        const auto context = channels::channelContextFor(configuration, specs::currentPlatform());
        if (auto failure =
                channels::loadChannels(names, context, configuration, options, read.loaded)) {
            return failure->error;
        }
        return std::nullopt;
    };
    if (channels.empty()) {
        channels = configuredChannels(configuration);
    }
    ChannelsRead read;
    auto error = load(channels, configuration.offline(), read);
    const std::string demo = demoChannel(configuration.inputs());
    if (error && isUnreachable(*error) && !demo.empty()) {
        ChannelsRead fallback;
        fallback.usedDemo = true;
        fallback.unreachable = error->message();
        if (!load({demo}, true, fallback)) {
            return fallback;
        }
    }
    if (error) {
        return *error;
    }
    return read;
}

QString formatBytes(qint64 bytes)
{
    if (bytes < 1000 && bytes > -1000) {
        // QLocale says "1 bytes".
        return bytes == 1 ? QCoreApplication::translate("envdesk::ui::Units", "1 byte")
                          : QCoreApplication::translate("envdesk::ui::Units", "%1 bytes")
                                .arg(QLocale().toString(bytes));
    }
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

} // namespace envdesk::ui
