#include "ui/machine/machine_page.h"

#include "core/gpu/cuda_advice.h"
#include "core/gpu/gpu_cache.h"
#include "core/platform/conda_overrides.h"
#include "core/specs/channel.h"
#include "ui/common/background_task.h"
#include "ui/common/error_text.h"
#include "ui/common/form_labels.h"
#include "ui/common/session_environment.h"

#include <QComboBox>
#include <QEvent>
#include <QFont>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QTime>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>

namespace envdesk::ui {

namespace {

// The variables this page's fields set.
constexpr std::array<const char*, 3> kSessionVariables = {
    "CONDA_OVERRIDE_CUDA", "CONDA_OVERRIDE_GLIBC", "CONDA_OVERRIDE_ARCHSPEC"};

std::string trimmed(const std::string& text)
{
    return QString::fromStdString(text).trimmed().toStdString();
}

// The override variable a record comes from, or empty.
QString overrideOf(const specs::PackageRecord& record,
                   const std::map<std::string, std::string>& overrides)
{
    return QString::fromStdString(platform::overrideBehind(record, overrides));
}

// The override that removed `package` (set to empty), or empty.
QString removerOf(const std::string& package, const std::map<std::string, std::string>& overrides)
{
    return QString::fromStdString(platform::overrideRemoving(package, overrides));
}

QFont scaledFont(const QFont& base, double factor, bool bold)
{
    QFont font = base;
    if (font.pointSizeF() > 0) {
        font.setPointSizeF(font.pointSizeF() * factor);
    } else {
        font.setPixelSize(qRound(font.pixelSize() * factor));
    }
    font.setBold(bold);
    return font;
}

QLabel* wrappingLabel(const char* objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(objectName));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// A short list as tall as its rows (a few at most), so the page does not scroll inside itself.
void fitToRows(QTreeWidget* list)
{
    int rowsHeight = 0;
    for (int row = 0; row < list->topLevelItemCount(); ++row) {
        rowsHeight += list->sizeHintForRow(row);
    }
    list->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    list->setFixedHeight(list->header()->sizeHint().height()
                         + std::max(rowsHeight, list->fontMetrics().height())
                         + 2 * list->frameWidth() + 2);
}

QString methodName(gpu::DetectionMethod method)
{
    switch (method) {
    case gpu::DetectionMethod::Nvml:
        return QStringLiteral("NVML");
    case gpu::DetectionMethod::CudaDriver:
        return QStringLiteral("libcuda");
    case gpu::DetectionMethod::NvidiaSmi:
        return QStringLiteral("nvidia-smi");
    case gpu::DetectionMethod::None:
        break;
    }
    return QString();
}

} // namespace

MachinePage::MachinePage(std::shared_ptr<SessionEnvironment> session, QWidget* parent)
    : MachinePage(std::move(session), systemDetect(), parent)
{
}

MachinePage::MachinePage(std::shared_ptr<SessionEnvironment> session, Detect detect,
                         QWidget* parent)
    : QWidget(parent)
    , m_session(std::move(session))
    , m_detect(std::move(detect))
    , m_task(new BackgroundTask(this))
{
    for (const char* variable : kSessionVariables) {
        m_startOverrides[QByteArray(variable)] = sessionValue(variable);
    }

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("machineScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto* content = new QWidget(scroll);
    scroll->setWidget(content);
    auto* layout = new QVBoxLayout(content);

    // Title, what the page is doing, Refresh.
    auto* header = new QHBoxLayout;
    m_title = new QLabel(content);
    m_title->setObjectName(QStringLiteral("machineTitle"));
    m_title->setFont(scaledFont(font(), 1.3, true));
    m_status = new QLabel(content);
    m_status->setObjectName(QStringLiteral("machineStatus"));
    m_status->setWordWrap(true);
    m_status->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_refresh = new QToolButton(content);
    m_refresh->setObjectName(QStringLiteral("refreshMachineButton"));
    m_refresh->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh"),
                                        style()->standardIcon(QStyle::SP_BrowserReload)));
    m_refresh->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    header->addWidget(m_title);
    header->addWidget(m_status, 1);
    header->addWidget(m_refresh);
    layout->addLayout(header);

