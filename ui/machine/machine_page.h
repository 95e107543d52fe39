#pragma once

#include "core/gpu/gpu_detector.h"
#include "core/gpu/gpu_info.h"
#include "core/platform/virtual_packages.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QTime>
#include <QWidget>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

class QComboBox;
class QGridLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;
class QTreeWidget;

namespace envdesk::ui {

class BackgroundTask;
class SessionEnvironment;

// The Machine place: what the NVIDIA driver supports (a card per GPU, the driver version, the
// highest CUDA in large type, the method that answered and every attempt under "Details"), the
// virtual packages the solver will use with those that come from CONDA_OVERRIDE_* marked, an
// override for this session, and which cuda-version / pytorch / tensorflow builds fit.
//
// Detection runs on a worker thread when the page is first shown (reading the per-boot cache)
// and again, fresh, on Refresh; the probe is a child process with its own time limit
// (docs/gpu.md), so the window never waits for a driver.
//
// The override sets CONDA_OVERRIDE_CUDA, _GLIBC and _ARCHSPEC in the session environment the
// page is given (SessionEnvironment, shared with the rest of the window; never in the process
// environment), so every later solve of the app (ops::virtualPackagesFor, through the inputs
// its work takes from the session) sees it until the app closes; Reset puts back what the
// variables were when the page was made.
//
// Test API (objectNames): "refreshMachineButton", "machineStatus", "cudaVersionLabel" (the
// number alone, empty without a driver), "driverLabel", "methodLabel", "gpuCards" holding one
// "gpuCard" per device (with "gpuName", "gpuMemory", "gpuCompute" labels), "noGpuLabel",
// "detailsButton" (checkable) showing "attemptsList" (method, outcome, detail), "platformLabel",
// "virtualPackageList" (package, version, build, source; column 0's Qt::UserRole holds the
// CONDA_OVERRIDE_* variable a row comes from, or is empty), "overrideProblems",
// "cudaOverrideEdit", "glibcOverrideEdit", "archspecOverrideEdit", "applyOverrideButton",
// "resetOverrideButton", "overrideNote", "overrideError", "cudaConstraintLabel",
// "minorCompatibleLabel", "pytorchSpecsLabel", "tensorflowSpecsLabel", "gpuFrameworkCombo"
// (PyTorch, TensorFlow), "createGpuEnvironmentButton".
class MachinePage : public QWidget {
    Q_OBJECT

public:
    // How the GPU is detected; runs on a worker thread and honours the stop token. `fresh`:
    // ask the driver again rather than reuse the per-boot cache (Refresh). `environment`: the
    // session's (SessionEnvironment::inputs().env) when the detection started.
    using Detect = std::function<util::Result<gpu::GpuInfo>(
        bool fresh, const std::map<std::string, std::string>& environment, std::stop_token)>;

    // `session` (never null) holds the overrides this page sets and reads. Without `detect`,
    // detection as the app does it: gpu::detect() with its defaults.
    explicit MachinePage(std::shared_ptr<SessionEnvironment> session, QWidget* parent = nullptr);
    MachinePage(std::shared_ptr<SessionEnvironment> session, Detect detect,
                QWidget* parent = nullptr);
    ~MachinePage() override;

    // gpu::detect() with `options` (without a processEnvironment: the one the detection is
    // given); a fresh detection first removes the cache file, so the answer it writes is the
    // one later solves read.
    [[nodiscard]] static Detect systemDetect(gpu::DetectOptions options = {});

    // Asks the driver again (the Refresh button).
    void refresh();
    [[nodiscard]] bool isDetecting() const;

    // Sets (a non-empty value) or removes (empty) the session override of each variable
    // whose value differs from the one in effect now, puts the values in the fields and shows the
    // new virtual packages. A value that is not MAJOR.MINOR for CUDA, not a dotted number for
    // glibc, or one the solver would ignore (an archspec that is not a build string) is refused
    // with a message and leaves its variable as it was. Returns false when any was refused.
    bool applyOverrides(const QString& cuda, const QString& glibc, const QString& archspec);
    // Puts the variables back as they were when the page was made.
    void resetOverrides();

    // The specs "Create a GPU environment…" carries for the chosen framework, e.g.
    // "cuda-version<=12.4 pytorch=*=cuda12*"; empty without a CUDA driver (nor override).
    [[nodiscard]] QString gpuEnvironmentSpecs() const;

Q_SIGNALS:
    // Space-separated match specs for the create dialog's packages field.
    void createEnvironmentRequested(const QString& packages);
    // A detection finished (whatever its outcome) and the page shows it.
    void detectionFinished();

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Detected {
        util::Result<gpu::GpuInfo> gpu;
        platform::HostFacts host; // with the GPU's facts applied
    };

    void startDetection(bool fresh);
    void retranslate();
    void applyWarningColour();
    void showGpu();
    void showVirtualPackages();
    void showAdvice();
    void updateOverrideButtons();
    [[nodiscard]] QString noGpuReason() const;
    [[nodiscard]] std::optional<std::string> effectiveCuda() const;
    // The value of `variable` in effect in the session (nullopt: unset).
    [[nodiscard]] std::optional<QByteArray> sessionValue(const char* variable) const;

    std::shared_ptr<SessionEnvironment> m_session;
    Detect m_detect;
    BackgroundTask* m_task = nullptr;
    std::optional<Detected> m_detected;
    bool m_shownOnce = false;
    QTime m_checkedAt;
    // CONDA_OVERRIDE_CUDA, _GLIBC, _ARCHSPEC when the page was made (nullopt: unset).
    std::map<QByteArray, std::optional<QByteArray>> m_startOverrides;

    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    QToolButton* m_refresh = nullptr;
    QGroupBox* m_gpuBox = nullptr;
    QLabel* m_cudaCaption = nullptr;
    QLabel* m_cudaVersion = nullptr;
    QLabel* m_driver = nullptr;
    QLabel* m_method = nullptr;
    QWidget* m_cards = nullptr;
    QGridLayout* m_cardsLayout = nullptr;
    QLabel* m_noGpu = nullptr;
    QToolButton* m_details = nullptr;
    QTreeWidget* m_attempts = nullptr;
    QGroupBox* m_packagesBox = nullptr;
    QLabel* m_platform = nullptr;
    QTreeWidget* m_packages = nullptr;
    QLabel* m_overrideProblems = nullptr;
    QLabel* m_overrideTitle = nullptr;
    QLabel* m_cudaOverrideLabel = nullptr;
    QLabel* m_glibcOverrideLabel = nullptr;
    QLabel* m_archspecOverrideLabel = nullptr;
    QLineEdit* m_cudaOverride = nullptr;
    QLineEdit* m_glibcOverride = nullptr;
    QLineEdit* m_archspecOverride = nullptr;
    QPushButton* m_applyOverride = nullptr;
    QPushButton* m_resetOverride = nullptr;
    QLabel* m_overrideNote = nullptr;
    QLabel* m_overrideError = nullptr;
    QGroupBox* m_adviceBox = nullptr;
    QLabel* m_adviceFor = nullptr;
    QLabel* m_constraint = nullptr;
    QLabel* m_minorCompatible = nullptr;
    QLabel* m_pytorchCaption = nullptr;
    QLabel* m_pytorch = nullptr;
    QLabel* m_tensorflowCaption = nullptr;
    QLabel* m_tensorflow = nullptr;
    QComboBox* m_framework = nullptr;
    QPushButton* m_createGpu = nullptr;
};

} // namespace envdesk::ui
