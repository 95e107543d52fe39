// `envdesk-cli info` as a user runs it, with the stand-in drivers of tests/gpu.

#include "tests/cli/cli_runner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using envdesk::test::CliRun;
using envdesk::test::CliRunner;

namespace {

const QString kStandins = QStringLiteral(ENVDESK_GPU_STANDINS_DIR);

// Only the stand-ins of `scenario` (empty: none at all), never the machine's own driver.
QProcessEnvironment standins(const QString& scenario)
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("ENVDESK_GPU_LIBRARY_PATH"),
               kStandins + QLatin1Char('/')
                   + (scenario.isEmpty() ? QStringLiteral("none") : scenario));
    env.insert(QStringLiteral("ENVDESK_GPU_NO_SYSTEM_SEARCH"), QStringLiteral("1"));
    env.insert(QStringLiteral("ENVDESK_NVIDIA_SMI"), QString());
    return env;
}

QJsonObject parseJson(const CliRun& run)
{
    const QJsonDocument document = QJsonDocument::fromJson(run.out);
    return document.object();
}

// virtual_pkgs as "name=version=build" strings.
QStringList virtualPackages(const QJsonObject& info)
{
    QStringList out;
    for (const auto& item : info.value(QStringLiteral("virtual_pkgs")).toArray()) {
        const QJsonArray triple = item.toArray();
        out.append(triple.at(0).toString() + QLatin1Char('=') + triple.at(1).toString()
                   + QLatin1Char('=') + triple.at(2).toString());
    }
    return out;
}

QStringList strings(const QJsonValue& value)
{
    QStringList out;
    for (const auto& item : value.toArray()) {
        out.append(item.toString());
    }
    return out;
}

QString failure(const CliRun& run)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.out), QString::fromUtf8(run.err));
}

} // namespace

class TestCliInfo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jsonWithGpu();
    void cachedSecondRun();
    void overrides_data();
    void overrides();
    void noGpu();
    void text();
    void help();
};

void TestCliInfo::jsonWithGpu()
{
    CliRunner runner;
    runner.writeCondarc(QByteArrayLiteral("channels: [conda-forge]\n"));
    const CliRun run = runner.run({QStringLiteral("info"), QStringLiteral("--json")},
                                  standins(QStringLiteral("normal")));
    QVERIFY2(run.exitCode == 0, qPrintable(failure(run)));
    const QJsonObject info = parseJson(run);
    QVERIFY2(!info.isEmpty(), qPrintable(failure(run)));

    const QString platform = info.value(QStringLiteral("platform")).toString();
    QVERIFY2(!platform.isEmpty(), "platform");
    const QStringList packages = virtualPackages(info);
    QVERIFY2(packages.contains(QStringLiteral("__cuda=12.4=0")), qPrintable(packages.join(u' ')));
    QVERIFY2(packages.contains(QStringLiteral("__cuda_arch=8.6=0")),
             qPrintable(packages.join(u' ')));
    QStringList sorted = packages;
    sorted.sort();
    QCOMPARE(packages, sorted); // listed by name, as conda info lists them

    const QStringList channels = strings(info.value(QStringLiteral("channels")));
    QCOMPARE(channels,
             (QStringList{QStringLiteral("https://conda.anaconda.org/conda-forge/") + platform,
                          QStringLiteral("https://conda.anaconda.org/conda-forge/noarch")}));
    QVERIFY2(strings(info.value(QStringLiteral("config_files")))
                 .contains(runner.home() + QStringLiteral("/.condarc")),
             qPrintable(failure(run)));
    QVERIFY2(!strings(info.value(QStringLiteral("envs_dirs"))).isEmpty(), "envs_dirs");
    QVERIFY2(!strings(info.value(QStringLiteral("pkgs_dirs"))).isEmpty(), "pkgs_dirs");

    const QJsonObject gpus = info.value(QStringLiteral("envdesk_gpus")).toObject();
    QCOMPARE(gpus.value(QStringLiteral("method")).toString(), QStringLiteral("nvml"));
    QCOMPARE(gpus.value(QStringLiteral("cuda_driver_version")).toString(), QStringLiteral("12.4"));
    QCOMPARE(gpus.value(QStringLiteral("driver_version")).toString(), QStringLiteral("550.54.14"));
    QCOMPARE(gpus.value(QStringLiteral("timed_out")).toBool(true), false);
    const QJsonArray devices = gpus.value(QStringLiteral("devices")).toArray();
    QCOMPARE(devices.size(), 1);
    const QJsonObject device = devices.at(0).toObject();
    QCOMPARE(device.value(QStringLiteral("name")).toString(),
             QStringLiteral("Envdesk Stand-in GPU"));
    QCOMPARE(device.value(QStringLiteral("compute_capability")).toString(), QStringLiteral("8.6"));
    QCOMPARE(device.value(QStringLiteral("memory_bytes")).toDouble(), 24.0 * 1024 * 1024 * 1024);
    const QJsonObject advice = gpus.value(QStringLiteral("advice")).toObject();
    QCOMPARE(advice.value(QStringLiteral("cuda_version_constraint")).toString(),
             QStringLiteral("cuda-version <=12.4"));
    QCOMPARE(strings(advice.value(QStringLiteral("pytorch"))).first(),
             QStringLiteral("pytorch=*=cuda12*"));
}

