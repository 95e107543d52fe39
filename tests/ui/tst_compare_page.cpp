// The Compare place on the offscreen platform, on real lock files from ../shared/fixtures: the
// counts the CLI reports, identical locks, a tab per platform and manager, chips and search
// filtering rows, swapping the sides, a broken file naming its path and line on its own side,
// dropping files, installed environments, and the HTML and JSON exports.

#include "core/diff/diff_report.h"
#include "core/diff/lock_diff.h"
#include "ui/common/standard_dialogs.h"
#include "ui/common/translations.h"
#include "ui/compare/compare_page.h"
#include "ui/compare/diff_table_model.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPalette>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrl>

#include <set>

using namespace envdesk;
using envdesk::ui::ComparePage;
using envdesk::ui::DiffFilterModel;
using envdesk::ui::DiffTableModel;

namespace {

constexpr int kTimeout = 30000;

QString lockfiles()
{
    return QStringLiteral(ENVDESK_FIXTURES_DIR "/lockfiles");
}

QString condaLockV2()
{
    return lockfiles() + QStringLiteral("/conda-lock/conda-lock_v2.5.8.conda-lock.yml");
}

QString condaLockV3()
{
    return lockfiles() + QStringLiteral("/conda-lock/conda-lock_v3.0.3.conda-lock.yml");
}

QString pixiV6()
{
    return lockfiles() + QStringLiteral("/pixi/rattler-lock_v6_numpy-as-pypi-lock.yml");
}

QString pixiV7()
{
    return lockfiles() + QStringLiteral("/pixi/rattler-lock_v7_numpy-as-pypi-lock.yml");
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A prefix with conda-meta records as conda writes them.
void makeEnvironment(const QString& prefix, const QList<QStringList>& packages)
{
    for (const auto& package : packages) {
        const QByteArray json = "{\"name\": \"" + package.at(0).toUtf8() + "\", \"version\": \""
                                + package.at(1).toUtf8() + "\", \"build\": \""
                                + package.at(2).toUtf8()
                                + "\", \"build_number\": 0, \"channel\": "
                                  "\"https://conda.anaconda.org/conda-forge/linux-64\", "
                                  "\"subdir\": \"linux-64\", \"depends\": []}";
        QVERIFY(writeFile(prefix + QStringLiteral("/conda-meta/") + package.at(0) + QLatin1Char('-')
                              + package.at(1) + QLatin1Char('-') + package.at(2)
                              + QStringLiteral(".json"),
                          json));
    }
    QVERIFY(writeFile(prefix + QStringLiteral("/conda-meta/history"), QByteArray()));
}

template <typename T>
T* child(const QWidget& page, const char* name)
{
    return page.findChild<T*>(QLatin1String(name));
}

QToolButton* chip(const QWidget& page, diff::ChangeKind kind)
{
    return page.findChild<QToolButton*>(
        QStringLiteral("chip_") + QString::fromStdString(std::string(diff::toString(kind))));
}

// The number a chip shows ("↓6 downgraded" -> 6), -1 when it shows none.
int chipCount(const QWidget& page, diff::ChangeKind kind)
{
    const QToolButton* button = chip(page, kind);
    if (button == nullptr) {
        return -1;
    }
    const auto match = QRegularExpression(QStringLiteral("(\\d+)")).match(button->text());
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

// Sets both sides and waits for the comparison; false when it did not finish.
bool compareOn(ComparePage& page, const QString& left, const QString& right)
{
    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    page.setLeft(left);
    page.setRight(right);
    // Setting the left side alone starts a read of it that the right side's replaces: only the
    // last run reports.
    return finished.wait(kTimeout) || !finished.isEmpty();
}

QStringList visibleNames(const ComparePage& page)
{
    QStringList names;
    const auto* model = page.filter();
    for (int row = 0; row < model->rowCount(); ++row) {
        names << model->index(row, DiffTableModel::PackageColumn).data().toString();
    }
    return names;
}

void dropOn(QWidget* zone, const QStringList& paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const auto& path : paths) {
        urls << QUrl::fromLocalFile(path);
    }
    mime.setUrls(urls);
    const QPoint at = zone->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(zone, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(zone, &drop);
    QVERIFY(drop.isAccepted());
}

} // namespace

class TestComparePage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void modelsPassTheModelTester();
    void condaLockVersionsShowTheCliCounts();
    void identicalPixiLocks();
    void tabPerPlatformAndManager();
    void chipsToggleTheirRows();
    void environmentButtonsListTheKnownEnvironments();
    void searchFiltersByName();
    void swapExchangesTheSides();
    void brokenFileNamesPathAndLineOnItsSide();
    void truncatedLockNamesPathAndLine();
    void dropZonesTakeFilesAndFolders();
    void installedEnvironmentsCompare();
    void specKindsGetChipsWhenTheyOccur();
    void exportWritesHtmlAndJson();
    void exportedPageSpeaksTheWindowsLanguage();
    void exportButtonAsksWhereAndHow();
    void screenshots();

private:
    QTemporaryDir m_dir;
};

void TestComparePage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_dir.isValid(), "a temporary folder is needed");
}

