// Why a request cannot be solved, as a tree: conflicts with their chains from the user's specs,
// missing specs with what needs them, the user's specs highlighted, and the fixes a UI offers;
// on a hand-made graph and on the graph the solver makes.

#include "core/solver/solver.h"
#include "core/specs/match_spec.h"
#include "ui/changes/problem_tree_model.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QTest>

using namespace envdesk;
using envdesk::ui::ProblemTreeModel;

namespace {

specs::PackageRecord package(const char* name, const char* version,
                             std::vector<std::string> depends = {})
{
    specs::PackageRecord r;
    r.name = name;
    r.version = version;
    r.build = "0";
    r.channel = "c";
    r.subdir = "linux-64";
    r.fn = std::string(name) + "-" + version + "-0.conda";
    r.depends = std::move(depends);
    return r;
}

bool isUserSpec(const QModelIndex& index)
{
    return index.data(ProblemTreeModel::IsUserSpecRole).toBool();
}

bool isBold(const QModelIndex& index)
{
    return index.data(Qt::FontRole).value<QFont>().bold();
}

// Every row's text below `parent`, depth first.
QStringList allTexts(const QAbstractItemModel& model, const QModelIndex& parent = {})
{
    QStringList out;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        out << index.data().toString() << allTexts(model, index);
    }
    return out;
}

// The rows below `parent` of one kind.
QModelIndexList rowsOfKind(const QAbstractItemModel& model, const QModelIndex& parent,
                           ProblemTreeModel::ItemKind kind)
{
    QModelIndexList out;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (index.data(ProblemTreeModel::ItemKindRole).toInt() == kind) {
            out << index;
        }
    }
    return out;
}

solver::ProblemGraph handMadeGraph()
{
    solver::ProblemGraph graph;
    solver::ProblemGraph::Conflict conflict;
    conflict.package = "python";
    conflict.chains = {{{"pytorch=1.12", "python[version='>=3.7,<3.11']"}},
                       {{"scipy", "numpy[version='>=1.26']", "python[version='>=3.9']"}},
                       {{"python=3.12"}}};
    conflict.availableVersions = {"3.12.4", "3.12.3",  "3.12.2",  "3.12.1", "3.11.9",
                                  "3.11.8", "3.10.14", "3.10.13", "3.9.19", "3.8.19"};
    conflict.suggestions = {{"pytorch=1.12", "python=3.12", std::string("2.3.0")},
                            {"scipy", "python=3.12", std::nullopt}};
    graph.conflicts.push_back(conflict);
    graph.missing.push_back({"libfoo[version='>=2']", {"app", "lib[version='1.*']"}});
    graph.missing.push_back({"ghost", {"ghost"}});
    return graph;
}

} // namespace

class TestProblemTree : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester();
    void showsAHandMadeGraph();
    void highlightsTheUserSpecs();
    void offersFixes();
    void showsTheSolversGraph();
    void namesThePinThatKeepsARequestOut();
};

void TestProblemTree::passesTheModelTester()
{
    ProblemTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setProblem(handMadeGraph(), {"pytorch=1.12", "scipy", "python=3.12", "app", "ghost"});
    QCOMPARE(model.rowCount(), 3);
    model.setProblem({}, {});
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.fixes().empty());
}