    // The GPUs and the driver.
    m_gpuBox = new QGroupBox(content);
    m_gpuBox->setObjectName(QStringLiteral("gpuBox"));
    auto* gpuLayout = new QVBoxLayout(m_gpuBox);
    auto* driverRow = new QHBoxLayout;
    auto* cudaColumn = new QVBoxLayout;
    m_cudaCaption = new QLabel(m_gpuBox);
    m_cudaCaption->setObjectName(QStringLiteral("cudaCaption"));
    m_cudaVersion = new QLabel(m_gpuBox);
    m_cudaVersion->setObjectName(QStringLiteral("cudaVersionLabel"));
    m_cudaVersion->setFont(scaledFont(font(), 3.0, true));
    m_cudaVersion->setTextInteractionFlags(Qt::TextSelectableByMouse);
    cudaColumn->addWidget(m_cudaCaption);
    cudaColumn->addWidget(m_cudaVersion);
    auto* driverColumn = new QVBoxLayout;
    m_driver = wrappingLabel("driverLabel", m_gpuBox);
    m_method = wrappingLabel("methodLabel", m_gpuBox);
    driverColumn->addStretch(1);
    driverColumn->addWidget(m_driver);
    driverColumn->addWidget(m_method);
    driverColumn->addStretch(1);
    driverRow->addLayout(cudaColumn);
    driverRow->addSpacing(24);
    driverRow->addLayout(driverColumn, 1);
    gpuLayout->addLayout(driverRow);
    m_noGpu = wrappingLabel("noGpuLabel", m_gpuBox);
    m_noGpu->setFont(scaledFont(font(), 1.15, false));
    gpuLayout->addWidget(m_noGpu);
    m_cards = new QWidget(m_gpuBox);
    m_cards->setObjectName(QStringLiteral("gpuCards"));
    m_cardsLayout = new QGridLayout(m_cards);
    m_cardsLayout->setContentsMargins(0, 0, 0, 0);
    gpuLayout->addWidget(m_cards);
    m_details = new QToolButton(m_gpuBox);
    m_details->setObjectName(QStringLiteral("detailsButton"));
    m_details->setCheckable(true);
    m_details->setAutoRaise(true);
    m_details->setArrowType(Qt::RightArrow);
    m_details->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    gpuLayout->addWidget(m_details, 0, Qt::AlignLeft);
    m_attempts = new QTreeWidget(m_gpuBox);
    m_attempts->setObjectName(QStringLiteral("attemptsList"));
    m_attempts->setColumnCount(3);
    m_attempts->setRootIsDecorated(false);
    m_attempts->setSelectionMode(QAbstractItemView::NoSelection);
    m_attempts->setWordWrap(true);
    m_attempts->header()->setStretchLastSection(true);
    m_attempts->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_attempts->hide();
    gpuLayout->addWidget(m_attempts);
    connect(m_details, &QToolButton::toggled, this, [this](bool open) {
        m_details->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_attempts->setVisible(open);
    });
    layout->addWidget(m_gpuBox);

    // The virtual packages, and the session override.
    m_packagesBox = new QGroupBox(content);
    m_packagesBox->setObjectName(QStringLiteral("virtualPackagesBox"));
    auto* packagesLayout = new QVBoxLayout(m_packagesBox);
    m_platform = wrappingLabel("platformLabel", m_packagesBox);
    packagesLayout->addWidget(m_platform);
    m_packages = new QTreeWidget(m_packagesBox);
    m_packages->setObjectName(QStringLiteral("virtualPackageList"));
    m_packages->setColumnCount(4);
    m_packages->setRootIsDecorated(false);
    m_packages->setSelectionMode(QAbstractItemView::SingleSelection);
    m_packages->header()->setStretchLastSection(true);
    m_packages->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_packages->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    packagesLayout->addWidget(m_packages);
    m_overrideProblems = wrappingLabel("overrideProblems", m_packagesBox);
    packagesLayout->addWidget(m_overrideProblems);

    packagesLayout->addSpacing(6);
    m_overrideTitle = new QLabel(m_packagesBox);
    m_overrideTitle->setObjectName(QStringLiteral("overrideTitle"));
    m_overrideTitle->setFont(scaledFont(font(), 1.0, true));
    packagesLayout->addWidget(m_overrideTitle);
    auto* overrideRow = new QHBoxLayout;
    auto addField = [this, overrideRow](QLabel*& label, QLineEdit*& edit, const char* name) {
        label = new QLabel(m_packagesBox);
        edit = new QLineEdit(m_packagesBox);
        edit->setObjectName(QLatin1String(name));
        edit->setClearButtonEnabled(true);
        label->setBuddy(edit);
        overrideRow->addWidget(label);
        overrideRow->addWidget(edit, 1);
        connect(edit, &QLineEdit::textChanged, this, [this] { updateOverrideButtons(); });
        connect(edit, &QLineEdit::returnPressed, this, [this] {
            applyOverrides(m_cudaOverride->text(), m_glibcOverride->text(),
                           m_archspecOverride->text());
        });
    };
    addField(m_cudaOverrideLabel, m_cudaOverride, "cudaOverrideEdit");
    addField(m_glibcOverrideLabel, m_glibcOverride, "glibcOverrideEdit");
    addField(m_archspecOverrideLabel, m_archspecOverride, "archspecOverrideEdit");
#if !defined(Q_OS_LINUX)
    // __glibc exists only for Linux targets.
    m_glibcOverrideLabel->hide();
    m_glibcOverride->hide();
#endif
    m_applyOverride = new QPushButton(m_packagesBox);
    m_applyOverride->setObjectName(QStringLiteral("applyOverrideButton"));
    m_resetOverride = new QPushButton(m_packagesBox);
    m_resetOverride->setObjectName(QStringLiteral("resetOverrideButton"));
    overrideRow->addWidget(m_applyOverride);
    overrideRow->addWidget(m_resetOverride);
    packagesLayout->addLayout(overrideRow);
    m_overrideError = wrappingLabel("overrideError", m_packagesBox);
    m_overrideError->hide();
    packagesLayout->addWidget(m_overrideError);
    m_overrideNote = wrappingLabel("overrideNote", m_packagesBox);
    m_overrideNote->setForegroundRole(QPalette::PlaceholderText);
    packagesLayout->addWidget(m_overrideNote);
    connect(m_applyOverride, &QPushButton::clicked, this, [this] {
        applyOverrides(m_cudaOverride->text(), m_glibcOverride->text(), m_archspecOverride->text());
    });
    connect(m_resetOverride, &QPushButton::clicked, this, &MachinePage::resetOverrides);
    layout->addWidget(m_packagesBox);

