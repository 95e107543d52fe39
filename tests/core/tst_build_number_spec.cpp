#include "core/specs/build_number_spec.h"
#include "test_printers.h"

#include <QTest>

using envdesk::specs::BuildNumberSpec;

class TestBuildNumberSpec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matches_data();
    void matches();
    void invalid_data();
    void invalid();
};

void TestBuildNumberSpec::matches_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("number");
    QTest::addColumn<bool>("expected");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("3 vs 3") << QStringLiteral("3") << 3 << true << QStringLiteral("3");
    QTest::newRow("3 vs 4") << QStringLiteral("3") << 4 << false << QStringLiteral("3");
    QTest::newRow("==3 vs 3") << QStringLiteral("==3") << 3 << true << QStringLiteral("3");
    QTest::newRow("!=3 vs 3") << QStringLiteral("!=3") << 3 << false << QStringLiteral("!=3");
    QTest::newRow(">3 vs 3") << QStringLiteral(">3") << 3 << false << QStringLiteral(">3");
    QTest::newRow(">=3 vs 3") << QStringLiteral(">=3") << 3 << true << QStringLiteral(">=3");
    QTest::newRow("<8 vs 7") << QStringLiteral("<8") << 7 << true << QStringLiteral("<8");
    QTest::newRow("<=7 vs 8") << QStringLiteral("<=7") << 8 << false << QStringLiteral("<=7");
    QTest::newRow("* vs 99") << QStringLiteral("*") << 99 << true << QStringLiteral("*");
    QTest::newRow(" >= 2 vs 2") << QStringLiteral(" >= 2") << 2 << true << QStringLiteral(">=2");
}

void TestBuildNumberSpec::matches()
{
    QFETCH(QString, spec);
    QFETCH(int, number);
    QFETCH(bool, expected);
    QFETCH(QString, canonical);
    auto parsed = BuildNumberSpec::parse(spec.toStdString());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->contains(static_cast<std::uint64_t>(number)), expected);
    QCOMPARE(QString::fromStdString(parsed->str()), canonical);
}

void TestBuildNumberSpec::invalid_data()
{
    QTest::addColumn<QString>("spec");
    for (const char* spec :
         {"", "abc", ">", "3.1", "-1", "~=3", ">>3", "99999999999999999999999"}) {
        QTest::newRow(spec) << QString::fromLatin1(spec);
    }
}

void TestBuildNumberSpec::invalid()
{
    QFETCH(QString, spec);
    auto parsed = BuildNumberSpec::parse(spec.toStdString());
    QVERIFY(!parsed.ok());
    QVERIFY(parsed.error().message().find("build number spec") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestBuildNumberSpec)
#include "tst_build_number_spec.moc"
