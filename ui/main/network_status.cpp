#include "ui/main/network_status.h"

#include "core/channels/channel_probe.h"
#include "core/channels/loaded_channels.h"
#include "ui/changes/change_sources.h"
#include "ui/common/background_task.h"
#include "ui/common/session_environment.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>

#include <chrono>

namespace envdesk::ui {

namespace {

constexpr std::chrono::seconds kRefreshEvery(3);
constexpr std::chrono::seconds kProbeEvery(60);

// "conda.anaconda.org" out of "https://conda.anaconda.org".
QString hostOf(const std::string& origin)
{
    const auto start = origin.find("://");
    return QString::fromStdString(start == std::string::npos ? origin : origin.substr(start + 3));
}

} // namespace

NetworkStatus::NetworkStatus(std::shared_ptr<SessionEnvironment> session, QWidget* parent)
    : QWidget(parent)
    , m_session(std::move(session))
{
    m_offline = new QAction(tr("Work &Offline"), this);
    m_offline->setObjectName(QStringLiteral("workOfflineAction"));
    m_offline->setCheckable(true);
    m_offline->setChecked(m_session->offline());
    m_offline->setToolTip(tr("Use only what is cached: channel indexes from the repodata cache "
                             "and packages from the package cache. Nothing is downloaded."));
    connect(m_offline, &QAction::toggled, this, [this](bool on) {
        m_session->setOffline(on);
        refresh();
        Q_EMIT channelsChanged();
    });

    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("networkStatusLabel"));
    m_label->setTextFormat(Qt::RichText);
    connect(m_label, &QLabel::linkActivated, this, [this] { retryNow(); });

    m_offlineButton = new QToolButton(this);
    m_offlineButton->setObjectName(QStringLiteral("workOfflineButton"));
    m_offlineButton->setDefaultAction(m_offline);
    m_offlineButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_offlineButton->setAutoRaise(true);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_offlineButton);

    m_probeTask = new BackgroundTask(this);
    m_refresh = new QTimer(this);
    m_refresh->setInterval(kRefreshEvery);
    connect(m_refresh, &QTimer::timeout, this, &NetworkStatus::refresh);
    m_refresh->start();
    m_probe = new QTimer(this);
    m_probe->setInterval(kProbeEvery);
    connect(m_probe, &QTimer::timeout, this, &NetworkStatus::probeNow);
    m_probe->start();
    refresh();
}

void NetworkStatus::refresh()
{
    if (m_session->offline()) {
        m_label->setText(tr("Offline: channels and packages come from the caches only."));
        m_label->setToolTip({});
        m_label->show();
        return;
    }
    const auto down = m_session->unreachableServers()->entries();
    if (down.empty()) {
        m_label->clear();
        m_label->hide();
        return;
    }
    QStringList hosts;
    QStringList reasons;
    for (const auto& entry : down) {
        hosts << hostOf(entry.origin);
        reasons << hostOf(entry.origin) + QStringLiteral(": ")
                       + QString::fromStdString(entry.reason);
    }
    m_label->setText(tr("Not answering: %1. Cached channel data is used where there is some. "
                        "<a href=\"retry\">Try again</a>")
                         .arg(hosts.join(QStringLiteral(", ")).toHtmlEscaped()));
    m_label->setToolTip(reasons.join(QStringLiteral("\n")));
    m_label->show();
}

void NetworkStatus::retryNow()
{
    m_session->unreachableServers()->forgetAll();
    refresh();
    Q_EMIT channelsChanged();
}

void NetworkStatus::probeNow()
{
    const auto down = m_session->unreachableServers()->entries();
    if (down.empty() || m_session->offline() || m_probeTask->isRunning()) {
        return;
    }
    std::vector<std::string> urls;
    for (const auto& entry : down) {
        urls.push_back(entry.origin + "/"); // any answer from the server will do
    }
    m_probeTask->start([this, inputs = m_session->inputs(), urls](std::stop_token stop) {
        auto configuration = loadConfiguration(inputs);
        if (!configuration) {
            return std::function<void()>();
        }
        auto options = channels::probeOptions(*configuration);
        options.head = true;
        const auto results = channels::probeUrls(urls, options, stop);
        bool back = false;
        for (std::size_t i = 0; i < results.size(); ++i) {
            using Status = channels::ProbeResult::Status;
            const auto& result = results[i];
            // Any answer but a server error means the server is there again.
            const bool answered =
                result.status == Status::Available || result.status == Status::NotFound
                || (result.status == Status::HttpError && result.httpStatus < 500);
            if (answered) {
                inputs.unreachableServers->forget(urls[i]);
                back = true;
            }
        }
        return std::function<void()>([this, back] {
            refresh();
            if (back) {
                Q_EMIT channelsChanged();
            }
        });
    });
}

void NetworkStatus::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_offline->setText(tr("Work &Offline"));
        refresh();
    }
    QWidget::changeEvent(event);
}

} // namespace envdesk::ui
