#pragma once

#include "ui/environments/environments_page.h"

#include <QMainWindow>
#include <QPointer>

class QActionGroup;
class QLabel;
class QMessageBox;
class QSettings;
class QStackedWidget;

namespace envdesk::ui {

class ChangeDialog;

// The places of the navigation rail, in rail order.
enum class Place { Environments, Compare, Machine, Channels };

// The application shell: the navigation rail on the left, one page per place in a stack, a menu
// bar and a status bar. Each place is one checkable action (View menu, Ctrl+1..4) that the
// rail's buttons show. Remembers its geometry and the last place in the settings it is given
// (read when constructed, written when closed).
//
// Test API (objectNames): "navigationRail" with the buttons "environmentsButton",
// "compareButton", "machineButton", "channelsButton"; "pageStack" with "environmentsPage",
// "comparePage", "machinePage", "channelsPage" (an EnvironmentsPage, a ComparePage, a
// MachinePage and a ChannelSettingsPage); "taskStatusLabel"; the actions
// "showEnvironmentsAction" ... "showChannelsAction", "quitAction", "aboutAction"; and the
// dialog "aboutDialog".
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `discover` finds the environments the Environments place lists (empty: the system's, as
    // the app runs; tests give their own).
    explicit MainWindow(QSettings& settings, EnvironmentsPage::Discover discover = {},
                        QWidget* parent = nullptr);

    [[nodiscard]] Place currentPlace() const;
    void showPlace(Place place);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    QWidget* createPlaces(EnvironmentsPage::Discover discover);
    void createMenus();
    void updateIcons();
    void restoreSettings();
    void saveSettings() const;
    void showAbout();
    void openCreateDialog(EnvironmentsPage* environments, const QString& packages = {});
    // Shows a change's progress in the status bar while its dialog lives.
    void trackTask(ChangeDialog* dialog);

    QSettings& m_settings;
    QStackedWidget* m_pages = nullptr;
    QActionGroup* m_placeActions = nullptr;
    QPointer<QMessageBox> m_about;
    QLabel* m_taskStatus = nullptr;
    EnvironmentsPage* m_environments = nullptr;
    QPointer<ChangeDialog> m_task;
};

} // namespace envdesk::ui
