#pragma once

#include "core/config/config.h"
#include "core/env/environments.h"
#include "ui/changes/change_steps.h"
#include "ui/changes/environment_steps.h"
#include "ui/environments/package_table_model.h"

#include <QStyledItemDelegate>
#include <QWidget>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QLineEdit;
class QListView;
class QTabWidget;
class QTableView;
class QToolButton;
class QTreeView;

namespace envdesk::ui {

// Draws a column's text cut at its end ("A stand-in for…"), where the table cuts in the middle.
class ElideRightDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit ElideRightDelegate(QObject* parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

class BackgroundTask;
class ChangeDialog;
class DependencyTreeModel;
class EnvironmentUsePanel;
class EnvironmentListModel;
class HistoryModel;
class PackageFilterModel;
class PackageTableModel;
class SessionEnvironment;

// The Environments place: every environment on the left (found on a worker thread, so a slow
// or hung network folder never freezes the window), the selected one's installed packages in
// the centre with a search that takes names and match specs.
//
// Test API (objectNames): "environmentList", "refreshEnvironmentsButton", "environmentStatus",
// "packageSearch", "environmentTabs" holding "packageTable", "historyTree" (revisions,
// newest first, each with its changes) and "usePanel" (an EnvironmentUsePanel), "packageStatus",
// "createEnvironmentButton", "rollbackButton", "dependencyTree", "dependentTree", "marksLabel";
// actions "installAction", "markUpdateAction", "markRemoveAction", "chooseVersionAction",
// "unmarkAction", "applyAction", "revertAction", "pinAction", "unpinAction"; "packageScope"
// (installed, upgradable, not installed, all).
//
// Marks (install, update, remove, a chosen version) collect until Apply, which previews and
// carries them out in a ChangeDialog; a rollback does the same from the History tab.
//
// Work that reads the configuration (discovery, the channels, each change) is given the
// session's inputs (SessionEnvironment::inputs()) as they are when it starts.
class EnvironmentsPage : public QWidget {
    Q_OBJECT

public:
    // How environments are found, with the session's inputs taken when the search started; runs
    // on a worker thread and should honour the stop token.
    using Discover = std::function<std::vector<env::EnvironmentInfo>(const config::ConfigInputs&,
                                                                     std::stop_token)>;

    // `session` (never null) gives the inputs of the page's work.
    EnvironmentsPage(std::shared_ptr<const SessionEnvironment> session, Discover discover,
                     QWidget* parent = nullptr);

    // Looks for environments again (also done once when the page is first shown).
    void refresh();
    // Reads the channels again for the current environment (the Latest column, the packages
    // not installed): after the Offline switch or a server came back.
    void reloadChannels();
    // Selects the environment at `prefix` once the list holds it.
    void selectPrefix(const QString& prefix);

    [[nodiscard]] EnvironmentListModel* environments() const { return m_environments; }
    [[nodiscard]] PackageTableModel* packages() const { return m_packages; }
    [[nodiscard]] const std::map<std::string, PackageMark>& marks() const { return m_marks; }
    // The prefix whose packages are shown, or empty.
    [[nodiscard]] QString currentPrefix() const { return m_currentPrefix; }

    // Marks a change of one package (replacing any earlier mark of it), or clears its mark.
    void mark(const std::string& name, PackageMark mark);
    void unmark(const std::string& name);
    // Previews and carries out the marks; the dialog is announced by changeDialogOpened.
    void applyMarks();
    // Previews and carries out updating every package of the current environment.
    void updateAll();
    // Previews and carries out going back to `revision` of the current environment.
    void rollBackTo(int revision);
    // The current environment's context menu; an empty name is asked for.
    void cloneCurrent(QString name = {});
    void renameCurrent(QString name = {});
    void removeCurrent();
    void exportCurrent(const QString& file, ExportFormat format);
    // The name to offer for an environment made from `file`: an environment.yml's `name:`,
    // else the file's base name.
    [[nodiscard]] static QString suggestedNameFor(const QString& file);
    // What can be done with the selected environment (the list's context menu, the window's
    // Environment menu): open a terminal, run a command, open its folder, clone, rename, export,
    // remove.
    [[nodiscard]] QList<QAction*> environmentActions() const;
    // A new environment named `name` from environment.yml, an explicit or a conda-lock file.
    void importFile(const QString& file, const QString& name);
    // The same, asking for the name first (suggestedNameFor() filled in): what opening such a
    // file from the file manager does.
    void createFromFile(const QString& file);

Q_SIGNALS:
    void createEnvironmentRequested();
    void changeDialogOpened(envdesk::ui::ChangeDialog* dialog);
    void exported(const QString& file, bool ok);

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    void showPackagesOf(const QString& prefix);
    void updatePackageStatus();
    void measureEnvironments();
    // Which environments have a Jupyter kernel Envdesk made (the list marks them).
    void readKernels();
    void updateEnvironmentActions();
    void setUpPackageActions(QWidget* packagesTab);
    void updateMarks();
    void updateActions();
    // Sizes the package table's columns to what they hold (long ones capped).
    void fitColumns();
    void fitDescription();
    // The line under the table about the one selected package.
    void updateDetails();
    void updateDependencyTrees();
    void chooseVersion();
    // Pins the selected installed packages at their versions, or takes their pins out.
    void changePins(bool pin);
    void promptInstall();
    [[nodiscard]] QString currentEnvironmentName() const;
    void runSteps(std::vector<ChangeStep> steps);
    // Replaces the install mark whose spec is `from` with `to`; false when none is.
    bool applyFix(const std::string& from, const std::string& to);
    [[nodiscard]] QString askForName(const QString& title, const QString& suggestion,
                                     const QString& label = {});
    void promptImport();
    void promptExport();
    // The selected rows' package names; `installedOnly`: only those installed.
    [[nodiscard]] std::vector<std::string> selectedPackageNames(bool installedOnly = true) const;
    // The selected installed packages that the channels have in a newer version.
    [[nodiscard]] std::vector<std::string> selectedUpgradableNames() const;
    void loadCatalogue(const std::string& prefix, std::vector<std::string> installedNames);
    // What the channels say about their packages (channeldata.json), for the Description column.
    void loadAbout(std::vector<specs::Channel> channels, const std::string& prefix);

    std::shared_ptr<const SessionEnvironment> m_session;
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
    EnvironmentUsePanel* m_use = nullptr;
    QLabel* m_listTitle = nullptr;
    QString m_wantedPrefix;
    QString m_currentPrefix;
    std::map<std::string, PackageMark> m_marks;
    bool m_changeRunning = false;
    QAction* m_installAction = nullptr;
    QAction* m_markUpdateAction = nullptr;
    QAction* m_updateAllAction = nullptr;
    QAction* m_markRemoveAction = nullptr;
    QAction* m_chooseVersionAction = nullptr;
    QAction* m_unmarkAction = nullptr;
    QAction* m_applyAction = nullptr;
    QAction* m_revertAction = nullptr;
    QAction* m_pinAction = nullptr;
    QAction* m_openTerminalAction = nullptr;
    QAction* m_runCommandAction = nullptr;
    QAction* m_openFolderAction = nullptr;
    QAction* m_cloneAction = nullptr;
    QAction* m_renameAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_removeAction = nullptr;
    QToolButton* m_terminalButton = nullptr;
    std::array<QAction*, 2> m_separators{};
    QAction* m_unpinAction = nullptr;
    QLabel* m_marksLabel = nullptr;
    QLabel* m_details = nullptr; // the selected package: licence, where it comes from
    QToolButton* m_create = nullptr;
    QToolButton* m_import = nullptr;
    BackgroundTask* m_export = nullptr;
    QPushButton* m_rollback = nullptr;
    DependencyTreeModel* m_dependencies = nullptr;
    DependencyTreeModel* m_dependents = nullptr;
    QTreeView* m_dependencyTree = nullptr;
    QTreeView* m_dependentTree = nullptr;
    QLabel* m_dependencyTitle = nullptr;
    QLabel* m_dependentTitle = nullptr;
    BackgroundTask* m_versionLoad = nullptr;
    BackgroundTask* m_aboutLoad = nullptr;
    // What the channels said about their packages, and for which channels (loadAbout).
    std::optional<std::vector<std::string>> m_aboutRead;
    std::map<std::string, channels::PackageAbout> m_about;
    BackgroundTask* m_catalogueLoad = nullptr;
    QComboBox* m_scope = nullptr;
    QString m_catalogueNote;
    QString m_packageError;
    bool m_loadedOnce = false;
};

// Discovery as the app does it: the merged .condarc of the inputs (envs_dirs, root prefix), the
// registry, and the usual installation places.
[[nodiscard]] EnvironmentsPage::Discover systemDiscovery();

} // namespace envdesk::ui
