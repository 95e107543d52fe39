// The Use tab (EnvironmentUsePanel) offscreen, on a real prefix in a temporary folder: the
// terminal and the applications are started for real, through stand-in executables that record
// how they were called; a command runs with its output shown and can be stopped; a kernelspec is
// written and read back; pins show in the package table and are written to conda-meta/pinned.
// With ENVDESK_SCREENSHOT_DIR set, the tab is saved there as a PNG (ENVDESK_SCREENSHOT_LANG=zh_CN
// for Chinese).

#include "core/config/config.h"
#include "core/env/prefix.h"
#include "ui/common/session_environment.h"
#include "ui/common/standard_dialogs.h"
#include "ui/common/translations.h"
#include "ui/environments/environment_list_model.h"
#include "ui/environments/environment_use_panel.h"
#include "ui/environments/environments_page.h"
#include "ui/environments/package_table_model.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrl>

#include <csignal>

using namespace envdesk;

namespace {

bool writeFile(const QString& path, const QByteArray& data, bool executable = false)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
        return false;
    }
    file.close();
    if (executable) {
        file.setPermissions(file.permissions() | QFile::ExeOwner | QFile::ExeUser);
    }
    return true;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Waits until `path` exists and holds a complete record (its last line "end").
bool waitForRecord(const QString& path)
{
    return QTest::qWaitFor([&] { return readFile(path).endsWith("end\n"); }, 10000);
}

// Receives the file manager's URL instead of a desktop.
class UrlCatcher : public QObject {
    Q_OBJECT

public:
    QList<QUrl> urls;

public Q_SLOTS:
    void open(const QUrl& url) { urls << url; }
};

} // namespace

class TestEnvironmentUse : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void applicationsAreFoundAndLaunched();
    void terminalStartsWithTheEnvironmentActivated();
    void noTerminalSaysWhatToDo();
    void commandOutputIsShownAndStopWorks();
    void jupyterKernelIsWrittenAndRemoved();
    void fileManagerGetsTheFolder();
    void pinsShowAndAreWritten();
    void screenshot();

private:
    [[nodiscard]] std::shared_ptr<ui::SessionEnvironment> session() const;

    std::unique_ptr<QTemporaryDir> m_root;
    QString m_prefix;
    QString m_record; // what the stand-ins write
    std::map<std::string, std::string> m_extraEnv;
    std::unique_ptr<ui::Translations> m_translations;
};

void TestEnvironmentUse::initTestCase()
{
    const QString lang = qEnvironmentVariable("ENVDESK_SCREENSHOT_LANG");
    if (!lang.isEmpty()) {
        m_translations = std::make_unique<ui::Translations>(QLocale(lang));
    }
}

// A prefix with a stand-in JupyterLab, a desktop file, ipykernel recorded and an activate.d
// script; a stand-in terminal on PATH that records its arguments and the environment.
void TestEnvironmentUse::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    m_prefix = m_root->filePath(QStringLiteral("envs/lab"));
    m_record = m_root->filePath(QStringLiteral("record.txt"));
    const QByteArray recorder =
        "#!/bin/sh\n{ printf '%s\\n' \"$0\" \"$@\"; echo \"CONDA_PREFIX=$CONDA_PREFIX\"; "
        "echo \"LAB_ACTIVATED=$LAB_ACTIVATED\"; echo end; } > '"
        + m_record.toUtf8() + "'\n";
    QVERIFY(writeFile(m_prefix + QStringLiteral("/bin/jupyter-lab"), recorder, true));
    QVERIFY(writeFile(m_prefix + QStringLiteral("/bin/viewer"), recorder, true));
    QVERIFY(writeFile(m_prefix + QStringLiteral("/share/applications/viewer.desktop"),
                      "[Desktop Entry]\nType=Application\nName=Data Viewer\n"
                      "Comment=Looks at data\nExec=viewer --open %F\n"));
    QVERIFY(writeFile(m_prefix + QStringLiteral("/etc/conda/activate.d/lab.sh"),
                      "export LAB_ACTIVATED=yes\n"));
    QVERIFY(writeFile(m_prefix + QStringLiteral("/conda-meta/ipykernel-6.29.5-pyh0_0.json"),
                      R"({"name": "ipykernel", "version": "6.29.5", "build": "pyh0_0",
                          "build_number": 0, "channel": "demo", "subdir": "noarch",
                          "fn": "ipykernel-6.29.5-pyh0_0.conda", "depends": [], "files": []})"));
    const QString bin = m_root->filePath(QStringLiteral("bin"));
    QVERIFY(writeFile(bin + QStringLiteral("/fake-terminal"), recorder, true));
    m_extraEnv = {{"PATH", bin.toStdString() + ":/usr/bin:/bin"},
                  {"TERMINAL", "fake-terminal"},
                  {"SHELL", "/bin/bash"},
                  {"XDG_DATA_HOME", m_root->filePath(QStringLiteral("data")).toStdString()},
                  {"XDG_CACHE_HOME", m_root->filePath(QStringLiteral("cache")).toStdString()}};
}