    // What to install.
    m_adviceBox = new QGroupBox(content);
    m_adviceBox->setObjectName(QStringLiteral("adviceBox"));
    auto* adviceLayout = new QVBoxLayout(m_adviceBox);
    m_adviceFor = wrappingLabel("adviceForLabel", m_adviceBox);
    adviceLayout->addWidget(m_adviceFor);
    m_constraint = wrappingLabel("cudaConstraintLabel", m_adviceBox);
    m_constraint->setFont(scaledFont(font(), 1.5, true));
    adviceLayout->addWidget(m_constraint);
    m_minorCompatible = wrappingLabel("minorCompatibleLabel", m_adviceBox);
    adviceLayout->addWidget(m_minorCompatible);
    auto* builds = new QGridLayout;
    m_pytorchCaption = new QLabel(m_adviceBox);
    m_pytorch = wrappingLabel("pytorchSpecsLabel", m_adviceBox);
    m_tensorflowCaption = new QLabel(m_adviceBox);
    m_tensorflow = wrappingLabel("tensorflowSpecsLabel", m_adviceBox);
    builds->addWidget(m_pytorchCaption, 0, 0, Qt::AlignTop);
    builds->addWidget(m_pytorch, 0, 1);
    builds->addWidget(m_tensorflowCaption, 1, 0, Qt::AlignTop);
    builds->addWidget(m_tensorflow, 1, 1);
    builds->setColumnStretch(1, 1);
    adviceLayout->addLayout(builds);
    auto* createRow = new QHBoxLayout;
    m_framework = new QComboBox(m_adviceBox);
    m_framework->setObjectName(QStringLiteral("gpuFrameworkCombo"));
    m_framework->addItem(QStringLiteral("PyTorch"));
    m_framework->addItem(QStringLiteral("TensorFlow"));
    m_createGpu = new QPushButton(m_adviceBox);
    m_createGpu->setObjectName(QStringLiteral("createGpuEnvironmentButton"));
    m_createGpu->setIcon(QIcon::fromTheme(QStringLiteral("list-add"),
                                          style()->standardIcon(QStyle::SP_FileDialogNewFolder)));
    createRow->addWidget(m_framework);
    createRow->addWidget(m_createGpu);
    createRow->addStretch(1);
    adviceLayout->addLayout(createRow);
    connect(m_framework, &QComboBox::currentIndexChanged, this, [this] { showAdvice(); });
    connect(m_createGpu, &QPushButton::clicked, this, [this] {
        const QString specs = gpuEnvironmentSpecs();
        if (!specs.isEmpty()) {
            Q_EMIT createEnvironmentRequested(specs);
        }
    });
    layout->addWidget(m_adviceBox);
    layout->addStretch(1);

    connect(m_refresh, &QToolButton::clicked, this, &MachinePage::refresh);
    connect(m_task, &BackgroundTask::runningChanged, this, [this](bool running) {
        m_refresh->setEnabled(!running);
        if (running) {
            m_status->setText(m_detected ? tr("Checking the GPUs again…")
                                         : tr("Checking the GPUs…"));
        }
    });

    for (auto* edit : {m_cudaOverride, m_glibcOverride, m_archspecOverride}) {
        const char* variable = edit == m_cudaOverride    ? "CONDA_OVERRIDE_CUDA"
                               : edit == m_glibcOverride ? "CONDA_OVERRIDE_GLIBC"
                                                         : "CONDA_OVERRIDE_ARCHSPEC";
        edit->setText(
            QString::fromLocal8Bit(sessionValue(variable).value_or(QByteArray())).trimmed());
    }
    applyWarningColour();
    retranslate();
}

MachinePage::~MachinePage() = default;

MachinePage::Detect MachinePage::systemDetect(gpu::DetectOptions options)
{
    return [options = std::move(options)](bool fresh,
                                          const std::map<std::string, std::string>& environment,
                                          std::stop_token stop) mutable {
        if (options.processEnvironment.empty()) {
            options.processEnvironment = environment;
        }
        if (fresh && options.useCache) {
            // The probe then writes a new answer, which later solves read too.
            std::error_code ignored;
            std::filesystem::remove(options.cacheFile.empty()
                                        ? gpu::defaultCacheFile(options.processEnvironment)
                                        : options.cacheFile,
                                    ignored);
        }
        return gpu::detect(options, std::move(stop));
    };
}

