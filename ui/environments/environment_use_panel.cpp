#include "ui/environments/environment_use_panel.h"

#include "core/ops/environment_use.h"
#include "core/util/file_io.h"
#include "ui/common/background_task.h"
#include "ui/common/error_text.h"
#include "ui/common/session_environment.h"
#include "ui/common/standard_dialogs.h"

#include <unistd.h>

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <csignal>
#include <filesystem>

namespace envdesk::ui {

namespace {

QStringList toQt(const std::vector<std::string>& words)
{
    QStringList out;
    for (const auto& word : words) {
        out << QString::fromStdString(word);
    }
    return out;
}

QProcessEnvironment processEnvironment(const config::ConfigInputs& inputs,
                                       const std::map<std::string, std::string>& extra = {})
{
    QProcessEnvironment env;
    for (const auto& [name, value] : inputs.env) {
        env.insert(QString::fromStdString(name), QString::fromStdString(value));
    }
    for (const auto& [name, value] : extra) {
        env.insert(QString::fromStdString(name), QString::fromStdString(value));
    }
    return env;
}

env::ActivationContext contextOf(const config::ConfigInputs& inputs)
{
    env::ActivationContext context;
    context.variables = inputs.env;
    context.rootPrefix = inputs.effectiveRootPrefix();
    return context;
}

QLabel* sectionTitle(QWidget* parent)
{
    auto* label = new QLabel(parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

EnvironmentUsePanel::EnvironmentUsePanel(std::shared_ptr<const SessionEnvironment> session,
                                         QWidget* parent)
    : QWidget(parent)
    , m_session(std::move(session))
    , m_appLoad(new BackgroundTask(this))
{
    auto* layout = new QVBoxLayout(this);

    auto* buttons = new QHBoxLayout;
    m_terminal = new QPushButton(this);
    m_terminal->setObjectName(QStringLiteral("openTerminalButton"));
    m_folder = new QPushButton(this);
    m_folder->setObjectName(QStringLiteral("openFolderButton"));
    buttons->addWidget(m_terminal);
    buttons->addWidget(m_folder);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_appsTitle = sectionTitle(this);
    layout->addWidget(m_appsTitle);
    m_tiles = new QWidget(this);
    m_tiles->setObjectName(QStringLiteral("applicationTiles"));
    m_tilesLayout = new QGridLayout(m_tiles);
    m_tilesLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tiles);

    m_jupyterTitle = sectionTitle(this);
    layout->addWidget(m_jupyterTitle);
    auto* jupyterRow = new QHBoxLayout;
    m_jupyterStatus = new QLabel(this);
    m_jupyterStatus->setObjectName(QStringLiteral("jupyterStatus"));
    m_jupyterStatus->setWordWrap(true);
    m_jupyter = new QPushButton(this);
    m_jupyter->setObjectName(QStringLiteral("jupyterButton"));
    jupyterRow->addWidget(m_jupyterStatus, 1);
    jupyterRow->addWidget(m_jupyter);
    layout->addLayout(jupyterRow);

    m_commandTitle = sectionTitle(this);
    layout->addWidget(m_commandTitle);
    auto* commandRow = new QHBoxLayout;
    m_commandEdit = new QLineEdit(this);
    m_commandEdit->setObjectName(QStringLiteral("runCommandEdit"));
    m_commandEdit->setClearButtonEnabled(true);
    m_run = new QPushButton(this);
    m_run->setObjectName(QStringLiteral("runCommandButton"));
    m_stop = new QPushButton(this);
    m_stop->setObjectName(QStringLiteral("stopCommandButton"));
    commandRow->addWidget(m_commandEdit, 1);
    commandRow->addWidget(m_run);
    commandRow->addWidget(m_stop);
    layout->addLayout(commandRow);
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("commandOutput"));
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(20000); // a chatty command cannot eat the memory
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_output, 1);

