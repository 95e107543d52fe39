#include "ui/environments/create_environment_dialog.h"

#include "core/channels/loaded_channels.h"
#include "core/ops/python_series.h"
#include "core/specs/match_spec.h"
#include "ui/changes/change_dialog.h"
#include "ui/changes/change_sources.h"
#include "ui/changes/change_steps.h"
#include "ui/changes/problem_tree_model.h"
#include "ui/common/background_task.h"
#include "ui/common/error_text.h"
#include "ui/common/latest_value_relay.h"
#include "ui/common/session_environment.h"
#include "ui/common/standard_dialogs.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStringListModel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <filesystem>
#include <set>

namespace envdesk::ui {

// What the dialog offers, read on a worker thread when it opens.
struct CreateEnvironmentDialog::Choices {
    QString envsDir;
    QStringList existingNames;
    QStringList configured;
    QString demo;
    bool useDemo = false; // the configured channels are out of reach
    QString note;
    QString noteDetail; // the failure behind the note, for its tooltip
    QStringList pythonSeries;
    QStringList packageNames;
};

CreateEnvironmentDialog::CreateEnvironmentDialog(std::shared_ptr<const SessionEnvironment> session,
                                                 QWidget* parent)
    : QDialog(parent)
    , m_session(std::move(session))
    , m_setup(new BackgroundTask(this))
    , m_previewTask(new BackgroundTask(this))
    , m_previewTimer(new QTimer(this))
    , m_packageNames(new QStringListModel(this))
{
    setWindowTitle(tr("Create environment"));
    resize(640, 560);

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("e.g. ml-2024"));
    m_nameProblem = new QLabel(this);
    m_nameProblem->setObjectName(QStringLiteral("nameProblem"));
    m_nameProblem->setWordWrap(true);
    QPalette warning = m_nameProblem->palette();
    warning.setColor(QPalette::WindowText, QColor(0xb0, 0x30, 0x20));
    m_nameProblem->setPalette(warning);

    m_location = new QLineEdit(this);
    m_location->setObjectName(QStringLiteral("locationEdit"));
    m_browse = new QToolButton(this);
    m_browse->setObjectName(QStringLiteral("browseButton"));
    m_browse->setText(tr("Browse…"));
    auto* locationRow = new QHBoxLayout;
    locationRow->addWidget(m_location, 1);
    locationRow->addWidget(m_browse);

    m_python = new QComboBox(this);
    m_python->setObjectName(QStringLiteral("pythonCombo"));
    m_python->addItem(tr("Reading the channels…"));
    m_python->setEnabled(false);

    m_packages = new QLineEdit(this);
    m_packages->setObjectName(QStringLiteral("packagesEdit"));
    m_packages->setPlaceholderText(tr("Names or match specs, e.g. numpy pandas>=2"));
    m_completer = new QCompleter(m_packageNames, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setWidget(m_packages);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);

    m_channels = new QListWidget(this);
    m_channels->setObjectName(QStringLiteral("channelList"));
    m_channels->setMaximumHeight(110);
    m_channelNote = new QLabel(this);
    m_channelNote->setObjectName(QStringLiteral("channelNote"));
    m_channelNote->setWordWrap(true);
    // The note takes the lines it needs; the preview below takes the rest of the height.
    m_channelNote->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_channelNote->hide();

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("previewLabel"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setMinimumHeight(60);
    m_preview->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_preview->setFrameShape(QFrame::StyledPanel);
    m_preview->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);

