// conda-meta/history as conda writes it: revisions, the state after each, and what each changed.

#include "core/env/history.h"
#include "test_printers.h"

#include <QTest>

using namespace envdesk;

namespace {

// Three revisions as conda 24 writes them (create, install, then an upgrade with a removal),
// after one block in the old full-state format that conda 4.2 wrote.
const char* const kHistory = R"(==> 2016-05-01 10:00:00 <==
python-2.7.11-0
zlib-1.2.8-0

==> 2024-03-01 12:30:45 <==
# cmd: /opt/conda/bin/conda create -n demo python=3.11
# conda version: 24.1.2
-python-2.7.11-0
+conda-forge/linux-64::python-3.11.8-hab00c5b_0_cpython
+conda-forge/noarch::pip-24.0-pyhd8ed1ab_0
# update specs: ['python=3.11']

==> 2024-03-02 09:00:00 <==
# cmd: /opt/conda/bin/conda install -n demo numpy=1.26.3
+https://conda.anaconda.org/conda-forge/linux-64::numpy-1.26.3-py311h64a7726_0
# update specs: ['numpy=1.26.3']

==> 2024-03-03 09:00:00 <==
# cmd: /opt/conda/bin/conda install -n demo numpy=1.24 --no-pip
-https://conda.anaconda.org/conda-forge/linux-64::numpy-1.26.3-py311h64a7726_0
+https://conda.anaconda.org/conda-forge/linux-64::numpy-1.24.4-py311h64a7726_0
-conda-forge/noarch::pip-24.0-pyhd8ed1ab_0
-zlib-1.2.8-0
+conda-forge/linux-64::zlib-1.3.1-h4ab18f5_1
)";

} // namespace

class TestHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void splitsDistsAsConda_data();
    void splitsDistsAsConda();
    void revisionsAndStates();
    void describesChanges();
    void credentialsAreNeitherShownNorCompared();
    void errorsNameTheLine_data();
    void errorsNameTheLine();
};

void TestHistory::splitsDistsAsConda_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("subdir");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("build");
    QTest::newRow("channel/subdir")
        << QStringLiteral("conda-forge/linux-64::numpy-1.26.4-py312_0")
        << QStringLiteral("conda-forge") << QStringLiteral("linux-64") << QStringLiteral("numpy")
        << QStringLiteral("1.26.4") << QStringLiteral("py312_0");
    QTest::newRow("url") << QStringLiteral("https://repo.anaconda.com/pkgs/main/noarch::tzdata-"
                                           "2024a-h04d1e81_0")
                         << QStringLiteral("https://repo.anaconda.com/pkgs/main")
                         << QStringLiteral("noarch") << QStringLiteral("tzdata")
                         << QStringLiteral("2024a") << QStringLiteral("h04d1e81_0");
    QTest::newRow("dashes in the name")
        << QStringLiteral("pkgs/main::ca-certificates-2024.3.11-h06a4308_0")
        << QStringLiteral("pkgs/main") << QString() << QStringLiteral("ca-certificates")
        << QStringLiteral("2024.3.11") << QStringLiteral("h06a4308_0");
    QTest::newRow("no channel") << QStringLiteral("zlib-1.2.8-0") << QString() << QString()
                                << QStringLiteral("zlib") << QStringLiteral("1.2.8")
                                << QStringLiteral("0");
    QTest::newRow("extension") << QStringLiteral("defaults::six-1.16.0-pyhd3eb1b0_1.tar.bz2")
                               << QStringLiteral("defaults") << QString() << QStringLiteral("six")
                               << QStringLiteral("1.16.0") << QStringLiteral("pyhd3eb1b0_1");
}

void TestHistory::splitsDistsAsConda()
{
    QFETCH(QString, text);
    QFETCH(QString, channel);
    QFETCH(QString, subdir);
    QFETCH(QString, name);
    QFETCH(QString, version);
    QFETCH(QString, build);
    const auto dist = env::parseHistoryDist(text.toStdString(), "history");
    QVERIFY2(dist, dist ? "" : dist.error().message().c_str());
    QCOMPARE(QString::fromStdString(dist->channel), channel);
    QCOMPARE(QString::fromStdString(dist->subdir), subdir);
    QCOMPARE(QString::fromStdString(dist->name), name);
    QCOMPARE(QString::fromStdString(dist->version), version);
    QCOMPARE(QString::fromStdString(dist->build), build);
}