void TestEnvironmentUse::cleanup()
{
    m_root.reset();
}

std::shared_ptr<ui::SessionEnvironment> TestEnvironmentUse::session() const
{
    config::ConfigInputs inputs = config::ConfigInputs::fromProcess();
    inputs.homeDir = m_root->filePath(QStringLiteral("home")).toStdString();
    QDir().mkpath(QString::fromStdString(inputs.homeDir));
    inputs.env["HOME"] = inputs.homeDir;
    for (const auto& [name, value] : m_extraEnv) {
        inputs.env[name] = value;
    }
    inputs.env.erase("CONDA_PREFIX");
    inputs.env.erase("CONDA_SHLVL");
    inputs.env.erase("JUPYTER_DATA_DIR");
    return std::make_shared<ui::SessionEnvironment>(std::move(inputs));
}

void TestEnvironmentUse::applicationsAreFoundAndLaunched()
{
    ui::EnvironmentUsePanel panel(session());
    panel.setEnvironment(m_prefix, QStringLiteral("lab"), true);
    QWidget* tiles = panel.findChild<QWidget*>(QStringLiteral("applicationTiles"));
    QVERIFY(tiles != nullptr);
    QTRY_VERIFY(tiles->findChild<QPushButton*>(QStringLiteral("launch_jupyterlab")) != nullptr);
    QVERIFY(tiles->findChild<QPushButton*>(QStringLiteral("launch_viewer")) != nullptr);
    // The common ones it lacks are offered for install; JupyterLab, which it has, is not.
    QPushButton* installSpyder = tiles->findChild<QPushButton*>(QStringLiteral("install_spyder"));
    QVERIFY(installSpyder != nullptr);
    QVERIFY(tiles->findChild<QPushButton*>(QStringLiteral("install_jupyterlab")) == nullptr);

    QSignalSpy install(&panel, &ui::EnvironmentUsePanel::installRequested);
    installSpyder->click();
    QCOMPARE(install.count(), 1);
    QCOMPARE(install.at(0).at(0).toString(), QStringLiteral("spyder"));

    // JupyterLab starts activated: its activate.d script ran before it.
    tiles->findChild<QPushButton*>(QStringLiteral("launch_jupyterlab"))->click();
    QVERIFY(waitForRecord(m_record));
    QByteArray record = readFile(m_record);
    QVERIFY2(record.startsWith(m_prefix.toUtf8() + "/bin/jupyter-lab\n"), record.constData());
    QVERIFY2(record.contains("CONDA_PREFIX=" + m_prefix.toUtf8() + "\n"), record.constData());
    QVERIFY2(record.contains("LAB_ACTIVATED=yes\n"), record.constData());

    // The desktop file's Exec, its field code dropped.
    QFile::remove(m_record);
    tiles->findChild<QPushButton*>(QStringLiteral("launch_viewer"))->click();
    QVERIFY(waitForRecord(m_record));
    record = readFile(m_record);
    QVERIFY2(record.startsWith(m_prefix.toUtf8() + "/bin/viewer\n--open\nCONDA_PREFIX="),
             record.constData());
}

