// Finding environments: installations in their usual places, envs_dirs, the shared registry;
// missing and broken ones flagged, not dropped; sizes that count a hard-linked file once.

#include "core/env/environments.h"
#include "test_printers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace envdesk;
namespace fs = std::filesystem;

namespace {

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// A prefix with conda-meta records named as conda names them.
void makeEnvironment(const QString& prefix, const QStringList& dists)
{
    QVERIFY(QDir().mkpath(prefix + QStringLiteral("/conda-meta")));
    for (const auto& dist : dists) {
        QVERIFY(writeFile(prefix + QStringLiteral("/conda-meta/") + dist + QStringLiteral(".json"),
                          "{}"));
    }
    QVERIFY(writeFile(prefix + QStringLiteral("/conda-meta/history"), ""));
}

const env::EnvironmentInfo* find(const std::vector<env::EnvironmentInfo>& all,
                                 const QString& prefix)
{
    for (const auto& info : all) {
        if (QString::fromStdString(info.prefix) == prefix) {
            return &info;
        }
    }
    return nullptr;
}

} // namespace

class TestEnvironments : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void findsInstallationsEnvsDirsAndRegistry();
    void flagsMissingAndBroken();
    void countsHardLinkedFilesOnce();
    void registryKeepsOtherLines();
    void toldByInstallationLayout();
};

void TestEnvironments::findsInstallationsEnvsDirsAndRegistry()
{
    QTemporaryDir home;
    const QString h = home.path();
    // A Miniconda with base and two environments, a micromamba root without base, an envs_dir
    // of the configuration, and one environment elsewhere known only from the registry.
    makeEnvironment(h + QStringLiteral("/miniconda3"),
                    {QStringLiteral("python-3.12.1-hab00c5b_0_cpython"),
                     QStringLiteral("conda-24.1.2-py312h7900ff3_0")});
    makeEnvironment(h + QStringLiteral("/miniconda3/envs/torch"),
                    {QStringLiteral("python-3.11.8-hab00c5b_0_cpython"),
                     QStringLiteral("pytorch-2.2.1-py3.11_cuda12.1_cudnn8.9.2_0"),
                     QStringLiteral("ca-certificates-2024.2.2-hbcca054_0")});
    makeEnvironment(h + QStringLiteral("/miniconda3/envs/r-env"),
                    {QStringLiteral("r-base-4.3.2-0")});
    makeEnvironment(h + QStringLiteral("/micromamba/envs/tools"), {QStringLiteral("git-2.44.0-0")});
    makeEnvironment(h + QStringLiteral("/custom-envs/data"), {QStringLiteral("python-3.10.13-0")});
    makeEnvironment(h + QStringLiteral("/projects/paper/.env"), {QStringLiteral("numpy-1.26.4-0")});
    QVERIFY(QDir().mkpath(h + QStringLiteral("/miniconda3/envs/not-an-env/bin")));
    // The registry names one environment twice (once through a symlink) and the project one.
    QVERIFY(QFile::link(h + QStringLiteral("/miniconda3"), h + QStringLiteral("/conda-link")));
    QVERIFY(writeFile(h + QStringLiteral("/.conda/environments.txt"),
                      (h + QStringLiteral("/miniconda3/envs/torch\n") + h
                       + QStringLiteral("/conda-link/envs/torch\n\n") + h
                       + QStringLiteral("/projects/paper/.env\n"))
                          .toUtf8()));

    env::DiscoveryInputs inputs;
    inputs.homeDir = h.toStdString();
    inputs.envsDirs = {(h + QStringLiteral("/custom-envs")).toStdString()};
    inputs.installations = env::usualInstallations(inputs.homeDir);
    inputs.installations->erase(
        std::remove_if(inputs.installations->begin(), inputs.installations->end(),
                       [](const std::string& place) {
                           return place.rfind("/opt", 0) == 0 || place.rfind("/usr", 0) == 0;
                       }),
        inputs.installations->end());
    const auto all = env::discoverEnvironments(inputs);

    QStringList prefixes;
    for (const auto& info : all) {
        prefixes << QString::fromStdString(info.prefix);
    }
    QCOMPARE(prefixes, (QStringList{h + QStringLiteral("/miniconda3"),
                                    h + QStringLiteral("/custom-envs/data"),
                                    h + QStringLiteral("/micromamba/envs/tools"),
                                    h + QStringLiteral("/miniconda3/envs/r-env"),
                                    h + QStringLiteral("/miniconda3/envs/torch"),
                                    h + QStringLiteral("/projects/paper/.env")}));
    const auto* base = find(all, h + QStringLiteral("/miniconda3"));
    QVERIFY(base && base->isRoot);
    QCOMPARE(base->name, std::string("base"));
    QCOMPARE(base->pythonVersion, std::string("3.12.1"));
    const auto* torch = find(all, h + QStringLiteral("/miniconda3/envs/torch"));
    QVERIFY(torch);
    QCOMPARE(torch->name, std::string("torch"));
    QCOMPARE(torch->packageCount, std::size_t{3});
    QCOMPARE(torch->pythonVersion, std::string("3.11.8"));
    QCOMPARE(torch->installation, (h + QStringLiteral("/miniconda3")).toStdString());
    QVERIFY(torch->state == env::EnvironmentInfo::State::Ok);
    const auto* data = find(all, h + QStringLiteral("/custom-envs/data"));
    QVERIFY(data);
    QCOMPARE(data->name, std::string("data"));
    const auto* project = find(all, h + QStringLiteral("/projects/paper/.env"));
    QVERIFY(project);
    QCOMPARE(project->name, std::string()); // shown by path, as conda does
    QCOMPARE(project->pythonVersion, std::string());
}

