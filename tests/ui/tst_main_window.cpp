#include "core/config/config.h"
#include "core/config/mirror_presets.h"
#include "core/repodata/index_memory.h"
#include "tests/support/fault_http_server.h"
#include "ui/changes/change_dialog.h"
#include "ui/channels/channel_settings_page.h"
#include "ui/common/session_environment.h"
#include "ui/common/standard_dialogs.h"
#include "ui/common/translations.h"
#include "ui/compare/compare_page.h"
#include "ui/machine/machine_page.h"
#include "ui/main/help_actions.h"
#include "ui/main/main_window.h"
#include "ui/main/network_status.h"
#include "ui/storage/storage_page.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

using namespace envdesk;
using envdesk::ui::ChangeDialog;
using envdesk::ui::EnvironmentsPage;
using envdesk::ui::MainWindow;
using envdesk::ui::Place;

namespace {

// Settings in a file of their own, so no case sees another's (or the user's) state.
struct TempSettings {
    QTemporaryDir dir;
    std::unique_ptr<QSettings> settings = std::make_unique<QSettings>(
        dir.filePath(QStringLiteral("envdesk.ini")), QSettings::IniFormat);

    // A second QSettings on the same file, as the next start of the app reads it.
    [[nodiscard]] std::unique_ptr<QSettings> reopen() const
    {
        settings->sync();
        return std::make_unique<QSettings>(settings->fileName(), QSettings::IniFormat);
    }
};

// A session over the process environment as the test set it up, as the app's composition root
// reads it.
bool writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

QByteArray readText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::shared_ptr<ui::SessionEnvironment> processSession()
{
    return std::make_shared<ui::SessionEnvironment>(config::ConfigInputs::fromProcess());
}

QToolButton* railButton(const MainWindow& window, const QString& key)
{
    auto* rail = window.findChild<QWidget*>(QStringLiteral("navigationRail"));
    return rail ? rail->findChild<QToolButton*>(key + QStringLiteral("Button")) : nullptr;
}

QStackedWidget* pages(const MainWindow& window)
{
    return window.findChild<QStackedWidget*>(QStringLiteral("pageStack"));
}

QString currentPageName(const MainWindow& window)
{
    return pages(window)->currentWidget()->objectName();
}

QAction* action(const MainWindow& window, const QString& name)
{
    return window.findChild<QAction*>(name);
}

void showAndWait(MainWindow& window)
{
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The pages read the configuration, the channels and the GPU (whose answer is cached in the
    // home): a temporary home with no channels, never the machine's.
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_home.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CACHE_HOME", m_home.filePath(QStringLiteral("cache")).toUtf8());
        qputenv("ENVDESK_CONDARC_SYSTEM_DIRS", "");
        qunsetenv("CONDARC");
        qunsetenv("CONDA_OVERRIDE_CUDA");
        QFile condarc(m_home.filePath(QStringLiteral(".condarc")));
        QVERIFY(condarc.open(QIODevice::WriteOnly));
        condarc.write("channels: []\n");
    }

    // A running change shows in the status bar, with its window's title, until it closes.
    void offlineSwitchAndServersThatDidNotAnswer()
    {
        TempSettings temp;
        auto session = processSession();
        {
            MainWindow window(*temp.settings, session);
            showAndWait(window);
            auto* offline = action(window, QStringLiteral("workOfflineAction"));
            auto* label = window.findChild<QLabel*>(QStringLiteral("networkStatusLabel"));
            QVERIFY(offline != nullptr && label != nullptr);
            QVERIFY(!offline->isChecked());
            QVERIFY(label->isHidden());
            QVERIFY(window.findChild<QToolButton*>(QStringLiteral("workOfflineButton")));
            offline->setChecked(true);
            QVERIFY(session->offline());
            QVERIFY(config::Config::load(session->inputs())->offline());
            QVERIFY(label->isVisible());
            QVERIFY(label->text().contains(QStringLiteral("Offline")));
        }
        // The switch is kept for the next start.
        auto reopened = temp.reopen();
        auto next = processSession();
        MainWindow window(*reopened, next);
        showAndWait(window);
        QVERIFY(next->offline());
        action(window, QStringLiteral("workOfflineAction"))->setChecked(false);
        QVERIFY(!next->offline());

        // A server that did not answer is named, with a way to try again; the background probe
        // forgets it once it answers.
        test::FaultHttpServer server;
        QVERIFY(server.isListening());
        test::FaultResponse answer;
        answer.body = "{}";
        server.script("/chan/noarch/repodata.json", {answer});
        const std::string url = server.url("/chan/noarch/repodata.json").toStdString();
        auto* status = window.findChild<ui::NetworkStatus*>();
        auto* label = window.findChild<QLabel*>(QStringLiteral("networkStatusLabel"));
        QVERIFY(status != nullptr);
        QSignalSpy changed(status, &ui::NetworkStatus::channelsChanged);
        next->unreachableServers()->remember(url, "Could not connect to server");
        status->refresh();
        QVERIFY(label->isVisible());
        QVERIFY2(label->text().contains(QStringLiteral("127.0.0.1")), qPrintable(label->text()));
        QVERIFY(label->toolTip().contains(QStringLiteral("Could not connect")));
        status->probeNow();
        QTRY_VERIFY(next->unreachableServers()->entries().empty());
        QTRY_COMPARE(changed.count(), 1);
        QVERIFY(label->isHidden());
        QCOMPARE(server.hits("/"), 1); // one HEAD of the server's root; a 404 is an answer

        next->unreachableServers()->remember(url, "down");
        status->refresh();
        QVERIFY(label->isVisible());
        status->retryNow();
        QVERIFY(next->unreachableServers()->entries().empty());
        QCOMPARE(changed.count(), 2);
        QVERIFY(label->isHidden());

        // File > Reload Channels (F5) forgets the channels this session loaded, and the servers
        // that did not answer, so that every server is asked again.
        auto* reload = action(window, QStringLiteral("reloadChannelsAction"));
        QVERIFY(reload != nullptr);
        QCOMPARE(reload->shortcut(), QKeySequence(QKeySequence::Refresh));
        next->indexMemory()->remember("http://127.0.0.1:9/chan/noarch", {});
        next->unreachableServers()->remember(url, "down");
        status->refresh();
        QVERIFY(label->isVisible());
        reload->trigger();
        QCOMPARE(next->indexMemory()->size(), std::size_t{0});
        QVERIFY(next->unreachableServers()->entries().empty());
        QVERIFY(label->isHidden());
    }

    // A first start whose configuration chooses no channels asks once where packages come from
    // and writes the answer to ~/.condarc, keeping what else the file says; then never again.
    void firstStartAsksWherePackagesComeFrom()
    {
        QTemporaryDir home;
        QVERIFY(writeText(home.filePath(QStringLiteral(".condarc")), "# mine\nssl_verify: true\n"));
        config::ConfigInputs inputs;
        inputs.homeDir = home.path().toStdString();
        inputs.systemDirs = {};
        const auto session = std::make_shared<ui::SessionEnvironment>(inputs);
        TempSettings temp;
        {
            MainWindow window(*temp.settings, session);
            showAndWait(window);
            window.askForPackageSourceIfNeeded();
            auto* dialog = window.findChild<QDialog*>(QStringLiteral("firstRunDialog"));
            QVERIFY(dialog != nullptr && dialog->isVisible());
            QVERIFY(
                dialog->findChild<QRadioButton*>(QStringLiteral("condaForgeChoice"))->isChecked());
            dialog->findChild<QRadioButton*>(QStringLiteral("mirrorChoice"))->setChecked(true);
            auto* mirrors = dialog->findChild<QComboBox*>(QStringLiteral("mirrorCombo"));
            QVERIFY(mirrors->isEnabled());
            mirrors->setCurrentIndex(mirrors->findData(QStringLiteral("tuna")));
            dialog->findChild<QPushButton*>(QStringLiteral("useButton"))->click();
            const QByteArray written = readText(home.filePath(QStringLiteral(".condarc")));
            QVERIFY2(written.startsWith("# mine\nssl_verify: true\n")
                         && written.contains("channels:\n  - conda-forge\n")
                         && written.contains("mirrors.tuna.tsinghua.edu.cn/anaconda/cloud"),
                     written.constData());
            auto configuration = config::Config::load(session->inputs());
            QVERIFY(configuration && config::channelsChosen(*configuration));
        }
        // Asked once: not again, even with the file gone.
        QFile::remove(home.filePath(QStringLiteral(".condarc")));
        auto reopened = temp.reopen();
        MainWindow again(*reopened, session);
        showAndWait(again);
        again.askForPackageSourceIfNeeded();
        QVERIFY(again.findChild<QDialog*>(QStringLiteral("firstRunDialog")) == nullptr);

        // A configuration that chooses channels is never asked about; "Decide later" writes
        // nothing.
        TempSettings fresh;
        MainWindow chosen(*fresh.settings, processSession()); // channels: [] in this home
        chosen.askForPackageSourceIfNeeded();
        QVERIFY(chosen.findChild<QDialog*>(QStringLiteral("firstRunDialog")) == nullptr);
        TempSettings other;
        MainWindow later(*other.settings, session);
        showAndWait(later);
        later.askForPackageSourceIfNeeded();
        auto* dialog = later.findChild<QDialog*>(QStringLiteral("firstRunDialog"));
        QVERIFY(dialog != nullptr);
        dialog->findChild<QPushButton*>(QStringLiteral("laterButton"))->click();
        QVERIFY(!QFile::exists(home.filePath(QStringLiteral(".condarc"))));
    }

    // Help has the user guide and where to report a problem, with the details worth sending.
    void helpHasTheGuideAndAProblemReport()
    {
        TempSettings temp;
        auto session = processSession();
        MainWindow window(*temp.settings, session);
        QVERIFY(action(window, QStringLiteral("userGuideAction")) != nullptr);
        QVERIFY(action(window, QStringLiteral("reportProblemAction")) != nullptr);
        QVERIFY2(ui::userGuidePath().endsWith(QStringLiteral("README.md")),
                 qPrintable(ui::userGuidePath()));

        session->unreachableServers()->remember("https://user:secret@mirror.example/c/x",
                                                "HTTP 503");
        ui::ReportProblemDialog report(session->inputs(), true);
        const QString details = report.details();
        QVERIFY2(details.contains(QStringLiteral("Envdesk " ENVDESK_VERSION))
                     && details.contains(QStringLiteral(".condarc"))
                     && details.contains(QStringLiteral("Offline: yes"))
                     && details.contains(QStringLiteral("https://mirror.example (HTTP 503)")),
                 qPrintable(details));
        QVERIFY(!details.contains(QStringLiteral("secret")));
        session->unreachableServers()->forgetAll();
    }

    void statusBarFollowsTheRunningChange()
    {
        TempSettings temp;
        MainWindow window(*temp.settings, processSession(),
                          [](const config::ConfigInputs&, std::stop_token) {
                              return std::vector<env::EnvironmentInfo>{};
                          });
        showAndWait(window);
        auto* page = window.findChild<EnvironmentsPage*>();
        auto* status = window.findChild<QLabel*>(QStringLiteral("taskStatusLabel"));
        QVERIFY(page && status);
        ChangeDialog::Intent intent;
        intent.title = QStringLiteral("Install packages into demo");
        auto* dialog = new ChangeDialog(
            intent,
            [](const ChangeDialog::DecideContext&) -> util::Result<ops::ChangeOutcome> {
                return util::fail(util::ErrorCode::NotFound, "no such channel", "/nowhere");
            },
            &window);
        Q_EMIT page->changeDialogOpened(dialog);
        dialog->start();
        QTRY_VERIFY(status->text().contains(QStringLiteral("Install packages into demo")));
        QTRY_VERIFY(status->text().contains(QStringLiteral("/nowhere")));
        delete dialog;
        QCOMPARE(status->text(), QStringLiteral("No tasks running"));
    }

    // The window hands its session to the places: what the Machine page sets for the session is
    // in the session the window was given, and in the inputs the Environments place's work
    // takes when it starts.
    void placesShareTheSession()
    {
        struct Seen {
            std::mutex mutex;
            std::vector<std::optional<std::string>> cuda; // CONDA_OVERRIDE_CUDA, per discovery
        };
        auto seen = std::make_shared<Seen>();
        const auto discoveries = [seen] {
            const std::lock_guard lock(seen->mutex);
            return seen->cuda;
        };
        TempSettings temp;
        const auto session = processSession();
        MainWindow window(*temp.settings, session,
                          [seen](const config::ConfigInputs& inputs, std::stop_token) {
                              const std::lock_guard lock(seen->mutex);
                              seen->cuda.push_back(inputs.variable("CONDA_OVERRIDE_CUDA"));
                              return std::vector<env::EnvironmentInfo>{};
                          });
        auto* machine = window.findChild<envdesk::ui::MachinePage*>();
        auto* environments = window.findChild<EnvironmentsPage*>();
        QVERIFY(machine && environments);

        QVERIFY(machine->applyOverrides(QStringLiteral("12.4"), QString(), QString()));
        QCOMPARE(session->variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>("12.4"));
        QVERIFY(!qEnvironmentVariableIsSet("CONDA_OVERRIDE_CUDA"));
        environments->refresh();
        QTRY_VERIFY(!discoveries().empty());
        QCOMPARE(discoveries().back(), std::optional<std::string>("12.4"));

        machine->resetOverrides();
        QCOMPARE(session->variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>());
        const std::size_t before = discoveries().size();
        environments->refresh();
        QTRY_VERIFY(discoveries().size() > before);
        QCOMPARE(discoveries().back(), std::optional<std::string>());
    }

    void railShowsThePlacesInOrder()
    {
        TempSettings temp;
        MainWindow window(*temp.settings, processSession());
        showAndWait(window);

        const QStringList keys = {QStringLiteral("environments"), QStringLiteral("compare"),
                                  QStringLiteral("machine"), QStringLiteral("channels"),
                                  QStringLiteral("storage")};
        const QStringList titles = {QStringLiteral("Environments"), QStringLiteral("Compare"),
                                    QStringLiteral("Machine"), QStringLiteral("Channels"),
                                    QStringLiteral("Storage")};
        int previousY = -1;
        for (int i = 0; i < keys.size(); ++i) {
            QToolButton* button = railButton(window, keys[i]);
            QVERIFY2(button, qPrintable(keys[i]));
            QCOMPARE(button->text(), titles[i]);
            QVERIFY(!button->icon().isNull());
            QVERIFY(!button->toolTip().isEmpty());
            QVERIFY(button->y() > previousY);
            previousY = button->y();
        }
        QCOMPARE(pages(window)->count(), keys.size());
    }

    // Files from the file manager: two are compared; one makes an environment, its name asked
    // for first (cancelled here, so nothing is made).
    void openedFilesAreComparedOrMadeIntoAnEnvironment()
    {
        TempSettings temp;
        MainWindow window(*temp.settings, processSession());
        showAndWait(window);
        window.showPlace(Place::Machine);
        envdesk::ui::ScriptedDialogs dialogs;
        window.openFiles({QStringLiteral("/tmp/a/environment.yml")}, false);
        QCOMPARE(window.currentPlace(), Place::Environments);
        QCOMPARE(dialogs.captions,
                 QStringList{QStringLiteral("Create an environment from a file")});
        QCOMPARE(dialogs.suggestions, QStringList{QStringLiteral("a")});

        window.openFiles({QStringLiteral("/tmp/one.yml"), QStringLiteral("/tmp/two.yml")}, false);
        QCOMPARE(window.currentPlace(), Place::Compare);
        window.showPlace(Place::Environments);
        window.openFiles({QStringLiteral("/tmp/one.yml")}, true);
        QCOMPARE(window.currentPlace(), Place::Compare);
        QCOMPARE(dialogs.captions.size(), 1);
    }

    void firstStartShowsEnvironments()
    {
        TempSettings temp;
        MainWindow window(*temp.settings, processSession());
        QCOMPARE(window.currentPlace(), Place::Environments);
        QCOMPARE(currentPageName(window), QStringLiteral("environmentsPage"));
        QVERIFY(railButton(window, QStringLiteral("environments"))->isChecked());
        QCOMPARE(window.windowTitle(), QStringLiteral("Environments"));
    }

    void railSwitchesPages_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("startIndex");
        QTest::newRow("compare") << QStringLiteral("compare") << 1 << 0;
        QTest::newRow("machine") << QStringLiteral("machine") << 2 << 1;
        QTest::newRow("channels") << QStringLiteral("channels") << 3 << 0;
        QTest::newRow("storage") << QStringLiteral("storage") << 4 << 2;
        QTest::newRow("environments") << QStringLiteral("environments") << 0 << 3;
    }