    connect(m_terminal, &QPushButton::clicked, this, [this] { openTerminal(); });
    connect(m_folder, &QPushButton::clicked, this, &EnvironmentUsePanel::openFolder);
    connect(m_run, &QPushButton::clicked, this, [this] { runCommand(m_commandEdit->text()); });
    connect(m_commandEdit, &QLineEdit::returnPressed, this,
            [this] { runCommand(m_commandEdit->text()); });
    connect(m_stop, &QPushButton::clicked, this, &EnvironmentUsePanel::stopCommand);
    connect(m_jupyter, &QPushButton::clicked, this, &EnvironmentUsePanel::toggleKernel);
    retranslate();
    updateButtons();
}

EnvironmentUsePanel::~EnvironmentUsePanel()
{
    if (commandRunning()) {
        // The command runs in a process group of its own: all of it goes with the window.
        if (const auto pid = static_cast<pid_t>(m_process->processId()); pid > 0) {
            ::kill(-pid, SIGKILL);
        }
        m_process->waitForFinished(2000);
    }
}

QString EnvironmentUsePanel::cliPath()
{
    const QString beside =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("envdesk-cli"));
    if (QFileInfo(beside).isExecutable()) {
        return beside;
    }
#ifdef ENVDESK_BIN_DIR
    const QString built = QStringLiteral(ENVDESK_BIN_DIR "/envdesk-cli");
    if (QFileInfo(built).isExecutable()) {
        return built;
    }
#endif
    return QStringLiteral("envdesk-cli");
}

void EnvironmentUsePanel::setEnvironment(const QString& prefix, const QString& name, bool usable)
{
    const bool changed = prefix != m_prefix;
    m_prefix = prefix;
    m_name = name.isEmpty() ? QFileInfo(prefix).fileName() : name;
    m_usable = usable;
    if (changed) {
        m_apps.clear();
        m_kernel.reset();
        showApplications({});
        refresh();
    }
    updateButtons();
}

void EnvironmentUsePanel::refresh()
{
    if (m_prefix.isEmpty() || !m_usable) {
        m_appLoad->cancel();
        updateKernelState();
        return;
    }
    const std::string prefix = m_prefix.toStdString();
    const std::string kernelsDir = ops::userKernelsDir(m_session->inputs());
    m_appLoad->start([this, prefix, kernelsDir](std::stop_token) {
        auto apps =
            std::make_shared<std::vector<ops::Application>>(ops::environmentApplications(prefix));
        auto kernels = ops::envdeskKernels(kernelsDir);
        std::optional<ops::KernelSpec> kernel;
        if (auto found = kernels.find(prefix); found != kernels.end()) {
            kernel = found->second;
        }
        const bool missing = !ops::checkKernelPackage(prefix);
        return std::function<void()>([this, apps, kernel, missing] {
            m_kernel = kernel;
            m_kernelPackageMissing = missing;
            showApplications(std::move(*apps));
            updateKernelState();
        });
    });
}

QString EnvironmentUsePanel::describe(const ops::Application& app)
{
    // The well-known applications are described in the window's language; others as their
    // package says.
    static const std::map<std::string, const char*> known = {
        {"jupyterlab", QT_TR_NOOP("Notebooks, code and data in the browser")},
        {"notebook", QT_TR_NOOP("The classic notebook in the browser")},
        {"spyder", QT_TR_NOOP("An IDE for scientific Python")},
        {"qtconsole", QT_TR_NOOP("A rich console for Jupyter kernels")},
        {"ipython", QT_TR_NOOP("An interactive Python shell, in a terminal")},
        {"orange3", QT_TR_NOOP("Visual data mining")},
    };
    const auto found = known.find(app.id);
    return found != known.end() && found->second == app.description
               ? tr(found->second)
               : QString::fromStdString(app.description);
}