void TestEnvironments::flagsMissingAndBroken()
{
    QTemporaryDir home;
    const QString h = home.path();
    makeEnvironment(h + QStringLiteral("/envs/fine"), {QStringLiteral("zlib-1.3.1-0")});
    QVERIFY(QDir().mkpath(h + QStringLiteral("/half-deleted/lib")));
    makeEnvironment(h + QStringLiteral("/interrupted"), {QStringLiteral("zlib-1.3.1-0")});
    QVERIFY(
        writeFile(h + QStringLiteral("/interrupted/conda-meta/.envdesk-transaction.json"), "{}"));
    QVERIFY(writeFile(h + QStringLiteral("/.conda/environments.txt"),
                      (h + QStringLiteral("/gone\n") + h + QStringLiteral("/half-deleted\n") + h
                       + QStringLiteral("/interrupted\n"))
                          .toUtf8()));
    env::DiscoveryInputs inputs;
    inputs.homeDir = h.toStdString();
    inputs.envsDirs = {(h + QStringLiteral("/envs")).toStdString()};
    inputs.installations = std::vector<std::string>{};
    const auto all = env::discoverEnvironments(inputs);
    QCOMPARE(all.size(), std::size_t{4});
    using State = env::EnvironmentInfo::State;
    QVERIFY(find(all, h + QStringLiteral("/envs/fine"))->state == State::Ok);
    const auto* gone = find(all, h + QStringLiteral("/gone"));
    QVERIFY(gone && gone->state == State::Missing);
    QVERIFY2(gone->problem.find("does not exist") != std::string::npos, gone->problem.c_str());
    const auto* half = find(all, h + QStringLiteral("/half-deleted"));
    QVERIFY(half && half->state == State::Broken);
    QVERIFY2(half->problem.find("conda-meta") != std::string::npos, half->problem.c_str());
    const auto* cut = find(all, h + QStringLiteral("/interrupted"));
    QVERIFY(cut && cut->state == State::Broken);
    QVERIFY2(cut->problem.find("interrupted") != std::string::npos, cut->problem.c_str());
}

