// Choosing the version of a package to install: versions newest first by conda's order, builds
// under them, the installed build marked, the spec a choice makes, the filter, and the dialog's
// loading, error and ready states.

#include "core/specs/match_spec.h"
#include "ui/environments/version_chooser.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFont>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <QTreeView>

using namespace envdesk;
using envdesk::ui::VersionChooserDialog;
using envdesk::ui::VersionListModel;

namespace {

specs::PackageRecord build(const char* version, const char* buildString, std::uint64_t buildNumber,
                           const char* channel = "conda-forge")
{
    specs::PackageRecord r;
    r.name = "numpy";
    r.version = version;
    r.build = buildString;
    r.buildNumber = buildNumber;
    r.channel = channel;
    r.subdir = "linux-64";
    r.fn = r.distName() + ".conda";
    r.size = 7'340'032;
    r.timestamp = 1'700'000'000'000;
    return r;
}

std::vector<specs::PackageRecord> numpyRecords()
{
    // Out of order on purpose: the model sorts.
    return {build("1.9", "py39_0", 0),
            build("1.10", "py312_1", 1),
            build("2.0rc1", "py312_0", 0),
            build("1.10", "py312_3", 3),
            build("2.0", "py312_0", 0),
            build("1.10", "py311_2", 2, "defaults"),
            build("2.0", "py312_0", 0, "defaults")};
}

QStringList versionTexts(const QAbstractItemModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row) {
        out << model.index(row, 0).data(VersionListModel::VersionRole).toString();
    }
    return out;
}

QStringList buildTexts(const QAbstractItemModel& model, const QModelIndex& version)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(version); ++row) {
        out << model.index(row, 0, version).data(VersionListModel::BuildRole).toString();
    }
    return out;
}

QModelIndex versionRow(const QAbstractItemModel& model, const QString& version)
{
    const int row = versionTexts(model).indexOf(version);
    return row < 0 ? QModelIndex() : model.index(row, 0);
}

} // namespace

class TestVersionChooser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester();
    void newestVersionFirstHighestBuildFirst();
    void marksTheInstalledBuild();
    void specOfAVersionAndOfABuild();
    void filterByTextAndByVersionSpec();
    void dialogStates();
    void dialogChoosesAndGuardsOk();
};

void TestVersionChooser::passesTheModelTester()
{
    VersionListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRecords(numpyRecords(), build("1.10", "py312_1", 1));
    QCOMPARE(model.rowCount(), 4);
    model.setRecords({});
    QCOMPARE(model.rowCount(), 0);

    ui::VersionFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRecords(numpyRecords());
    filter.setQuery(QStringLiteral("py311"));
    filter.setQuery(QStringLiteral(">=1.10"));
    filter.setQuery({});
    QCOMPARE(filter.rowCount(), 4);
}

void TestVersionChooser::newestVersionFirstHighestBuildFirst()
{
    VersionListModel model;
    model.setRecords(numpyRecords());
    // conda's order: 1.10 > 1.9 (numbers, not text), 2.0rc1 < 2.0.
    QCOMPARE(versionTexts(model), (QStringList{QStringLiteral("2.0"), QStringLiteral("2.0rc1"),
                                               QStringLiteral("1.10"), QStringLiteral("1.9")}));
    const QModelIndex v110 = versionRow(model, QStringLiteral("1.10"));
    QCOMPARE(buildTexts(model, v110),
             (QStringList{QStringLiteral("py312_3"), QStringLiteral("py311_2"),
                          QStringLiteral("py312_1")}));
    // A build row says where it comes from.
    const QModelIndex fromDefaults = model.index(1, 0, v110);
    QCOMPARE(fromDefaults.siblingAtColumn(VersionListModel::ChannelColumn).data().toString(),
             QStringLiteral("defaults"));
    QCOMPARE(fromDefaults.siblingAtColumn(VersionListModel::SubdirColumn).data().toString(),
             QStringLiteral("linux-64"));
    QVERIFY(
        !fromDefaults.siblingAtColumn(VersionListModel::SizeColumn).data().toString().isEmpty());
    QCOMPARE(fromDefaults.siblingAtColumn(VersionListModel::DateColumn).data().toString(),
             QStringLiteral("2023-11-14"));
    // A version row sums its builds up: every channel that has it.
    QCOMPARE(v110.siblingAtColumn(VersionListModel::ChannelColumn).data().toString(),
             QStringLiteral("conda-forge, defaults"));
    // The same build from two channels is two rows.
    QCOMPARE(model.rowCount(versionRow(model, QStringLiteral("2.0"))), 2);
}

