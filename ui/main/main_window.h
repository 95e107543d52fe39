#pragma once

#include "core/config/mirror_presets.h"
#include "ui/environments/environments_page.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QActionGroup;
class QLabel;
class QMessageBox;
class QSettings;
class QStackedWidget;

namespace envdesk::ui {

class ChangeDialog;
class ChannelSettingsPage;
class ComparePage;
class NetworkStatus;
class SessionEnvironment;

// The places of the navigation rail, in rail order.
enum class Place { Environments, Compare, Machine, Channels, Storage };

// The application shell: the navigation rail on the left, one page per place in a stack, a menu
// bar and a status bar. Each place is one checkable action (View menu, Ctrl+1..4) that the
// rail's buttons show. Remembers its geometry and the last place in the settings it is given
// (read when constructed, written when closed). Hands the session environment it is given to
// the Machine page, which sets its overrides, and to the pages and dialogs whose work reads
// the configuration (Environments, the create dialog; Channels gets its inputs once).
//
// Test API (objectNames): "navigationRail" with the buttons "environmentsButton",
// "compareButton", "machineButton", "channelsButton", "storageButton"; "pageStack" with
// "environmentsPage", "comparePage", "machinePage", "channelsPage", "storagePage" (an
// EnvironmentsPage, a ComparePage, a MachinePage, a ChannelSettingsPage and a StoragePage);
// "taskStatusLabel"; the actions "showEnvironmentsAction" ... "showStorageAction", "quitAction",
// "aboutAction", "workOfflineAction" (NetworkStatus, in the status bar and the File menu, kept in
// the settings), "userGuideAction", "reportProblemAction" (a ReportProblemDialog); and the dialog
// "aboutDialog".
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `session` (never null): the environment the app started with and this session's
    // overrides. `discover` finds the environments the Environments place lists (empty: the
    // system's, as the app runs; tests give their own).
    MainWindow(QSettings& settings, std::shared_ptr<SessionEnvironment> session,
               EnvironmentsPage::Discover discover = {}, QWidget* parent = nullptr);

    [[nodiscard]] Place currentPlace() const;
    void showPlace(Place place);

    // Files the app was opened with (from the file manager, or dropped on its icon): two are
    // compared; one is compared with nothing yet when `compare`, else an environment is made
    // from it (its name asked for). Called by the composition root after the window is shown.
    void openFiles(const QStringList& files, bool compare);

    // On a first start where no configuration file chooses channels, asks once where packages
    // should come from (FirstRunDialog, window-modal) and writes the answer to ~/.condarc.
    // Asked once either way (kept in the settings). Called by the composition root after the
    // window is shown.
    void askForPackageSourceIfNeeded();

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    QWidget* createPlaces(EnvironmentsPage::Discover discover);
    void createMenus();
    // Forgets the channels and unreachable servers this session remembers and reads the
    // current environment's channels again (File > Reload Channels, a saved Channels page).
    void reloadChannels();
    void updateIcons();
    void restoreSettings();
    void saveSettings() const;
    void showAbout();
    void openUserGuide();
    void savePackageSource(config::PackageSource source, const config::MirrorPreset* mirror);
    void openCreateDialog(EnvironmentsPage* environments, const QString& packages = {});
    // Shows a change's progress in the status bar while its dialog lives.
    void trackTask(ChangeDialog* dialog);

    QSettings& m_settings;
    std::shared_ptr<SessionEnvironment> m_session;
    QStackedWidget* m_pages = nullptr;
    QActionGroup* m_placeActions = nullptr;
    QPointer<QMessageBox> m_about;
    QLabel* m_taskStatus = nullptr;
    EnvironmentsPage* m_environments = nullptr;
    QPointer<ChangeDialog> m_task;
    NetworkStatus* m_network = nullptr;
    ChannelSettingsPage* m_channels = nullptr;
    ComparePage* m_compare = nullptr;
};

} // namespace envdesk::ui
