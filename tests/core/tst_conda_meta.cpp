// conda-meta written by Envdesk reads back through the same reader conda's records go through,
// and the history block yields the requested specs as conda's History does.

#include "core/env/conda_meta.h"
#include "core/env/prefix.h"
#include "core/util/strings.h"
#include "test_printers.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace envdesk;

namespace {

specs::PackageRecord numpy(const char* version)
{
    specs::PackageRecord r;
    r.name = "numpy";
    r.version = version;
    r.build = "py312h8753938_0";
    r.buildNumber = 0;
    r.channel = "https://conda.anaconda.org/conda-forge";
    r.subdir = "linux-64";
    r.fn = r.distName() + ".conda";
    r.url = "https://conda.anaconda.org/conda-forge/linux-64/" + r.fn;
    r.md5 = "0123456789abcdef0123456789abcdef";
    r.sha256 = std::string(64, 'a');
    r.depends = {"python >=3.12,<3.13.0a0", "libblas >=3.9.0,<4.0a0"};
    r.license = "BSD-3-Clause";
    r.timestamp = 1707225421000;
    r.size = 7000000;
    return r;
}

} // namespace

class TestCondaMeta : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recordRoundTrips();
    void historyGivesRequestedSpecs();
    void unsafeRecordNameIsRefused();
    void noCredentialsOnDisk();
};