void TestComparePage::init()
{
    if (!QDir(lockfiles()).exists()) {
        QSKIP("../shared/fixtures is absent: no lock files to compare");
    }
}

void TestComparePage::modelsPassTheModelTester()
{
    auto result = diff::diffSources(condaLockV2().toStdString(), condaLockV3().toStdString());
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    DiffTableModel model;
    DiffFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setResult(*result);
    QCOMPARE(model.rowCount(), 314);
    QCOMPARE(filter.rowCount(), 7); // unchanged rows are hidden until asked for
    filter.setKindVisible(diff::ChangeKind::Unchanged, true);
    QCOMPARE(filter.rowCount(), 314);
    filter.setSection(1);
    filter.setSearch(QStringLiteral("py"));
    filter.sort(DiffTableModel::ChangeColumn, Qt::DescendingOrder);
    filter.setSection(-1);
    filter.setSearch({});
    // Every cell of every role answers without tripping the tester.
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::DecorationRole),
                             int(Qt::ForegroundRole), int(DiffTableModel::SortRole)}) {
                (void)index.data(role);
            }
        }
    }
    model.clear();
    QCOMPARE(filter.rowCount(), 0);
}

void TestComparePage::condaLockVersionsShowTheCliCounts()
{
    ComparePage page;
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    QVERIFY(page.result() != nullptr);
    // As tests/cli/tst_cli_diff.cpp: "6 downgraded, 1 category changed, 307 unchanged".
    QCOMPARE(chipCount(page, diff::ChangeKind::Downgraded), 6);
    QCOMPARE(chipCount(page, diff::ChangeKind::CategoryChanged), 1);
    QCOMPARE(chipCount(page, diff::ChangeKind::Unchanged), 307);
    QCOMPARE(chipCount(page, diff::ChangeKind::Added), 0);
    QCOMPARE(chipCount(page, diff::ChangeKind::Upgraded), 0);
    QVERIFY(chip(page, diff::ChangeKind::Downgraded)->text().contains(QStringLiteral("↓6")));
    QVERIFY(!chip(page, diff::ChangeKind::Added)->isEnabled());
    QVERIFY(chip(page, diff::ChangeKind::Downgraded)->isEnabled());
    // The rarer kinds have a chip only when they occur.
    QVERIFY(!chip(page, diff::ChangeKind::Loosened)->isVisibleTo(&page));
    QVERIFY(chip(page, diff::ChangeKind::CategoryChanged)->isVisibleTo(&page));

    // The downgrades are pip's, one per platform.
    QCOMPARE(page.filter()->rowCount(), 7);
    int pipDowngrades = 0;
    for (int row = 0; row < page.filter()->rowCount(); ++row) {
        const QModelIndex index = page.filter()->index(row, 0);
        const auto* entry = page.model()->entryAt(page.filter()->mapToSource(index).row());
        QVERIFY(entry != nullptr);
        const auto& section = page.result()->sections[static_cast<std::size_t>(
            index.data(DiffTableModel::SectionRole).toInt())];
        if (entry->kind == diff::ChangeKind::Downgraded && section.manager == "pip") {
            ++pipDowngrades;
        }
    }
    QCOMPARE(pipDowngrades, 6);
    QVERIFY(visibleNames(page).contains(QStringLiteral("cowsay")));

    // The category change shows both sides' categories and the change as icon and text.
    const int colorama = static_cast<int>(visibleNames(page).indexOf(QStringLiteral("colorama")));
    QVERIFY(colorama >= 0);
    const auto cell = [&](int column) { return page.filter()->index(colorama, column); };
    QVERIFY2(cell(DiffTableModel::LeftColumn)
                 .data()
                 .toString()
                 .contains(QStringLiteral("test (optional)")),
             qPrintable(cell(DiffTableModel::LeftColumn).data().toString()));
    QVERIFY(cell(DiffTableModel::RightColumn).data().toString().contains(QStringLiteral("main")));
    QCOMPARE(cell(DiffTableModel::ChangeColumn).data().toString(),
             QStringLiteral("category changed"));
    QVERIFY(!cell(DiffTableModel::ChangeColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(cell(DiffTableModel::ChannelColumn).data().toString(), QStringLiteral("conda-forge"));

    const auto* status = child<QLabel>(page, "compareStatus");
    QVERIFY2(status->text().contains(QStringLiteral("7 changed, 307 unchanged")),
             qPrintable(status->text()));
    QVERIFY(child<QToolButton>(page, "exportButton")->isEnabled());
    QVERIFY(child<QLabel>(page, "leftInfo")->text().contains(QStringLiteral("conda-lock")));
    QVERIFY(child<QLabel>(page, "leftInfo")->text().contains(QStringLiteral("6 platforms")));
}

void TestComparePage::identicalPixiLocks()
{
    ComparePage page;
    QVERIFY(compareOn(page, pixiV6(), pixiV7()));
    QVERIFY(page.result() != nullptr);
    QVERIFY(page.result()->identical());
    QCOMPARE(chipCount(page, diff::ChangeKind::Unchanged), 20);
    for (const auto kind : diff::allChangeKinds()) {
        if (kind != diff::ChangeKind::Unchanged) {
            QCOMPARE(chipCount(page, kind) <= 0, true);
        }
    }
    QCOMPARE(page.filter()->rowCount(), 0);
    QVERIFY2(child<QLabel>(page, "compareStatus")->text().contains(QStringLiteral("the same")),
             qPrintable(child<QLabel>(page, "compareStatus")->text()));
    chip(page, diff::ChangeKind::Unchanged)->click();
    QCOMPARE(page.filter()->rowCount(), 20);
    QVERIFY(child<QLabel>(page, "leftInfo")->text().contains(QStringLiteral("pixi.lock")));
}

void TestComparePage::tabPerPlatformAndManager()
{
    ComparePage page;
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    const auto* tabs = child<QTabBar>(page, "sectionTabs");
    const auto& sections = page.result()->sections;
    QCOMPARE(sections.size(), std::size_t{12}); // six platforms, conda and pip each
    // "All platforms" first, then one tab per section.
    QCOMPARE(tabs->count(), 13);
    QCOMPARE(tabs->tabData(0).toInt(), -1);
    QSet<QString> platforms;
    for (int index = 1; index < tabs->count(); ++index) {
        const int section = tabs->tabData(index).toInt();
        QCOMPARE(section, index - 1);
        const auto& s = sections[static_cast<std::size_t>(section)];
        QVERIFY2(tabs->tabText(index).startsWith(QString::fromStdString(s.platform)),
                 qPrintable(tabs->tabText(index)));
        QVERIFY(tabs->tabText(index).contains(QString::fromStdString(s.manager)));
        platforms.insert(QString::fromStdString(s.platform));
    }
    QCOMPARE(platforms, (QSet<QString>{QStringLiteral("linux-64"), QStringLiteral("linux-aarch64"),
                                       QStringLiteral("linux-ppc64le"), QStringLiteral("osx-64"),
                                       QStringLiteral("osx-arm64"), QStringLiteral("win-64")}));

    auto* table = child<QTableView>(page, "diffTable");
    QVERIFY(!table->isColumnHidden(DiffTableModel::PlatformColumn));
    // win-64's pip section: one downgrade, and the chips count that tab only.
    int winPip = -1;
    for (int index = 1; index < tabs->count(); ++index) {
        const auto& s = sections[static_cast<std::size_t>(tabs->tabData(index).toInt())];
        if (s.platform == "win-64" && s.manager == "pip") {
            winPip = index;
        }
    }
    QVERIFY(winPip > 0);
    const_cast<QTabBar*>(tabs)->setCurrentIndex(winPip);
    QVERIFY(table->isColumnHidden(DiffTableModel::PlatformColumn));
    QCOMPARE(page.filter()->rowCount(), 1);
    QCOMPARE(chipCount(page, diff::ChangeKind::Downgraded), 1);
    QCOMPARE(chipCount(page, diff::ChangeKind::CategoryChanged), 0);
    const auto& winSection = sections[static_cast<std::size_t>(tabs->tabData(winPip).toInt())];
    QCOMPARE(chipCount(page, diff::ChangeKind::Unchanged),
             winSection.summary.count(diff::ChangeKind::Unchanged));
    const_cast<QTabBar*>(tabs)->setCurrentIndex(0);
    QCOMPARE(page.filter()->rowCount(), 7);
}

void TestComparePage::chipsToggleTheirRows()
{
    ComparePage page;
    QAbstractItemModelTester modelTester(page.model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(page.filter(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    QToolButton* downgraded = chip(page, diff::ChangeKind::Downgraded);
    QToolButton* unchanged = chip(page, diff::ChangeKind::Unchanged);
    QVERIFY(downgraded->isCheckable() && downgraded->isChecked());
    QVERIFY(!unchanged->isChecked());
    QCOMPARE(page.filter()->rowCount(), 7);
    const auto kindsShown = [&] {
        std::set<int> kinds;
        for (int row = 0; row < page.filter()->rowCount(); ++row) {
            kinds.insert(page.filter()->index(row, 0).data(DiffTableModel::KindRole).toInt());
        }
        return kinds;
    };
    // A chip pressed while every change shows leaves its kind alone...
    downgraded->click();
    QVERIFY(downgraded->isChecked());
    QVERIFY(!chip(page, diff::ChangeKind::CategoryChanged)->isChecked());
    QCOMPARE(page.filter()->rowCount(), 6);
    QCOMPARE(kindsShown(), std::set<int>{static_cast<int>(diff::ChangeKind::Downgraded)});
    // ... pressed again, everything comes back.
    downgraded->click();
    QCOMPARE(page.filter()->rowCount(), 7);
    QVERIFY(chip(page, diff::ChangeKind::CategoryChanged)->isChecked());
    // Unchanged rows are an extra of their own.
    unchanged->click();
    QCOMPARE(page.filter()->rowCount(), 7 + 307);
    downgraded->click();
    QCOMPARE(page.filter()->rowCount(), 6 + 307);
    // With some kinds shown, another chip adds or removes its kind.
    chip(page, diff::ChangeKind::CategoryChanged)->click();
    QCOMPARE(page.filter()->rowCount(), 314);
    chip(page, diff::ChangeKind::CategoryChanged)->click();
    QCOMPARE(page.filter()->rowCount(), 313);
    for (int row = 0; row < page.filter()->rowCount(); ++row) {
        QVERIFY(page.filter()->index(row, 0).data(DiffTableModel::KindRole).toInt()
                != static_cast<int>(diff::ChangeKind::CategoryChanged));
    }
    // Nothing left to list: the table says so instead of showing an empty grid.
    QTest::keyClicks(child<QLineEdit>(page, "diffSearch"), QStringLiteral("no-such-package"));
    QCOMPARE(page.filter()->rowCount(), 0);
    QVERIFY(child<QLabel>(page, "noRowsLabel")->isVisibleTo(&page));
    QVERIFY(child<QLabel>(page, "noRowsLabel")->text().contains(QStringLiteral("Nothing matches")));
    QVERIFY(child<QTableView>(page, "diffTable")->isHidden());
    child<QLineEdit>(page, "diffSearch")->clear();
    QVERIFY(!child<QTableView>(page, "diffTable")->isHidden());
    // The chip's state is what a screen reader hears.
    QVERIFY(!downgraded->accessibleName().isEmpty());
    QVERIFY(!downgraded->accessibleDescription().isEmpty());
}

// Environment… lists the environments the app knows, then any other folder.
void TestComparePage::environmentButtonsListTheKnownEnvironments()
{
    ComparePage page;
    page.setKnownEnvironments([] {
        return std::vector<std::pair<QString, QString>>{
            {QStringLiteral("paper"), QStringLiteral("/nonexistent/envs/paper")}};
    });
    auto* menu = page.findChild<QMenu*>(QStringLiteral("leftEnvironmentMenu"));
    QVERIFY(menu != nullptr);
    Q_EMIT menu->aboutToShow();
    const auto actions = menu->actions();
    QVERIFY(actions.size() >= 3);
    QCOMPARE(actions.front()->text(), QStringLiteral("paper"));
    QCOMPARE(actions.back()->text(), QStringLiteral("Other folder…"));
    actions.front()->trigger();
    QCOMPARE(page.left(), QStringLiteral("/nonexistent/envs/paper"));
}

void TestComparePage::searchFiltersByName()
{
    ComparePage page;
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    auto* search = child<QLineEdit>(page, "diffSearch");
    QTest::keyClicks(search, QStringLiteral("COWS"));
    QVERIFY(page.filter()->rowCount() > 0);
    for (const QString& name : visibleNames(page)) {
        QCOMPARE(name, QStringLiteral("cowsay"));
    }
    QVERIFY2(child<QLabel>(page, "compareStatus")
                 ->text()
                 .contains(QStringLiteral("%1 of 314 rows shown").arg(page.filter()->rowCount())),
             qPrintable(child<QLabel>(page, "compareStatus")->text()));
    search->clear();
    QCOMPARE(page.filter()->rowCount(), 7);
    search->setText(QStringLiteral("no-such-package"));
    QCOMPARE(page.filter()->rowCount(), 0);
}

void TestComparePage::swapExchangesTheSides()
{
    ComparePage page;
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    child<QToolButton>(page, "swapButton")->click();
    QVERIFY(finished.wait(kTimeout));
    QCOMPARE(page.left(), condaLockV3());
    QCOMPARE(page.right(), condaLockV2());
    QCOMPARE(child<QLineEdit>(page, "leftPath")->text(), condaLockV3());
    QCOMPARE(child<QLineEdit>(page, "rightPath")->text(), condaLockV2());
    QCOMPARE(chipCount(page, diff::ChangeKind::Upgraded), 6);
    QCOMPARE(chipCount(page, diff::ChangeKind::Downgraded), 0);
    QCOMPARE(chipCount(page, diff::ChangeKind::CategoryChanged), 1);
    QCOMPARE(page.result()->a.path, condaLockV3().toStdString());
}

void TestComparePage::brokenFileNamesPathAndLineOnItsSide()
{
    const QString bad = m_dir.filePath(QStringLiteral("bad.txt"));
    QVERIFY(writeFile(bad, "@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/linux-64/"
                           "zlib-1.3-h0_0.conda\nnot a package\n"));
    ComparePage page;
    QVERIFY(compareOn(page, bad, condaLockV3()));
    QVERIFY(page.result() == nullptr);
    QVERIFY2(page.errorOf(ComparePage::Side::Left).contains(bad + QStringLiteral(":3")),
             qPrintable(page.errorOf(ComparePage::Side::Left)));
    auto* leftError = child<QLabel>(page, "leftError");
    QVERIFY(leftError->isVisibleTo(&page));
    QVERIFY(leftError->text().contains(bad + QStringLiteral(":3")));
    // The other side keeps its path and says what it read.
    QVERIFY(page.errorOf(ComparePage::Side::Right).isEmpty());
    QVERIFY(!child<QLabel>(page, "rightError")->isVisibleTo(&page));
    QCOMPARE(child<QLineEdit>(page, "rightPath")->text(), condaLockV3());
    QVERIFY2(child<QLabel>(page, "rightInfo")->text().contains(QStringLiteral("conda-lock")),
             qPrintable(child<QLabel>(page, "rightInfo")->text()));
    QVERIFY(!child<QToolButton>(page, "exportButton")->isEnabled());

    // Fixing the side compares again, the other side untouched.
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    QVERIFY(page.result() != nullptr);
    QVERIFY(!leftError->isVisibleTo(&page));

    // A file that is not there, on the other side this time.
    {
        QSignalSpy finished(&page, &ComparePage::comparisonFinished);
        page.setRight(m_dir.filePath(QStringLiteral("missing.yml")));
        QVERIFY(finished.wait(kTimeout));
        QVERIFY(page.errorOf(ComparePage::Side::Right).contains(QStringLiteral("missing.yml")));
        QVERIFY(page.errorOf(ComparePage::Side::Left).isEmpty());
    }
}

void TestComparePage::truncatedLockNamesPathAndLine()
{
    // A lock that ends inside a package entry, as tests/cli/tst_cli_diff.cpp makes it.
    const QByteArray whole = readFile(condaLockV2());
    const int cut = static_cast<int>(whole.indexOf("- name: ", whole.size() / 2));
    QVERIFY2(cut > 0, "a package entry in the second half");
    const QString truncated = m_dir.filePath(QStringLiteral("truncated.conda-lock.yml"));
    QVERIFY(writeFile(truncated, whole.left(whole.indexOf("\n  url:", cut))));
    ComparePage page;
    QVERIFY(compareOn(page, condaLockV3(), truncated));
    QVERIFY(page.result() == nullptr);
    const QString error = page.errorOf(ComparePage::Side::Right);
    QVERIFY2(error.contains(QRegularExpression(QRegularExpression::escape(truncated)
                                               + QStringLiteral(":\\d+:\\d+\\b"))),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("has no 'url'")), qPrintable(error));
    QVERIFY(page.errorOf(ComparePage::Side::Left).isEmpty());
    QVERIFY(child<QLabel>(page, "leftInfo")->text().contains(QStringLiteral("conda-lock")));
}

void TestComparePage::dropZonesTakeFilesAndFolders()
{
    ComparePage page;
    page.resize(1000, 700);
    page.show();
    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    dropOn(child<QWidget>(page, "leftDropZone"), {pixiV6()});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeout);
    // Dropped paths arrive as URLs, cleaned ("a/../b" is "b").
    QCOMPARE(page.left(), QDir::cleanPath(pixiV6()));
    QVERIFY(page.result() == nullptr); // one side only: read, not compared
    QVERIFY(child<QLabel>(page, "leftInfo")->text().contains(QStringLiteral("pixi.lock")));
    dropOn(child<QWidget>(page, "rightDropZone"), {pixiV7()});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kTimeout);
    QCOMPARE(page.right(), QDir::cleanPath(pixiV7()));
    QVERIFY(page.result() != nullptr && page.result()->identical());

    // Two dropped at once fill both sides, the first where they were dropped.
    dropOn(child<QWidget>(page, "rightDropZone"), {condaLockV2(), condaLockV3()});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, kTimeout);
    QCOMPARE(page.right(), QDir::cleanPath(condaLockV2()));
    QCOMPARE(page.left(), QDir::cleanPath(condaLockV3()));
    QCOMPARE(chipCount(page, diff::ChangeKind::Upgraded), 6);

    // Text without URLs is refused.
    QMimeData text;
    text.setText(QStringLiteral("numpy"));
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(child<QWidget>(page, "leftDropZone"), &enter);
    QVERIFY(!enter.isAccepted());
}

void TestComparePage::installedEnvironmentsCompare()
{
    const QString before = m_dir.filePath(QStringLiteral("envs/before"));
    const QString after = m_dir.filePath(QStringLiteral("envs/after"));
    makeEnvironment(
        before, {{QStringLiteral("zlib"), QStringLiteral("1.2.13"), QStringLiteral("h4ab18f5_6")},
                 {QStringLiteral("xz"), QStringLiteral("5.4.6"), QStringLiteral("h0_0")},
                 {QStringLiteral("bzip2"), QStringLiteral("1.0.8"), QStringLiteral("h4bc722e_7")}});
    makeEnvironment(
        after,
        {{QStringLiteral("zlib"), QStringLiteral("1.3.1"), QStringLiteral("hb9d3cd8_2")},
         {QStringLiteral("bzip2"), QStringLiteral("1.0.8"), QStringLiteral("hda65f42_8")},
         {QStringLiteral("libzlib"), QStringLiteral("1.3.1"), QStringLiteral("hb9d3cd8_2")}});
    ComparePage page;
    QSignalSpy finished(&page, &ComparePage::comparisonFinished);
    dropOn(child<QWidget>(page, "leftDropZone"), {before, after});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeout);
    QVERIFY2(page.result() != nullptr, qPrintable(page.errorOf(ComparePage::Side::Left)));
    QCOMPARE(chipCount(page, diff::ChangeKind::Upgraded), 1);
    QCOMPARE(chipCount(page, diff::ChangeKind::Removed), 1);
    QCOMPARE(chipCount(page, diff::ChangeKind::Added), 1);
    QCOMPARE(chipCount(page, diff::ChangeKind::Rebuilt), 1);
    QVERIFY(child<QLabel>(page, "leftInfo")->text().contains(QStringLiteral("installed")));
    QVERIFY(child<QTabBar>(page, "sectionTabs")->isHidden()); // one section: no tabs
    const QStringList names = visibleNames(page);
    QCOMPARE(names.size(), 4);
    const int zlib = static_cast<int>(names.indexOf(QStringLiteral("zlib")));
    QCOMPARE(page.filter()->index(zlib, DiffTableModel::LeftColumn).data().toString(),
             QStringLiteral("1.2.13 h4ab18f5_6"));
    QCOMPARE(page.filter()->index(zlib, DiffTableModel::RightColumn).data().toString(),
             QStringLiteral("1.3.1 hb9d3cd8_2"));
    const int libzlib = static_cast<int>(names.indexOf(QStringLiteral("libzlib")));
    QCOMPARE(page.filter()->index(libzlib, DiffTableModel::LeftColumn).data().toString(),
             QStringLiteral("\u2014"));

    // A folder that is not an environment is refused on its side.
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("plain"))));
    QVERIFY(compareOn(page, before, m_dir.filePath(QStringLiteral("plain"))));
    QVERIFY(!page.errorOf(ComparePage::Side::Right).isEmpty());
    QVERIFY(page.errorOf(ComparePage::Side::Left).isEmpty());
}

