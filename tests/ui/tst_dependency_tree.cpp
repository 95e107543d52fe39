// The dependency tree of an environment: what a package needs and who needs it, built as the
// view expands it, cycles cut, missing and virtual dependencies shown; on a hand-made
// environment, on a real channel's packages, and on a real prefix where the fixtures have one.

#include "core/env/prefix.h"
#include "core/repodata/repodata_parser.h"
#include "core/specs/match_spec.h"
#include "core/specs/version.h"
#include "ui/environments/dependency_tree_model.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QElapsedTimer>
#include <QFont>
#include <QTest>

#include <map>

using namespace envdesk;
using envdesk::ui::DependencyTreeModel;
using Direction = envdesk::ui::DependencyTreeModel::Direction;

namespace {

specs::PackageRecord record(const char* name, const char* version,
                            std::vector<std::string> depends = {})
{
    specs::PackageRecord r;
    r.name = name;
    r.version = version;
    r.build = "0";
    r.channel = "conda-forge";
    r.subdir = "linux-64";
    r.depends = std::move(depends);
    return r;
}

// app -> lib -> zlib, app2 -> lib, python on its own; app also needs a virtual package and one
// that is not installed.
std::vector<specs::PackageRecord> smallEnvironment()
{
    return {record("app", "1.0", {"lib >=2,<3", "python >=3.11", "__glibc >=2.17", "missing-x"}),
            record("app2", "0.5", {"lib"}), record("lib", "2.1", {"zlib >=1.2.13,<2.0a0"}),
            record("python", "3.12.1"), record("zlib", "1.3.1")};
}

const std::map<std::string, std::string> kRequested = {{"app", "app"}, {"app2", "app2>=0.5"}};

// Fetches and walks everything below `parent`, as a user expanding every row would; returns the
// number of rows seen.
int expandAll(QAbstractItemModel& model, const QModelIndex& parent = {})
{
    if (model.canFetchMore(parent)) {
        model.fetchMore(parent);
    }
    const int rows = model.rowCount(parent);
    int seen = rows;
    for (int row = 0; row < rows; ++row) {
        seen += expandAll(model, model.index(row, 0, parent));
    }
    return seen;
}

QStringList childNames(QAbstractItemModel& model, const QModelIndex& parent)
{
    if (model.canFetchMore(parent)) {
        model.fetchMore(parent);
    }
    QStringList names;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        names << model.index(row, 0, parent).data(DependencyTreeModel::PackageNameRole).toString();
    }
    return names;
}

QModelIndex childNamed(QAbstractItemModel& model, const QModelIndex& parent, const QString& name)
{
    const int row = childNames(model, parent).indexOf(name);
    return row < 0 ? QModelIndex() : model.index(row, 0, parent);
}

} // namespace

class TestDependencyTree : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTesterBothWays();
    void showsWhatAPackageNeeds();
    void dependentsReachWhatTheUserRequested();
    void cycleIsShownOnceAndNotExpanded();
    void treeIsBuiltOnlyAsItIsExpanded();
    void realChannelPackages();
    void realEnvironmentPrefix();
};

void TestDependencyTree::passesTheModelTesterBothWays()
{
    DependencyTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    // The tester's own fetchMore runs inside its modelReset handler, before it has marked the
    // reset finished, and then takes the rows it inserts for a change in flight (Qt 6.4): the
    // test fetches instead, and the tester checks every insertion.
    tester.setUseFetchMore(false);
    auto records = smallEnvironment();
    records.push_back(record("a", "1", {"b"}));
    records.push_back(record("b", "1", {"a", "zlib"}));
    model.setEnvironment(records, kRequested);
    for (const char* root : {"app", "zlib", "a", "__glibc", "not-there"}) {
        for (const Direction direction : {Direction::Dependencies, Direction::Dependents}) {
            model.setRoot(root, direction);
            QVERIFY(expandAll(model) >= 1);
            for (int column = 0; column < model.columnCount(); ++column) {
                QVERIFY(!model.headerData(column, Qt::Horizontal, Qt::DisplayRole).isNull());
            }
        }
    }
    model.setRoot({}, Direction::Dependencies);
    QCOMPARE(model.rowCount(), 0);
}

