// The Machine place on the offscreen platform, with the real envdesk-gpu-probe pointed at the
// stand-in drivers of tests/gpu (never the machine's own): a card per GPU, a machine without a
// driver, a hung driver, the session override of the virtual packages (in the session object
// each case gives its page) and the GPU environment the page suggests.

#include "core/config/config.h"
#include "core/ops/solve_inputs.h"
#include "core/platform/virtual_packages.h"
#include "core/specs/channel.h"
#include "core/specs/match_spec.h"
#include "ui/changes/change_sources.h"
#include "ui/common/session_environment.h"
#include "ui/machine/machine_page.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

using envdesk::ui::MachinePage;
using namespace envdesk;

namespace {

const QString kStandins = QStringLiteral(ENVDESK_GPU_STANDINS_DIR);
const QString kProbe = QStringLiteral(ENVDESK_BIN_DIR "/envdesk-gpu-probe");

// Every variable a test here sets, restored at the end.
constexpr const char* kVariables[] = {
    "HOME",
    "XDG_CACHE_HOME",
    "ENVDESK_GPU_PROBE",
    "ENVDESK_GPU_LIBRARY_PATH",
    "ENVDESK_GPU_NO_SYSTEM_SEARCH",
    "ENVDESK_NVIDIA_SMI",
    "CONDA_OVERRIDE_CUDA",
    "CONDA_OVERRIDE_CUDA_ARCH",
    "CONDA_OVERRIDE_GLIBC",
    "CONDA_OVERRIDE_LINUX",
    "CONDA_OVERRIDE_OSX",
    "CONDA_OVERRIDE_WIN",
    "CONDA_OVERRIDE_ARCHSPEC",
};

// The probe (also the one ops::virtualPackagesFor runs) sees the stand-ins of `scenario` only.
void useScenario(const QString& scenario)
{
    qputenv("ENVDESK_GPU_LIBRARY_PATH", (kStandins + QLatin1Char('/') + scenario).toUtf8());
}

// A session over the process environment as the test case set it up, as the app's composition
// root reads it.
std::shared_ptr<ui::SessionEnvironment> processSession()
{
    return std::make_shared<ui::SessionEnvironment>(config::ConfigInputs::fromProcess());
}

// The page's rows as "name=version=build", and the override variable of each.
QStringList packageRows(const MachinePage& page)
{
    auto* list = page.findChild<QTreeWidget*>(QStringLiteral("virtualPackageList"));
    QStringList rows;
    for (int i = 0; list != nullptr && i < list->topLevelItemCount(); ++i) {
        const auto* item = list->topLevelItem(i);
        rows.append(item->text(0) + QLatin1Char('=') + item->text(1) + QLatin1Char('=')
                    + item->text(2));
    }
    return rows;
}

QString overrideOfRow(const MachinePage& page, const QString& name)
{
    auto* list = page.findChild<QTreeWidget*>(QStringLiteral("virtualPackageList"));
    for (int i = 0; list != nullptr && i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(0) == name) {
            return list->topLevelItem(i)->data(0, Qt::UserRole).toString();
        }
    }
    return QStringLiteral("(no row)");
}

// __cuda as a solve of the app sees it, with the session's inputs, or "none".
QString solverCuda(const ui::SessionEnvironment& session)
{
    for (const auto& record : ops::virtualPackagesFor(specs::currentPlatform(),
                                                      *ui::loadConfiguration(session.inputs()))) {
        if (record.name == "__cuda") {
            return QString::fromStdString(record.version);
        }
    }
    return QStringLiteral("none");
}

QString labelText(const MachinePage& page, const char* name)
{
    auto* label = page.findChild<QLabel*>(QLatin1String(name));
    return label != nullptr ? label->text() : QStringLiteral("(no label)");
}

bool labelShown(const MachinePage& page, const char* name)
{
    auto* label = page.findChild<QLabel*>(QLatin1String(name));
    return label != nullptr && label->isVisible();
}

// Shows the page and waits for its first detection.
bool showAndWait(MachinePage& page)
{
    QSignalSpy finished(&page, &MachinePage::detectionFinished);
    page.resize(900, 900);
    page.show();
    return finished.wait(30000) && !page.isDetecting();
}

// Saves a picture of the page where ENVDESK_SCREENSHOT_DIR says (to look at it by eye).
void screenshot(MachinePage& page, const QString& name)
{
    const QString dir = qEnvironmentVariable("ENVDESK_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        // The layouts a detection changed settle before the picture is taken.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
        page.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }
}

} // namespace