void EnvironmentUsePanel::showApplications(std::vector<ops::Application> apps)
{
    m_apps = std::move(apps);
    while (QLayoutItem* item = m_tilesLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    constexpr int kColumns = 3;
    int index = 0;
    for (const auto& app : m_apps) {
        const QString id = QString::fromStdString(app.id);
        auto* tile = new QFrame(m_tiles);
        tile->setObjectName(QStringLiteral("appTile_") + id);
        tile->setFrameShape(QFrame::StyledPanel);
        auto* tileLayout = new QVBoxLayout(tile);
        auto* title = new QLabel(QString::fromStdString(app.name), tile);
        QFont font = title->font();
        font.setBold(true);
        title->setFont(font);
        auto* about = new QLabel(describe(app), tile);
        about->setWordWrap(true);
        about->setEnabled(app.installed());
        auto* button = new QPushButton(tile);
        if (app.installed()) {
            button->setObjectName(QStringLiteral("launch_") + id);
            button->setText(app.terminal ? tr("Open in terminal") : tr("Launch"));
            button->setToolTip(tr("Start %1 with the environment activated")
                                   .arg(QString::fromStdString(app.name)));
            connect(button, &QPushButton::clicked, this, [this, app] { launch(app); });
        } else {
            button->setObjectName(QStringLiteral("install_") + id);
            button->setText(tr("Install…"));
            button->setToolTip(tr("Preview installing %1 into this environment")
                                   .arg(QString::fromStdString(app.package)));
            connect(button, &QPushButton::clicked, this,
                    [this, app] { Q_EMIT installRequested(QString::fromStdString(app.package)); });
        }
        button->setEnabled(m_usable);
        tileLayout->addWidget(title);
        tileLayout->addWidget(about, 1);
        tileLayout->addWidget(button, 0, Qt::AlignLeft);
        m_tilesLayout->addWidget(tile, index / kColumns, index % kColumns);
        ++index;
    }
    for (int column = 0; column < kColumns; ++column) {
        m_tilesLayout->setColumnStretch(column, 1);
    }
}

void EnvironmentUsePanel::updateKernelState()
{
    if (m_prefix.isEmpty() || !m_usable) {
        m_jupyterStatus->clear();
        m_jupyter->setEnabled(false);
        return;
    }
    if (m_kernel) {
        m_jupyterStatus->setText(tr("Jupyter lists this environment as the kernel “%1” (%2).")
                                     .arg(QString::fromStdString(m_kernel->displayName),
                                          QString::fromStdString(m_kernel->folder)));
        m_jupyter->setText(tr("Remove from Jupyter"));
    } else if (m_kernelPackageMissing) {
        m_jupyterStatus->setText(
            tr("To use this environment from Jupyter, it needs the ipykernel package."));
        m_jupyter->setText(tr("Install ipykernel…"));
    } else {
        m_jupyterStatus->setText(tr("Jupyter does not list this environment as a kernel."));
        m_jupyter->setText(tr("Make available in Jupyter"));
    }
    m_jupyter->setEnabled(true);
}

void EnvironmentUsePanel::toggleKernel()
{
    const std::string prefix = m_prefix.toStdString();
    const std::string kernelsDir = ops::userKernelsDir(m_session->inputs());
    if (m_kernel) {
        auto removed = ops::removeKernel(prefix, kernelsDir);
        if (!removed) {
            showWarning(this, tr("Remove from Jupyter"), errorText(removed.error()));
        }
        m_kernel.reset();
    } else if (m_kernelPackageMissing) {
        Q_EMIT installRequested(QStringLiteral("ipykernel"));
        return;
    } else {
        auto written =
            ops::writeKernel(prefix, m_name.toStdString(), cliPath().toStdString(), kernelsDir);
        if (!written) {
            showWarning(this, tr("Make available in Jupyter"), errorText(written.error()));
            return;
        }
        m_kernel = *written;
    }
    updateKernelState();
    Q_EMIT kernelsChanged();
}

bool EnvironmentUsePanel::startDetached(const ops::Launch& launch, const QString& what)
{
    for (const auto& [path, content] : launch.files) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
        if (auto written = util::writeFileAtomically(path, content); !written) {
            showWarning(this, what, errorText(written.error()));
            return false;
        }
    }
    const auto inputs = m_session->inputs();
    QProcess process;
    process.setProgram(QString::fromStdString(launch.argv.front()));
    process.setArguments(toQt({launch.argv.begin() + 1, launch.argv.end()}));
    process.setProcessEnvironment(processEnvironment(inputs, launch.environment));
    process.setWorkingDirectory(QString::fromStdString(inputs.homeDir));
    if (!process.startDetached()) {
        showWarning(this, what,
                    tr("%1 could not be started: %2")
                        .arg(QString::fromStdString(launch.argv.front()), process.errorString()));
        return false;
    }
    return true;
}

void EnvironmentUsePanel::openTerminal(const std::vector<std::string>& command)
{
    const auto inputs = m_session->inputs();
    auto launch = ops::terminalLaunch(m_prefix.toStdString(), inputs.env, cliPath().toStdString(),
                                      inputs.userCacheDir() + "/terminal", command);
    if (!launch) {
        showWarning(this, tr("Open terminal"),
                    tr("No terminal program was found. Set the TERMINAL variable to the one you "
                       "use, or install one (for example gnome-terminal, konsole or xterm)."));
        return;
    }
    startDetached(*launch, tr("Open terminal"));
}

void EnvironmentUsePanel::openFolder()
{
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(m_prefix))) {
        showWarning(this, tr("Open in file manager"),
                    tr("No file manager is set up to open folders on this desktop. The "
                       "environment is in %1.")
                        .arg(m_prefix));
    }
}