void MachinePage::refresh()
{
    startDetection(true);
}

bool MachinePage::isDetecting() const
{
    return m_task->isRunning();
}

void MachinePage::startDetection(bool fresh)
{
    // Only values cross threads: the work touches no widget.
    m_task->start([this, detect = m_detect, environment = m_session->inputs().env,
                   fresh](std::stop_token stop) {
        auto detected = std::make_shared<Detected>(
            Detected{detect ? detect(fresh, environment, stop)
                            : util::Result<gpu::GpuInfo>(
                                util::fail(util::ErrorCode::Internal, "no detection function")),
                     platform::HostFacts::detect()});
        if (detected->gpu) {
            gpu::applyTo(*detected->gpu, detected->host);
        }
        return std::function<void()>([this, detected] {
            m_detected.emplace(std::move(*detected));
            m_checkedAt = QTime::currentTime();
            retranslate();
            Q_EMIT detectionFinished();
        });
    });
}

void MachinePage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_shownOnce) {
        m_shownOnce = true;
        startDetection(false);
    }
}

void MachinePage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    } else if (event->type() == QEvent::PaletteChange) {
        applyWarningColour();
    }
    QWidget::changeEvent(event);
}

void MachinePage::applyWarningColour()
{
    QPalette warning = m_overrideError->palette();
    warning.setColor(QPalette::WindowText, warningColour(palette()));
    m_overrideError->setPalette(warning);
    m_overrideProblems->setPalette(warning);
}

void MachinePage::retranslate()
{
    m_title->setText(tr("Machine"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Ask the NVIDIA driver again instead of using the answer saved "
                             "earlier this boot"));
    m_refresh->setAccessibleName(tr("Check the GPUs again"));
    m_gpuBox->setTitle(tr("GPUs and CUDA driver"));
    m_cudaCaption->setText(tr("Highest CUDA version the driver supports"));
    m_details->setText(tr("Details"));
    m_details->setToolTip(tr("Show each way of asking the driver that was tried, and what it "
                             "said"));
    m_details->setAccessibleName(tr("Show detection details"));
    m_attempts->setHeaderLabels({tr("Method"), tr("Outcome"), tr("Detail")});
    m_attempts->setAccessibleName(tr("Detection attempts"));
    m_packagesBox->setTitle(tr("Virtual packages the solver will use"));
    m_packages->setHeaderLabels({tr("Package"), tr("Version"), tr("Build"), tr("Source")});
    m_packages->setAccessibleName(tr("Virtual packages"));
    m_overrideTitle->setText(tr("Override for this session"));
    //: A field label: the CUDA version to pretend the driver supports.
    m_cudaOverrideLabel->setText(tr("&CUDA:"));
    m_cudaOverride->setAccessibleName(tr("CUDA version override"));
    m_cudaOverride->setToolTip(
        tr("Sets CONDA_OVERRIDE_CUDA: the __cuda version solves use, e.g. 12.4"));
    m_glibcOverrideLabel->setText(tr("&glibc:"));
    m_glibcOverride->setAccessibleName(tr("glibc version override"));
    m_glibcOverride->setToolTip(
        tr("Sets CONDA_OVERRIDE_GLIBC: the __glibc version solves use, e.g. 2.28"));
    m_archspecOverrideLabel->setText(tr("&archspec:"));
    m_archspecOverride->setAccessibleName(tr("CPU microarchitecture override"));
    m_archspecOverride->setToolTip(
        tr("Sets CONDA_OVERRIDE_ARCHSPEC: the __archspec build solves use, e.g. x86_64_v3"));
    m_applyOverride->setText(tr("Apply"));
    m_applyOverride->setToolTip(tr("Use these values in every solve until Envdesk closes"));
    m_applyOverride->setAccessibleName(tr("Apply the override"));
    m_resetOverride->setText(tr("Reset"));
    m_resetOverride->setToolTip(tr("Go back to the values detected on this machine"));
    m_resetOverride->setAccessibleName(tr("Reset the override"));
    m_overrideNote->setText(
        tr("For this session only: the values are set as CONDA_OVERRIDE_CUDA, "
           "CONDA_OVERRIDE_GLIBC and CONDA_OVERRIDE_ARCHSPEC for Envdesk's own solves until it "
           "closes. Leave a field empty to use the detected value."));
    m_adviceBox->setTitle(tr("What to install"));
    m_pytorchCaption->setText(tr("PyTorch builds that fit:"));
    m_tensorflowCaption->setText(tr("TensorFlow builds that fit:"));
    m_framework->setToolTip(tr("The framework the new environment gets"));
    m_framework->setAccessibleName(tr("Framework for the GPU environment"));
    m_createGpu->setText(tr("Create a GPU environment…"));
    m_createGpu->setAccessibleName(tr("Create a GPU environment"));

    if (!m_task->isRunning()) {
        if (!m_detected) {
            m_status->setText(QString());
        } else if (m_detected->gpu && m_detected->gpu->fromCache) {
            m_status->setText(tr("Saved answer from earlier this boot"));
        } else {
            m_status->setText(
                tr("Checked at %1").arg(locale().toString(m_checkedAt, QLocale::ShortFormat)));
        }
    } else {
        m_status->setText(m_detected ? tr("Checking the GPUs again…") : tr("Checking the GPUs…"));
    }
    showGpu();
    showVirtualPackages();
    showAdvice();
    updateOverrideButtons();
}

