#pragma once

#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QTimer;
class QToolButton;

namespace envdesk::ui {

class BackgroundTask;
class SessionEnvironment;

// How the session reaches its channels, in the status bar: the Offline switch (conda's
// `offline`: repodata and packages from the caches only), and the servers that did not answer
// (util::UnreachableServers), which the session's work no longer waits on. "Try again" forgets
// them at once; in the background they are probed again every minute with one small request,
// and a server that answers is forgotten. Whenever what the channels can give may have changed,
// channelsChanged() is emitted so the pages read them again.
//
// Test API (objectNames): "networkStatusLabel" (hidden when all is well), "workOfflineAction",
// "workOfflineButton"; retryNow() and probeNow() do what the link and the timer do.
class NetworkStatus : public QWidget {
    Q_OBJECT

public:
    NetworkStatus(std::shared_ptr<SessionEnvironment> session, QWidget* parent = nullptr);

    // The checkable Offline switch, for a menu as well.
    [[nodiscard]] QAction* offlineAction() const { return m_offline; }

    // Forgets every server that did not answer; the next work tries them again.
    void retryNow();
    // Probes the servers that did not answer, in the background.
    void probeNow();
    // Shows the session's state again (also done every few seconds).
    void refresh();

Q_SIGNALS:
    void channelsChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    std::shared_ptr<SessionEnvironment> m_session;
    QAction* m_offline = nullptr;
    QToolButton* m_offlineButton = nullptr;
    QLabel* m_label = nullptr;
    QTimer* m_refresh = nullptr;
    QTimer* m_probe = nullptr;
    BackgroundTask* m_probeTask = nullptr;
};

} // namespace envdesk::ui