class TestMachinePage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void severalDevicesShowACardEach();
    void noDriverIsSaidPlainly();
    void hungDriverIsStoppedAtTheTimeLimit();
    void closingWhileTheDriverHangsIsQuick();
    void missingProbeIsSaidPlainly();
    void overrideChangesCudaUntilReset();
    void invalidOverrideIsRefused();
    void overrideFromTheShellIsShownAndKept();
    void createButtonCarriesSpecsThatFit();

private:
    std::map<QByteArray, std::optional<QByteArray>> m_saved;
    std::unique_ptr<QTemporaryDir> m_home;
};

void TestMachinePage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    for (const char* variable : kVariables) {
        m_saved[variable] = qEnvironmentVariableIsSet(variable)
                                ? std::optional<QByteArray>(qgetenv(variable))
                                : std::nullopt;
    }
    QVERIFY2(QFile::exists(kProbe), qPrintable(kProbe));
}

void TestMachinePage::init()
{
    // A fresh HOME and cache for each case: the GPU answer is cached per boot.
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    qputenv("HOME", m_home->path().toUtf8());
    qputenv("XDG_CACHE_HOME", m_home->filePath(QStringLiteral("cache")).toUtf8());
    qputenv("ENVDESK_GPU_PROBE", kProbe.toUtf8());
    qputenv("ENVDESK_GPU_NO_SYSTEM_SEARCH", "1");
    qputenv("ENVDESK_NVIDIA_SMI", "");
    useScenario(QStringLiteral("none"));
    for (const char* variable : kVariables) {
        if (QByteArray(variable).startsWith("CONDA_OVERRIDE_")) {
            qunsetenv(variable);
        }
    }
}

void TestMachinePage::cleanup()
{
    for (const char* variable : kVariables) {
        if (QByteArray(variable).startsWith("CONDA_OVERRIDE_")) {
            qunsetenv(variable);
        }
    }
    m_home.reset();
}

void TestMachinePage::cleanupTestCase()
{
    for (const auto& [variable, value] : m_saved) {
        if (value) {
            qputenv(variable.constData(), *value);
        } else {
            qunsetenv(variable.constData());
        }
    }
}

void TestMachinePage::severalDevicesShowACardEach()
{
    useScenario(QStringLiteral("several"));
    const auto session = processSession();
    MachinePage page(session);
    QVERIFY(showAndWait(page));
    screenshot(page, QStringLiteral("machine-several"));

    const auto cards = page.findChildren<QFrame*>(QStringLiteral("gpuCard"));
    QCOMPARE(cards.size(), 3);
    QStringList names;
    for (const auto* card : cards) {
        names.append(card->findChild<QLabel*>(QStringLiteral("gpuName"))->text());
    }
    QCOMPARE(names, QStringList({QStringLiteral("Envdesk Stand-in RTX A"),
                                 QStringLiteral("Envdesk Stand-in T4"),
                                 QStringLiteral("Envdesk Stand-in H100")}));
    QCOMPARE(cards.at(1)->findChild<QLabel*>(QStringLiteral("gpuMemory"))->text(),
             QStringLiteral("15.0 GiB memory"));
    QCOMPARE(cards.at(2)->findChild<QLabel*>(QStringLiteral("gpuCompute"))->text(),
             QStringLiteral("Compute capability 9.0"));
    QVERIFY(!cards.at(0)->accessibleName().isEmpty());

    QCOMPARE(labelText(page, "cudaVersionLabel"), QStringLiteral("12.6"));
    QVERIFY(labelShown(page, "cudaVersionLabel"));
    QVERIFY2(labelText(page, "driverLabel").contains(QStringLiteral("550.54.14")),
             qPrintable(labelText(page, "driverLabel")));
    QVERIFY2(labelText(page, "methodLabel").contains(QStringLiteral("NVML")),
             qPrintable(labelText(page, "methodLabel")));
    QVERIFY(!labelShown(page, "noGpuLabel"));

    // The attempts are behind Details.
    auto* attempts = page.findChild<QTreeWidget*>(QStringLiteral("attemptsList"));
    QVERIFY(attempts != nullptr);
    QVERIFY(!attempts->isVisible());
    page.findChild<QToolButton*>(QStringLiteral("detailsButton"))->click();
    QVERIFY(attempts->isVisible());
    screenshot(page, QStringLiteral("machine-several-details"));
    QCOMPARE(attempts->topLevelItem(0)->text(0), QStringLiteral("NVML"));
    QCOMPARE(attempts->topLevelItem(0)->text(1), QStringLiteral("answered"));

    // The virtual packages the solver will use: __cuda_arch is the lowest capability.
    const QStringList rows = packageRows(page);
    QVERIFY2(rows.contains(QStringLiteral("__cuda=12.6=0")), qPrintable(rows.join(u' ')));
    QVERIFY2(rows.contains(QStringLiteral("__cuda_arch=7.5=0")), qPrintable(rows.join(u' ')));
    QCOMPARE(overrideOfRow(page, QStringLiteral("__cuda")), QString());
    QVERIFY(labelText(page, "platformLabel")
                .contains(QString::fromStdString(specs::currentPlatform())));

    // The answer is cached for the boot; a second page reads it, Refresh asks again.
    QVERIFY(QFile::exists(m_home->filePath(QStringLiteral("cache/envdesk/gpu.json"))));
    MachinePage second(session);
    QVERIFY(showAndWait(second));
    QCOMPARE(second.findChildren<QFrame*>(QStringLiteral("gpuCard")).size(), 3);
    QVERIFY2(labelText(second, "machineStatus").contains(QStringLiteral("earlier")),
             qPrintable(labelText(second, "machineStatus")));
    QSignalSpy finished(&second, &MachinePage::detectionFinished);
    second.findChild<QToolButton*>(QStringLiteral("refreshMachineButton"))->click();
    QVERIFY(second.isDetecting());
    QVERIFY(finished.wait(30000));
    QCOMPARE(second.findChildren<QFrame*>(QStringLiteral("gpuCard")).size(), 3);
    QVERIFY2(labelText(second, "machineStatus").contains(QStringLiteral("Checked at")),
             qPrintable(labelText(second, "machineStatus")));
}