QString MachinePage::noGpuReason() const
{
    if (!m_detected) {
        return tr("Checking the GPUs…");
    }
    const auto& result = m_detected->gpu;
    if (!result) {
        if (result.error().code == util::ErrorCode::NotFound) {
            return tr("No GPU information: the GPU probe is missing (%1). Reinstalling Envdesk "
                      "should bring it back.")
                .arg(QString::fromStdString(result.error().context));
        }
        return tr("No GPU information: the GPU probe could not run (%1).")
            .arg(errorText(result.error()));
    }
    const gpu::GpuInfo& info = *result;
    if (info.method != gpu::DetectionMethod::None) {
        return info.devices.empty() ? tr("The driver reports no GPU.") : QString();
    }
    if (info.timedOut) {
        return tr("No NVIDIA GPU found: the driver did not answer in time, so the check was "
                  "stopped. A hung driver often needs a restart of the computer.");
    }
    const bool crashed =
        std::any_of(info.attempts.begin(), info.attempts.end(), [](const gpu::Attempt& attempt) {
            return attempt.outcome == gpu::AttemptOutcome::Crashed;
        });
    if (crashed) {
        return tr("No NVIDIA GPU found: the driver crashed when asked. Reinstalling or updating "
                  "the NVIDIA driver may help.");
    }
    const bool nothingThere =
        std::all_of(info.attempts.begin(), info.attempts.end(), [](const gpu::Attempt& attempt) {
            return attempt.outcome == gpu::AttemptOutcome::NotFound;
        });
    if (nothingThere) {
        return tr("No NVIDIA GPU found: no NVIDIA driver is installed on this computer. "
                  "Environments will use CPU builds.");
    }
    return tr("No NVIDIA GPU found: an NVIDIA driver is installed but did not answer (it may not "
              "be loaded). See Details.");
}