void TestDependencyTree::showsWhatAPackageNeeds()
{
    DependencyTreeModel model;
    model.setEnvironment(smallEnvironment(), kRequested);
    model.setRoot("app", Direction::Dependencies);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), 2);
    const QModelIndex app = model.index(0, 0);
    QCOMPARE(app.data().toString(), QStringLiteral("app"));
    QCOMPARE(app.siblingAtColumn(DependencyTreeModel::VersionColumn).data().toString(),
             QStringLiteral("1.0"));
    QCOMPARE(childNames(model, app),
             (QStringList{QStringLiteral("__glibc"), QStringLiteral("lib"),
                          QStringLiteral("missing-x"), QStringLiteral("python")}));

    const QModelIndex lib = childNamed(model, app, QStringLiteral("lib"));
    QCOMPARE(lib.data().toString(), QStringLiteral("lib >=2,<3")); // the spec that led here
    QCOMPARE(lib.data(DependencyTreeModel::DependencySpecRole).toString(),
             QStringLiteral("lib >=2,<3"));
    QCOMPARE(lib.siblingAtColumn(DependencyTreeModel::VersionColumn).data().toString(),
             QStringLiteral("2.1"));
    QCOMPARE(childNames(model, lib), QStringList{QStringLiteral("zlib")});
    const QModelIndex zlib = childNamed(model, lib, QStringLiteral("zlib"));
    QCOMPARE(zlib.data().toString(), QStringLiteral("zlib >=1.2.13,<2.0a0"));
    QVERIFY(!model.hasChildren(zlib));

    // Not installed: the spec, greyed, with what it is in the version column.
    const QModelIndex glibc = childNamed(model, app, QStringLiteral("__glibc"));
    QVERIFY(!glibc.data(DependencyTreeModel::IsInstalledRole).toBool());
    QVERIFY(glibc.data(Qt::ForegroundRole).isValid());
    QCOMPARE(glibc.data().toString(), QStringLiteral("__glibc >=2.17"));
    QCOMPARE(glibc.siblingAtColumn(DependencyTreeModel::VersionColumn).data().toString(),
             QStringLiteral("virtual"));
    QVERIFY(!model.hasChildren(glibc));
    const QModelIndex missing = childNamed(model, app, QStringLiteral("missing-x"));
    QVERIFY(!missing.data(DependencyTreeModel::IsInstalledRole).toBool());
    QVERIFY(missing.data(Qt::ForegroundRole).isValid());
    QCOMPARE(missing.siblingAtColumn(DependencyTreeModel::VersionColumn).data().toString(),
             QStringLiteral("not installed"));
    QVERIFY(missing.data(Qt::ToolTipRole).toString().contains(QLatin1String("not installed")));
    QVERIFY(!childNamed(model, app, QStringLiteral("python")).data(Qt::ForegroundRole).isValid());

    model.setRoot("python", Direction::Dependencies);
    QVERIFY(!model.hasChildren(model.index(0, 0)));
}