void TestCondaMeta::recordRoundTrips()
{
    QTemporaryDir prefix;
    env::InstalledPackage package;
    package.record = numpy("1.26.4");
    package.extractedPackageDir = "/pkgs/numpy-1.26.4-py312h8753938_0";
    package.requestedSpec = "numpy";
    env::LinkedFile file;
    file.path = "lib/python3.12/site-packages/numpy/__init__.py";
    package.linked.files.push_back(file);
    QVERIFY(env::writeInstalledRecord(prefix.path().toStdString(), package).ok());

    auto records = env::readPrefixRecords(prefix.path().toStdString());
    QVERIFY2(records.ok(), records ? "" : records.error().message().c_str());
    QCOMPARE(records->size(), std::size_t{1});
    const auto& back = records->front();
    QCOMPARE(back.distName(), package.record.distName());
    QCOMPARE(back.depends, package.record.depends);
    QCOMPARE(back.sha256, package.record.sha256);
    QCOMPARE(back.url, package.record.url);
    QCOMPARE(back.timestamp, package.record.timestamp);

    QFile json(prefix.filePath(QStringLiteral("conda-meta/numpy-1.26.4-py312h8753938_0.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QByteArray text = json.readAll();
    QVERIFY(text.contains("\"paths_data\""));
    QVERIFY(text.contains("\"requested_spec\": \"numpy\""));
    QVERIFY(text.contains("site-packages/numpy/__init__.py"));

    QVERIFY(env::removeInstalledRecord(prefix.path().toStdString(), package.record).ok());
    QVERIFY(env::readPrefixRecords(prefix.path().toStdString())->empty());
}

void TestCondaMeta::historyGivesRequestedSpecs()
{
    QTemporaryDir prefix;
    const std::string path = prefix.path().toStdString();
    env::HistoryEntry create;
    create.command = "envdesk-cli create -p env numpy=1.26";
    create.linked = {numpy("1.26.0")};
    create.specs = {"numpy=1.26"};
    create.unixTime = 1700000000;
    QVERIFY(env::appendHistory(path, create).ok());
    env::HistoryEntry update;
    update.command = "envdesk-cli update numpy";
    update.unlinked = {numpy("1.26.0")};
    update.linked = {numpy("1.26.4")};
    update.specs = {"numpy"};
    update.unixTime = 1700000100;
    QVERIFY(env::appendHistory(path, update).ok());
    // readRequestedSpecs keeps only what is still installed.
    env::InstalledPackage installed;
    installed.record = numpy("1.26.4");
    QVERIFY(env::writeInstalledRecord(path, installed).ok());

    auto specs = env::readRequestedSpecs(path);
    QVERIFY2(specs.ok(), specs ? "" : specs.error().message().c_str());
    QCOMPARE(*specs, std::vector<std::string>{"numpy"});

    QFile history(prefix.filePath(QStringLiteral("conda-meta/history")));
    QVERIFY(history.open(QIODevice::ReadOnly));
    const QByteArray text = history.readAll();
    QVERIFY(text.contains("# cmd: envdesk-cli update numpy"));
    QVERIFY(text.contains(
        "-https://conda.anaconda.org/conda-forge/linux-64::numpy-1.26.0-py312h8753938_0"));
    QVERIFY(text.contains(
        "+https://conda.anaconda.org/conda-forge/linux-64::numpy-1.26.4-py312h8753938_0"));
    QVERIFY(text.contains("# update specs: [\"numpy\"]"));
}

void TestCondaMeta::unsafeRecordNameIsRefused()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    env::InstalledPackage package;
    package.record = numpy("1.26.4");
    package.record.build = "0/../../../victim";
    auto written = env::writeInstalledRecord(prefix.toStdString(), package);
    QVERIFY(!written.ok());
    QVERIFY2(written.error().message().find("0/../../../victim") != std::string::npos,
             written.error().message().c_str());
    QVERIFY(!QFileInfo::exists(root.filePath(QStringLiteral("victim.json"))));
    QVERIFY(!env::removeInstalledRecord(prefix.toStdString(), package.record).ok());
}

// A package from a channel with a token and a password: the record and the history hold conda's
// token-free channel form, the command line is masked, and nothing holds the secrets.
void TestCondaMeta::noCredentialsOnDisk()
{
    QTemporaryDir prefix;
    const std::string path = prefix.path().toStdString();
    const std::string channel = "https://alice:pw-SECRET@host.example/t/tk-SECRET/chan";
    env::InstalledPackage package;
    package.record = numpy("1.26.4");
    package.record.channel = channel;
    package.record.url = channel + "/linux-64/" + package.record.fn;
    package.requestedSpec = channel + "::numpy";
    QVERIFY(env::writeInstalledRecord(path, package).ok());
    env::HistoryEntry entry;
    entry.command = "envdesk-cli install -c " + channel + " " + channel + "::numpy";
    entry.linked = {package.record};
    entry.specs = {channel + "::numpy"};
    QVERIFY(env::appendHistory(path, entry).ok());

    auto records = env::readPrefixRecords(path);
    QVERIFY2(records.ok(), records ? "" : records.error().message().c_str());
    QCOMPARE(records->front().url, "https://host.example/chan/linux-64/" + package.record.fn);
    QVERIFY(util::startsWith(records->front().channel, "https://host.example/chan"));
    QFile json(prefix.filePath(QStringLiteral("conda-meta/numpy-1.26.4-py312h8753938_0.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QByteArray text = json.readAll();
    QVERIFY2(text.contains("\"requested_spec\": \"https://host.example/chan::numpy\""),
             text.constData());
    QVERIFY2(!text.contains("SECRET"), text.constData());

    QFile history(prefix.filePath(QStringLiteral("conda-meta/history")));
    QVERIFY(history.open(QIODevice::ReadOnly));
    const QByteArray log = history.readAll();
    QVERIFY2(log.contains("# cmd: envdesk-cli install -c "
                          "https://alice:<PASSWORD>@host.example/t/<TOKEN>/chan "),
             log.constData());
    QVERIFY2(log.contains("+https://host.example/chan/linux-64::numpy-1.26.4-py312h8753938_0\n"),
             log.constData());
    QVERIFY2(log.contains("# update specs: [\"https://host.example/chan::numpy\"]"),
             log.constData());
    QVERIFY2(!log.contains("SECRET"), log.constData());
    auto specs = env::readRequestedSpecs(path);
    QVERIFY(specs.ok());
    QCOMPARE(*specs, std::vector<std::string>{"https://host.example/chan::numpy"});
}

QTEST_APPLESS_MAIN(TestCondaMeta)
#include "tst_conda_meta.moc"