void MachinePage::showGpu()
{
    while (QLayoutItem* item = m_cardsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_attempts->clear();

    const gpu::GpuInfo* info = m_detected && m_detected->gpu ? &*m_detected->gpu : nullptr;
    const bool answered = info != nullptr && info->method != gpu::DetectionMethod::None;
    const QString cuda =
        answered ? QString::fromStdString(info->cudaVersion().value_or(std::string())) : QString();

    m_cudaCaption->setVisible(answered);
    m_cudaVersion->setVisible(answered);
    m_driver->setVisible(answered);
    m_method->setVisible(answered);
    m_cudaVersion->setText(cuda);
    m_cudaVersion->setAccessibleName(tr("Highest CUDA version the driver supports: %1").arg(cuda));
    if (answered) {
        m_driver->setText(
            info->driverVersion.empty()
                ? tr("Driver version not reported (%1 does not say)").arg(methodName(info->method))
                : tr("Driver %1").arg(QString::fromStdString(info->driverVersion)));
        const int failedBefore = static_cast<int>(info->attempts.size()) - 1;
        QString method = tr("Detected with %1").arg(methodName(info->method));
        if (failedBefore > 0) {
            method += QLatin1Char(' ')
                      + tr("(after %n other method(s) did not answer; see Details)", nullptr,
                           failedBefore);
        }
        m_method->setText(method);
    }

    const QString reason = noGpuReason();
    m_noGpu->setText(reason);
    m_noGpu->setVisible(!reason.isEmpty());

    if (info != nullptr) {
        constexpr int kColumns = 3;
        int index = 0;
        for (const auto& device : info->devices) {
            auto* card = new QFrame(m_cards);
            card->setObjectName(QStringLiteral("gpuCard"));
            card->setFrameShape(QFrame::StyledPanel);
            card->setAutoFillBackground(true);
            card->setBackgroundRole(QPalette::Base);
            card->setMinimumWidth(200);
            auto* cardLayout = new QVBoxLayout(card);
            auto* number = new QLabel(tr("GPU %1").arg(index), card);
            number->setObjectName(QStringLiteral("gpuIndex"));
            number->setForegroundRole(QPalette::PlaceholderText);
            auto* name = new QLabel(device.name.empty() ? tr("Unnamed GPU")
                                                        : QString::fromStdString(device.name),
                                    card);
            name->setObjectName(QStringLiteral("gpuName"));
            name->setFont(scaledFont(font(), 1.15, true));
            name->setWordWrap(true);
            name->setTextInteractionFlags(Qt::TextSelectableByMouse);
            const QString memoryText =
                device.memoryBytes == 0
                    ? tr("Memory unknown")
                    : tr("%1 memory")
                          .arg(locale().formattedDataSize(static_cast<qint64>(device.memoryBytes),
                                                          1, QLocale::DataSizeIecFormat));
            auto* memory = new QLabel(memoryText, card);
            memory->setObjectName(QStringLiteral("gpuMemory"));
            const std::string capability = device.computeCapability();
            const QString computeText =
                capability.empty()
                    ? tr("Compute capability unknown")
                    : tr("Compute capability %1").arg(QString::fromStdString(capability));
            auto* compute = new QLabel(computeText, card);
            compute->setObjectName(QStringLiteral("gpuCompute"));
            cardLayout->addWidget(number);
            cardLayout->addWidget(name);
            cardLayout->addWidget(memory);
            cardLayout->addWidget(compute);
            cardLayout->addStretch(1);
            card->setAccessibleName(
                tr("GPU %1: %2, %3, %4")
                    .arg(QString::number(index), name->text(), memoryText, computeText));
            m_cardsLayout->addWidget(card, index / kColumns, index % kColumns);
            ++index;
        }
        for (int column = 0; column < kColumns; ++column) {
            m_cardsLayout->setColumnStretch(column, 1);
        }

        for (const auto& attempt : info->attempts) {
            QString outcome;
            switch (attempt.outcome) {
            case gpu::AttemptOutcome::Answered:
                outcome = tr("answered");
                break;
            case gpu::AttemptOutcome::NotFound:
                outcome = tr("not found");
                break;
            case gpu::AttemptOutcome::Failed:
                outcome = tr("failed");
                break;
            case gpu::AttemptOutcome::Crashed:
                outcome = tr("crashed");
                break;
            case gpu::AttemptOutcome::TimedOut:
                outcome = tr("timed out");
                break;
            }
            auto* item = new QTreeWidgetItem(m_attempts, {methodName(attempt.method), outcome,
                                                          QString::fromStdString(attempt.detail)});
            item->setToolTip(2, item->text(2));
        }
        if (info->fromCache) {
            new QTreeWidgetItem(m_attempts,
                                {QString(), QString(),
                                 tr("This answer was saved earlier this boot; Refresh asks the "
                                    "driver again.")});
        }
    } else if (m_detected) {
        new QTreeWidgetItem(m_attempts, {QStringLiteral("envdesk-gpu-probe"), tr("failed"),
                                         errorText(m_detected->gpu.error())});
    }
    m_cards->setVisible(m_cardsLayout->count() > 0);
    m_attempts->resizeColumnToContents(0);
    m_attempts->resizeColumnToContents(1);
    fitToRows(m_attempts);
    m_details->setVisible(m_detected.has_value());
    m_attempts->setVisible(m_detected.has_value() && m_details->isChecked());
}

// The override in effect: the session's, else the environment the app started with. The page
// never writes the process environment: setenv while workers read it is undefined behaviour.
std::optional<QByteArray> MachinePage::sessionValue(const char* variable) const
{
    const auto value = m_session->variable(variable);
    if (!value) {
        return std::nullopt;
    }
    return QByteArray::fromStdString(*value);
}

std::optional<std::string> MachinePage::effectiveCuda() const
{
    if (!m_detected) {
        return std::nullopt;
    }
    const auto& host = m_detected->host;
    for (const auto& record : platform::virtualPackages(
             host, {host.platform, platform::condaOverridesIn(m_session->inputs().env)})) {
        if (record.name == "__cuda") {
            return record.version;
        }
    }
    return std::nullopt;
}

void MachinePage::showVirtualPackages()
{
    m_packages->clear();
    m_overrideProblems->clear();
    m_overrideProblems->hide();
    if (!m_detected) {
        m_platform->setText(tr("Checking the machine…"));
        return;
    }
    const auto& host = m_detected->host;
    const auto overrides = platform::condaOverridesIn(m_session->inputs().env);
    auto records = platform::virtualPackages(host, {host.platform, overrides});
    const auto detected = platform::virtualPackages(host, {host.platform, {}});
    m_platform->setText(tr("Platform: %1").arg(QString::fromStdString(host.platform)));

    struct Row {
        std::string name;
        QStringList cells;
        QString variable;
        bool removed = false;
    };
    std::vector<Row> rows;
    for (const auto& record : records) {
        Row row{record.name,
                {QString::fromStdString(record.name), QString::fromStdString(record.version),
                 QString::fromStdString(record.build), QString()},
                overrideOf(record, overrides)};
        rows.push_back(std::move(row));
    }
    for (const auto& record : detected) {
        const bool present =
            std::any_of(records.begin(), records.end(),
                        [&record](const auto& other) { return other.name == record.name; });
        if (!present) {
            Row row{record.name,
                    {QString::fromStdString(record.name), QString(), QString(), QString()},
                    removerOf(record.name, overrides),
                    true};
            rows.push_back(std::move(row));
        }
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.name < b.name; });

    for (auto& row : rows) {
        const QByteArray variable = row.variable.toLatin1();
        const auto start = m_startOverrides.find(variable);
        const bool thisSession =
            start != m_startOverrides.end() && start->second != sessionValue(variable);
        if (row.removed) {
            row.cells[3] = thisSession ? tr("Removed by %1 (empty), this session").arg(row.variable)
                                       : tr("Removed by %1 (empty)").arg(row.variable);
        } else if (row.variable.isEmpty()) {
            row.cells[3] = tr("Detected");
        } else {
            row.cells[3] = thisSession ? tr("Override: %1, this session").arg(row.variable)
                                       : tr("Override: %1").arg(row.variable);
        }
        auto* item = new QTreeWidgetItem(m_packages, row.cells);
        item->setData(0, Qt::UserRole, row.variable);
        if (!row.variable.isEmpty()) {
            for (int column = 0; column < item->columnCount(); ++column) {
                QFont bold = item->font(column);
                bold.setBold(true);
                // A removed package's name is struck through, not the reason beside it.
                bold.setStrikeOut(row.removed && column == 0);
                item->setFont(column, bold);
            }
            item->setIcon(3, style()->standardIcon(QStyle::SP_MessageBoxInformation));
        }
        item->setToolTip(0, row.removed ? tr("Not given to the solver: %1 is set to an empty "
                                             "value")
                                              .arg(row.variable)
                                        : QString());
    }
    for (int column = 0; column < 3; ++column) {
        m_packages->resizeColumnToContents(column);
    }
    fitToRows(m_packages);

    // Overrides set to a value the solver ignores (not a version, or not for this platform).
    QStringList ignored;
    for (const auto& [variable, value] : overrides) {
        if (trimmed(value).empty()) {
            continue;
        }
        const QString name = QString::fromStdString(variable);
        const bool used = std::any_of(rows.begin(), rows.end(), [&name](const Row& row) {
            return !row.removed && row.variable == name;
        });
        if (!used) {
            ignored.append(QStringLiteral("%1=%2").arg(name, QString::fromStdString(value)));
        }
    }
    if (!ignored.isEmpty()) {
        m_overrideProblems->setText(
            tr("Ignored, because the value is not valid or not for %1: %2")
                .arg(QString::fromStdString(host.platform), ignored.join(QStringLiteral(", "))));
        m_overrideProblems->show();
    }

    // What the fields show when empty: the detected value.
    auto detectedValue = [&detected](const char* package, bool build) {
        for (const auto& record : detected) {
            if (record.name == package) {
                return QString::fromStdString(build ? record.build : record.version);
            }
        }
        return QString();
    };
    const QString cuda = detectedValue("__cuda", false);
    m_cudaOverride->setPlaceholderText(cuda.isEmpty() ? tr("none detected, e.g. 12.4")
                                                      : tr("detected: %1").arg(cuda));
    const QString glibc = detectedValue("__glibc", false);
    m_glibcOverride->setPlaceholderText(glibc.isEmpty() ? tr("e.g. 2.28")
                                                        : tr("detected: %1").arg(glibc));
    const QString archspec = detectedValue("__archspec", true);
    m_archspecOverride->setPlaceholderText(archspec.isEmpty() ? tr("e.g. x86_64_v3")
                                                              : tr("detected: %1").arg(archspec));
}

