#pragma once

#include "core/env/environments.h"

#include <QWidget>

#include <functional>
#include <stop_token>
#include <vector>

class QLabel;
class QLineEdit;
class QListView;
class QTabWidget;
class QTableView;
class QToolButton;
class QTreeView;

namespace envdesk::ui {

class BackgroundTask;
class EnvironmentListModel;
class HistoryModel;
class PackageFilterModel;
class PackageTableModel;

// The Environments place: every environment on the left (found on a worker thread, so a slow
// or hung network folder never freezes the window), the selected one's installed packages in
// the centre with a search that takes names and match specs.
//
// Test API (objectNames): "environmentList", "refreshEnvironmentsButton", "environmentStatus",
// "packageSearch", "environmentTabs" holding "packageTable" and "historyTree" (revisions,
// newest first, each with its changes), "packageStatus".
class EnvironmentsPage : public QWidget {
    Q_OBJECT

public:
    // How environments are found; runs on a worker thread and should honour the stop token.
    using Discover = std::function<std::vector<env::EnvironmentInfo>(std::stop_token)>;

    explicit EnvironmentsPage(Discover discover, QWidget* parent = nullptr);

    // Looks for environments again (also done once when the page is first shown).
    void refresh();
    // Selects the environment at `prefix` once the list holds it.
    void selectPrefix(const QString& prefix);

    [[nodiscard]] EnvironmentListModel* environments() const { return m_environments; }
    [[nodiscard]] PackageTableModel* packages() const { return m_packages; }

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showPackagesOf(const QString& prefix);
    void updatePackageStatus();
    void measureEnvironments();

    Discover m_discover;
    EnvironmentListModel* m_environments = nullptr;
    PackageTableModel* m_packages = nullptr;
    PackageFilterModel* m_filter = nullptr;
    BackgroundTask* m_discovery = nullptr;
    BackgroundTask* m_packageLoad = nullptr;
    BackgroundTask* m_measure = nullptr;
    QListView* m_list = nullptr;
    QToolButton* m_refresh = nullptr;
    QLabel* m_environmentStatus = nullptr;
    QLineEdit* m_search = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_packageStatus = nullptr;
    HistoryModel* m_historyModel = nullptr;
    QTreeView* m_history = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_listTitle = nullptr;
    QString m_wantedPrefix;
    QString m_packageError;
    bool m_loadedOnce = false;
};

// Discovery as the app does it: the merged .condarc (envs_dirs, root prefix), the registry, and
// the usual installation places.
[[nodiscard]] EnvironmentsPage::Discover systemDiscovery();

} // namespace envdesk::ui