void TestDependencyTree::dependentsReachWhatTheUserRequested()
{
    DependencyTreeModel model;
    model.setEnvironment(smallEnvironment(), kRequested);
    model.setRoot("zlib", Direction::Dependents);
    QCOMPARE(model.columnCount(), 3);
    const QModelIndex zlib = model.index(0, 0);
    QCOMPARE(childNames(model, zlib), QStringList{QStringLiteral("lib")});
    const QModelIndex lib = model.index(0, 0, zlib);
    QCOMPARE(lib.data().toString(), QStringLiteral("lib (requires zlib >=1.2.13,<2.0a0)"));
    QVERIFY(!lib.data(DependencyTreeModel::IsRequestedRole).toBool());
    QVERIFY(lib.siblingAtColumn(DependencyTreeModel::RequestedColumn).data().toString().isEmpty());
    QCOMPARE(childNames(model, lib), (QStringList{QStringLiteral("app"), QStringLiteral("app2")}));
    for (int row = 0; row < 2; ++row) {
        const QModelIndex root = model.index(row, 0, lib);
        QVERIFY(root.data(DependencyTreeModel::IsRequestedRole).toBool());
        QVERIFY(root.data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(root.siblingAtColumn(DependencyTreeModel::RequestedColumn).data().toString(),
                 QStringLiteral("requested"));
        QVERIFY(!model.hasChildren(root)); // the answer to "why": the walk stops here
    }
    QCOMPARE(
        model.index(1, DependencyTreeModel::RequestedColumn, lib).data(Qt::ToolTipRole).toString(),
        QStringLiteral("You asked for app2>=0.5"));

    // Nothing needs python: it is its own reason (requested or not, the tree just ends).
    model.setRoot("python", Direction::Dependents);
    QCOMPARE(childNames(model, model.index(0, 0)), QStringList{QStringLiteral("app")});
    // A virtual package has dependents too, though it is not installed.
    model.setRoot("__glibc", Direction::Dependents);
    QVERIFY(!model.index(0, 0).data(DependencyTreeModel::IsInstalledRole).toBool());
    QCOMPARE(childNames(model, model.index(0, 0)), QStringList{QStringLiteral("app")});
}

void TestDependencyTree::cycleIsShownOnceAndNotExpanded()
{
    DependencyTreeModel model;
    model.setEnvironment(
        {record("a", "1", {"b"}), record("b", "1", {"a >=1"}), record("self", "1", {"self"})},
        {{"a", "a"}});
    model.setRoot("a", Direction::Dependencies);
    QCOMPARE(expandAll(model), 3); // a, b, a again
    const QModelIndex b = model.index(0, 0, model.index(0, 0));
    const QModelIndex again = model.index(0, 0, b);
    QVERIFY(again.data(DependencyTreeModel::IsCycleRole).toBool());
    QCOMPARE(again.data().toString(), QStringLiteral("a >=1 (cycle)"));
    QVERIFY(!model.hasChildren(again));
    QVERIFY(!model.canFetchMore(again));

    model.setRoot("b", Direction::Dependents);
    QCOMPARE(expandAll(model), 2); // b <- a (requested: the walk stops there)
    model.setRoot("a", Direction::Dependents);
    QCOMPARE(expandAll(model), 3); // a <- b <- a (cycle)

    model.setRoot("self", Direction::Dependencies);
    QCOMPARE(expandAll(model), 2);
    QVERIFY(model.index(0, 0, model.index(0, 0)).data(DependencyTreeModel::IsCycleRole).toBool());
}

void TestDependencyTree::treeIsBuiltOnlyAsItIsExpanded()
{
    // 500 packages, each needing the next ten: eagerly, the tree would never end.
    std::vector<specs::PackageRecord> records;
    for (int i = 0; i < 500; ++i) {
        std::vector<std::string> depends;
        for (int j = i + 1; j <= i + 10 && j < 500; ++j) {
            depends.push_back("p" + std::to_string(j) + " >=1");
        }
        records.push_back(record("", "1", std::move(depends)));
        records.back().name = "p" + std::to_string(i);
    }
    DependencyTreeModel model;
    model.setEnvironment(records, {{"p0", "p0"}});
    model.setRoot("p0", Direction::Dependencies);
    QCOMPARE(model.loadedNodeCount(), std::size_t{1});
    QVERIFY(model.hasChildren(model.index(0, 0)));
    QCOMPARE(model.rowCount(model.index(0, 0)), 0); // not made until a view asks
    model.fetchMore(model.index(0, 0));
    QCOMPARE(model.rowCount(model.index(0, 0)), 10);
    QCOMPARE(model.loadedNodeCount(), std::size_t{11});

    model.setRoot("p499", Direction::Dependents);
    QCOMPARE(childNames(model, model.index(0, 0)).size(), 10);
    QCOMPARE(model.loadedNodeCount(), std::size_t{11});
}

void TestDependencyTree::realChannelPackages()
{
    // The newest build of every package of Anaconda's `r` channel, as if all were installed:
    // ~400 real packages whose dependencies reach outside the channel (python, compilers).
    const QString path = QStringLiteral(ENVDESK_FIXTURES_DIR "/repodata/conda/r_linux-64.json");
    if (!QFile::exists(path)) {
        QSKIP(qPrintable(QStringLiteral("no %1 in the fixtures").arg(path)));
    }
    auto repodata = repodata::loadRepodataFile(path.toStdString(), {"r", "", "linux-64", ""});
    QVERIFY2(repodata.ok(), repodata.ok() ? "" : repodata.error().message().c_str());
    // The channel holds two flavours of R; one environment has one of them (CRAN's R, not
    // Microsoft's `mro` builds).
    std::map<std::string, specs::PackageRecord> newest;
    for (auto& r : repodata->records) {
        if (r.name.rfind("mro-", 0) == 0 || r.build.rfind("mro", 0) == 0) {
            continue;
        }
        auto it = newest.find(r.name);
        const auto version = specs::Version::parse(r.version);
        const auto known = it == newest.end() ? version : specs::Version::parse(it->second.version);
        if (it == newest.end()) {
            newest.emplace(r.name, std::move(r));
        } else if (version && known
                   && (*known < *version
                       || (*known == *version && it->second.timestamp < r.timestamp))) {
            it->second = std::move(r);
        }
    }
    std::vector<specs::PackageRecord> records;
    for (auto& [name, r] : newest) {
        records.push_back(std::move(r));
    }
    QVERIFY(records.size() > 300);

    QElapsedTimer timer;
    timer.start();
    DependencyTreeModel model;
    model.setEnvironment(records, {{"r-essentials", "r-essentials"}});
    model.setRoot("r-essentials", Direction::Dependencies);
    const QStringList needs = childNames(model, model.index(0, 0));
    QVERIFY2(needs.contains(QStringLiteral("r-base")), qPrintable(needs.join(u' ')));
    QCOMPARE(model.loadedNodeCount(), std::size_t(needs.size()) + 1);
    const QModelIndex notebook = childNamed(model, model.index(0, 0), QStringLiteral("notebook"));
    QVERIFY(notebook.isValid()); // not in the `r` channel: shown as not installed
    QVERIFY(!notebook.data(DependencyTreeModel::IsInstalledRole).toBool());

    // Who needs r-base: nearly every package, each walk ending at r-essentials.
    model.setRoot("r-base", Direction::Dependents);
    const QModelIndex base = model.index(0, 0);
    const QStringList dependents = childNames(model, base);
    QVERIFY(dependents.size() > 100);
    const QModelIndex essentials = childNamed(model, base, QStringLiteral("r-essentials"));
    QVERIFY(essentials.data(DependencyTreeModel::IsRequestedRole).toBool());
    QVERIFY(!model.hasChildren(essentials));
    // Two levels further up from one of them reaches r-essentials again.
    const QModelIndex ggplot = childNamed(model, base, QStringLiteral("r-ggplot2"));
    QVERIFY(ggplot.isValid());
    QVERIFY(childNames(model, ggplot).contains(QStringLiteral("r-essentials")));
    qInfo("%zu packages: both trees built and first levels expanded in %lld ms", records.size(),
          static_cast<long long>(timer.elapsed()));
    QVERIFY(model.loadedNodeCount() < 500);
}

void TestDependencyTree::realEnvironmentPrefix()
{
    const QString envs = QStringLiteral(ENVDESK_FIXTURES_DIR "/envs");
    if (!QDir(envs).exists()) {
        QSKIP(qPrintable(QStringLiteral("no %1 folder").arg(envs)));
    }
    QString prefix;
    for (const auto& entry : QDir(envs).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (env::isEnvironment(entry.absoluteFilePath().toStdString())) {
            prefix = entry.absoluteFilePath();
            break;
        }
    }
    if (prefix.isEmpty()) {
        QSKIP(qPrintable(QStringLiteral("no environment with conda-meta under %1").arg(envs)));
    }
    auto records = env::readPrefixRecords(prefix.toStdString());
    QVERIFY2(records.ok(), records.ok() ? "" : records.error().message().c_str());
    QVERIFY(!records->empty());
    std::map<std::string, std::string> requested;
    if (auto asked = env::readRequestedSpecs(prefix.toStdString())) {
        for (const auto& spec : *asked) {
            if (auto parsed = specs::MatchSpec::parse(spec)) {
                requested.emplace(parsed->name(), spec);
            }
        }
    }
    const std::string root = requested.empty() ? records->front().name : requested.begin()->first;
    DependencyTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false); // two levels are enough; every path would be too many
    model.setEnvironment(*records, requested);
    for (const Direction direction : {Direction::Dependencies, Direction::Dependents}) {
        for (const std::string& name : {root, records->back().name}) {
            model.setRoot(name, direction);
            const QModelIndex top = model.index(0, 0);
            for (const QString& child : childNames(model, top)) {
                QVERIFY(!child.isEmpty());
                childNames(model, childNamed(model, top, child));
            }
        }
    }
    qInfo("%s: %zu packages, %zu rows for two levels", qPrintable(prefix), records->size(),
          model.loadedNodeCount());
}

QTEST_MAIN(TestDependencyTree)
#include "tst_dependency_tree.moc"