void TestProblemTree::showsAHandMadeGraph()
{
    ProblemTreeModel model;
    model.setProblem(handMadeGraph(), {"pytorch=1.12", "scipy", "python=3.12", "app", "ghost"});
    QCOMPARE(model.rowCount(), 3); // one conflict, two missing

    const QModelIndex conflict = model.index(0, 0);
    QCOMPARE(conflict.data(ProblemTreeModel::ItemKindRole).toInt(),
             int(ProblemTreeModel::ConflictItem));
    QCOMPARE(conflict.data().toString(),
             QStringLiteral("Cannot have pytorch=1.12, scipy, python=3.12 together: their "
                            "requirements on python conflict"));
    // Each chain nested from the user's spec down to the clashing constraint.
    const QModelIndexList chains = rowsOfKind(model, conflict, ProblemTreeModel::StepItem);
    QCOMPARE(chains.size(), 3);
    QCOMPARE(chains[0].data().toString(), QStringLiteral("pytorch=1.12"));
    QCOMPARE(model.rowCount(chains[0]), 1);
    QCOMPARE(model.index(0, 0, chains[0]).data().toString(),
             QStringLiteral("requires python >=3.7,<3.11"));
    QCOMPARE(model.index(0, 0, chains[0]).data(ProblemTreeModel::SpecRole).toString(),
             QStringLiteral("python[version='>=3.7,<3.11']"));
    const QModelIndex numpy = model.index(0, 0, chains[1]);
    QCOMPARE(numpy.data().toString(), QStringLiteral("requires numpy >=1.26"));
    QCOMPARE(model.index(0, 0, numpy).data().toString(), QStringLiteral("requires python >=3.9"));
    QCOMPARE(model.rowCount(model.index(0, 0, numpy)), 0);
    QCOMPARE(chains[2].data().toString(), QStringLiteral("python=3.12"));
    QCOMPARE(model.rowCount(chains[2]), 0);

    // At most eight versions, then an ellipsis; all of them in the tooltip.
    const QModelIndexList available = rowsOfKind(model, conflict, ProblemTreeModel::AvailableItem);
    QCOMPARE(available.size(), 1);
    QCOMPARE(available[0].data().toString(),
             QStringLiteral("Available: 3.12.4, 3.12.3, 3.12.2, 3.12.1, 3.11.9, 3.11.8, 3.10.14, "
                            "3.10.13, …"));
    QVERIFY(available[0].data(Qt::ToolTipRole).toString().endsWith(QLatin1String("3.8.19")));

    const QModelIndexList suggestions =
        rowsOfKind(model, conflict, ProblemTreeModel::SuggestionItem);
    QCOMPARE(suggestions.size(), 2);
    QCOMPARE(suggestions[0].data().toString(),
             QStringLiteral("pytorch 2.3.0 works with python=3.12"));
    QCOMPARE(suggestions[1].data().toString(),
             QStringLiteral("No version of scipy works with python=3.12"));

    // Nothing provides: the chain that needs it, ending on the missing spec.
    const QModelIndex missing = model.index(1, 0);
    QCOMPARE(missing.data(ProblemTreeModel::ItemKindRole).toInt(),
             int(ProblemTreeModel::MissingItem));
    QCOMPARE(missing.data().toString(), QStringLiteral("Nothing provides libfoo >=2"));
    QCOMPARE(allTexts(model, missing),
             (QStringList{QStringLiteral("app"), QStringLiteral("requires lib 1.*"),
                          QStringLiteral("requires libfoo >=2")}));
    // Asked for directly: the user's spec alone.
    const QModelIndex ghost = model.index(2, 0);
    QCOMPARE(ghost.data().toString(), QStringLiteral("Nothing provides ghost"));
    QCOMPARE(allTexts(model, ghost), QStringList{QStringLiteral("ghost")});
}