void TestEnvironments::countsHardLinkedFilesOnce()
{
    QTemporaryDir root;
    const QString cache = root.filePath(QStringLiteral("pkgs/big.bin"));
    const QString prefix = root.filePath(QStringLiteral("env"));
    makeEnvironment(prefix, {QStringLiteral("big-1.0-0")});
    QVERIFY(writeFile(cache, QByteArray(64 * 1024, 'c')));
    QVERIFY(writeFile(prefix + QStringLiteral("/own.bin"), QByteArray(32 * 1024, 'o')));
    std::error_code ec;
    // Shared with the cache: not freed by deleting the prefix.
    fs::create_hard_link(cache.toStdString(),
                         (prefix + QStringLiteral("/lib/big.bin")).toStdString(), ec);
    if (ec) {
        QVERIFY(QDir().mkpath(prefix + QStringLiteral("/lib")));
        fs::create_hard_link(cache.toStdString(),
                             (prefix + QStringLiteral("/lib/big.bin")).toStdString(), ec);
    }
    QVERIFY2(!ec, ec.message().c_str());
    // Two links inside the prefix: one file, counted once.
    fs::create_hard_link((prefix + QStringLiteral("/own.bin")).toStdString(),
                         (prefix + QStringLiteral("/own-again.bin")).toStdString(), ec);
    QVERIFY(!ec);
    // A symbolic link out of the prefix counts nothing of its target.
    fs::create_symlink(cache.toStdString(), (prefix + QStringLiteral("/link.bin")).toStdString(),
                       ec);
    QVERIFY(!ec);

    const auto usage = env::measureEnvironment(prefix.toStdString());
    QVERIFY2(usage, usage ? "" : usage.error().message().c_str());
    QVERIFY2(usage->diskBytes >= 32 * 1024 && usage->diskBytes < 48 * 1024,
             std::to_string(usage->diskBytes).c_str());
    QVERIFY2(usage->sharedBytes >= 64 * 1024 && usage->sharedBytes < 80 * 1024,
             std::to_string(usage->sharedBytes).c_str());
    QCOMPARE(usage->files, std::uint64_t{6}); // record, history, own x2, big, link
    QVERIFY(usage->lastChange > 0);
    QVERIFY(!env::measureEnvironment(root.filePath(QStringLiteral("nope")).toStdString()));
}

void TestEnvironments::registryKeepsOtherLines()
{
    QTemporaryDir home;
    const std::string registry = env::defaultRegistry(home.path().toStdString());
    QVERIFY(env::registerEnvironment(registry, "/data/envs/a"));
    QVERIFY(env::registerEnvironment(registry, "/data/envs/b/"));
    QVERIFY(env::registerEnvironment(registry, "/data/envs/a")); // once only
    QFile file(QString::fromStdString(registry));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("/data/envs/a\n/data/envs/b\n"));
    file.close();
    QVERIFY(env::unregisterEnvironment(registry, "/data/envs/a/"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("/data/envs/b\n"));
}

void TestEnvironments::toldByInstallationLayout()
{
    QTemporaryDir home;
    const QString h = home.path();
    QVERIFY(writeFile(h + QStringLiteral("/miniforge3/bin/conda"), "#!/bin/sh\n"));
    QVERIFY(writeFile(h + QStringLiteral("/mamba-root/condabin/micromamba"), "#!/bin/sh\n"));
    QVERIFY(writeFile(h + QStringLiteral("/both/bin/conda"), "#!/bin/sh\n"));
    QVERIFY(writeFile(h + QStringLiteral("/both/condabin/micromamba"), "#!/bin/sh\n"));
    using Tool = env::InstallationTool;
    QVERIFY(env::installationTool((h + QStringLiteral("/miniforge3")).toStdString())
            == Tool::Conda);
    QVERIFY(env::installationTool((h + QStringLiteral("/mamba-root")).toStdString())
            == Tool::Micromamba);
    QVERIFY(env::installationTool((h + QStringLiteral("/both")).toStdString()) == Tool::Conda);
    QVERIFY(env::installationTool((h + QStringLiteral("/micromamba")).toStdString())
            == Tool::Micromamba);
    QVERIFY(env::installationTool((h + QStringLiteral("/empty")).toStdString()) == Tool::Conda);
}

QTEST_GUILESS_MAIN(TestEnvironments)
#include "tst_environments.moc"
