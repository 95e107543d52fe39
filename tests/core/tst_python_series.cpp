// ops::pythonSeries: the Python choices a create offers, from the channels' python records.

#include "core/ops/python_series.h"

#include <QTest>

using namespace envdesk;

namespace {

specs::PackageRecord python(const char* version)
{
    specs::PackageRecord r;
    r.name = "python";
    r.version = version;
    return r;
}

} // namespace

class TestPythonSeries : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void newestFirstEachOnceNoPreReleases();
};

void TestPythonSeries::newestFirstEachOnceNoPreReleases()
{
    const auto series = ops::pythonSeries(
        {python("3.9.18"), python("3.12.7"), python("3.10.14"), python("3.12.1"),
         python("3.14.0rc1"), python("3.13.0b2"), python("2.7.18"), python("3"), python("3.11.9")});
    // 3.10 after 3.11 (versions, not text); 3.14 and 3.13 only have pre-releases; "3" has no
    // minor version.
    QCOMPARE(series, (std::vector<std::string>{"3.12", "3.11", "3.10", "3.9", "2.7"}));
    QVERIFY(ops::pythonSeries({}).empty());
}

QTEST_APPLESS_MAIN(TestPythonSeries)
#include "tst_python_series.moc"