void TestProblemTree::highlightsTheUserSpecs()
{
    ProblemTreeModel model;
    // `python =3.12` means what `python=3.12` means: highlighted too.
    model.setProblem(handMadeGraph(), {"pytorch=1.12", "scipy", "python =3.12", "app"});
    const QModelIndex conflict = model.index(0, 0);
    const QModelIndexList chains = rowsOfKind(model, conflict, ProblemTreeModel::StepItem);
    for (const QModelIndex& chain : chains) {
        QVERIFY2(isUserSpec(chain), qPrintable(chain.data().toString()));
        QVERIFY(isBold(chain));
    }
    const QModelIndex dependency = model.index(0, 0, chains[0]);
    QVERIFY(!isUserSpec(dependency));
    QVERIFY(!isBold(dependency));
    QVERIFY(!isUserSpec(conflict));
    const QModelIndex app = model.index(0, 0, model.index(1, 0));
    QVERIFY(isUserSpec(app));
    QVERIFY(isBold(app));
    QVERIFY(!isUserSpec(model.index(0, 0, app)));
    // "ghost" was not among the specs this time.
    QVERIFY(!isUserSpec(model.index(0, 0, model.index(2, 0))));

    // Further down a chain, a dependency that reads like the user's spec is still a dependency.
    auto graph = handMadeGraph();
    graph.conflicts.front().chains.push_back({{"torchvision", "pytorch=1.12"}});
    model.setProblem(graph, {"pytorch=1.12", "torchvision"});
    const QModelIndexList steps = rowsOfKind(model, model.index(0, 0), ProblemTreeModel::StepItem);
    const QModelIndex torchvision = steps.back();
    QCOMPARE(torchvision.data().toString(), QStringLiteral("torchvision"));
    QVERIFY(isUserSpec(torchvision));
    const QModelIndex pytorch = model.index(0, 0, torchvision);
    QCOMPARE(pytorch.data().toString(), QStringLiteral("requires pytorch 1.12.*"));
    QVERIFY(!isUserSpec(pytorch));
    QVERIFY(!isBold(pytorch));
}

void TestProblemTree::offersFixes()
{
    ProblemTreeModel model;
    auto graph = handMadeGraph();
    graph.conflicts.push_back(graph.conflicts.front()); // the same fix twice is offered once
    graph.conflicts.back().suggestions.front().requested = "conda-forge::pytorch=1.12";
    model.setProblem(graph, {"pytorch=1.12", "scipy", "python=3.12"});
    QCOMPARE(model.fixes().size(), std::size_t{2});
    const ui::ProblemFix& fix = model.fixes().front();
    QCOMPARE(fix.label, QStringLiteral("Use pytorch 2.3.0"));
    QCOMPARE(fix.spec, QStringLiteral("pytorch=1.12"));
    QCOMPARE(fix.replacement, QStringLiteral("pytorch==2.3.0"));
    // A channel the user named is kept.
    QCOMPARE(model.fixes()[1].replacement, QStringLiteral("conda-forge::pytorch==2.3.0"));
    QVERIFY(specs::MatchSpec::parse(model.fixes()[1].replacement.toStdString()).ok());
    // The suggestion rows point at their fix; one that found nothing has none.
    const QModelIndexList suggestions =
        rowsOfKind(model, model.index(0, 0), ProblemTreeModel::SuggestionItem);
    QCOMPARE(suggestions[0].data(ProblemTreeModel::FixIndexRole).toInt(), 0);
    QVERIFY(!suggestions[1].data(ProblemTreeModel::FixIndexRole).isValid());
}