void TestCliInfo::cachedSecondRun()
{
    CliRunner runner;
    const QStringList args = {QStringLiteral("info"), QStringLiteral("--json")};
    const CliRun first = runner.run(args, standins(QStringLiteral("several")));
    QVERIFY2(first.exitCode == 0, qPrintable(failure(first)));
    const QJsonObject firstGpus = parseJson(first).value(QStringLiteral("envdesk_gpus")).toObject();
    QCOMPARE(firstGpus.value(QStringLiteral("from_cache")).toBool(true), false);
    if (!QFile::exists(runner.home() + QStringLiteral("/cache/envdesk/gpu.json"))) {
        QSKIP("nothing cached on this system (no boot id)");
    }
    const CliRun second = runner.run(args, standins(QStringLiteral("several")));
    QVERIFY2(second.exitCode == 0, qPrintable(failure(second)));
    const QJsonObject gpus = parseJson(second).value(QStringLiteral("envdesk_gpus")).toObject();
    QCOMPARE(gpus.value(QStringLiteral("from_cache")).toBool(false), true);
    QCOMPARE(gpus.value(QStringLiteral("devices")).toArray().size(), 3);
    QVERIFY2(virtualPackages(parseJson(second)).contains(QStringLiteral("__cuda_arch=7.5=0")),
             qPrintable(failure(second)));
}

void TestCliInfo::overrides_data()
{
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("cuda");
    QTest::addColumn<QString>("cudaArch");
    QTest::addColumn<QString>("constraint");

    QTest::newRow("CONDA_OVERRIDE_CUDA=") << QStringLiteral("CONDA_OVERRIDE_CUDA") << QString()
                                          << QString() << QString() << QString();
    QTest::newRow("CONDA_OVERRIDE_CUDA=11.8")
        << QStringLiteral("CONDA_OVERRIDE_CUDA") << QStringLiteral("11.8")
        << QStringLiteral("__cuda=11.8=0") << QStringLiteral("__cuda_arch=8.6=0")
        << QStringLiteral("cuda-version <=11.8");
    QTest::newRow("CONDA_OVERRIDE_CUDA_ARCH=9.0")
        << QStringLiteral("CONDA_OVERRIDE_CUDA_ARCH") << QStringLiteral("9.0")
        << QStringLiteral("__cuda=12.4=0") << QStringLiteral("__cuda_arch=9.0=0")
        << QStringLiteral("cuda-version <=12.4");
    QTest::newRow("CONDA_OVERRIDE_CUDA_ARCH=")
        << QStringLiteral("CONDA_OVERRIDE_CUDA_ARCH") << QString()
        << QStringLiteral("__cuda=12.4=0") << QString() << QStringLiteral("cuda-version <=12.4");
}