void EnvironmentUsePanel::launch(const ops::Application& app)
{
    if (app.terminal) {
        openTerminal(app.command);
        return;
    }
    const auto inputs = m_session->inputs();
    auto argv = ops::commandInEnvironment(m_prefix.toStdString(), app.command, contextOf(inputs),
                                          "envdesk");
    if (!argv) {
        showWarning(this, QString::fromStdString(app.name), errorText(argv.error()));
        return;
    }
    startDetached({*argv, {}, {}}, QString::fromStdString(app.name));
}

void EnvironmentUsePanel::runCommand(const QString& command)
{
    if (command.trimmed().isEmpty() || commandRunning() || m_prefix.isEmpty()) {
        return;
    }
    const auto inputs = m_session->inputs();
    auto argv =
        ops::commandInEnvironment(m_prefix.toStdString(), {"/bin/sh", "-c", command.toStdString()},
                                  contextOf(inputs), "envdesk");
    if (!argv) {
        showWarning(this, tr("Run command"), errorText(argv.error()));
        return;
    }
    m_output->setPlainText(QStringLiteral("$ ") + command + QLatin1Char('\n'));
    delete m_process;
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setProcessEnvironment(processEnvironment(inputs));
    m_process->setWorkingDirectory(QString::fromStdString(inputs.homeDir));
    // Its own process group, so Stop reaches whatever the command started too.
    m_process->setChildProcessModifier([] { ::setsid(); });
    m_process->setProgram(QString::fromStdString(argv->front()));
    m_process->setArguments(toQt({argv->begin() + 1, argv->end()}));
    connect(m_process, &QProcess::readyRead, this, [this] {
        const QString text = QString::fromLocal8Bit(m_process->readAll());
        QScrollBar* bar = m_output->verticalScrollBar();
        const bool atEnd = bar->value() == bar->maximum();
        m_output->moveCursor(QTextCursor::End);
        m_output->insertPlainText(text);
        if (atEnd) {
            bar->setValue(bar->maximum());
        }
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        const bool crashed = status == QProcess::CrashExit;
        appendLine(crashed ? tr("[stopped]") : tr("[exit status %1]").arg(code));
        updateButtons();
        Q_EMIT commandFinished(crashed ? -1 : code);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            appendLine(tr("[could not start: %1]").arg(m_process->errorString()));
            updateButtons();
            Q_EMIT commandFinished(-1);
        }
    });
    m_process->start();
    updateButtons();
}

void EnvironmentUsePanel::appendLine(const QString& line)
{
    m_output->moveCursor(QTextCursor::End);
    // The command's last line may lack its newline; the note goes on a line of its own.
    if (!m_output->toPlainText().endsWith(QLatin1Char('\n'))) {
        m_output->insertPlainText(QStringLiteral("\n"));
    }
    m_output->insertPlainText(line + QLatin1Char('\n'));
}

void EnvironmentUsePanel::stopCommand()
{
    if (!commandRunning()) {
        return;
    }
    const auto pid = static_cast<pid_t>(m_process->processId());
    if (pid <= 0) {
        return;
    }
    ::kill(-pid, SIGTERM);
    // A command that ignores SIGTERM is killed a moment later, with whatever it started: the
    // group is signalled even when its leader has already gone (ESRCH when nothing is left).
    QTimer::singleShot(3000, this, [pid] { ::kill(-pid, SIGKILL); });
}

bool EnvironmentUsePanel::commandRunning() const
{
    return m_process != nullptr && m_process->state() != QProcess::NotRunning;
}

void EnvironmentUsePanel::updateButtons()
{
    const bool have = !m_prefix.isEmpty() && m_usable;
    const bool running = commandRunning();
    m_terminal->setEnabled(have);
    m_folder->setEnabled(!m_prefix.isEmpty());
    m_commandEdit->setEnabled(have);
    m_run->setEnabled(have && !running);
    m_stop->setEnabled(running);
    m_tiles->setEnabled(have);
}

void EnvironmentUsePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void EnvironmentUsePanel::retranslate()
{
    m_terminal->setText(tr("Open terminal"));
    m_terminal->setToolTip(tr("Open your terminal with this environment activated"));
    m_folder->setText(tr("Open in file manager"));
    m_appsTitle->setText(tr("Applications"));
    m_jupyterTitle->setText(tr("Jupyter"));
    m_commandTitle->setText(tr("Run a command"));
    m_commandEdit->setPlaceholderText(tr("A command to run in the environment, e.g. python -V"));
    m_run->setText(tr("Run"));
    m_stop->setText(tr("Stop"));
    showApplications(m_apps);
    updateKernelState();
}

} // namespace envdesk::ui