    void railSwitchesPages()
    {
        QFETCH(QString, key);
        QFETCH(int, index);
        QFETCH(int, startIndex);
        TempSettings temp;
        MainWindow window(*temp.settings, processSession());
        window.showPlace(static_cast<Place>(startIndex));
        showAndWait(window);
        const QString page = key + QStringLiteral("Page");
        QVERIFY(currentPageName(window) != page);

        QToolButton* button = railButton(window, key);
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(currentPageName(window), page);
        QCOMPARE(window.currentPlace(), static_cast<Place>(index));
        QVERIFY(button->isChecked());
        QCOMPARE(window.windowTitle(), button->text());
        QWidget* current = pages(window)->currentWidget();
        if (key == QLatin1String("environments")) {
            QVERIFY(current->findChild<QListView*>(QStringLiteral("environmentList")));
            return;
        }
        // Each place holds its own page.
        if (key == QLatin1String("compare")) {
            QVERIFY(qobject_cast<envdesk::ui::ComparePage*>(current));
        } else if (key == QLatin1String("machine")) {
            QVERIFY(qobject_cast<envdesk::ui::MachinePage*>(current));
        } else if (key == QLatin1String("storage")) {
            QVERIFY(qobject_cast<envdesk::ui::StoragePage*>(current));
        } else {
            QVERIFY(qobject_cast<envdesk::ui::ChannelSettingsPage*>(current));
        }
    }

