// envdesk-screenshots: the pictures the AppStream metainfo shows, taken from the real window.
//
//   envdesk-screenshots OUTDIR ENVDESK_CLI DEMO_CHANNEL [LANGUAGE...]
//
// Makes a home of its own in a temporary folder (a .condarc naming the demo channel the build
// makes, its own envs and pkgs folders), creates an environment there with envdesk-cli from that
// channel, offline, then opens the main window on that home at 1280x800 and saves each place as
// OUTDIR/<place>[-<language>].png (no suffix for English), with the offscreen platform. Nothing
// of the user's is read or written. Exits 1, naming the step, when one fails.

#include "core/config/config.h"
#include "ui/common/session_environment.h"
#include "ui/common/translations.h"
#include "ui/main/main_window.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QListView>
#include <QProcess>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTreeWidget>

#include <cstdio>
#include <functional>
#include <memory>

namespace {

using envdesk::ui::Place;

constexpr int kWidth = 1280;
constexpr int kHeight = 800;

int fail(const QString& what)
{
    std::fprintf(stderr, "envdesk-screenshots: %s\n", qPrintable(what));
    return 1;
}

bool writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

// Lets the window's background work land: events are processed until `ready` holds (then a
// little longer, for the repaint and what loads after it), or for `limitMs` at most. False when
// `ready` never held.
bool settle(const std::function<bool()>& ready, int limitMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < limitMs && !ready()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(10);
    }
    for (int round = 0; round < 30; ++round) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(10);
    }
    return ready();
}

template <typename View>
std::function<bool()> hasRows(const QWidget& window, const char* name)
{
    return [&window, name] {
        const auto* view = window.findChild<View*>(QLatin1String(name));
        return view != nullptr && view->model() != nullptr && view->model()->rowCount() > 0;
    };
}

// The sandboxed home: what a person's machine would hold after installing Envdesk and making
// one environment from the demo channel.
struct Home {
    QTemporaryDir dir;
    envdesk::config::ConfigInputs inputs;
    QString compareA;
    QString compareB;
};

QString makeHome(Home& home, const QString& cli, const QString& channel)
{
    if (!home.dir.isValid()) {
        return QStringLiteral("cannot make a temporary folder");
    }
    const QString root = home.dir.path();
    const QString condarc = root + QStringLiteral("/.condarc");
    // The demo channel under the name "demo" (a custom channel, as a lab's mirror would be), so
    // the pictures show a channel's name and no path of the build machine.
    if (!QDir().mkpath(root + QStringLiteral("/channels"))
        || !QFile::link(QDir(channel).absolutePath(), root + QStringLiteral("/channels/demo"))) {
        return QStringLiteral("cannot link the demo channel into ") + root;
    }
    const QByteArray config = "channels:\n  - demo\ncustom_channels:\n  demo: file://"
                              + root.toUtf8() + "/channels\nenvs_dirs:\n  - " + root.toUtf8()
                              + "/envs\npkgs_dirs:\n  - " + root.toUtf8() + "/pkgs\n";
    if (!writeText(condarc, config)) {
        return QStringLiteral("cannot write ") + condarc;
    }
    std::map<std::string, std::string> variables = {
        {"HOME", root.toStdString()},
        {"CONDARC", condarc.toStdString()},
        {"XDG_CONFIG_HOME", (root + QStringLiteral("/.config")).toStdString()},
        {"XDG_CACHE_HOME", (root + QStringLiteral("/.cache")).toStdString()},
        {"XDG_DATA_HOME", (root + QStringLiteral("/.local/share")).toStdString()},
        // Only this home's environments: no installation found elsewhere on the machine.
        {"ENVDESK_INSTALLATIONS", (root + QStringLiteral("/none")).toStdString()},
        // And none of the machine's own configuration (/etc/conda, /var/lib/conda).
        {"ENVDESK_CONDARC_SYSTEM_DIRS", ""},
    };
    QProcessEnvironment environment;
    for (const auto& [name, value] : variables) {
        environment.insert(QString::fromStdString(name), QString::fromStdString(value));
    }
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    QProcess create;
    create.setProcessEnvironment(environment);
    create.setWorkingDirectory(root);
    create.start(cli, {QStringLiteral("create"), QStringLiteral("-y"), QStringLiteral("-n"),
                       QStringLiteral("paper"), QStringLiteral("--offline"),
                       QStringLiteral("python=3.12"), QStringLiteral("envdesk-hello"),
                       QStringLiteral("demo-numerics"), QStringLiteral("demo-plotting")});
    if (!create.waitForFinished(60000) || create.exitStatus() != QProcess::NormalExit
        || create.exitCode() != 0) {
        return cli + QStringLiteral(" create failed: ") + create.errorString()
               + QStringLiteral("\n") + QString::fromUtf8(create.readAllStandardError());
    }
    home.inputs.homeDir = root.toStdString();
    home.inputs.currentDir = root.toStdString();
    home.inputs.env = std::move(variables);
    home.inputs.systemDirs = {};
    // Two environment files to compare: an older pin of the same work and the current one.
    home.compareA = root + QStringLiteral("/paper-2024.yml");
    home.compareB = root + QStringLiteral("/paper-2025.yml");
    if (!writeText(home.compareA,
                   "name: paper\nchannels:\n  - demo\ndependencies:\n  - python=3.11.9=0_demo\n"
                   "  - demo-numerics=1.4.2=0_demo\n  - demo-plotting=0.9.0=0_demo\n"
                   "  - legacy-tool=1.0=0_demo\n")
        || !writeText(home.compareB,
                      "name: paper\nchannels:\n  - demo\ndependencies:\n  - python=3.12.7=0_demo\n"
                      "  - demo-numerics=2.1.0=0_demo\n  - demo-plotting=1.0.0=0_demo\n"
                      "  - envdesk-hello=2.0.0=0_demo\n")) {
        return QStringLiteral("cannot write the files to compare");
    }
    return {};
}