    // Why nothing fits, as the change dialog shows it: every side of each clash, and the fixes
    // the solver found as buttons.
    m_problems = new ProblemTreeModel(this);
    m_problemTree = new QTreeView(this);
    m_problemTree->setObjectName(QStringLiteral("problemTree"));
    m_problemTree->setModel(m_problems);
    m_problemTree->setHeaderHidden(true);
    m_problemTree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problemTree->setMinimumHeight(120);
    m_problemTree->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
    m_problemTree->hide();
    m_fixButtons = new QWidget(this);
    m_fixButtons->setObjectName(QStringLiteral("fixButtons"));
    auto* fixLayout = new QHBoxLayout(m_fixButtons);
    fixLayout->setContentsMargins(0, 0, 0, 0);
    m_fixButtons->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_nameProblem);
    // A row holding a layout has no buddy of its own: the label names the field it jumps to.
    auto* locationLabel = new QLabel(tr("&Location:"), this);
    locationLabel->setBuddy(m_location);
    form->addRow(locationLabel, locationRow);
    form->addRow(tr("&Python:"), m_python);
    form->addRow(tr("P&ackages:"), m_packages);
    form->addRow(tr("&Channels:"), m_channels);
    form->addRow(QString(), m_channelNote);
    form->addRow(tr("Preview:"), m_preview);
    form->addRow(QString(), m_problemTree);
    form->addRow(QString(), m_fixButtons);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("createButton"));
    m_create->setEnabled(false);
    m_create->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, &CreateEnvironmentDialog::create);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(buttons);

    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(400);
    connect(m_previewTimer, &QTimer::timeout, this, &CreateEnvironmentDialog::runPreview);
    connect(m_name, &QLineEdit::textChanged, this, [this] {
        if (!m_locationEdited && !m_envsDir.isEmpty()) {
            m_location->setText(m_name->text().trimmed().isEmpty()
                                    ? QString()
                                    : QDir(m_envsDir).filePath(m_name->text().trimmed()));
        }
        validate();
        schedulePreview();
    });
    connect(m_location, &QLineEdit::textEdited, this, [this] {
        m_locationEdited = true;
        validate();
        schedulePreview();
    });
    connect(m_browse, &QToolButton::clicked, this, [this] {
        const QString folder = chooseFolder(this, tr("Where the environment goes"), m_envsDir);
        if (folder.isEmpty()) {
            return;
        }
        m_locationEdited = true;
        const QString name = m_name->text().trimmed();
        m_location->setText(name.isEmpty() ? folder : QDir(folder).filePath(name));
        validate();
        schedulePreview();
    });
    connect(m_python, &QComboBox::currentIndexChanged, this,
            &CreateEnvironmentDialog::schedulePreview);
    connect(m_packages, &QLineEdit::textEdited, this, [this](const QString& text) {
        const QString last = text.section(QLatin1Char(' '), -1);
        if (last.size() >= 2) {
            m_completer->setCompletionPrefix(last);
            m_completer->complete();
        }
        schedulePreview();
    });
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this,
            &CreateEnvironmentDialog::completeLastWord);
    connect(m_channels, &QListWidget::itemChanged, this, &CreateEnvironmentDialog::schedulePreview);

    validate();
    loadChoices();
}

CreateEnvironmentDialog::~CreateEnvironmentDialog() = default;

void CreateEnvironmentDialog::completeLastWord(const QString& completion)
{
    QString text = m_packages->text();
    const int space = text.lastIndexOf(QLatin1Char(' '));
    text = text.left(space + 1) + completion + QLatin1Char(' ');
    m_packages->setText(text);
    schedulePreview();
}

void CreateEnvironmentDialog::setPackages(const QString& specs)
{
    m_packages->setText(specs);
    schedulePreview();
}