// The stand-in terminal gets bash with a start-up file that loads the hook and activates the
// environment; that file, run by a real bash, activates it.
void TestEnvironmentUse::terminalStartsWithTheEnvironmentActivated()
{
    ui::EnvironmentUsePanel panel(session());
    panel.setEnvironment(m_prefix, QStringLiteral("lab"), true);
    panel.findChild<QPushButton*>(QStringLiteral("openTerminalButton"))->click();
    QVERIFY(waitForRecord(m_record));
    const QList<QByteArray> lines = readFile(m_record).split('\n');
    QVERIFY2(lines.size() > 5, readFile(m_record).constData());
    QVERIFY(lines[0].endsWith("/fake-terminal"));
    QCOMPARE(lines[1], QByteArray("-e"));
    QVERIFY(lines[2].endsWith("bash"));
    QCOMPARE(lines[3], QByteArray("--rcfile"));
    const QString rcfile = QString::fromUtf8(lines[4]);
    QCOMPARE(lines[5], QByteArray("-i"));
    const QByteArray rc = readFile(rcfile);
    QVERIFY2(rc.contains("shell hook --shell bash"), rc.constData());
    QVERIFY2(rc.contains("envdesk activate '" + m_prefix.toUtf8() + "'"), rc.constData());

    QProcess bash;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_root->filePath(QStringLiteral("home")));
    env.remove(QStringLiteral("CONDA_PREFIX"));
    env.remove(QStringLiteral("CONDA_SHLVL"));
    bash.setProcessEnvironment(env);
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("-c"),
                QStringLiteral(". '%1'; printf '%s|%s' \"$CONDA_PREFIX\" \"$LAB_ACTIVATED\"")
                    .arg(rcfile)});
    QVERIFY(bash.waitForFinished(30000));
    QCOMPARE(QString::fromUtf8(bash.readAllStandardOutput()), m_prefix + QStringLiteral("|yes"));
}

void TestEnvironmentUse::noTerminalSaysWhatToDo()
{
    m_extraEnv["PATH"] = m_root->filePath(QStringLiteral("nothing-here")).toStdString();
    m_extraEnv["TERMINAL"] = "";
    ui::ScriptedDialogs dialogs;
    ui::EnvironmentUsePanel panel(session());
    panel.setEnvironment(m_prefix, QStringLiteral("lab"), true);
    panel.findChild<QPushButton*>(QStringLiteral("openTerminalButton"))->click();
    QCOMPARE(dialogs.warnings.size(), 1);
    QVERIFY2(dialogs.warnings.front().contains(QStringLiteral("TERMINAL")),
             qPrintable(dialogs.warnings.front()));
}

void TestEnvironmentUse::commandOutputIsShownAndStopWorks()
{
    ui::EnvironmentUsePanel panel(session());
    panel.setEnvironment(m_prefix, QStringLiteral("lab"), true);
    auto* output = panel.findChild<QPlainTextEdit*>(QStringLiteral("commandOutput"));
    auto* stop = panel.findChild<QPushButton*>(QStringLiteral("stopCommandButton"));
    QSignalSpy finished(&panel, &ui::EnvironmentUsePanel::commandFinished);

    panel.runCommand(QStringLiteral("echo \"$LAB_ACTIVATED in $CONDA_DEFAULT_ENV\"; exit 4"));
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.at(0).at(0).toInt(), 4);
    QVERIFY2(output->toPlainText().contains(QStringLiteral("yes in lab")),
             qPrintable(output->toPlainText()));
    QVERIFY(output->toPlainText().contains(QStringLiteral("[exit status 4]")));

    // A command and the child it started are both stopped, even a child that ignores SIGTERM
    // and outlives the command (it gets SIGKILL a moment later).
    const QString pidFile = m_root->filePath(QStringLiteral("child.pid"));
    panel.runCommand(
        QStringLiteral("sh -c 'trap \"\" TERM; sleep 300' & echo $! > '%1'; echo started; wait")
            .arg(pidFile));
    QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("\nstarted")));
    QVERIFY(stop->isEnabled());
    stop->click();
    QVERIFY(finished.wait(20000));
    QVERIFY(!panel.commandRunning());
    const pid_t child = readFile(pidFile).trimmed().toInt();
    QVERIFY(child > 0);
    QTRY_VERIFY_WITH_TIMEOUT(::kill(child, 0) != 0, 10000);
}