void TestMachinePage::noDriverIsSaidPlainly()
{
    const auto session = processSession();
    MachinePage page(session);
    QVERIFY(showAndWait(page));
    screenshot(page, QStringLiteral("machine-no-driver"));

    QVERIFY(labelShown(page, "noGpuLabel"));
    QVERIFY2(labelText(page, "noGpuLabel").contains(QStringLiteral("no NVIDIA driver")),
             qPrintable(labelText(page, "noGpuLabel")));
    QVERIFY(page.findChildren<QFrame*>(QStringLiteral("gpuCard")).isEmpty());
    QVERIFY(!labelShown(page, "cudaVersionLabel"));
    QVERIFY(QApplication::activeModalWidget() == nullptr);

    const QStringList rows = packageRows(page);
    QVERIFY(std::none_of(rows.begin(), rows.end(),
                         [](const QString& row) { return row.startsWith(u"__cuda"); }));
    QVERIFY(std::any_of(rows.begin(), rows.end(),
                        [](const QString& row) { return row.startsWith(u"__archspec=1="); }));
    // Only CPU builds fit, so there is no GPU environment to create.
    QCOMPARE(labelText(page, "pytorchSpecsLabel"), QStringLiteral("pytorch=*=cpu*"));
    QVERIFY(page.gpuEnvironmentSpecs().isEmpty());
    QVERIFY(
        !page.findChild<QPushButton*>(QStringLiteral("createGpuEnvironmentButton"))->isEnabled());
}

void TestMachinePage::hungDriverIsStoppedAtTheTimeLimit()
{
    gpu::DetectOptions options;
    options.probePath = kProbe.toStdString();
    options.timeout = std::chrono::milliseconds(1000);
    options.useCache = false;
    options.environment["ENVDESK_GPU_LIBRARY_PATH"] =
        (kStandins + QStringLiteral("/cuda-hang")).toStdString();
    MachinePage page(processSession(), MachinePage::systemDetect(options));
    QSignalSpy finished(&page, &MachinePage::detectionFinished);
    page.show();
    // The window keeps answering while the probe hangs.
    QVERIFY(page.isDetecting());
    QVERIFY(labelText(page, "machineStatus").contains(QStringLiteral("Checking")));
    QVERIFY(finished.wait(30000));
    page.findChild<QToolButton*>(QStringLiteral("detailsButton"))->click();
    screenshot(page, QStringLiteral("machine-timed-out"));

    QVERIFY2(labelText(page, "noGpuLabel").contains(QStringLiteral("did not answer in time")),
             qPrintable(labelText(page, "noGpuLabel")));
    auto* attempts = page.findChild<QTreeWidget*>(QStringLiteral("attemptsList"));
    QVERIFY(attempts->topLevelItemCount() >= 1);
    const auto* last = attempts->topLevelItem(attempts->topLevelItemCount() - 1);
    QCOMPARE(last->text(0), QStringLiteral("libcuda"));
    QCOMPARE(last->text(1), QStringLiteral("timed out"));
}

