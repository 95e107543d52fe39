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
#include <QTimer>
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

// Takes the pictures, language by language and place by place, under the application's own
// event loop: a timer looks every 50 ms whether the current place shows what it should (its
// background work has landed), waits a few more looks for the repaint, then grabs it. A place
// that shows nothing within 20 s is a failure, not a blank picture.
class Photographer : public QObject {
public:
    Photographer(const Home& home, QString outDir, QStringList languages)
        : m_home(home)
        , m_outDir(std::move(outDir))
        , m_languages(std::move(languages))
    {
        connect(&m_timer, &QTimer::timeout, this, &Photographer::look);
        m_timer.start(kLookMs);
    }

    // Empty once every picture is saved; otherwise why not. Set when the event loop quits.
    [[nodiscard]] const QString& failure() const { return m_failure; }

private:
    static constexpr int kLookMs = 50;
    static constexpr int kLimitMs = 20000;
    static constexpr int kQuietLooks = 6; // after `ready`, for the repaint and what loads next

    struct Shot {
        Place place;
        const char* name;
        std::function<bool()> ready;
    };

    void look()
    {
        if (!m_window && !openNextLanguage()) {
            finish({});
            return;
        }
        const Shot& shot = m_shots[m_shot];
        if (!shot.ready()) {
            if (m_clock.elapsed() > kLimitMs) {
                finish(QStringLiteral("the %1 place showed nothing within 20 s")
                           .arg(QLatin1String(shot.name)));
            }
            return;
        }
        if (++m_quiet < kQuietLooks) {
            return;
        }
        const QString file = m_outDir + QLatin1Char('/') + QLatin1String(shot.name) + m_suffix
                             + QStringLiteral(".png");
        const QImage image = m_window->grab().toImage();
        if (image.width() != kWidth || image.height() != kHeight || !image.save(file)) {
            finish(QStringLiteral("cannot save ") + file);
            return;
        }
        QTextStream(stdout) << file << "\n";
        if (++m_shot == m_shots.size()) {
            closeWindow();
            return;
        }
        showShot();
    }

    // The next language's window (its catalogue installed first), on its first place; false
    // when every language is done.
    bool openNextLanguage()
    {
        if (m_languages.isEmpty()) {
            return false;
        }
        const QString language = m_languages.takeFirst();
        m_translations = std::make_unique<envdesk::ui::Translations>(QLocale(language));
        m_settings = std::make_unique<QSettings>(m_home.dir.path() + QStringLiteral("/settings-")
                                                     + language + QStringLiteral(".ini"),
                                                 QSettings::IniFormat);
        m_window = std::make_unique<envdesk::ui::MainWindow>(
            *m_settings, std::make_shared<envdesk::ui::SessionEnvironment>(m_home.inputs));
        m_window->resize(kWidth, kHeight);
        m_window->show();
        m_suffix =
            language.startsWith(QLatin1String("en")) ? QString() : QStringLiteral("-") + language;
        const QWidget& window = *m_window;
        m_shots = {
            {Place::Environments, "environments", hasRows<QTableView>(window, "packageTable")},
            {Place::Compare, "compare", hasRows<QTableView>(window, "diffTable")},
            {Place::Channels, "channels", [] { return true; }},
            {Place::Storage, "storage", hasRows<QTreeWidget>(window, "cacheTable")},
        };
        m_shot = 0;
        showShot();
        return true;
    }

    void showShot()
    {
        m_window->showPlace(m_shots[m_shot].place);
        if (m_shots[m_shot].place == Place::Compare) {
            m_window->openFiles({m_home.compareA, m_home.compareB}, true);
        }
        m_quiet = 0;
        m_clock.start();
    }

    void closeWindow()
    {
        m_window->close();
        m_window.reset(); // before its language's catalogue goes
        m_settings.reset();
        m_translations.reset();
    }

    void finish(QString failure)
    {
        m_timer.stop();
        m_failure = std::move(failure);
        if (m_window) {
            closeWindow();
        }
        QCoreApplication::quit();
    }

    const Home& m_home;
    QString m_outDir;
    QStringList m_languages;
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::unique_ptr<envdesk::ui::Translations> m_translations;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<envdesk::ui::MainWindow> m_window;
    std::vector<Shot> m_shots;
    std::size_t m_shot = 0;
    int m_quiet = 0;
    QString m_suffix;
    QString m_failure;
};

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
    // One language's window closes before the next opens; the loop ends when the photographer
    // says so.
    QApplication::setQuitOnLastWindowClosed(false);
    Photographer photographer(home, outDir, languages);
    QApplication::exec();
    return photographer.failure().isEmpty() ? 0 : fail(photographer.failure());
}