void CreateEnvironmentDialog::loadChoices()
{
    // The work touches no widget: it reads the configuration and the channels, and the
    // continuation fills the dialog on the GUI thread.
    // How far the channels have come, on the Python list's placeholder while it waits.
    const auto progress = latestValueRelay<repodata::FetchProgress>(
        this, [this](const repodata::FetchProgress& latest) {
            if (!m_python->isEnabled() && latest.total > 0) {
                m_python->setItemText(0, tr("Reading the channels… %1 of %2 (%3)")
                                             .arg(latest.done)
                                             .arg(latest.total)
                                             .arg(formatBytes(static_cast<qint64>(latest.bytes))));
            }
        });
    const auto indexed = latestValueRelay<repodata::RecordIndexProgress>(
        this, [this, waiting = m_python->itemText(0)](const repodata::RecordIndexProgress& latest) {
            if (!m_python->isEnabled()) {
                m_python->setItemText(
                    0, latest.done
                           ? waiting
                           : tr("Reading the channels… indexing their packages, %1 so far")
                                 .arg(QLocale().toString(static_cast<qulonglong>(latest.records))));
            }
        });
    m_setup->start([this, inputs = m_session->inputs(), progress, indexed](std::stop_token stop) {
        auto choices = std::make_shared<Choices>(readChoices(inputs, stop, {progress, indexed}));
        return std::function<void()>([this, choices] { applyChoices(*choices); });
    });
}

CreateEnvironmentDialog::Choices
CreateEnvironmentDialog::readChoices(const config::ConfigInputs& inputs, std::stop_token stop,
                                     const ReadProgress& progress)
{
    Choices choices;
    auto configuration = loadConfiguration(inputs);
    if (!configuration) {
        choices.note =
            tr("The configuration cannot be read: %1").arg(errorText(configuration.error()));
        return choices;
    }
    const auto envsDirs = configuration->envsDirs();
    if (!envsDirs.empty()) {
        choices.envsDir = QString::fromStdString(envsDirs.front());
    }
    for (const auto& dir : envsDirs) {
        std::error_code error;
        for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
            choices.existingNames << QString::fromStdString(entry.path().filename().string());
        }
    }
    const auto configured = configuredChannels(*configuration);
    for (const auto& channel : configured) {
        choices.configured << QString::fromStdString(channel);
    }
    choices.demo = QString::fromStdString(demoChannel(inputs));
    // Nothing configured: the demo channel, when there is one, is the only thing to offer.
    std::vector<std::string> toRead = configured;
    if (toRead.empty() && !choices.demo.isEmpty()) {
        toRead = {choices.demo.toStdString()};
        choices.useDemo = true;
    }
    if (toRead.empty()) {
        return choices;
    }
    auto read = readChannels(*configuration, stop, toRead, progress);
    if (!read) {
        choices.note = tr("The channels cannot be read: %1").arg(errorText(read.error()));
        return choices;
    }
    if (read->usedDemo) {
        choices.useDemo = true;
        choices.note = tr("The configured channels cannot be reached, so the offline demo "
                          "channel is ticked instead.");
        choices.noteDetail = QString::fromStdString(read->unreachable);
    }
    std::vector<specs::PackageRecord> pythons;
    std::set<std::string> packageNames;
    for (const auto& subdir : read->loaded.subdirs) {
        if (auto records = subdir.recordsFor("python")) {
            pythons.insert(pythons.end(), records->begin(), records->end());
        }
        for (const auto name : subdir.names()) {
            packageNames.emplace(name);
        }
    }
    for (const auto& series : ops::pythonSeries(pythons)) {
        choices.pythonSeries << QString::fromStdString(series);
    }
    for (const auto& name : packageNames) {
        choices.packageNames << QString::fromStdString(name);
    }
    return choices;
}