void TestEnvironmentUse::jupyterKernelIsWrittenAndRemoved()
{
    ui::EnvironmentUsePanel panel(session());
    panel.setEnvironment(m_prefix, QStringLiteral("lab"), true);
    auto* button = panel.findChild<QPushButton*>(QStringLiteral("jupyterButton"));
    QTRY_COMPARE(button->text(), QStringLiteral("Make available in Jupyter"));
    QSignalSpy changed(&panel, &ui::EnvironmentUsePanel::kernelsChanged);
    button->click();
    QCOMPARE(changed.count(), 1);
    const QString kernelFile =
        m_root->filePath(QStringLiteral("data/jupyter/kernels/envdesk-lab/kernel.json"));
    const QJsonObject kernel = QJsonDocument::fromJson(readFile(kernelFile)).object();
    QCOMPARE(kernel.value(QStringLiteral("display_name")).toString(),
             QStringLiteral("Python (lab)"));
    const QJsonArray argv = kernel.value(QStringLiteral("argv")).toArray();
    QVERIFY(argv.at(0).toString().endsWith(QStringLiteral("envdesk-cli")));
    QCOMPARE(argv.at(1).toString(), QStringLiteral("run"));
    QCOMPARE(argv.at(3).toString(), m_prefix);
    QCOMPARE(argv.last().toString(), QStringLiteral("{connection_file}"));
    QCOMPARE(button->text(), QStringLiteral("Remove from Jupyter"));
    QVERIFY(panel.findChild<QLabel*>(QStringLiteral("jupyterStatus"))
                ->text()
                .contains(QStringLiteral("Python (lab)")));

    // A fresh panel reads it back.
    ui::EnvironmentUsePanel again(session());
    again.setEnvironment(m_prefix, QStringLiteral("lab"), true);
    auto* againButton = again.findChild<QPushButton*>(QStringLiteral("jupyterButton"));
    QTRY_COMPARE(againButton->text(), QStringLiteral("Remove from Jupyter"));
    againButton->click();
    QVERIFY(!QFileInfo::exists(kernelFile));
    QCOMPARE(againButton->text(), QStringLiteral("Make available in Jupyter"));

    // Without ipykernel, the button offers to install it.
    QVERIFY(QFile::remove(m_prefix + QStringLiteral("/conda-meta/ipykernel-6.29.5-pyh0_0.json")));
    ui::EnvironmentUsePanel bare(session());
    bare.setEnvironment(m_prefix, QStringLiteral("lab"), true);
    auto* bareButton = bare.findChild<QPushButton*>(QStringLiteral("jupyterButton"));
    QTRY_COMPARE(bareButton->text(), QStringLiteral("Install ipykernel…"));
    QSignalSpy install(&bare, &ui::EnvironmentUsePanel::installRequested);
    bareButton->click();
    QCOMPARE(install.count(), 1);
    QCOMPARE(install.at(0).at(0).toString(), QStringLiteral("ipykernel"));
}

void TestEnvironmentUse::fileManagerGetsTheFolder()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
    ui::EnvironmentUsePanel panel(session());
    panel.setEnvironment(m_prefix, QStringLiteral("lab"), true);
    panel.findChild<QPushButton*>(QStringLiteral("openFolderButton"))->click();
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    QCOMPARE(catcher.urls.size(), 1);
    QCOMPARE(catcher.urls.front().toLocalFile(), m_prefix);
}