void TestHistory::revisionsAndStates()
{
    const auto revisions = env::parseHistory(kHistory, "history");
    QVERIFY2(revisions, revisions ? "" : revisions.error().message().c_str());
    QCOMPARE(revisions->size(), std::size_t{4});
    const auto& first = (*revisions)[0];
    QVERIFY(first.fullState);
    QCOMPARE(first.date, std::string("2016-05-01 10:00:00"));
    QCOMPARE(first.command, std::string());
    QCOMPARE(first.state, (std::vector<std::string>{"python-2.7.11-0", "zlib-1.2.8-0"}));

    const auto& created = (*revisions)[1];
    QVERIFY(!created.fullState);
    QCOMPARE(created.number, 1);
    QCOMPARE(created.command, std::string("/opt/conda/bin/conda create -n demo python=3.11"));
    QCOMPARE(created.state, (std::vector<std::string>{
                                "conda-forge/linux-64::python-3.11.8-hab00c5b_0_cpython",
                                "conda-forge/noarch::pip-24.0-pyhd8ed1ab_0", "zlib-1.2.8-0"}));

    const auto& last = (*revisions)[3];
    QCOMPARE(last.state,
             (std::vector<std::string>{
                 "conda-forge/linux-64::python-3.11.8-hab00c5b_0_cpython",
                 "conda-forge/linux-64::zlib-1.3.1-h4ab18f5_1",
                 "https://conda.anaconda.org/conda-forge/linux-64::numpy-1.24.4-py311h64a7726_0"}));
}

// conda writes the command as typed, token included, and an older history may name a channel
// with its token, raw or masked: the command is shown masked, and the three forms of one package
// are one package.
void TestHistory::credentialsAreNeitherShownNorCompared()
{
    const char* const text = R"(==> 2024-03-01 12:30:45 <==
# cmd: conda create -p /e -c https://host/t/tk-123/chan -c https://alice:pw-9@other/c x
+https://host/t/tk-123/chan/noarch::x-1.0-0
+https://alice:pw-9@other/c/noarch::y-1.0-0
==> 2024-03-02 12:30:45 <==
# cmd: envdesk-cli update -p /e x
-https://host/t/<TOKEN>/chan/noarch::x-1.0-0
+https://host/chan/noarch::x-2.0-0
-https://other/c/noarch::y-1.0-0
)";
    const auto revisions = env::parseHistory(text, "history");
    QVERIFY2(revisions, revisions ? "" : revisions.error().message().c_str());
    QCOMPARE(revisions->size(), std::size_t{2});
    QCOMPARE(revisions->front().command,
             std::string("conda create -p /e -c https://host/t/<TOKEN>/chan -c "
                         "https://alice:<PASSWORD>@other/c x"));
    QCOMPARE(revisions->front().state,
             (std::vector<std::string>{"https://host/chan/noarch::x-1.0-0",
                                       "https://other/c/noarch::y-1.0-0"}));
    QCOMPARE(revisions->back().state,
             (std::vector<std::string>{"https://host/chan/noarch::x-2.0-0"}));
    QCOMPARE(revisions->front().linked.front().channel, std::string("https://host/chan"));
}

void TestHistory::describesChanges()
{
    const auto revisions = env::parseHistory(kHistory, "history");
    QVERIFY(revisions);
    using Kind = env::RevisionChange::Kind;
    const auto changes = env::describeRevision((*revisions)[3]);
    QCOMPARE(changes.size(), std::size_t{3});
    QCOMPARE(changes[0].name, std::string("numpy"));
    QVERIFY(changes[0].kind == Kind::Downgrade);
    QCOMPARE(changes[0].from.version, std::string("1.26.3"));
    QCOMPARE(changes[0].to.version, std::string("1.24.4"));
    QCOMPARE(changes[1].name, std::string("pip"));
    QVERIFY(changes[1].kind == Kind::Remove);
    QCOMPARE(changes[2].name, std::string("zlib"));
    QVERIFY(changes[2].kind == Kind::Upgrade);
    QCOMPARE(changes[2].to.channel, std::string("conda-forge"));

    // conda's version order, not text order: 1.10 is above 1.9.
    const auto order =
        env::parseHistory("==> 2024-01-01 00:00:00 <==\n-a-1.10-0\n+a-1.9-0\n", "history");
    QVERIFY(order);
    QVERIFY(env::describeRevision(order->front()).front().kind == Kind::Downgrade);
}

void TestHistory::errorsNameTheLine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("before a header") << QStringLiteral("+a-1-0\n") << QStringLiteral("history:1");
    QTest::newRow("not a dist") << QStringLiteral("==> 2024-01-01 00:00:00 <==\n# cmd: x\n+numpy\n")
                                << QStringLiteral("history:3");
    QTest::newRow("mixed") << QStringLiteral("==> 2024-01-01 00:00:00 <==\n+a-1-0\nb-1-0\n")
                           << QStringLiteral("history:3");
}

void TestHistory::errorsNameTheLine()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const auto revisions = env::parseHistory(text.toStdString(), "history");
    QVERIFY(!revisions);
    const QString message = QString::fromStdString(revisions.error().message());
    QVERIFY2(message.contains(expected), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