void MachinePage::showAdvice()
{
    const auto cuda = effectiveCuda();
    const gpu::CudaAdvice advice = gpu::cudaAdvice(cuda);
    const auto overrides = platform::condaOverridesIn(m_session->inputs().env);
    const bool cudaOverridden = overrides.contains("CONDA_OVERRIDE_CUDA") && m_detected
                                && m_detected->host.cudaDriver != cuda;
    if (!m_detected) {
        m_adviceFor->setText(tr("Checking the GPUs…"));
    } else if (advice.driverCuda.empty()) {
        m_adviceFor->setText(cudaOverridden
                                 ? tr("CONDA_OVERRIDE_CUDA removes __cuda: only CPU builds fit.")
                                 : tr("Without a CUDA driver only CPU builds fit."));
    } else if (cudaOverridden) {
        m_adviceFor->setText(tr("For CUDA %1, from CONDA_OVERRIDE_CUDA:")
                                 .arg(QString::fromStdString(advice.driverCuda)));
    } else {
        m_adviceFor->setText(
            tr("For the driver's CUDA %1:").arg(QString::fromStdString(advice.driverCuda)));
    }
    m_constraint->setVisible(!advice.cudaVersionConstraint.empty());
    m_constraint->setText(QString::fromStdString(advice.cudaVersionConstraint));
    m_constraint->setToolTip(tr("CUDA toolkits this driver runs in full"));
    m_minorCompatible->setVisible(!advice.minorCompatibleConstraint.empty());
    m_minorCompatible->setText(
        tr("%1 also works through CUDA minor version compatibility, except kernels shipped only "
           "as PTX for a newer release.")
            .arg(QString::fromStdString(advice.minorCompatibleConstraint)));
    auto join = [](const std::vector<std::string>& specs) {
        QStringList out;
        for (const auto& spec : specs) {
            out.append(QString::fromStdString(spec));
        }
        return out.join(QStringLiteral(", "));
    };
    m_pytorch->setText(join(advice.pytorchSpecs));
    m_tensorflow->setText(join(advice.tensorflowSpecs));

    const QString specs = gpuEnvironmentSpecs();
    m_createGpu->setEnabled(!specs.isEmpty());
    m_createGpu->setToolTip(specs.isEmpty()
                                ? tr("Needs a CUDA driver, or a CUDA version in the override above")
                                : tr("Open the create dialog with %1").arg(specs));
}