void TestMachinePage::closingWhileTheDriverHangsIsQuick()
{
    gpu::DetectOptions options;
    options.probePath = kProbe.toStdString();
    // A limit longer than the test's own timeout: closing must stop the probe, not wait for
    // the limit (if it waited, the test would fail by its timeout).
    options.timeout = std::chrono::hours(1);
    options.useCache = false;
    options.environment["ENVDESK_GPU_LIBRARY_PATH"] =
        (kStandins + QStringLiteral("/cuda-hang")).toStdString();
    auto page = std::make_unique<MachinePage>(processSession(), MachinePage::systemDetect(options));
    page->show();
    QVERIFY(page->isDetecting());
    page.reset(); // stops the probe
}

void TestMachinePage::missingProbeIsSaidPlainly()
{
    gpu::DetectOptions options;
    options.probePath = m_home->filePath(QStringLiteral("no-such-probe")).toStdString();
    options.useCache = false;
    MachinePage page(processSession(), MachinePage::systemDetect(options));
    QVERIFY(showAndWait(page));
    screenshot(page, QStringLiteral("machine-no-probe"));
    QVERIFY2(labelText(page, "noGpuLabel").contains(QStringLiteral("probe")),
             qPrintable(labelText(page, "noGpuLabel")));
    QVERIFY(QApplication::activeModalWidget() == nullptr);
    // The rest of the machine is still there.
    QVERIFY(!packageRows(page).isEmpty());
}

void TestMachinePage::overrideChangesCudaUntilReset()
{
    useScenario(QStringLiteral("several"));
    const auto session = processSession();
    MachinePage page(session);
    QVERIFY(showAndWait(page));
    QCOMPARE(solverCuda(*session), QStringLiteral("12.6"));
    auto* reset = page.findChild<QPushButton*>(QStringLiteral("resetOverrideButton"));
    QVERIFY(!reset->isEnabled());

    page.findChild<QLineEdit*>(QStringLiteral("cudaOverrideEdit"))->setText(QStringLiteral("11.8"));
    page.findChild<QPushButton*>(QStringLiteral("applyOverrideButton"))->click();
    screenshot(page, QStringLiteral("machine-override"));

    QCOMPARE(session->variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>("11.8"));
    // A session override, never written into the process environment.
    QVERIFY(!qEnvironmentVariableIsSet("CONDA_OVERRIDE_CUDA"));
    QVERIFY2(packageRows(page).contains(QStringLiteral("__cuda=11.8=0")),
             qPrintable(packageRows(page).join(u' ')));
    QCOMPARE(overrideOfRow(page, QStringLiteral("__cuda")), QStringLiteral("CONDA_OVERRIDE_CUDA"));
    QCOMPARE(overrideOfRow(page, QStringLiteral("__cuda_arch")), QString());
    QCOMPARE(solverCuda(*session), QStringLiteral("11.8"));
    // Held by this page's session alone: a session of its own (another window) does not see it.
    QCOMPARE(solverCuda(*processSession()), QStringLiteral("12.6"));
    // The driver's own answer stays on the card side; the advice follows the solver.
    QCOMPARE(labelText(page, "cudaVersionLabel"), QStringLiteral("12.6"));
    QCOMPARE(labelText(page, "cudaConstraintLabel"), QStringLiteral("cuda-version <=11.8"));
    QVERIFY(labelShown(page, "overrideNote"));
    QVERIFY(reset->isEnabled());

    // glibc too, marked as coming from its variable.
    QVERIFY(page.applyOverrides(QStringLiteral("11.8"), QStringLiteral("2.17"), QString()));
    if (specs::currentPlatform().starts_with("linux-")) {
        QVERIFY(packageRows(page).contains(QStringLiteral("__glibc=2.17=0")));
        QCOMPARE(overrideOfRow(page, QStringLiteral("__glibc")),
                 QStringLiteral("CONDA_OVERRIDE_GLIBC"));
    }

    reset->click();
    QVERIFY(!session->variable("CONDA_OVERRIDE_CUDA"));
    QVERIFY(!session->variable("CONDA_OVERRIDE_GLIBC"));
    QVERIFY(packageRows(page).contains(QStringLiteral("__cuda=12.6=0")));
    QCOMPARE(overrideOfRow(page, QStringLiteral("__cuda")), QString());
    QCOMPARE(solverCuda(*session), QStringLiteral("12.6"));
    QVERIFY(page.findChild<QLineEdit*>(QStringLiteral("cudaOverrideEdit"))->text().isEmpty());
    QVERIFY(!reset->isEnabled());
}

