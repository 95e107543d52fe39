// The Environments place on the offscreen platform: environments found on a worker thread,
// the packages of the selected one, the search by name and by match spec, broken environments,
// and a discovery that never ends not freezing the window.

#include "core/config/config.h"
#include "core/specs/channel.h"
#include "tests/support/fault_http_server.h"
#include "ui/changes/change_sources.h"
#include "ui/common/session_environment.h"
#include "ui/common/standard_dialogs.h"
#include "ui/environments/environment_list_model.h"
#include "ui/environments/environments_page.h"
#include "ui/environments/export_dialog.h"
#include "ui/environments/history_model.h"
#include "ui/environments/package_table_model.h"
#include "ui/environments/version_chooser.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QFile>
#include <QFont>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QRadioButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace envdesk;
using envdesk::ui::EnvironmentListModel;
using envdesk::ui::EnvironmentsPage;
using envdesk::ui::PackageTableModel;

namespace {

bool writeBytes(const QString& path, const QByteArray& data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// A session over the process environment as the test set it up, as the app's composition root
// reads it.
std::shared_ptr<ui::SessionEnvironment> processSession()
{
    return std::make_shared<ui::SessionEnvironment>(config::ConfigInputs::fromProcess());
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// A prefix with conda-meta records as conda writes them (the keys readPrefixRecords needs).
void makeEnvironment(const QString& prefix, const QList<QStringList>& packages,
                     const QByteArray& history = {})
{
    for (const auto& package : packages) {
        const QString& name = package.at(0);
        const QString& version = package.at(1);
        const QString& build = package.at(2);
        const QByteArray json = "{\"name\": \"" + name.toUtf8() + "\", \"version\": \""
                                + version.toUtf8() + "\", \"build\": \"" + build.toUtf8()
                                + "\", \"build_number\": 0, \"channel\": "
                                  "\"https://conda.anaconda.org/conda-forge/linux-64\", "
                                  "\"subdir\": \"linux-64\", \"depends\": []}";
        QVERIFY(writeFile(prefix + QStringLiteral("/conda-meta/") + name + QLatin1Char('-')
                              + version + QLatin1Char('-') + build + QStringLiteral(".json"),
                          json));
    }
    QVERIFY(writeFile(prefix + QStringLiteral("/conda-meta/history"), history));
}

env::EnvironmentInfo infoFor(const QString& prefix, const std::string& name,
                             env::EnvironmentInfo::State state = env::EnvironmentInfo::State::Ok)
{
    env::EnvironmentInfo info;
    info.prefix = prefix.toStdString();
    info.name = name;
    info.state = state;
    if (state != env::EnvironmentInfo::State::Ok) {
        info.problem = "no conda-meta folder: not an environment, or a half-deleted one";
    }
    return info;
}

} // namespace

class TestEnvironmentsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The page reads the channels for its Latest column: never the machine's configuration or
    // network here, only an empty channel list.
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CACHE_HOME", m_home.filePath(QStringLiteral("cache")).toUtf8());
        qputenv("ENVDESK_CONDARC_SYSTEM_DIRS", "");
        qunsetenv("ENVDESK_DEMO_CHANNEL");
        qunsetenv("CONDARC");
        QVERIFY(writeFile(m_home.filePath(QStringLiteral(".condarc")), "channels: []\n"));
    }
    void modelsPassTheModelTester();
    void groupsByInstallation();
    void listsEnvironmentsAndTheirPackages();
    void searchTakesNamesAndMatchSpecs();
    void installAsksForSpecsAndNamesTheBadOnes();
    void brokenEnvironmentIsShownWithItsReason();
    void slowDiscoveryNeverFreezesTheWindow();
    void sizesUseOneConvention();
    void importOffersTheFilesOwnName();
    void marksShowInTheirRow();
    void exportFormatIsAVisibleChoice();
    void channelReadingShowsItsProgress();

private:
    QTemporaryDir m_home;
};