void TestComparePage::specKindsGetChipsWhenTheyOccur()
{
    const QString a = m_dir.filePath(QStringLiteral("specs/a/environment.yml"));
    const QString b = m_dir.filePath(QStringLiteral("specs/b/environment.yml"));
    QVERIFY(writeFile(a, "name: demo\nchannels:\n  - conda-forge\ndependencies:\n"
                         "  - numpy >=1.21\n  - scipy >=1.5\n  - requests\n  - pip\n"
                         "  - pip:\n    - rich >=13\n"));
    QVERIFY(writeFile(b, "name: demo\nchannels:\n  - conda-forge\ndependencies:\n"
                         "  - numpy >=1.24\n  - scipy >=1.0\n  - pandas\n  - pip\n"
                         "  - pip:\n    - rich >=13\n"));
    ComparePage page;
    QAbstractItemModelTester tester(page.filter(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(compareOn(page, a, b));
    QVERIFY(page.result() != nullptr);
    QCOMPARE(chipCount(page, diff::ChangeKind::Tightened), 1);
    QCOMPARE(chipCount(page, diff::ChangeKind::Loosened), 1);
    QCOMPARE(chipCount(page, diff::ChangeKind::Added), 1);
    QCOMPARE(chipCount(page, diff::ChangeKind::Removed), 1);
    QVERIFY(chip(page, diff::ChangeKind::Tightened)->isVisibleTo(&page));
    QVERIFY(chip(page, diff::ChangeKind::Loosened)->isVisibleTo(&page));
    QVERIFY(!chip(page, diff::ChangeKind::SpecChanged)->isVisibleTo(&page));
    QVERIFY(!chip(page, diff::ChangeKind::CategoryChanged)->isVisibleTo(&page));
    const QStringList names = visibleNames(page);
    const int numpy = static_cast<int>(names.indexOf(QStringLiteral("numpy")));
    QVERIFY(numpy >= 0);
    QCOMPARE(page.filter()->index(numpy, DiffTableModel::LeftColumn).data().toString(),
             QStringLiteral(">=1.21"));
    QCOMPARE(page.filter()->index(numpy, DiffTableModel::RightColumn).data().toString(),
             QStringLiteral(">=1.24"));
    QVERIFY(page.filter()
                ->index(numpy, DiffTableModel::ChangeColumn)
                .data()
                .toString()
                .contains(QStringLiteral("tightened")));
    QVERIFY(child<QLabel>(page, "leftInfo")->text().contains(QStringLiteral("environment.yml")));
}

void TestComparePage::exportWritesHtmlAndJson()
{
    ComparePage page;
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    QSignalSpy exported(&page, &ComparePage::exported);

    const QString html = m_dir.filePath(QStringLiteral("report.html"));
    page.exportReport(html, ComparePage::ReportFormat::Html);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, kTimeout);
    QCOMPARE(exported.at(0).at(1).toBool(), true);
    const QByteArray page1 = readFile(html);
    QVERIFY2(page1.startsWith("<!DOCTYPE html>"), page1.left(200).constData());
    QVERIFY(page1.contains("cowsay") && page1.contains("category changed"));
    for (const char* external : {"<link", "<script", "<img", "src=", "href="}) {
        QVERIFY2(!page1.contains(external), external);
    }

    const QString json = m_dir.filePath(QStringLiteral("report.json"));
    page.exportReport(json, ComparePage::ReportFormat::Json);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 2, kTimeout);
    QCOMPARE(exported.at(1).at(1).toBool(), true);
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(readFile(json), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(root.value(QStringLiteral("schema")).toString(), QStringLiteral("envdesk-diff/1"));
    QCOMPARE(root.value(QStringLiteral("identical")).toBool(true), false);
    for (const char* key :
         {"a", "b", "channels_changed", "summary", "sections", "notes", "warnings"}) {
        QVERIFY2(root.contains(QLatin1String(key)), key);
    }
    const QJsonObject summary = root.value(QStringLiteral("summary")).toObject();
    for (const auto kind : diff::allChangeKinds()) {
        QVERIFY(summary.contains(QString::fromStdString(std::string(diff::toString(kind)))));
    }
    QCOMPARE(summary.value(QStringLiteral("downgraded")).toInt(), 6);
    QCOMPARE(summary.value(QStringLiteral("category_changed")).toInt(), 1);
    QCOMPARE(summary.value(QStringLiteral("unchanged")).toInt(), 307);
    const QJsonArray sections = root.value(QStringLiteral("sections")).toArray();
    QCOMPARE(sections.size(), 12);
    int changes = 0;
    for (const auto& value : sections) {
        const QJsonObject section = value.toObject();
        for (const char* key : {"platform", "b_platform", "manager", "summary", "changes"}) {
            QVERIFY2(section.contains(QLatin1String(key)), key);
        }
        for (const auto& change : section.value(QStringLiteral("changes")).toArray()) {
            for (const char* key : {"name", "change", "also", "a", "b"}) {
                QVERIFY2(change.toObject().contains(QLatin1String(key)), key);
            }
            ++changes;
        }
    }
    QCOMPARE(changes, 7); // unchanged entries only when their chip is on

    chip(page, diff::ChangeKind::Unchanged)->click();
    page.exportReport(json, ComparePage::ReportFormat::Json);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 3, kTimeout);
    int all = 0;
    for (const auto& value : QJsonDocument::fromJson(readFile(json))
                                 .object()
                                 .value(QStringLiteral("sections"))
                                 .toArray()) {
        all += static_cast<int>(value.toObject().value(QStringLiteral("changes")).toArray().size());
    }
    QCOMPARE(all, 314);

    // A folder that does not exist: the export fails and says so.
    const QString nowhere = m_dir.filePath(QStringLiteral("no/such/folder/report.html"));
    page.exportReport(nowhere, ComparePage::ReportFormat::Html);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 4, kTimeout);
    QCOMPARE(exported.at(3).at(1).toBool(), false);
    QVERIFY2(child<QLabel>(page, "compareStatus")->text().contains(QStringLiteral("report.html")),
             qPrintable(child<QLabel>(page, "compareStatus")->text()));
}