void TestVersionChooser::marksTheInstalledBuild()
{
    VersionListModel model;
    auto installed = build("1.10", "py312_1", 1);
    installed.channel = "https://conda.anaconda.org/conda-forge/linux-64"; // as conda-meta has it
    model.setRecords(numpyRecords(), installed);
    const QModelIndex v110 = versionRow(model, QStringLiteral("1.10"));
    QCOMPARE(model.installedVersionIndex(), v110);
    QVERIFY(model.isInstalled(v110));
    QVERIFY(v110.data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(v110.data().toString(), QStringLiteral("1.10 (installed)"));
    const QModelIndex installedBuild = model.index(2, 0, v110);
    QVERIFY(installedBuild.data(VersionListModel::IsInstalledRole).toBool());
    QVERIFY(installedBuild.data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(installedBuild.data().toString(), QStringLiteral("py312_1 (installed)"));
    QVERIFY(!model.index(0, 0, v110).data(VersionListModel::IsInstalledRole).toBool());
    QVERIFY(!model.index(0, 0, v110).data(Qt::FontRole).isValid());
    const QModelIndex v20 = versionRow(model, QStringLiteral("2.0"));
    QVERIFY(!model.isInstalled(v20));
    QCOMPARE(v20.data().toString(), QStringLiteral("2.0"));

    model.setRecords(numpyRecords());
    QVERIFY(!model.installedVersionIndex().isValid());
}

void TestVersionChooser::specOfAVersionAndOfABuild()
{
    VersionListModel model;
    const auto records = numpyRecords();
    model.setRecords(records);
    const QModelIndex v110 = versionRow(model, QStringLiteral("1.10"));
    QCOMPARE(model.specFor(v110), QStringLiteral("numpy==1.10"));
    QCOMPARE(model.specFor(model.index(1, 0, v110)), QStringLiteral("numpy==1.10=py311_2"));
    QCOMPARE(model.index(1, 3, v110).data(VersionListModel::SpecRole).toString(),
             QStringLiteral("numpy==1.10=py311_2"));
    QVERIFY(model.specFor({}).isEmpty());
    // Both are match specs that pick what the row shows.
    auto versionSpec = specs::MatchSpec::parse("numpy==1.10");
    auto buildSpec = specs::MatchSpec::parse("numpy==1.10=py311_2");
    QVERIFY(versionSpec.ok() && buildSpec.ok());
    int versionMatches = 0;
    int buildMatches = 0;
    for (const auto& record : records) {
        versionMatches += versionSpec->matches(record) ? 1 : 0;
        buildMatches += buildSpec->matches(record) ? 1 : 0;
    }
    QCOMPARE(versionMatches, 3);
    QCOMPARE(buildMatches, 1);
}

void TestVersionChooser::filterByTextAndByVersionSpec()
{
    VersionListModel model;
    model.setRecords(numpyRecords());
    ui::VersionFilterModel filter;
    filter.setSourceModel(&model);

    filter.setQuery(QStringLiteral("2.0"));
    QCOMPARE(versionTexts(filter), (QStringList{QStringLiteral("2.0"), QStringLiteral("2.0rc1")}));
    QCOMPARE(filter.rowCount(filter.index(0, 0)), 2); // a version that matches keeps its builds

    filter.setQuery(QStringLiteral(">=1.10,<2.0"));
    QCOMPARE(versionTexts(filter), (QStringList{QStringLiteral("2.0rc1"), QStringLiteral("1.10")}));

    filter.setQuery(QStringLiteral("py311"));
    QCOMPARE(versionTexts(filter), QStringList{QStringLiteral("1.10")});
    QCOMPARE(buildTexts(filter, filter.index(0, 0)), QStringList{QStringLiteral("py311_2")});

    filter.setQuery(QStringLiteral("nothing-like-this"));
    QCOMPARE(filter.rowCount(), 0);
}

void TestVersionChooser::dialogStates()
{
    VersionChooserDialog dialog(QStringLiteral("numpy"), build("1.10", "py312_1", 1));
    auto* status = dialog.findChild<QLabel*>(QStringLiteral("versionStatus"));
    auto* tree = dialog.findChild<QTreeView*>(QStringLiteral("versionTree"));
    auto* filter = dialog.findChild<QLineEdit*>(QStringLiteral("versionFilter"));
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(status && tree && filter && ok);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    // Shown before the records: it says it is loading.
    QVERIFY(status->isVisible());
    QCOMPARE(status->property("state").toString(), QStringLiteral("loading"));
    QVERIFY2(status->text().contains(QLatin1String("Loading")), qPrintable(status->text()));
    QVERIFY(!ok->isEnabled());
    dialog.setLoading(true);
    QCOMPARE(status->property("state").toString(), QStringLiteral("loading"));

    dialog.setError(QStringLiteral("conda-forge: connection timed out"));
    QCOMPARE(status->property("state").toString(), QStringLiteral("error"));
    QVERIFY2(status->text().contains(QLatin1String("connection timed out")),
             qPrintable(status->text()));
    QVERIFY(!tree->isEnabled());
    QVERIFY(!ok->isEnabled());

    dialog.setLoading(true); // a retry
    QCOMPARE(status->property("state").toString(), QStringLiteral("loading"));
    // How far the channels have come, after the loading message, until the records are in.
    dialog.setLoadingProgress(QStringLiteral("1 of 2 (3.1 MB)"));
    QVERIFY2(status->text().contains(QLatin1String("Loading"))
                 && status->text().endsWith(QLatin1String("1 of 2 (3.1 MB)")),
             qPrintable(status->text()));
    dialog.setRecords(numpyRecords());
    QVERIFY2(!status->text().contains(QLatin1String("3.1 MB")), qPrintable(status->text()));
    dialog.setLoadingProgress(QStringLiteral("2 of 2 (3.2 MB)")); // late: ignored
    QVERIFY2(!status->text().contains(QLatin1String("3.2 MB")), qPrintable(status->text()));
    QCOMPARE(status->property("state").toString(), QStringLiteral("ready"));
    QVERIFY(tree->isEnabled());
    QVERIFY2(status->text().contains(QLatin1String("4 versions")), qPrintable(status->text()));
    QVERIFY2(status->text().contains(QLatin1String("1.10")), qPrintable(status->text()));
    QCOMPARE(tree->model()->rowCount(), 4);
    // It opens on the installed version, which cannot be chosen.
    QCOMPARE(dialog.chosenSpec(), QStringLiteral("numpy==1.10"));
    QVERIFY(!ok->isEnabled());

    QTest::keyClicks(filter, QStringLiteral("zzz"));
    QVERIFY2(status->text().contains(QLatin1String("zzz")), qPrintable(status->text()));
    QCOMPARE(tree->model()->rowCount(), 0);
    filter->clear();
    QCOMPARE(tree->model()->rowCount(), 4);

    dialog.setRecords({});
    QCOMPARE(status->property("state").toString(), QStringLiteral("ready"));
    QVERIFY2(status->text().contains(QLatin1String("No channel has numpy")),
             qPrintable(status->text()));
    QVERIFY(!ok->isEnabled());
    dialog.setLoading(true);
    dialog.setLoading(false);
    QCOMPARE(status->property("state").toString(), QStringLiteral("ready"));
}

void TestVersionChooser::dialogChoosesAndGuardsOk()
{
    VersionChooserDialog dialog(QStringLiteral("numpy"), build("1.10", "py312_1", 1));
    dialog.setRecords(numpyRecords());
    auto* tree = dialog.findChild<QTreeView*>(QStringLiteral("versionTree"));
    auto* showBuilds = dialog.findChild<QCheckBox*>(QStringLiteral("versionShowBuilds"));
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(tree && showBuilds && ok);
    const QAbstractItemModel* model = tree->model();

    // A version row: name==version.
    tree->setCurrentIndex(versionRow(*model, QStringLiteral("2.0")));
    QCOMPARE(dialog.chosenSpec(), QStringLiteral("numpy==2.0"));
    QVERIFY(ok->isEnabled());

    // A build row: name==version=build.
    const QModelIndex v110 = versionRow(*model, QStringLiteral("1.10"));
    tree->setCurrentIndex(model->index(0, 0, v110));
    QCOMPARE(dialog.chosenSpec(), QStringLiteral("numpy==1.10=py312_3"));
    QVERIFY(ok->isEnabled());

    // The installed build, and the installed version, change nothing.
    tree->setCurrentIndex(model->index(2, 0, v110));
    QCOMPARE(dialog.chosenSpec(), QStringLiteral("numpy==1.10=py312_1"));
    QVERIFY(!ok->isEnabled());
    tree->setCurrentIndex(v110);
    QVERIFY(!ok->isEnabled());

    showBuilds->setChecked(true);
    QVERIFY(tree->isExpanded(v110));
    showBuilds->setChecked(false);
    QVERIFY(!tree->isExpanded(v110));

    // Nothing installed: any row can be chosen; accepting returns the spec.
    VersionChooserDialog fresh(QStringLiteral("numpy"));
    fresh.setRecords(numpyRecords());
    auto* freshTree = fresh.findChild<QTreeView*>(QStringLiteral("versionTree"));
    auto* freshOk = fresh.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(fresh.chosenSpec().isEmpty());
    QVERIFY(!freshOk->isEnabled());
    freshTree->setCurrentIndex(versionRow(*freshTree->model(), QStringLiteral("1.9")));
    QVERIFY(freshOk->isEnabled());
    freshOk->click();
    QCOMPARE(fresh.result(), int(QDialog::Accepted));
    QCOMPARE(fresh.chosenSpec(), QStringLiteral("numpy==1.9"));
}

QTEST_MAIN(TestVersionChooser)
#include "tst_version_chooser.moc"