void TestCliInfo::overrides()
{
    QFETCH(QString, variable);
    QFETCH(QString, value);
    QFETCH(QString, cuda);
    QFETCH(QString, cudaArch);
    QFETCH(QString, constraint);
    CliRunner runner;
    QProcessEnvironment env = standins(QStringLiteral("normal"));
    env.insert(variable, value);
    const CliRun run = runner.run({QStringLiteral("info"), QStringLiteral("--json")}, env);
    QVERIFY2(run.exitCode == 0, qPrintable(failure(run)));
    const QJsonObject info = parseJson(run);
    QStringList found;
    for (const QString& package : virtualPackages(info)) {
        if (package.startsWith(QStringLiteral("__cuda"))) {
            found.append(package);
        }
    }
    QStringList expected;
    for (const QString& package : {cuda, cudaArch}) {
        if (!package.isEmpty()) {
            expected.append(package);
        }
    }
    QCOMPARE(found, expected);
    // The GPU itself is still reported; the advice follows __cuda as the solver sees it.
    const QJsonObject gpus = info.value(QStringLiteral("envdesk_gpus")).toObject();
    QCOMPARE(gpus.value(QStringLiteral("method")).toString(), QStringLiteral("nvml"));
    const QJsonObject advice = gpus.value(QStringLiteral("advice")).toObject();
    QCOMPARE(advice.value(QStringLiteral("cuda_version_constraint")).toString(), constraint);
}

void TestCliInfo::noGpu()
{
    CliRunner runner;
    const CliRun run =
        runner.run({QStringLiteral("info"), QStringLiteral("--json")}, standins(QString()));
    QVERIFY2(run.exitCode == 0, qPrintable(failure(run)));
    const QJsonObject info = parseJson(run);
    for (const QString& package : virtualPackages(info)) {
        QVERIFY2(!package.startsWith(QStringLiteral("__cuda")), qPrintable(package));
    }
    const QJsonObject gpus = info.value(QStringLiteral("envdesk_gpus")).toObject();
    QVERIFY2(gpus.value(QStringLiteral("method")).isNull(), qPrintable(failure(run)));
    QVERIFY2(gpus.value(QStringLiteral("cuda_driver_version")).isNull(), qPrintable(failure(run)));
    QCOMPARE(gpus.value(QStringLiteral("attempts")).toArray().size(), 3);
    QCOMPARE(
        strings(gpus.value(QStringLiteral("advice")).toObject().value(QStringLiteral("pytorch"))),
        QStringList{QStringLiteral("pytorch=*=cpu*")});
    // conda's channels: [] is honoured.
    QVERIFY2(info.value(QStringLiteral("channels")).toArray().isEmpty(), qPrintable(failure(run)));
}

void TestCliInfo::text()
{
    CliRunner runner;
    const CliRun run = runner.run({QStringLiteral("info")}, standins(QStringLiteral("no-nvml")));
    QVERIFY2(run.exitCode == 0, qPrintable(failure(run)));
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.contains(QStringLiteral("       virtual packages : ")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("__cuda=12.2=0")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("__cuda_arch=7.5=0")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("found by libcuda")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("Envdesk Stand-in CUDA 1 (compute 8.9, 16.0 GiB)")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("cuda-version <=12.2")), qPrintable(out));
}

void TestCliInfo::help()
{
    CliRunner runner;
    const CliRun run = runner.run({QStringLiteral("info"), QStringLiteral("--help")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("--json"), run.out.constData());
    const CliRun bad = runner.run({QStringLiteral("info"), QStringLiteral("--bogus")});
    QCOMPARE(bad.exitCode, 2);
}

QTEST_APPLESS_MAIN(TestCliInfo)
#include "tst_cli_info.moc"