void TestMachinePage::invalidOverrideIsRefused()
{
    const auto session = processSession();
    MachinePage page(session);
    QVERIFY(showAndWait(page));
    QVERIFY(!page.applyOverrides(QStringLiteral("twelve"), QString(), QStringLiteral("no spaces")));
    QVERIFY(!session->variable("CONDA_OVERRIDE_CUDA"));
    QVERIFY(!session->variable("CONDA_OVERRIDE_ARCHSPEC"));
    QVERIFY(labelShown(page, "overrideError"));
    screenshot(page, QStringLiteral("machine-override-refused"));
    QVERIFY2(labelText(page, "overrideError").contains(QStringLiteral("twelve")),
             qPrintable(labelText(page, "overrideError")));

    // On a machine without a driver an override gives __cuda, and with it GPU builds.
    QVERIFY(page.applyOverrides(QStringLiteral("12.4"), QString(), QString()));
    QVERIFY(!labelShown(page, "overrideError"));
    QVERIFY(packageRows(page).contains(QStringLiteral("__cuda=12.4=0")));
    QCOMPARE(page.gpuEnvironmentSpecs(), QStringLiteral("cuda-version<=12.4 pytorch=*=cuda12*"));
}

void TestMachinePage::overrideFromTheShellIsShownAndKept()
{
    useScenario(QStringLiteral("several"));
    // Set before the app started: an empty value removes __cuda (and __cuda_arch); a value the
    // solver ignores is pointed out.
    qputenv("CONDA_OVERRIDE_CUDA", "");
    qputenv("CONDA_OVERRIDE_CUDA_ARCH", "sm_90");
    const auto session = processSession();
    MachinePage page(session);
    QVERIFY(showAndWait(page));
    screenshot(page, QStringLiteral("machine-shell-override"));
    QCOMPARE(overrideOfRow(page, QStringLiteral("__cuda")), QStringLiteral("CONDA_OVERRIDE_CUDA"));
    QCOMPARE(overrideOfRow(page, QStringLiteral("__cuda_arch")),
             QStringLiteral("CONDA_OVERRIDE_CUDA"));
    QVERIFY(packageRows(page).contains(QStringLiteral("__cuda==")));
    QCOMPARE(solverCuda(*session), QStringLiteral("none"));
    QVERIFY(labelShown(page, "overrideProblems"));
    QVERIFY(
        labelText(page, "overrideProblems").contains(QStringLiteral("CONDA_OVERRIDE_CUDA_ARCH")));
    QVERIFY(page.gpuEnvironmentSpecs().isEmpty());

    // Reset goes back to what the app started with.
    QVERIFY(page.applyOverrides(QStringLiteral("12.0"), QString(), QString()));
    QCOMPARE(solverCuda(*session), QStringLiteral("12.0"));
    page.resetOverrides();
    QCOMPARE(session->variable("CONDA_OVERRIDE_CUDA"), std::optional<std::string>(""));
    QCOMPARE(solverCuda(*session), QStringLiteral("none"));
}

void TestMachinePage::createButtonCarriesSpecsThatFit()
{
    useScenario(QStringLiteral("several"));
    const auto session = processSession();
    MachinePage page(session);
    QVERIFY(showAndWait(page));
    QSignalSpy requested(&page, &MachinePage::createEnvironmentRequested);
    auto* create = page.findChild<QPushButton*>(QStringLiteral("createGpuEnvironmentButton"));
    QVERIFY(create->isEnabled());
    create->click();
    QCOMPARE(requested.size(), 1);
    const QString pytorch = requested.at(0).at(0).toString();
    QCOMPARE(pytorch, QStringLiteral("cuda-version<=12.6 pytorch=*=cuda12*"));

    page.findChild<QComboBox*>(QStringLiteral("gpuFrameworkCombo"))->setCurrentIndex(1);
    create->click();
    QCOMPARE(requested.size(), 2);
    const QString tensorflow = requested.at(1).at(0).toString();
    QCOMPARE(tensorflow, QStringLiteral("cuda-version<=12.6 tensorflow=*=cuda12*"));

    // Each word is a match spec, as the create dialog reads its packages field.
    for (const QString& spec : (pytorch + QLatin1Char(' ') + tensorflow).split(u' ')) {
        const auto parsed = specs::MatchSpec::parse(spec.toStdString());
        QVERIFY2(parsed.ok(), qPrintable(spec));
    }
    QCOMPARE(labelText(page, "cudaConstraintLabel"), QStringLiteral("cuda-version <=12.6"));
    QCOMPARE(labelText(page, "pytorchSpecsLabel"),
             QStringLiteral("pytorch=*=cuda12*, pytorch=*=cuda11*, pytorch=*=cpu*"));
}

QTEST_MAIN(TestMachinePage)
#include "tst_machine_page.moc"