// The page's Pin action writes conda-meta/pinned and the row shows the pin; Unpin takes it out.
void TestEnvironmentUse::pinsShowAndAreWritten()
{
    QVERIFY(writeFile(m_prefix + QStringLiteral("/conda-meta/pinned"), "# kept\n"));
    ui::EnvironmentsPage page(session(), [this](const config::ConfigInputs&, std::stop_token) {
        env::EnvironmentInfo info;
        info.prefix = m_prefix.toStdString();
        info.name = "lab";
        info.packageCount = 1;
        return std::vector<env::EnvironmentInfo>{info};
    });
    page.resize(1024, 700);
    page.show();
    QTRY_COMPARE(page.packages()->installedCount(), 1);
    auto* table = page.findChild<QTableView*>(QStringLiteral("packageTable"));
    table->selectRow(0);
    auto* pin = page.findChild<QAction*>(QStringLiteral("pinAction"));
    auto* unpin = page.findChild<QAction*>(QStringLiteral("unpinAction"));
    QVERIFY(pin->isEnabled());
    QVERIFY(!unpin->isEnabled());
    pin->trigger();
    QCOMPARE(readFile(m_prefix + QStringLiteral("/conda-meta/pinned")),
             QByteArray("# kept\nipykernel=6.29.5\n"));
    QCOMPARE(page.packages()
                 ->index(0, ui::PackageTableModel::NameColumn)
                 .data(ui::PackageTableModel::PinnedRole)
                 .toString(),
             QStringLiteral("ipykernel=6.29.5"));
    QCOMPARE(page.packages()->index(0, ui::PackageTableModel::PinColumn).data().toString(),
             QStringLiteral("=6.29.5"));
    QVERIFY(unpin->isEnabled());
    unpin->trigger();
    QCOMPARE(readFile(m_prefix + QStringLiteral("/conda-meta/pinned")), QByteArray("# kept\n"));
    // The Environment menu's Open terminal (also the list's tool button) starts the terminal.
    auto* openTerminal = page.findChild<QAction*>(QStringLiteral("openTerminalAction"));
    QVERIFY(openTerminal->isEnabled());
    QVERIFY(page.findChild<QToolButton*>(QStringLiteral("terminalToolButton")) != nullptr);
    openTerminal->trigger();
    QVERIFY(waitForRecord(m_record));
    QVERIFY(readFile(m_record).startsWith(
        m_root->filePath(QStringLiteral("bin/fake-terminal")).toUtf8()));
    // The environment list marks environments with a kernel.
    auto* use = page.findChild<ui::EnvironmentUsePanel*>(QStringLiteral("usePanel"));
    auto* button = use->findChild<QPushButton*>(QStringLiteral("jupyterButton"));
    QTRY_COMPARE(button->text(), QStringLiteral("Make available in Jupyter"));
    button->click();
    QTRY_VERIFY(page.environments()
                    ->index(0)
                    .data(Qt::DisplayRole)
                    .toString()
                    .endsWith(QStringLiteral(" · Jupyter")));
}

void TestEnvironmentUse::screenshot()
{
    const QString dir = qEnvironmentVariable("ENVDESK_SCREENSHOT_DIR");
    if (dir.isEmpty()) {
        QSKIP("ENVDESK_SCREENSHOT_DIR is not set");
    }
    ui::EnvironmentsPage page(session(), [this](const config::ConfigInputs&, std::stop_token) {
        env::EnvironmentInfo info;
        info.prefix = m_prefix.toStdString();
        info.name = "lab";
        return std::vector<env::EnvironmentInfo>{info};
    });
    page.resize(1024, 700);
    page.show();
    auto* tabs = page.findChild<QTabWidget*>(QStringLiteral("environmentTabs"));
    auto* use = page.findChild<ui::EnvironmentUsePanel*>(QStringLiteral("usePanel"));
    QTRY_VERIFY(use->findChild<QPushButton*>(QStringLiteral("launch_jupyterlab")) != nullptr);
    tabs->setCurrentWidget(use);
    QSignalSpy finished(use, &ui::EnvironmentUsePanel::commandFinished);
    use->findChild<QLineEdit*>(QStringLiteral("runCommandEdit"))
        ->setText(QStringLiteral("ls -1 \"$CONDA_PREFIX\""));
    use->runCommand(QStringLiteral("ls -1 \"$CONDA_PREFIX\""));
    QVERIFY(finished.wait(20000));
    const QString lang = qEnvironmentVariable("ENVDESK_SCREENSHOT_LANG", QStringLiteral("en"));
    page.grab().save(QDir(dir).filePath(QStringLiteral("use-tab-%1.png").arg(lang)));
}

QTEST_MAIN(TestEnvironmentUse)
#include "tst_environment_use.moc"