// The page the window exports is in the window's language: its headings, labels and summaries
// (the data, package names, versions and paths, as they are). The CLI's stays English.
void TestComparePage::exportedPageSpeaksTheWindowsLanguage()
{
    const ui::Translations translations(QLocale(QStringLiteral("zh_CN")));
    ComparePage page;
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    QSignalSpy exported(&page, &ComparePage::exported);
    const QString html = m_dir.filePath(QStringLiteral("report-zh.html"));
    page.exportReport(html, ComparePage::ReportFormat::Html);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, kTimeout);
    const QString text = QString::fromUtf8(readFile(html));
    QVERIFY2(text.contains(QStringLiteral("<html lang=\"zh-CN\">")), qPrintable(text.left(300)));
    QVERIFY(text.contains(QStringLiteral("<h1>环境比较</h1>")));
    QVERIFY(text.contains(QStringLiteral("cowsay")));
    QVERIFY(text.contains(ui::DiffTableModel::changeLabel(diff::ChangeKind::Downgraded)));
    QVERIFY(text.contains(QStringLiteral("由 Envdesk 生成")));
    // What a reader sees: no style sheet, no tags (their class names stay English).
    QString visible = text;
    visible.remove(QRegularExpression(QStringLiteral("<style>.*</style>"),
                                      QRegularExpression::DotMatchesEverythingOption));
    visible.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
    QVERIFY(visible.contains(QStringLiteral("环境比较")));
    for (const char* english :
         {"Environment diff", "no differences", "written by", "Change", "Package", "downgraded",
          "unchanged", "any platform", "conda-lock)"}) {
        QVERIFY2(!visible.contains(QLatin1String(english)), english);
    }
}