void CreateEnvironmentDialog::applyChoices(const Choices& choices)
{
    m_envsDir = choices.envsDir;
    m_existingNames = choices.existingNames;
    const QSignalBlocker blockChannels(m_channels);
    m_channels->clear();
    const auto addChannel = [this](const QString& channel, const QString& shown, bool ticked) {
        auto* item = new QListWidgetItem(shown, m_channels);
        item->setData(Qt::UserRole, channel);
        item->setToolTip(channel);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(ticked ? Qt::Checked : Qt::Unchecked);
    };
    for (const QString& channel : choices.configured) {
        addChannel(channel, channel, !choices.useDemo);
    }
    // The demo channel once, under its own name, even when the configuration lists it.
    const auto sameFolder = [](const QString& a, const QString& b) {
        const QString left = a.startsWith(QLatin1String("file://")) ? a.mid(7) : a;
        const QString right = b.startsWith(QLatin1String("file://")) ? b.mid(7) : b;
        return QDir::cleanPath(left) == QDir::cleanPath(right);
    };
    if (!choices.demo.isEmpty()) {
        bool listed = false;
        for (int row = 0; row < m_channels->count(); ++row) {
            QListWidgetItem* item = m_channels->item(row);
            if (sameFolder(item->data(Qt::UserRole).toString(), choices.demo)) {
                item->setText(tr("Envdesk demo channel (offline)"));
                listed = true;
            }
        }
        if (!listed) {
            addChannel(choices.demo, tr("Envdesk demo channel (offline)"), choices.useDemo);
        }
    }
    m_channelNote->setText(choices.note);
    m_channelNote->setToolTip(choices.noteDetail);
    m_channelNote->setVisible(!choices.note.isEmpty());

    const QSignalBlocker blockPython(m_python);
    m_python->clear();
    m_python->addItem(tr("No Python"), QString());
    for (const QString& series : choices.pythonSeries) {
        m_python->addItem(tr("Python %1").arg(series), series);
    }
    // The newest stable series, as most people want.
    m_python->setCurrentIndex(choices.pythonSeries.isEmpty() ? 0 : 1);
    m_python->setEnabled(true);
    m_packageNames->setStringList(choices.packageNames);

    if (!m_locationEdited && !m_envsDir.isEmpty() && !m_name->text().trimmed().isEmpty()) {
        m_location->setText(QDir(m_envsDir).filePath(m_name->text().trimmed()));
    }
    m_ready = true;
    validate();
    schedulePreview();
}

QString CreateEnvironmentDialog::nameProblem() const
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        return tr("Give the environment a name.");
    }
    static const QString forbidden = QStringLiteral("/ :#\\");
    for (const QChar c : name) {
        if (forbidden.contains(c)) {
            return tr("A name cannot contain '/', ' ', ':', '#' or '\\'.");
        }
    }
    if (name == QLatin1String("base") || name == QLatin1String("root")) {
        return tr("“%1” is the name of the root environment; choose another.").arg(name);
    }
    if (name.startsWith(QLatin1Char('.')) || name.startsWith(QLatin1Char('-'))) {
        return tr("A name cannot start with '.' or '-'.");
    }
    if (!m_locationEdited && m_existingNames.contains(name)) {
        return tr("An environment named “%1” already exists.").arg(name);
    }
    const QString location = m_location->text().trimmed();
    if (location.isEmpty() || !QDir::isAbsolutePath(location)) {
        return tr("Choose a folder for the environment.");
    }
    const QFileInfo existing(location);
    if (existing.exists() && !(existing.isDir() && QDir(location).isEmpty())) {
        return tr("%1 already exists. Choose another name or location.").arg(location);
    }
    return {};
}

void CreateEnvironmentDialog::validate()
{
    const QString problem = nameProblem();
    // An empty name is not an error yet: the user has not typed anything. Nor is the folder
    // missing while the configuration that says where environments go is still being read.
    const bool folderPending =
        !m_ready && !m_locationEdited && m_location->text().trimmed().isEmpty();
    m_nameProblem->setText(m_name->text().trimmed().isEmpty() || folderPending ? QString()
                                                                               : problem);
    m_nameProblem->setVisible(!m_nameProblem->text().isEmpty());
    m_create->setEnabled(problem.isEmpty() && m_previewOk && !m_creating);
}

QString CreateEnvironmentDialog::prefix() const
{
    return QDir::cleanPath(m_location->text().trimmed());
}

