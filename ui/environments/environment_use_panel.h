#pragma once

#include "core/ops/environment_launch.h"
#include "core/ops/jupyter_kernel.h"

#include <QProcess>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QGridLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace envdesk::ui {

class BackgroundTask;
class SessionEnvironment;

// The Use tab of the Environments place: what one does with an environment once it exists.
// Open a terminal with it activated, run a command (output below, stoppable), open its folder,
// start its applications (tiles; an Install tile for the common ones it lacks, which goes
// through the usual change preview), and make it a Jupyter kernel. What to start is decided by
// core/ops (environment_launch.h, jupyter_kernel.h, environment_use.h); this only starts it.
//
// Test API (objectNames): "openTerminalButton", "openFolderButton", "runCommandEdit",
// "runCommandButton", "stopCommandButton", "commandOutput", "jupyterStatus", "jupyterButton",
// "applicationTiles" holding one "appTile_<id>" per application with its "launch_<id>" or
// "install_<id>" button.
class EnvironmentUsePanel : public QWidget {
    Q_OBJECT

public:
    EnvironmentUsePanel(std::shared_ptr<const SessionEnvironment> session,
                        QWidget* parent = nullptr);
    ~EnvironmentUsePanel() override;

    // The environment the tab acts on (empty: none); `name` is how the list shows it.
    void setEnvironment(const QString& prefix, const QString& name, bool usable);
    // Reads the applications and the kernel again (after a change to the environment).
    void refresh();

    // Starts `command` (a shell command line) in the environment; its output goes below.
    void runCommand(const QString& command);
    void stopCommand();
    [[nodiscard]] bool commandRunning() const;

    // envdesk-cli beside the app (the hook and kernels call it back), else the build's.
    [[nodiscard]] static QString cliPath();

Q_SIGNALS:
    // An Install tile (or ipykernel for Jupyter): the page marks it and previews the change.
    void installRequested(const QString& package);
    // The kernels changed: the environment list shows which environments have one.
    void kernelsChanged();
    // A command finished with this exit status (-1: it did not start or was killed).
    void commandFinished(int exitCode);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void openTerminal(const std::vector<std::string>& command = {});
    void openFolder();
    void launch(const ops::Application& app);
    void toggleKernel();
    void showApplications(std::vector<ops::Application> apps);
    [[nodiscard]] static QString describe(const ops::Application& app);
    void updateKernelState();
    void updateButtons();
    // A line of the panel's own ("[exit status 1]") after the command's output.
    void appendLine(const QString& line);
    // Starts `launch` detached, its files written first; a warning says why when it cannot.
    bool startDetached(const ops::Launch& launch, const QString& what);

    std::shared_ptr<const SessionEnvironment> m_session;
    QString m_prefix;
    QString m_name;
    bool m_usable = false;
    QPushButton* m_terminal = nullptr;
    QPushButton* m_folder = nullptr;
    QLineEdit* m_commandEdit = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_stop = nullptr;
    QPlainTextEdit* m_output = nullptr;
    QLabel* m_jupyterStatus = nullptr;
    QPushButton* m_jupyter = nullptr;
    QLabel* m_appsTitle = nullptr;
    QLabel* m_commandTitle = nullptr;
    QLabel* m_jupyterTitle = nullptr;
    QWidget* m_tiles = nullptr;
    QGridLayout* m_tilesLayout = nullptr;
    BackgroundTask* m_appLoad = nullptr;
    std::vector<ops::Application> m_apps;
    std::optional<ops::KernelSpec> m_kernel;
    bool m_kernelPackageMissing = false;
    QProcess* m_process = nullptr;
};

} // namespace envdesk::ui
