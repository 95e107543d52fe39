// The GUI's session overrides (the Machine page's "for this session"): laid over the process
// environment in the value the GUI's work reads (ui::sessionInputs), never written into the
// process environment, and readable from other threads while they change.

#include "core/platform/virtual_packages.h"
#include "ui/common/session_environment.h"

#include <QTest>

#include <atomic>
#include <thread>

using namespace envdesk;

class TestSessionEnvironment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void overridesLieOverTheEnvironment();
};

void TestSessionEnvironment::overridesLieOverTheEnvironment()
{
    qputenv("CONDA_OVERRIDE_GLIBC", "2.17");
    ui::setSessionOverride("CONDA_OVERRIDE_CUDA", "12.4");
    ui::setSessionOverride("CONDA_OVERRIDE_GLIBC", std::nullopt);
    auto overrides = platform::condaOverridesIn(ui::sessionInputs().env);
    QCOMPARE(overrides.at("CONDA_OVERRIDE_CUDA"), std::string("12.4"));
    QCOMPARE(overrides.count("CONDA_OVERRIDE_GLIBC"), std::size_t{0}); // hidden by the session
    QVERIFY(!qEnvironmentVariableIsSet("CONDA_OVERRIDE_CUDA"));
    QCOMPARE(qgetenv("CONDA_OVERRIDE_GLIBC"), QByteArray("2.17"));

    // Readers on another thread while the session changes: no torn values.
    std::atomic<bool> done{false};
    std::atomic<int> bad{0};
    std::thread reader([&] {
        while (!done) {
            const auto value = ui::sessionVariable("CONDA_OVERRIDE_CUDA");
            if (value && *value != "12.4" && *value != "11.8") {
                ++bad;
            }
        }
    });
    for (int i = 0; i < 2000; ++i) {
        ui::setSessionOverride("CONDA_OVERRIDE_CUDA", i % 2 == 0 ? "11.8" : "12.4");
    }
    done = true;
    reader.join();
    QCOMPARE(bad.load(), 0);

    ui::clearSessionOverrides();
    overrides = platform::condaOverridesIn(ui::sessionInputs().env);
    QCOMPARE(overrides.count("CONDA_OVERRIDE_CUDA"), std::size_t{0});
    QCOMPARE(overrides.at("CONDA_OVERRIDE_GLIBC"), std::string("2.17"));
    qunsetenv("CONDA_OVERRIDE_GLIBC");
}

QTEST_GUILESS_MAIN(TestSessionEnvironment)
#include "tst_session_environment.moc"