void TestProblemTree::showsTheSolversGraph()
{
    // pytorch needs python <3.12; the user asks for python 3.12 and pytorch.
    std::vector<solver::Repo> repos = {
        {"c",
         1,
         {package("python", "3.10.14"), package("python", "3.11.9"), package("python", "3.12.4"),
          package("pytorch", "1.12.1", {"python >=3.7,<3.11"}),
          package("pytorch", "2.0.1", {"python >=3.8,<3.12"})}}};
    solver::Request request;
    request.addPipAsPythonDependency = false;
    request.specs = {"python=3.12", "pytorch"};
    auto outcome = solver::solve(repos, request);
    QVERIFY(outcome.ok());
    const auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome);
    QVERIFY2(unsolvable != nullptr, "the request should not be solvable");

    ProblemTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setProblem(unsolvable->graph, request.specs);
    QVERIFY(model.rowCount() >= 1);
    const QString texts = allTexts(model).join(u'\n');
    QVERIFY2(texts.contains(QLatin1String("pytorch")), qPrintable(texts));
    QVERIFY2(texts.contains(QLatin1String("python")), qPrintable(texts));
    QVERIFY2(texts.contains(QLatin1String("Available: 3.12.4, 3.11.9, 3.10.14")),
             qPrintable(texts));
    QVERIFY2(texts.contains(QLatin1String("No version of pytorch works with python=3.12")),
             qPrintable(texts));
    // The other way out: the newest python that pytorch accepts, as a fix.
    QVERIFY2(texts.contains(QLatin1String("python 3.11.9 works with pytorch")), qPrintable(texts));
    QCOMPARE(model.fixes().size(), std::size_t{1});
    QCOMPARE(model.fixes().front().label, QStringLiteral("Use python 3.11.9"));
    QCOMPARE(model.fixes().front().spec, QStringLiteral("python=3.12"));
    QCOMPARE(model.fixes().front().replacement, QStringLiteral("python==3.11.9"));
    // Both of the user's specs appear, highlighted.
    const QModelIndex conflict = model.index(0, 0);
    QVERIFY2(conflict.data().toString().contains(QLatin1String("python")),
             qPrintable(conflict.data().toString()));
    QStringList highlighted;
    for (const QModelIndex& step : rowsOfKind(model, conflict, ProblemTreeModel::StepItem)) {
        if (isUserSpec(step) && isBold(step)) {
            highlighted << step.data().toString();
        }
    }
    highlighted.sort();
    QCOMPARE(highlighted, (QStringList{QStringLiteral("python=3.12"), QStringLiteral("pytorch")}));

    // With a newer pytorch that fits, and the user pinning an old one, the solver's suggestion
    // becomes a fix.
    repos.front().records.push_back(package("pytorch", "2.2.2", {"python >=3.8,<3.13"}));
    request.specs = {"python=3.12", "pytorch=2.0"};
    auto pinned = solver::solve(repos, request);
    QVERIFY(pinned.ok());
    const auto* stuck = std::get_if<solver::Unsolvable>(&*pinned);
    QVERIFY(stuck != nullptr);
    model.setProblem(stuck->graph, request.specs);
    QCOMPARE(model.fixes().size(), std::size_t{2}); // or python 3.11.9 for pytorch 2.0
    QCOMPARE(model.fixes().front().label, QStringLiteral("Use pytorch 2.2.2"));
    QCOMPARE(model.fixes().front().spec, QStringLiteral("pytorch=2.0"));
    QCOMPARE(model.fixes().front().replacement, QStringLiteral("pytorch==2.2.2"));
    QCOMPARE(model.fixes().back().label, QStringLiteral("Use python 3.11.9"));

    // The fix works.
    request.specs = {"python=3.12", model.fixes().front().replacement.toStdString()};
    auto fixed = solver::solve(repos, request);
    QVERIFY(fixed.ok());
    QVERIFY(std::holds_alternative<solver::Solution>(*fixed));
}

// A pin (conda-meta/pinned) that keeps out the very version asked for: libsolv only sees that
// nothing provides it; the tree names the pin, with what the request would take.
void TestProblemTree::namesThePinThatKeepsARequestOut()
{
    std::vector<solver::Repo> repos = {
        {"c", 1, {package("tool", "1.0.0"), package("tool", "2.0.0")}}};
    solver::Request request;
    request.addPipAsPythonDependency = false;
    request.specs = {"tool=2.0.0"};
    request.pinned = {"tool <2"};
    auto outcome = solver::solve(repos, request);
    QVERIFY(outcome.ok());
    const auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome);
    QVERIFY(unsolvable != nullptr);
    QVERIFY2(unsolvable->explanation.find("the pin tool <2 keeps it out") != std::string::npos,
             unsolvable->explanation.c_str());
    ProblemTreeModel model;
    model.setProblem(unsolvable->graph, request.specs);
    const QString texts = allTexts(model).join(u'\n');
    QVERIFY2(texts.contains(QStringLiteral("Pinned to tool <2; the request would take tool 2.0.0")),
             qPrintable(texts));
}

QTEST_MAIN(TestProblemTree)
#include "tst_problem_tree.moc"