    void viewActionsSwitchPages()
    {
        TempSettings temp;
        MainWindow window(*temp.settings, processSession());
        QAction* showMachine = action(window, QStringLiteral("showMachineAction"));
        QVERIFY(showMachine);
        QCOMPARE(showMachine->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_3));
        showMachine->trigger();
        QCOMPARE(currentPageName(window), QStringLiteral("machinePage"));
        QVERIFY(showMachine->isChecked());
        QVERIFY(railButton(window, QStringLiteral("machine"))->isChecked());

        window.showPlace(Place::Channels);
        QCOMPARE(currentPageName(window), QStringLiteral("channelsPage"));
        QVERIFY(action(window, QStringLiteral("showChannelsAction"))->isChecked());
        QVERIFY(!showMachine->isChecked());
    }

    void restoresGeometryAndLastPlace()
    {
        TempSettings temp;
        const QSize size(1000, 700);
        {
            MainWindow window(*temp.settings, processSession());
            window.resize(size);
            showAndWait(window);
            QTest::mouseClick(railButton(window, QStringLiteral("machine")), Qt::LeftButton);
            QTRY_COMPARE(currentPageName(window), QStringLiteral("machinePage"));
            QVERIFY(window.close());
        }

        const std::unique_ptr<QSettings> reopened = temp.reopen();
        MainWindow window(*reopened, processSession());
        QCOMPARE(window.currentPlace(), Place::Machine);
        QCOMPARE(currentPageName(window), QStringLiteral("machinePage"));
        QVERIFY(railButton(window, QStringLiteral("machine"))->isChecked());
        showAndWait(window);
        QTRY_COMPARE(window.size(), size);
    }

    void unreadableSettingsFallBackToDefaults()
    {
        TempSettings temp;
        temp.settings->setValue(QStringLiteral("mainWindow/place"), QStringLiteral("no-such"));
        temp.settings->setValue(QStringLiteral("mainWindow/geometry"), QByteArray("garbage"));
        MainWindow window(*temp.settings, processSession());
        QCOMPARE(window.currentPlace(), Place::Environments);
        QVERIFY(window.width() >= 400 && window.height() >= 300);
    }

    void aboutShowsTheVersion()
    {
        TempSettings temp;
        MainWindow window(*temp.settings, processSession());
        showAndWait(window);
        QAction* about = action(window, QStringLiteral("aboutAction"));
        QVERIFY(about);
        about->trigger();

        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("aboutDialog")))
                    && box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral(ENVDESK_VERSION)));
        // Window-modal, not application-modal: it never blocks the rest of the app.
        QCOMPARE(box->windowModality(), Qt::WindowModal);

        // Asking again raises the same dialog instead of stacking another.
        about->trigger();
        QCOMPARE(window.findChildren<QMessageBox*>().size(), 1);
        box->close();
        QTRY_VERIFY(!window.findChild<QMessageBox*>(QStringLiteral("aboutDialog")));
    }

    void iconsFollowThePalette()
    {
        TempSettings temp;
        MainWindow window(*temp.settings, processSession());
        QToolButton* button = railButton(window, QStringLiteral("compare"));
        const QImage light = button->icon().pixmap(24).toImage();

        QPalette dark = window.palette();
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::WindowText, QColor(0xf0, 0xf0, 0xf0));
        window.setPalette(dark);
        QTRY_VERIFY(button->icon().pixmap(24).toImage() != light);
    }

    void chooseUiLocale_data()
    {
        QTest::addColumn<QString>("requested");
        QTest::addColumn<QString>("languageList");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--lang zh_CN")
            << QStringLiteral("zh_CN") << QString() << QStringLiteral("zh_CN");
        QTest::newRow("LANGUAGE=zh_CN:en_US")
            << QString() << QStringLiteral("zh_CN:en_US") << QStringLiteral("zh_CN");
        QTest::newRow("LANGUAGE=:de_DE")
            << QString() << QStringLiteral(":de_DE") << QStringLiteral("de_DE");
        QTest::newRow("--lang en_US, LANGUAGE=zh_CN")
            << QStringLiteral("en_US") << QStringLiteral("zh_CN") << QStringLiteral("en_US");
        QTest::newRow("neither") << QString() << QString() << QLocale::system().name();
    }

    // The language chosen in the app comes after --lang and before $LANGUAGE, and the menu
    // keeps it for the next start.
    void languageSetting()
    {
        QCOMPARE(
            envdesk::ui::chooseUiLocale(QString(), QStringLiteral("zh_CN"), QStringLiteral("en_US"))
                .name(),
            QStringLiteral("zh_CN"));
        QCOMPARE(
            envdesk::ui::chooseUiLocale(QStringLiteral("en_US"), QStringLiteral("zh_CN"), QString())
                .name(),
            QStringLiteral("en_US"));
        TempSettings temp;
        MainWindow window(*temp.settings, processSession());
        auto* system = window.findChild<QAction*>(QStringLiteral("language_system"));
        auto* chinese = window.findChild<QAction*>(QStringLiteral("language_zh_CN"));
        QVERIFY(system && chinese && window.findChild<QAction*>(QStringLiteral("language_en_US")));
        QVERIFY(system->isChecked());
        chinese->trigger();
        QCOMPARE(temp.settings->value(QStringLiteral("language")).toString(),
                 QStringLiteral("zh_CN"));
        MainWindow reopened(*temp.settings, processSession());
        QVERIFY(reopened.findChild<QAction*>(QStringLiteral("language_zh_CN"))->isChecked());
    }

    void chooseUiLocale()
    {
        QFETCH(QString, requested);
        QFETCH(QString, languageList);
        QFETCH(QString, expected);
        QCOMPARE(envdesk::ui::chooseUiLocale(requested, languageList).name(), expected);
    }

    void zhCnCatalogueTranslatesTheShell()
    {
        TempSettings temp;
        {
            const envdesk::ui::Translations translations(QLocale(QStringLiteral("zh_CN")));
            QVERIFY(translations.envdeskLoaded());
            QVERIFY(translations.qtLoaded());

            MainWindow window(*temp.settings, processSession());
            QCOMPARE(railButton(window, QStringLiteral("environments"))->text(),
                     QStringLiteral("环境"));
            QCOMPARE(window.findChild<QLabel*>(QStringLiteral("taskStatusLabel"))->text(),
                     QStringLiteral("没有正在运行的任务"));
            // Qt's own catalogue too: the standard buttons of dialogs.
            QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Close"),
                     QStringLiteral("关闭"));
        }
        // Gone with the Translations object: the next window is in English again.
        MainWindow window(*temp.settings, processSession());
        QCOMPARE(railButton(window, QStringLiteral("environments"))->text(),
                 QStringLiteral("Environments"));
    }

private:
    QTemporaryDir m_home;
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