std::vector<std::string> CreateEnvironmentDialog::specs() const
{
    std::vector<std::string> result;
    const QVariant python = m_python->currentData();
    if (python.isValid() && !python.toString().isEmpty()) {
        result.push_back("python=" + python.toString().toStdString());
    }
    for (const QString& word : m_packages->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        result.push_back(word.toStdString());
    }
    return result;
}

std::vector<std::string> CreateEnvironmentDialog::channels() const
{
    std::vector<std::string> result;
    for (int row = 0; row < m_channels->count(); ++row) {
        const QListWidgetItem* item = m_channels->item(row);
        if (item->checkState() == Qt::Checked) {
            result.push_back(item->data(Qt::UserRole).toString().toStdString());
        }
    }
    return result;
}

void CreateEnvironmentDialog::schedulePreview()
{
    m_previewOk = false;
    validate();
    if (m_ready) {
        m_previewTimer->start();
    }
}

void CreateEnvironmentDialog::runPreview()
{
    const auto specList = specs();
    const auto channelList = channels();
    m_previewOk = false;
    validate();
    if (specList.empty()) {
        m_preview->setText(
            tr("Choose a Python version or packages to see what will be installed."));
        return;
    }
    if (channelList.empty()) {
        m_preview->setText(tr("Tick at least one channel."));
        return;
    }
    m_preview->setText(tr("Working out what will be installed…"));
    // Nothing is read from or written to the prefix by a create's solve, so an unfinished name
    // does not stop the preview.
    const std::string where = prefix().isEmpty() ? std::string("/preview") : prefix().toStdString();
    const auto inputs = m_session->inputs();
    m_previewTask->start([this, inputs, where, specList, channelList](std::stop_token stop) {
        auto outcome = std::make_shared<util::Result<ops::ChangeOutcome>>(
            util::fail(util::ErrorCode::Internal, "no configuration"));
        if (auto configuration = loadConfiguration(inputs)) {
            ops::ChangeRequest request;
            request.prefix = where;
            request.create = true;
            request.specs = specList;
            request.channels = channelList;
            channels::LoadOptions options;
            options.offline = configuration->offline();
            options.stop = stop;
            *outcome = ops::solveChange(request, *configuration, options);
        } else {
            *outcome = configuration.error();
        }
        return std::function<void()>([this, outcome] { showPreview(*outcome); });
    });
}

void CreateEnvironmentDialog::showPreview(const util::Result<ops::ChangeOutcome>& outcome)
{
    m_previewedPlan.reset();
    m_problemTree->hide();
    m_fixButtons->hide();
    m_preview->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
    if (!outcome) {
        m_preview->setText(tr("Cannot be worked out: %1").arg(errorText(outcome.error())));
    } else if (const auto* conflict = std::get_if<ops::ChangeConflict>(&*outcome)) {
        showConflict(*conflict);
    } else {
        const auto& plan = std::get<ops::ChangeProposal>(*outcome).plan;
        m_previewedPlan = ChangeDialog::linkedDists(plan);
        std::uint64_t download = 0;
        for (const auto& record : plan.fetch) {
            download += record.size;
        }
        QStringList names;
        for (const auto& record : plan.link) {
            names << QString::fromStdString(record.name + " " + record.version);
        }
        const QString count =
            plan.link.size() == 1 ? tr("1 package") : tr("%1 packages").arg(plan.link.size());
        m_preview->setText(plan.fetch.empty()
                               ? tr("%1, all in the package cache: %2")
                                     .arg(count, names.join(QStringLiteral(", ")))
                               : tr("%1, %2 to download: %3")
                                     .arg(count, formatBytes(static_cast<qint64>(download)),
                                          names.join(QStringLiteral(", "))));
        m_preview->setToolTip(names.join(QLatin1Char('\n')));
        m_previewOk = !plan.link.empty();
    }
    validate();
}