void TestEnvironmentsPage::modelsPassTheModelTester()
{
    ui::HistoryModel history;
    QAbstractItemModelTester historyTester(&history,
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto revisions = env::parseHistory(
        "==> 2024-01-01 00:00:00 <==\n# cmd: create\n+a-1.0-0\n"
        "==> 2024-01-02 00:00:00 <==\n# cmd: install\n-a-1.0-0\n+a-2.0-0\n+b-1-0\n",
        "history");
    QVERIFY(revisions);
    history.setRevisions(*revisions);
    QCOMPARE(history.rowCount(), 2);
    QCOMPARE(history.index(0, 0).data(ui::HistoryModel::RevisionNumberRole).toInt(), 1);
    QCOMPARE(history.rowCount(history.index(0, 0)), 2); // a upgraded, b installed

    EnvironmentListModel environments;
    QAbstractItemModelTester environmentsTester(
        &environments, QAbstractItemModelTester::FailureReportingMode::QtTest);
    environments.setEnvironments(
        {infoFor(QStringLiteral("/a"), "a"),
         infoFor(QStringLiteral("/b"), "", env::EnvironmentInfo::State::Broken)});
    QCOMPARE(environments.rowCount(), 2);
    QCOMPARE(environments.rowOf(QStringLiteral("/b")), 1);
    QCOMPARE(environments.index(1).data().toString(), QStringLiteral("b (unusable)"));

    PackageTableModel packages;
    ui::PackageFilterModel filter;
    filter.setSourceModel(&packages);
    QAbstractItemModelTester packagesTester(&packages,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    specs::PackageRecord numpy;
    numpy.name = "numpy";
    numpy.version = "1.26.4";
    numpy.build = "py312_0";
    specs::PackageRecord python = numpy;
    python.name = "python";
    python.version = "3.12.1";
    packages.setPackages({numpy, python}, {{"numpy", "numpy>=1.26"}});
    QCOMPARE(packages.rowCount(), 2);
    QCOMPARE(packages.index(0, PackageTableModel::RequestedColumn).data().toString(),
             QStringLiteral("numpy>=1.26"));
    filter.setQuery(QStringLiteral("pyth"));
    QCOMPARE(filter.rowCount(), 1);
    filter.setQuery(QString());
    QCOMPARE(filter.rowCount(), 2);
}

void TestEnvironmentsPage::listsEnvironmentsAndTheirPackages()
{
    QTemporaryDir root;
    const QString paper = root.filePath(QStringLiteral("envs/paper"));
    const QString tools = root.filePath(QStringLiteral("envs/tools"));
    makeEnvironment(paper,
                    {{QStringLiteral("python"), QStringLiteral("3.11.8"), QStringLiteral("h0_0")},
                     {QStringLiteral("numpy"), QStringLiteral("1.26.4"), QStringLiteral("py311_0")},
                     {QStringLiteral("zlib"), QStringLiteral("1.3.1"), QStringLiteral("h1_0")}},
                    "==> 2024-03-01 12:00:00 <==\n# cmd: conda create -p x numpy=1.26\n"
                    "+conda-forge/linux-64::numpy-1.26.4-py311_0\n"
                    "# update specs: [\"numpy=1.26\"]\n");
    makeEnvironment(tools,
                    {{QStringLiteral("git"), QStringLiteral("2.44.0"), QStringLiteral("0")}});
    // What pip installed there is listed as conda list shows it.
    const QString dist =
        tools + QStringLiteral("/lib/python3.12/site-packages/Requests-2.31.0.dist-info");
    QVERIFY(QDir().mkpath(dist));
    QVERIFY(writeBytes(dist + QStringLiteral("/METADATA"), "Name: Requests\nVersion: 2.31.0\n"));
    QVERIFY(writeBytes(dist + QStringLiteral("/INSTALLER"), "pip\n"));
    const std::string rootPath = root.path().toStdString();
    EnvironmentsPage page(processSession(),
                          [rootPath](const config::ConfigInputs&, std::stop_token) {
                              env::DiscoveryInputs inputs;
                              inputs.homeDir = rootPath;
                              inputs.envsDirs = {rootPath + "/envs"};
                              inputs.installations = std::vector<std::string>{};
                              return env::discoverEnvironments(inputs);
                          });
    page.resize(900, 500);
    page.show();
    auto* list = page.findChild<QListView*>(QStringLiteral("environmentList"));
    auto* table = page.findChild<QTableView*>(QStringLiteral("packageTable"));
    auto* status = page.findChild<QLabel*>(QStringLiteral("packageStatus"));
    QVERIFY(list && table && status);
    QTRY_COMPARE(list->model()->rowCount(), 2);
    QVERIFY(list->model()->index(0, 0).data().toString().startsWith(
        QStringLiteral("paper · Python 3.11.8")));
    // Sizes follow, measured on a worker: the row then says how much the environment holds.
    QTRY_VERIFY(list->model()->index(0, 0).data(EnvironmentListModel::DiskBytesRole).isValid());
    QVERIFY2(list->model()->index(0, 0).data().toString().count(QStringLiteral(" · ")) == 2,
             qPrintable(list->model()->index(0, 0).data().toString()));
    QVERIFY(list->model()
                ->index(0, 0)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("shared with the package cache")));
    // The first one is selected, and its packages come in sorted by name.
    QTRY_COMPARE(table->model()->rowCount(), 3);
    QCOMPARE(table->model()->index(0, PackageTableModel::NameColumn).data().toString(),
             QStringLiteral("numpy"));
    QCOMPARE(table->model()->index(0, PackageTableModel::RequestedColumn).data().toString(),
             QStringLiteral("numpy=1.26"));
    QCOMPARE(table->model()->index(1, PackageTableModel::RequestedColumn).data().toString(),
             QString());
    QTRY_COMPARE(status->text(), QStringLiteral("3 packages"));
    // The History tab: the one revision, its command, and what it installed.
    auto* history = page.findChild<QTreeView*>(QStringLiteral("historyTree"));
    QVERIFY(history);
    QCOMPARE(history->model()->rowCount(), 1);
    const QModelIndex revision = history->model()->index(0, 0);
    QCOMPARE(revision.data().toString(), QStringLiteral("rev 0 · 2024-03-01 12:00:00"));
    QCOMPARE(history->model()->index(0, 1).data().toString(),
             QStringLiteral("conda create -p x numpy=1.26"));
    QCOMPARE(history->model()->rowCount(revision), 1);
    QCOMPARE(history->model()->index(0, 0, revision).data().toString(),
             QStringLiteral("installed"));
    QCOMPARE(history->model()->index(0, 1, revision).data().toString(),
             QStringLiteral("numpy  1.26.4"));

    list->setCurrentIndex(list->model()->index(1, 0));
    QTRY_COMPARE(table->model()->rowCount(), 2);
    QCOMPARE(table->model()->index(0, PackageTableModel::NameColumn).data().toString(),
             QStringLiteral("git"));
    QCOMPARE(table->model()->index(1, PackageTableModel::NameColumn).data().toString(),
             QStringLiteral("requests"));
    QCOMPARE(table->model()->index(1, PackageTableModel::ChannelColumn).data().toString(),
             QStringLiteral("pypi"));

    // A new environment appears on refresh; the selection stays where it was.
    makeEnvironment(root.filePath(QStringLiteral("envs/new")),
                    {{QStringLiteral("r-base"), QStringLiteral("4.3.2"), QStringLiteral("0")}});
    QTest::mouseClick(page.findChild<QToolButton*>(QStringLiteral("refreshEnvironmentsButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(list->model()->rowCount(), 3);
    QTRY_COMPARE(list->currentIndex().data(EnvironmentListModel::PrefixRole).toString(), tools);
}

void TestEnvironmentsPage::searchTakesNamesAndMatchSpecs()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    makeEnvironment(
        prefix, {{QStringLiteral("python"), QStringLiteral("3.11.8"), QStringLiteral("h0_0")},
                 {QStringLiteral("numpy"), QStringLiteral("1.26.4"), QStringLiteral("py311_0")},
                 {QStringLiteral("numexpr"), QStringLiteral("2.9.0"), QStringLiteral("py311_0")}});
    EnvironmentsPage page(processSession(), [prefix](const config::ConfigInputs&, std::stop_token) {
        return std::vector<env::EnvironmentInfo>{infoFor(prefix, "env")};
    });
    page.show();
    auto* table = page.findChild<QTableView*>(QStringLiteral("packageTable"));
    auto* search = page.findChild<QLineEdit*>(QStringLiteral("packageSearch"));
    auto* status = page.findChild<QLabel*>(QStringLiteral("packageStatus"));
    QTRY_COMPARE(table->model()->rowCount(), 3);

    QTest::keyClicks(search, QStringLiteral("NUM"));
    QCOMPARE(table->model()->rowCount(), 2);
    QTRY_COMPARE(status->text(), QStringLiteral("2 of 3 packages"));
    search->setText(QStringLiteral("numpy>=1.27"));
    QCOMPARE(table->model()->rowCount(), 0);
    search->setText(QStringLiteral("numpy>=1.26,<2"));
    QCOMPARE(table->model()->rowCount(), 1);
    search->setText(QStringLiteral("*[build=py311*]"));
    QCOMPARE(table->model()->rowCount(), 2);
    search->setText(QStringLiteral("numpy>=>1"));
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY2(status->text().startsWith(QStringLiteral("Not a package name or match spec")),
             qPrintable(status->text()));
    search->clear();
    QCOMPARE(table->model()->rowCount(), 3);
}

// Install… with nothing picked asks for specs (the standard text dialog, answered here by
// ScriptedDialogs): the good ones are marked, the bad ones named in a warning.
void TestEnvironmentsPage::installAsksForSpecsAndNamesTheBadOnes()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    makeEnvironment(prefix,
                    {{QStringLiteral("python"), QStringLiteral("3.11.8"), QStringLiteral("h0_0")}});
    EnvironmentsPage page(processSession(), [prefix](const config::ConfigInputs&, std::stop_token) {
        return std::vector<env::EnvironmentInfo>{infoFor(prefix, "env")};
    });
    page.show();
    auto* table = page.findChild<QTableView*>(QStringLiteral("packageTable"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    auto* install = page.findChild<QAction*>(QStringLiteral("installAction"));
    QVERIFY(install != nullptr);

    ui::ScriptedDialogs dialogs;
    dialogs.answers = {QStringLiteral("numpy pandas>=2 >=>bad"), QString()};
    install->trigger();
    QCOMPARE(dialogs.captions, QStringList{QStringLiteral("Install packages")});
    QVERIFY(page.marks().contains("numpy") && page.marks().contains("pandas"));
    QCOMPARE(dialogs.warnings.size(), 1);
    QVERIFY2(dialogs.warnings.front().contains(QStringLiteral(">=>bad")),
             qPrintable(dialogs.warnings.front()));
    // Cancelled: nothing more is marked or said.
    dialogs.answers.clear();
    install->trigger();
    QCOMPARE(page.marks().size(), std::size_t{2});
    QCOMPARE(dialogs.warnings.size(), 1);
}

void TestEnvironmentsPage::brokenEnvironmentIsShownWithItsReason()
{
    QTemporaryDir root;
    const QString half = root.filePath(QStringLiteral("half"));
    QVERIFY(QDir().mkpath(half + QStringLiteral("/lib")));
    EnvironmentsPage page(processSession(), [half](const config::ConfigInputs&, std::stop_token) {
        return std::vector<env::EnvironmentInfo>{
            infoFor(half, "", env::EnvironmentInfo::State::Broken)};
    });
    page.show();
    auto* list = page.findChild<QListView*>(QStringLiteral("environmentList"));
    QTRY_COMPARE(list->model()->rowCount(), 1);
    const QModelIndex row = list->model()->index(0, 0);
    QCOMPARE(row.data(EnvironmentListModel::UsableRole).toBool(), false);
    QVERIFY(row.data(Qt::ToolTipRole).toString().contains(QStringLiteral("half-deleted")));
    QVERIFY(row.data(Qt::ForegroundRole).isValid());
}

void TestEnvironmentsPage::slowDiscoveryNeverFreezesTheWindow()
{
    std::atomic<bool> started{false};
    std::atomic<bool> stopped{false};
    {
        EnvironmentsPage page(processSession(),
                              [&](const config::ConfigInputs&, std::stop_token stop) {
                                  started = true;
                                  while (!stop.stop_requested()) {
                                      std::this_thread::sleep_for(std::chrono::milliseconds(5));
                                  }
                                  stopped = true;
                                  return std::vector<env::EnvironmentInfo>{};
                              });
        page.show();
        QTRY_VERIFY(started.load());
        auto* status = page.findChild<QLabel*>(QStringLiteral("environmentStatus"));
        QCOMPARE(status->text(), QStringLiteral("Looking for environments…"));
        auto* refresh = page.findChild<QToolButton*>(QStringLiteral("refreshEnvironmentsButton"));
        QVERIFY(!refresh->isEnabled());
        // The event loop runs meanwhile: a timer fires.
        bool fired = false;
        QTimer::singleShot(10, [&fired] { fired = true; });
        QTRY_VERIFY(fired);
    } // closing the page stops the discovery and waits for it
    QVERIFY(stopped.load());
}

// Environments of several installations come out grouped, each group in the order discovery met
// it, with a title on the first row of each group only.
void TestEnvironmentsPage::groupsByInstallation()
{
    auto inInstallation = [](const char* prefix, const char* installation) {
        env::EnvironmentInfo info = infoFor(QLatin1String(prefix), "env");
        info.installation = installation;
        return info;
    };
    EnvironmentListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setEnvironments({inInstallation("/opt/conda/envs/a", "/opt/conda"),
                           inInstallation("/home/u/micromamba/envs/b", "/home/u/micromamba"),
                           inInstallation("/opt/conda/envs/c", "/opt/conda"),
                           inInstallation("/work/loose", "")});
    QStringList prefixes;
    QStringList headers;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        prefixes << index.data(EnvironmentListModel::PrefixRole).toString();
        headers << index.data(EnvironmentListModel::GroupHeaderRole).toString();
    }
    QCOMPARE(
        prefixes,
        QStringList({QStringLiteral("/opt/conda/envs/a"), QStringLiteral("/opt/conda/envs/c"),
                     QStringLiteral("/home/u/micromamba/envs/b"), QStringLiteral("/work/loose")}));
    QCOMPARE(headers.at(0), QStringLiteral("conda — /opt/conda"));
    QVERIFY(headers.at(1).isEmpty());
    QVERIFY(headers.at(2).startsWith(QStringLiteral("micromamba — ")));
    QCOMPARE(headers.at(3), QStringLiteral("Envdesk"));
}

// File and disk sizes read alike everywhere: SI units as the desktop's file managers, and
// "1 byte", never "1 bytes" nor KiB beside kB.
void TestEnvironmentsPage::sizesUseOneConvention()
{
    QCOMPARE(ui::formatBytes(1), QStringLiteral("1 byte"));
    QCOMPARE(ui::formatBytes(512), QStringLiteral("512 bytes"));
    QCOMPARE(ui::formatBytes(32768), QStringLiteral("32.8 kB"));
    ui::EnvironmentListModel model;
    env::EnvironmentInfo info;
    info.prefix = "/envs/paper";
    info.name = "paper";
    info.state = env::EnvironmentInfo::State::Ok;
    model.setEnvironments({info});
    env::EnvironmentUsage usage;
    usage.diskBytes = 32768;
    usage.sharedBytes = 2048;
    model.setUsage({{"/envs/paper", usage}});
    const QModelIndex row = model.index(model.rowOf(QStringLiteral("/envs/paper")));
    QVERIFY2(model.data(row, Qt::DisplayRole).toString().endsWith(QStringLiteral("32.8 kB")),
             qPrintable(model.data(row, Qt::DisplayRole).toString()));
    QVERIFY(model.data(row, Qt::ToolTipRole).toString().contains(QStringLiteral("2.0 kB")));
}

// Creating from a file offers the name the file gives (environment.yml's `name:`), not the file's
// name; the question names the file in its text, where it wraps instead of clipping.
void TestEnvironmentsPage::importOffersTheFilesOwnName()
{
    const QString file = QStringLiteral(ENVDESK_FIXTURES_DIR)
                         + QStringLiteral("/envs/pangeo__base-notebook.environment.yml");
    if (!QFile::exists(file)) {
        QFAIL("../shared/fixtures is missing");
    }
    QCOMPARE(ui::EnvironmentsPage::suggestedNameFor(file), QStringLiteral("notebook"));
    QTemporaryDir dir;
    const QString noName = dir.filePath(QStringLiteral("my env.yml"));
    QVERIFY(writeFile(noName, "dependencies:\n  - python\n"));
    QCOMPARE(ui::EnvironmentsPage::suggestedNameFor(noName), QStringLiteral("my-env"));

    ui::EnvironmentsPage page(
        std::make_shared<ui::SessionEnvironment>(config::ConfigInputs::fromProcess()),
        [](const config::ConfigInputs&, std::stop_token) {
            return std::vector<env::EnvironmentInfo>{};
        });
    ui::ScriptedDialogs script;
    script.answers = {file}; // the file; then the name question is cancelled
    page.findChild<QToolButton*>(QStringLiteral("importEnvironmentButton"))->click();
    QCOMPARE(script.suggestions, QStringList{QStringLiteral("notebook")});
}

// A mark shows in the row itself: an icon by the name (its kind in the tooltip) and the version
// the package goes to, so nothing depends on a Marked column a narrow window hides.
void TestEnvironmentsPage::marksShowInTheirRow()
{
    const auto record = [](const char* name, const char* version) {
        specs::PackageRecord r;
        r.name = name;
        r.version = version;
        r.build = "0";
        r.channel = "file:///very/long/path/to/a/local/channel/that/would/wrap";
        r.subdir = "noarch";
        return r;
    };
    ui::PackageTableModel model;
    model.setPackages({record("numpy", "1.26.4"), record("scipy", "1.11.0"), record("zlib", "1.3")},
                      {});
    std::map<std::string, ui::PackageMark> marks = {
        {"numpy", {ui::PackageMark::Kind::Install, "numpy==1.25.2"}},
        {"zlib", {ui::PackageMark::Kind::Remove, "zlib"}}};
    model.setMarks(marks);
    const auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.data(model.index(row, column), role);
    };
    QCOMPARE(cell(0, ui::PackageTableModel::VersionColumn).toString(),
             QStringLiteral("1.26.4 → 1.25.2"));
    QVERIFY(
        !cell(0, ui::PackageTableModel::NameColumn, Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(cell(0, ui::PackageTableModel::NameColumn, Qt::ToolTipRole).toString(),
             QStringLiteral("install numpy==1.25.2"));
    QVERIFY(!cell(1, ui::PackageTableModel::NameColumn, Qt::DecorationRole).isValid());
    QCOMPARE(cell(1, ui::PackageTableModel::VersionColumn).toString(), QStringLiteral("1.11.0"));
    QCOMPARE(cell(2, ui::PackageTableModel::VersionColumn).toString(), QStringLiteral("1.3"));
    QVERIFY(cell(2, ui::PackageTableModel::NameColumn, Qt::FontRole).value<QFont>().strikeOut());

    // The page's table: one line per row, long text cut in the middle, no Marked column.
    ui::EnvironmentsPage page(
        std::make_shared<ui::SessionEnvironment>(config::ConfigInputs::fromProcess()),
        [](const config::ConfigInputs&, std::stop_token) {
            return std::vector<env::EnvironmentInfo>{};
        });
    auto* table = page.findChild<QTableView*>(QStringLiteral("packageTable"));
    QVERIFY(!table->wordWrap());
    QCOMPARE(table->textElideMode(), Qt::ElideMiddle);
    QVERIFY(table->isColumnHidden(ui::PackageTableModel::MarkColumn));
}

// Export asks for the format first, each explained, and offers a file name that fits it.
void TestEnvironmentsPage::exportFormatIsAVisibleChoice()
{
    ui::ExportDialog dialog(QStringLiteral("paper"));
    QCOMPARE(dialog.findChildren<QRadioButton*>().size(), 5);
    QCOMPARE(dialog.format(), ui::ExportFormat::Full);
    QCOMPARE(dialog.suggestedFileName(), QStringLiteral("paper.yml"));
    dialog.findChild<QRadioButton*>(QStringLiteral("format_lock"))->setChecked(true);
    QCOMPARE(dialog.format(), ui::ExportFormat::Lock);
    QCOMPARE(dialog.suggestedFileName(), QStringLiteral("paper.conda-lock.yml"));
    QVERIFY(dialog.fileFilter().contains(QStringLiteral("*.conda-lock.yml")));
    dialog.findChild<QRadioButton*>(QStringLiteral("format_explicit"))->setChecked(true);
    QCOMPARE(dialog.suggestedFileName(), QStringLiteral("paper-explicit.txt"));
    dialog.findChild<QRadioButton*>(QStringLiteral("format_fromHistory"))->setChecked(true);
    QCOMPARE(dialog.format(), ui::ExportFormat::FromHistory);
}

// A slow channel: the package status and the version chooser say how far reading it has come
// while it comes, not only that it is being read.
void TestEnvironmentsPage::channelReadingShowsItsProgress()
{
    envdesk::test::FaultHttpServer server;
    QVERIFY(server.isListening());
    QByteArray empty = "{\"info\": {}, \"packages\": {}, \"packages.conda\": {}}";
    envdesk::test::FaultResponse slow;
    slow.body = empty + QByteArray(40000, ' ');
    slow.chunkSize = 2000;
    slow.chunkDelayMs = 100; // two seconds in all
    envdesk::test::FaultResponse quick;
    quick.body = empty;
    const QByteArray platform = QByteArray::fromStdString(specs::currentPlatform());
    server.script("/chan/" + platform + "/repodata.json", {slow});
    server.script("/chan/noarch/repodata.json", {quick});
    QVERIFY(writeFile(m_home.filePath(QStringLiteral(".condarc")),
                      "channels:\n  - " + server.url("/chan").toUtf8() + "\n"));
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    makeEnvironment(prefix,
                    {{QStringLiteral("python"), QStringLiteral("3.11.8"), QStringLiteral("h0_0")}});
    {
        EnvironmentsPage page(processSession(),
                              [prefix](const config::ConfigInputs&, std::stop_token) {
                                  return std::vector<env::EnvironmentInfo>{infoFor(prefix, "env")};
                              });
        page.show();
        auto* status = page.findChild<QLabel*>(QStringLiteral("packageStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral(" of 2 (")), 10000);
        // The version chooser, opened meanwhile, reads the channels too and says how far.
        auto* table = page.findChild<QTableView*>(QStringLiteral("packageTable"));
        QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 0, 10000);
        table->selectRow(0);
        page.findChild<QAction*>(QStringLiteral("chooseVersionAction"))->trigger();
        auto* chooser = page.findChild<ui::VersionChooserDialog*>();
        QVERIFY(chooser != nullptr);
        auto* versions = chooser->findChild<QLabel*>(QStringLiteral("versionStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(versions->text().contains(QStringLiteral(" of 2 (")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            versions->property("state").toString() != QStringLiteral("loading"), 20000);
        chooser->close();
        QTRY_VERIFY_WITH_TIMEOUT(!status->text().contains(QStringLiteral("Reading the channels")),
                                 20000);
    }
    QVERIFY(writeFile(m_home.filePath(QStringLiteral(".condarc")), "channels: []\n"));
}

QTEST_MAIN(TestEnvironmentsPage)
#include "tst_environments_page.moc"
