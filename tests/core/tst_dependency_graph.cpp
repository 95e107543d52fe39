// env::DependencyGraph: an environment's records as a graph, read the way conda reads specs
// (channels, brackets), with several specs on one name joined and a broken spec still placed.

#include "core/env/dependency_graph.h"

#include <QTest>

using namespace envdesk;

namespace {

specs::PackageRecord record(const char* name, std::vector<std::string> depends = {})
{
    specs::PackageRecord r;
    r.name = name;
    r.version = "1.0";
    r.build = "0";
    r.depends = std::move(depends);
    return r;
}

std::vector<std::string> names(const std::vector<env::DependencyGraph::Edge>& edges)
{
    std::vector<std::string> out;
    for (const auto& edge : edges) {
        out.push_back(edge.name + " (" + edge.spec + ")");
    }
    return out;
}

} // namespace

class TestDependencyGraph : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dependenciesAndDependents();
};

void TestDependencyGraph::dependenciesAndDependents()
{
    env::DependencyGraph graph;
    graph.setRecords({record("lib"), record("tool", {"lib >=1", "conda-forge::lib <2"}),
                      record("app", {"tool", "lib[version='>=1']", "__glibc >=2.17"}),
                      record("odd", {"lib >=>1"})});
    QVERIFY(graph.find("tool") != nullptr);
    QVERIFY(graph.find("__glibc") == nullptr);
    QCOMPARE(names(graph.dependenciesOf("tool")),
             (std::vector<std::string>{"lib (lib >=1, conda-forge::lib <2)"}));
    QCOMPARE(names(graph.dependenciesOf("app")),
             (std::vector<std::string>{"__glibc (__glibc >=2.17)", "lib (lib[version='>=1'])",
                                       "tool (tool)"}));
    // A spec that does not parse still names the first word: what the record most likely meant.
    QCOMPARE(graph.nameOfSpec("lib >=>1"), std::string("lib"));
    QCOMPARE(names(graph.dependentsOf("lib")),
             (std::vector<std::string>{"app (lib[version='>=1'])", "odd (lib >=>1)",
                                       "tool (lib >=1, conda-forge::lib <2)"}));
    QVERIFY(graph.dependentsOf("app").empty());
    QVERIFY(graph.dependenciesOf("missing").empty());
}

QTEST_APPLESS_MAIN(TestDependencyGraph)
#include "tst_dependency_graph.moc"