// With ENVDESK_SCREENSHOT_DIR set, grabs the page after comparing the two conda-lock files, so
// that a person can look at it; otherwise only checks that it renders.
// The Export button asks for a file through the standard save dialog; the format is the filter
// chosen unless the name's suffix says otherwise, and a name without one gets the filter's.
void TestComparePage::exportButtonAsksWhereAndHow()
{
    ComparePage page;
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    QSignalSpy exported(&page, &ComparePage::exported);
    ui::ScriptedDialogs dialogs;
    dialogs.answers = {m_dir.filePath(QStringLiteral("asked")), QString()};
    dialogs.filters = {QStringLiteral("JSON, schema envdesk-diff/1 (*.json)")};

    child<QToolButton>(page, "exportButton")->click();
    QCOMPARE(dialogs.captions.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, kTimeout);
    QCOMPARE(exported.at(0).at(0).toString(), m_dir.filePath(QStringLiteral("asked.json")));
    QVERIFY(readFile(m_dir.filePath(QStringLiteral("asked.json"))).contains("envdesk-diff/1"));

    // Cancelling the dialog exports nothing: no export starts, so the status says none.
    child<QToolButton>(page, "exportButton")->click();
    QCOMPARE(dialogs.captions.size(), 2);
    QCOMPARE(exported.count(), 1);
    QVERIFY(!child<QLabel>(page, "compareStatus")->text().contains(QStringLiteral("Exporting")));
}