void CreateEnvironmentDialog::showConflict(const ops::ChangeConflict& conflict)
{
    const auto& graph = conflict.unsolvable.graph;
    QString notes;
    for (const auto& note : conflict.notes) {
        notes += QStringLiteral("\n") + tr("Note: %1").arg(QString::fromStdString(note));
    }
    m_preview->setToolTip(QString::fromStdString(conflict.unsolvable.explanation));
    // Only names that no package has, each the user's own: most likely a name being typed, or
    // mistyped. Said plainly, not as a clash.
    const bool onlyUnknownNames =
        graph.conflicts.empty() && !graph.missing.empty()
        && std::all_of(graph.missing.begin(), graph.missing.end(),
                       [](const auto& missing) { return missing.requiredBy.size() <= 1; });
    if (onlyUnknownNames) {
        QStringList names;
        for (const auto& missing : graph.missing) {
            names << QString::fromStdString(missing.spec);
        }
        const QString typed = m_packages->text();
        const QString last = typed.section(QLatin1Char(' '), -1);
        const bool typing = m_packages->hasFocus() && !typed.endsWith(QLatin1Char(' '))
                            && names == QStringList{last};
        m_preview->setText(
            (typing ? tr("Keep typing: no package is named “%1” yet.").arg(last)
                    : tr("No package in the chosen channels is named %1. Check the spelling, or "
                         "choose other channels.")
                          .arg(names.join(QStringLiteral(", "))))
            + notes);
        return;
    }
    m_problems->setProblem(graph, specs());
    m_problemTree->expandAll();
    m_problemTree->show();
    m_preview->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    showFixButtons(m_fixButtons, m_problems->fixes(),
                   [this](const ProblemFix& fix) { applyFix(fix.spec, fix.replacement); });
    m_preview->setText((m_problems->fixes().empty()
                            ? tr("These packages cannot be installed together. Below is why; "
                                 "your own requests are in bold.")
                            : tr("These packages cannot be installed together. Below is why "
                                 "(your own requests in bold), and what would work."))
                       + notes);
}

void CreateEnvironmentDialog::applyFix(const QString& spec, const QString& replacement)
{
    const QString python = QStringLiteral("python=") + m_python->currentData().toString();
    if (spec == python) {
        // The Python choice: the series of the version the fix names, when it is offered.
        QString version = replacement.section(QLatin1Char('='), -1);
        const QString series = version.section(QLatin1Char('.'), 0, 1);
        const int index = m_python->findData(series);
        if (index >= 0) {
            m_python->setCurrentIndex(index);
            schedulePreview();
            return;
        }
    }
    QStringList words = m_packages->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const auto found = std::find(words.begin(), words.end(), spec);
    if (found != words.end()) {
        *found = replacement;
    } else {
        words << replacement;
    }
    m_packages->setText(words.join(QLatin1Char(' ')));
    schedulePreview();
}

void CreateEnvironmentDialog::create()
{
    if (!nameProblem().isEmpty() || !m_previewOk || m_creating) {
        return;
    }
    m_creating = true;
    validate();
    std::vector<ChangeStep> steps;
    steps.push_back(createStep(m_session->inputs(), prefix().toStdString(), specs(), channels()));
    // The preview was in this dialog, and Create confirmed it: one confirmation, not two, as
    // long as the change decided now is the one the preview showed.
    steps.back().intent.confirmedPlan = m_previewedPlan;
    auto* sequence = new ChangeSequence(std::move(steps), this);
    connect(sequence, &ChangeSequence::dialogOpened, this,
            &CreateEnvironmentDialog::changeDialogOpened);
    connect(sequence, &ChangeSequence::stepApplied, this,
            &CreateEnvironmentDialog::environmentCreated);
    connect(sequence, &ChangeSequence::finished, this, [this, sequence](bool allApplied) {
        sequence->deleteLater();
        m_creating = false;
        if (allApplied) {
            accept();
        } else {
            validate();
        }
    });
    sequence->start();
}

} // namespace envdesk::ui