QString MachinePage::gpuEnvironmentSpecs() const
{
    const gpu::CudaAdvice advice = gpu::cudaAdvice(effectiveCuda());
    if (advice.cudaVersionConstraint.empty()) {
        return {};
    }
    const auto& builds =
        m_framework->currentIndex() == 1 ? advice.tensorflowSpecs : advice.pytorchSpecs;
    if (builds.empty() || builds.front().find("=cuda") == std::string::npos) {
        return {};
    }
    // The create dialog splits its packages at spaces, so the constraint loses its own.
    QString constraint = QString::fromStdString(advice.cudaVersionConstraint);
    constraint.remove(QLatin1Char(' '));
    return constraint + QLatin1Char(' ') + QString::fromStdString(builds.front());
}

bool MachinePage::applyOverrides(const QString& cuda, const QString& glibc, const QString& archspec)
{
    struct Field {
        const char* variable;
        bool setsBuild;
        QString value;
        QString example;
    };
    const std::array<Field, 3> fields = {{
        {"CONDA_OVERRIDE_CUDA", false, cuda.trimmed(), QStringLiteral("12.4")},
        {"CONDA_OVERRIDE_GLIBC", false, glibc.trimmed(), QStringLiteral("2.28")},
        {"CONDA_OVERRIDE_ARCHSPEC", true, archspec.trimmed(), QStringLiteral("x86_64_v3")},
    }};
    platform::HostFacts host;
    if (m_detected) {
        host = m_detected->host;
    } else {
        host.platform = specs::currentPlatform();
    }
    QStringList refused;
    for (const auto& field : fields) {
        const auto current = sessionValue(field.variable);
        const QString currentText =
            current ? QString::fromLocal8Bit(*current).trimmed() : QString();
        if (field.value == currentText) {
            continue;
        }
        if (field.value.isEmpty()) {
            m_session->set(field.variable, std::nullopt);
            continue;
        }
        // The solver's own rule decides (core/platform/conda_overrides.h).
        if (!platform::overrideAccepted(host, field.variable, field.value.toStdString())) {
            refused.append(
                field.setsBuild
                    ? tr("“%1” is not a CPU name such as %2").arg(field.value, field.example)
                    : tr("“%1” is not a version such as %2").arg(field.value, field.example));
            continue;
        }
        m_session->set(field.variable, field.value.toStdString());
    }
    // The fields show what was asked for: the values now in effect, and refused ones to fix.
    m_cudaOverride->setText(fields[0].value);
    m_glibcOverride->setText(fields[1].value);
    m_archspecOverride->setText(fields[2].value);
    m_overrideError->setText(refused.join(QLatin1Char('\n')));
    m_overrideError->setVisible(!refused.isEmpty());
    showVirtualPackages();
    showAdvice();
    updateOverrideButtons();
    return refused.isEmpty();
}

void MachinePage::resetOverrides()
{
    for (const auto& [variable, value] : m_startOverrides) {
        m_session->set(variable.toStdString(),
                       value ? std::optional<std::string>(value->toStdString()) : std::nullopt);
    }
    const auto shown = [this](const char* variable) {
        return QString::fromLocal8Bit(sessionValue(variable).value_or(QByteArray())).trimmed();
    };
    m_cudaOverride->setText(shown("CONDA_OVERRIDE_CUDA"));
    m_glibcOverride->setText(shown("CONDA_OVERRIDE_GLIBC"));
    m_archspecOverride->setText(shown("CONDA_OVERRIDE_ARCHSPEC"));
    m_overrideError->hide();
    showVirtualPackages();
    showAdvice();
    updateOverrideButtons();
}

void MachinePage::updateOverrideButtons()
{
    bool changed = false;
    for (const auto& [variable, value] : m_startOverrides) {
        changed = changed || sessionValue(variable.constData()) != value;
    }
    m_resetOverride->setEnabled(changed);
    auto differs = [this](const QLineEdit* edit, const char* variable) {
        return edit->text().trimmed()
               != QString::fromLocal8Bit(sessionValue(variable).value_or(QByteArray())).trimmed();
    };
    m_applyOverride->setEnabled(differs(m_cudaOverride, "CONDA_OVERRIDE_CUDA")
                                || differs(m_glibcOverride, "CONDA_OVERRIDE_GLIBC")
                                || differs(m_archspecOverride, "CONDA_OVERRIDE_ARCHSPEC"));
}

} // namespace envdesk::ui