void TestComparePage::screenshots()
{
    ComparePage page;
    page.resize(1100, 720);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const QString folder = qEnvironmentVariable("ENVDESK_SCREENSHOT_DIR");
    const auto save = [&](const QString& name) {
        const QPixmap shot = page.grab();
        QVERIFY(!shot.isNull());
        if (!folder.isEmpty()) {
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(shot.save(QDir(folder).filePath(name)));
        }
    };
    save(QStringLiteral("compare-empty.png"));
    QVERIFY(compareOn(page, condaLockV2(), condaLockV3()));
    save(QStringLiteral("compare-conda-lock.png"));
    chip(page, diff::ChangeKind::Unchanged)->click();
    child<QTabBar>(page, "sectionTabs")->setCurrentIndex(1);
    save(QStringLiteral("compare-linux-64-conda.png"));
    // In a 1024×700 window the page is about 900×620: on "All platforms" (the widest tab, with
    // its Platform column) the Change column lies whole inside the table.
    child<QTabBar>(page, "sectionTabs")->setCurrentIndex(0);
    page.resize(900, 620);
    QTRY_VERIFY(page.width() <= 900);
    {
        auto* table = child<QTableView>(page, "diffTable");
        QTRY_VERIFY(table->viewport()->width() > 0);
        const int change = DiffTableModel::ChangeColumn;
        QVERIFY2(
            table->columnViewportPosition(change) + table->columnWidth(change)
                <= table->viewport()->width(),
            qPrintable(QStringLiteral("Change ends at %1 of %2")
                           .arg(table->columnViewportPosition(change) + table->columnWidth(change))
                           .arg(table->viewport()->width())));
    }
    save(QStringLiteral("compare-all-platforms-1024.png"));
    child<QTabBar>(page, "sectionTabs")->setCurrentIndex(1);
    // A narrow window: the chips wrap instead of widening the page.
    page.resize(760, 600);
    QTRY_VERIFY(page.width() <= 800);
    save(QStringLiteral("compare-narrow.png"));
    // A dark theme, as a dark desktop hands it to the application: the chips and the changes
    // take the report's dark colours.
    const QPalette light = QApplication::palette();
    QPalette dark;
    const auto set = [&dark](QPalette::ColorRole role, QColor active, QColor disabled) {
        dark.setColor(QPalette::Active, role, active);
        dark.setColor(QPalette::Inactive, role, active);
        dark.setColor(QPalette::Disabled, role, disabled);
    };
    set(QPalette::Window, QColor(0x20, 0x22, 0x26), QColor(0x20, 0x22, 0x26));
    set(QPalette::WindowText, QColor(0xe6, 0xed, 0xf3), QColor(0x6e, 0x76, 0x81));
    set(QPalette::Base, QColor(0x0d, 0x11, 0x17), QColor(0x16, 0x1b, 0x22));
    set(QPalette::AlternateBase, QColor(0x16, 0x1b, 0x22), QColor(0x16, 0x1b, 0x22));
    set(QPalette::Text, QColor(0xe6, 0xed, 0xf3), QColor(0x6e, 0x76, 0x81));
    set(QPalette::PlaceholderText, QColor(0x8d, 0x96, 0xa0), QColor(0x6e, 0x76, 0x81));
    set(QPalette::Button, QColor(0x2d, 0x33, 0x3b), QColor(0x22, 0x27, 0x2e));
    set(QPalette::ButtonText, QColor(0xe6, 0xed, 0xf3), QColor(0x6e, 0x76, 0x81));
    set(QPalette::Mid, QColor(0x48, 0x4f, 0x58), QColor(0x30, 0x36, 0x3d));
    set(QPalette::Highlight, QColor(0x1f, 0x6f, 0xeb), QColor(0x30, 0x36, 0x3d));
    set(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff), QColor(0x6e, 0x76, 0x81));
    QApplication::setPalette(dark);
    page.resize(1100, 720);
    child<QTabBar>(page, "sectionTabs")->setCurrentIndex(0);
    QTRY_VERIFY(
        chip(page, diff::ChangeKind::Added)->styleSheet().contains(QStringLiteral("#3fb950")));
    save(QStringLiteral("compare-dark.png"));
    QApplication::setPalette(light);
    QTRY_VERIFY(
        chip(page, diff::ChangeKind::Added)->styleSheet().contains(QStringLiteral("#1a7f37")));
    const QString bad = m_dir.filePath(QStringLiteral("shot-bad.txt"));
    QVERIFY(writeFile(bad, "@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/linux-64/"
                           "zlib-1.3-h0_0.conda\nnot a package\n"));
    QVERIFY(compareOn(page, bad, condaLockV3()));
    save(QStringLiteral("compare-error.png"));
}

QTEST_MAIN(TestComparePage)
#include "tst_compare_page.moc"