QString shoot(const Home& home, const QString& outDir, const QString& language)
{
    const envdesk::ui::Translations translations{QLocale(language)};
    QSettings settings(home.dir.path() + QStringLiteral("/settings-") + language
                           + QStringLiteral(".ini"),
                       QSettings::IniFormat);
    envdesk::ui::MainWindow window(settings,
                                   std::make_shared<envdesk::ui::SessionEnvironment>(home.inputs));
    window.resize(kWidth, kHeight);
    window.show();
    const QString suffix =
        language.startsWith(QLatin1String("en")) ? QString() : QStringLiteral("-") + language;
    struct Shot {
        Place place;
        const char* name;
        std::function<bool()> ready;
    };
    const std::vector<Shot> shots = {
        {Place::Environments, "environments", hasRows<QTableView>(window, "packageTable")},
        {Place::Compare, "compare", hasRows<QTableView>(window, "diffTable")},
        {Place::Channels, "channels", [] { return true; }},
        {Place::Storage, "storage", hasRows<QTreeWidget>(window, "cacheTable")},
    };
    // A place that has not shown what it should in time is a failure, not a blank picture.
    for (const Shot& shot : shots) {
        window.showPlace(shot.place);
        if (shot.place == Place::Compare) {
            window.openFiles({home.compareA, home.compareB}, true);
        }
        if (!settle(shot.ready, 20000)) {
            return QStringLiteral("the %1 place showed nothing within 20 s")
                .arg(QLatin1String(shot.name));
        }
        const QString file =
            outDir + QLatin1Char('/') + QLatin1String(shot.name) + suffix + QStringLiteral(".png");
        const QImage image = window.grab().toImage();
        if (image.width() != kWidth || image.height() != kHeight || !image.save(file)) {
            return QStringLiteral("cannot save ") + file;
        }
        QTextStream(stdout) << file << "\n";
    }
    window.close();
    return {};
}

} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // The window keeps its settings where it is told, never in the user's.
    QCoreApplication::setOrganizationName(QStringLiteral("envdesk-screenshots"));
    QCoreApplication::setApplicationName(QStringLiteral("envdesk-screenshots"));
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 4) {
        return fail(QStringLiteral("usage: envdesk-screenshots OUTDIR ENVDESK_CLI DEMO_CHANNEL "
                                   "[LANGUAGE...]"));
    }
    const QString outDir = arguments[1];
    if (!QDir().mkpath(outDir)) {
        return fail(QStringLiteral("cannot make ") + outDir);
    }
    Home home;
    if (const QString failed = makeHome(home, QFileInfo(arguments[2]).absoluteFilePath(),
                                        QFileInfo(arguments[3]).absoluteFilePath());
        !failed.isEmpty()) {
        return fail(failed);
    }
    QStringList languages = arguments.mid(4);
    if (languages.isEmpty()) {
        languages = {QStringLiteral("en_US")};
    }
    for (const QString& language : languages) {
        if (const QString failed = shoot(home, outDir, language); !failed.isEmpty()) {
            return fail(failed);
        }
    }
    return 0;
}
