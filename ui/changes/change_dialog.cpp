#include "ui/changes/change_dialog.h"

#include "ui/changes/change_sources.h"
#include "ui/changes/problem_tree_model.h"
#include "ui/common/background_task.h"
#include "ui/common/error_text.h"
#include "ui/common/latest_value_relay.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMetaObject>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <mutex>
#include <set>

namespace envdesk::ui {

// Progress arrives from the worker thread far more often than a screen can show it (a callback
// per downloaded block). The worker leaves only the latest report here for the bar, and posts
// one pick-up at a time, so the GUI thread handles at most one report per turn of its event
// loop. What the log lists is kept whole apart: the first report of each step of each package
// (downloads and extractions overlap, so a latest-only report lost packages and put them out
// of order).
struct ChangeDialog::ProgressMailbox {
    std::mutex mutex;
    std::optional<ops::ApplyProgress> latest;
    std::vector<ops::ApplyProgress> logged;     // not yet shown
    std::set<std::pair<int, std::string>> seen; // (phase, package) already logged
    bool posted = false;
};

channels::LoadOptions ChangeDialog::DecideContext::loadOptions(bool offline) const
{
    channels::LoadOptions options;
    options.offline = offline;
    options.stop = stop;
    options.progress = fetched;
    options.shardProgress = shards;
    options.indexProgress = indexed;
    return options;
}

namespace {

QString phaseText(ops::ApplyProgress::Phase phase)
{
    switch (phase) {
    case ops::ApplyProgress::Phase::Download:
        return ChangeDialog::tr("Downloading");
    case ops::ApplyProgress::Phase::Extract:
        return ChangeDialog::tr("Extracting");
    case ops::ApplyProgress::Phase::Waiting:
        return ChangeDialog::tr("Waiting for another program to finish changing this environment");
    case ops::ApplyProgress::Phase::Unlink:
        return ChangeDialog::tr("Removing");
    case ops::ApplyProgress::Phase::Link:
        return ChangeDialog::tr("Installing");
    case ops::ApplyProgress::Phase::Finish:
        return ChangeDialog::tr("Finishing");
    }
    return {};
}

// The share of the whole bar each phase takes, in order: downloads dominate on a slow link.
constexpr std::array<int, 7> kPhaseStart = {0, 50, 65, 65, 72, 97, 100};

QString versionOf(const std::optional<specs::PackageRecord>& record)
{
    return record ? QString::fromStdString(record->version + " (" + record->build + ")")
                  : QString();
}

} // namespace

ChangeDialog::ChangeDialog(Intent intent, Decide decide, QWidget* parent)
    : QDialog(parent)
    , m_intent(std::move(intent))
    , m_decide(std::move(decide))
    , m_mailbox(std::make_shared<ProgressMailbox>())
    , m_work(new BackgroundTask(this))
{
    setWindowTitle(m_intent.title);
    setAttribute(Qt::WA_DeleteOnClose, false);
    resize(720, 520);

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("changeState"));
    m_stateLabel->setWordWrap(true);
    m_stateLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_pages = new QStackedWidget(this);
    // Page 0: the preview.
    auto* previewPage = new QWidget(m_pages);
    auto* previewLayout = new QVBoxLayout(previewPage);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    m_tree = new QTreeWidget(previewPage);
    m_tree->setObjectName(QStringLiteral("changeTree"));
    m_tree->setHeaderLabels(
        {tr("Package"), tr("Installed"), tr("After"), tr("Channel"), tr("Download")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    previewLayout->addWidget(m_tree, 1);
    m_summary = new QLabel(previewPage);
    m_summary->setObjectName(QStringLiteral("changeSummary"));
    m_summary->setWordWrap(true);
    previewLayout->addWidget(m_summary);
    m_pages->addWidget(previewPage);
    // Page 1: why nothing fits.
    auto* conflictPage = new QWidget(m_pages);
    auto* conflictLayout = new QVBoxLayout(conflictPage);
    conflictLayout->setContentsMargins(0, 0, 0, 0);
    m_problems = new ProblemTreeModel(this);
    m_problemTree = new QTreeView(conflictPage);
    m_problemTree->setObjectName(QStringLiteral("problemTree"));
    m_problemTree->setModel(m_problems);
    m_problemTree->setUniformRowHeights(true);
    m_problemTree->header()->setStretchLastSection(true);
    conflictLayout->addWidget(m_problemTree, 1);
    m_fixButtons = new QWidget(conflictPage);
    m_fixButtons->setObjectName(QStringLiteral("fixButtons"));
    // Filled by showFixButtons() when a conflict has fixes.
    auto* fixLayout = new QHBoxLayout(m_fixButtons);
    fixLayout->setContentsMargins(0, 0, 0, 0);
    conflictLayout->addWidget(m_fixButtons);
    m_pages->addWidget(conflictPage);
    // Page 2: progress and the log.
    auto* progressPage = new QWidget(m_pages);
    auto* progressLayout = new QVBoxLayout(progressPage);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    m_progress = new QProgressBar(progressPage);
    m_progress->setObjectName(QStringLiteral("changeProgress"));
    m_progress->setRange(0, 100);
    progressLayout->addWidget(m_progress);
    m_current = new QLabel(progressPage);
    m_current->setObjectName(QStringLiteral("changeCurrent"));
    progressLayout->addWidget(m_current);
    m_log = new QPlainTextEdit(progressPage);
    m_log->setObjectName(QStringLiteral("changeLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    progressLayout->addWidget(m_log, 1);
    m_pages->addWidget(progressPage);

    auto* buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("applyButton"));
    m_apply->setEnabled(false);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_apply, &QPushButton::clicked, this, &ChangeDialog::apply);
    connect(m_cancel, &QPushButton::clicked, this, &ChangeDialog::cancelChange);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_stateLabel);
    layout->addWidget(m_pages, 1);
    layout->addWidget(buttons);
}

ChangeDialog::~ChangeDialog()
{
    if (m_applyStop) {
        m_applyStop->request_stop();
    }
}

void ChangeDialog::setState(State state, const QString& text)
{
    m_state = state;
    m_stateLabel->setText(text);
    const bool finished = state == State::Done || state == State::Cancelled
                          || state == State::Failed || state == State::NothingToDo
                          || state == State::Conflict;
    m_apply->setEnabled(state == State::Preview);
    m_apply->setVisible(state == State::Deciding || state == State::Preview);
    m_cancel->setText(finished ? tr("Close") : tr("Cancel"));
    m_cancel->setEnabled(state != State::Stopping);
    Q_EMIT stateChanged(state);
}

void ChangeDialog::start()
{
    setState(State::Deciding, tr("Working out what will change…"));
    m_metadataFetched.reset();
    m_shardsFetched.reset();
    m_recordsIndexed.reset();
    // A run stopped by a newer one may still report: only the newest run's numbers are shown.
    const int run = ++m_decideRun;
    DecideContext context;
    context.fetched = latestValueRelay<repodata::FetchProgress>(
        this, [this, run](const repodata::FetchProgress& progress) {
            if (run == m_decideRun) {
                m_metadataFetched = progress;
                showMetadataProgress();
            }
        });
    context.shards = latestValueRelay<repodata::ShardProgress>(
        this, [this, run](const repodata::ShardProgress& progress) {
            if (run == m_decideRun) {
                m_shardsFetched = progress;
                showMetadataProgress();
            }
        });
    context.indexed = latestValueRelay<repodata::RecordIndexProgress>(
        this, [this, run](const repodata::RecordIndexProgress& progress) {
            if (run == m_decideRun) {
                m_recordsIndexed = progress.done ? std::nullopt : std::optional(progress);
                showMetadataProgress();
            }
        });
    m_work->start([this, decide = m_decide, context](std::stop_token stop) mutable {
        context.stop = stop;
        auto outcome = std::make_shared<util::Result<ops::ChangeOutcome>>(decide(context));
        return std::function<void()>([this, outcome] {
            if (!*outcome) {
                setState(
                    State::Failed,
                    tr("The change could not be worked out: %1").arg(errorText(outcome->error())));
                return;
            }
            if (auto* conflict = std::get_if<ops::ChangeConflict>(&**outcome)) {
                showConflict(*conflict);
            } else {
                showProposal(std::get<ops::ChangeProposal>(**outcome));
                if (m_intent.confirmedPlan && m_state == State::Preview && m_proposal->notes.empty()
                    && linkedDists(m_proposal->plan) == *m_intent.confirmedPlan) {
                    apply();
                }
            }
        });
    });
}

void ChangeDialog::showMetadataProgress()
{
    const auto& fetched = m_metadataFetched;
    const auto& shards = m_shardsFetched;
    if (m_state != State::Deciding) {
        return;
    }
    const auto size = [](std::uint64_t bytes) { return formatBytes(static_cast<qint64>(bytes)); };
    QString text = tr("Working out what will change…");
    if (shards && shards->total > 0) {
        text += QLatin1Char('\n')
                + tr("Package shards: %1 of %2 (%3)")
                      .arg(shards->done)
                      .arg(shards->total)
                      .arg(size(shards->bytes));
    } else if (m_recordsIndexed) {
        // A channel read for the first time (or changed): its records are indexed once.
        text += QLatin1Char('\n')
                + tr("Indexing the channel's packages: %1 so far (%2)")
                      .arg(QLocale().toString(static_cast<qulonglong>(m_recordsIndexed->records)),
                           QString::fromStdString(m_recordsIndexed->subdir));
    } else if (fetched && fetched->total > 0) {
        text += QLatin1Char('\n')
                + tr("Channel metadata: %1 of %2 (%3)")
                      .arg(fetched->done)
                      .arg(fetched->total)
                      .arg(size(fetched->bytes));
    }
    m_stateLabel->setText(text);
}

std::vector<std::string> ChangeDialog::linkedDists(const ops::Plan& plan)
{
    std::vector<std::string> dists;
    for (const auto& record : plan.link) {
        dists.push_back(record.distName());
    }
    std::sort(dists.begin(), dists.end());
    return dists;
}

void ChangeDialog::showProposal(const ops::ChangeProposal& proposal)
{
    m_proposal = proposal;
    m_tree->clear();
    using Kind = solver::Action::Kind;
    struct Section {
        Kind kind;
        QString title;
    };
    const std::vector<Section> sections = {
        {Kind::Install, tr("Install")},     {Kind::Upgrade, tr("Upgrade")},
        {Kind::Downgrade, tr("Downgrade")}, {Kind::Change, tr("Change build or channel")},
        {Kind::Reinstall, tr("Reinstall")}, {Kind::Remove, tr("Remove")},
    };
    std::uint64_t download = 0;
    for (const auto& record : proposal.plan.fetch) {
        download += record.size;
    }
    // Archive sizes stand in for installed sizes, which repodata does not give: the sign and
    // the rough size of the change are right, the exact figure is not promised.
    qint64 diskChange = 0;
    for (const auto& record : proposal.plan.link) {
        diskChange += static_cast<qint64>(record.size);
    }
    for (const auto& record : proposal.plan.unlink) {
        diskChange -= static_cast<qint64>(record.size);
    }
    const auto fetched = [&](const specs::PackageRecord& record) {
        return std::any_of(proposal.plan.fetch.begin(), proposal.plan.fetch.end(),
                           [&](const auto& item) { return item.fn == record.fn; });
    };
    for (const auto& section : sections) {
        std::vector<const solver::Action*> actions;
        for (const auto& action : proposal.plan.actions) {
            if (action.kind == section.kind) {
                actions.push_back(&action);
            }
        }
        if (actions.empty()) {
            continue;
        }
        auto* head = new QTreeWidgetItem(m_tree);
        head->setText(0, tr("%1 (%2)").arg(section.title).arg(actions.size()));
        QFont bold = head->font(0);
        bold.setBold(true);
        head->setFont(0, bold);
        head->setFirstColumnSpanned(true);
        if (section.kind == Kind::Downgrade || section.kind == Kind::Remove) {
            // Not colour alone: the icon says it too.
            head->setIcon(0, style()->standardIcon(QStyle::SP_MessageBoxWarning));
            head->setForeground(0, QColor(0xb0, 0x5a, 0x00));
        }
        for (const auto* action : actions) {
            const auto& shown = action->to ? *action->to : *action->from;
            auto* row = new QTreeWidgetItem(head);
            row->setText(0, QString::fromStdString(shown.name));
            row->setText(1, versionOf(action->from));
            row->setText(2, action->to ? versionOf(action->to) : tr("removed"));
            row->setText(3, QString::fromStdString(shown.channel));
            if (action->to && fetched(*action->to)) {
                row->setText(4, formatBytes(static_cast<qint64>(action->to->size)));
            } else if (action->to) {
                row->setText(4, tr("cached"));
            }
            row->setTextAlignment(4, Qt::AlignRight | Qt::AlignVCenter);
        }
        head->setExpanded(true);
    }
    // A new environment has nothing installed: no column of blanks.
    m_tree->setColumnHidden(1,
                            std::none_of(proposal.plan.actions.begin(), proposal.plan.actions.end(),
                                         [](const auto& action) { return action.from; }));
    for (int column = 1; column < m_tree->columnCount(); ++column) {
        m_tree->resizeColumnToContents(column);
    }
    QStringList summary;
    summary << (proposal.plan.fetch.empty()
                    ? tr("Nothing to download")
                    : tr("%1 to download").arg(formatBytes(static_cast<qint64>(download))));
    summary << (diskChange >= 0 ? tr("about %1 more on disk").arg(formatBytes(diskChange))
                                : tr("about %1 freed on disk").arg(formatBytes(-diskChange)));
    QString text = summary.join(QStringLiteral(" · "));
    if (!m_intent.afterwards.isEmpty()) {
        text += QStringLiteral("\n") + m_intent.afterwards;
    }
    for (const auto& note : proposal.notes) {
        text += QStringLiteral("\n") + tr("Note: %1").arg(QString::fromStdString(note));
    }
    m_summary->setText(text);
    m_pages->setCurrentIndex(0);
    if (proposal.plan.actions.empty() && m_intent.finish) {
        setState(State::Preview, tr("No package changes; Apply carries out the rest."));
        return;
    }
    if (proposal.plan.actions.empty()) {
        setState(State::NothingToDo, tr("Nothing to change: everything asked for is already "
                                        "there."));
        return;
    }
    setState(State::Preview,
             proposal.plan.actions.size() == 1
                 ? tr("1 package will change. Nothing happens until you press Apply.")
                 : tr("%1 packages will change. Nothing happens until you press Apply.")
                       .arg(proposal.plan.actions.size()));
}

void ChangeDialog::showConflict(const ops::ChangeConflict& conflict)
{
    m_problems->setProblem(conflict.unsolvable.graph, m_intent.userSpecs,
                           conflict.keptPythonSeries);
    m_problemTree->expandAll();
    m_problemTree->resizeColumnToContents(0);
    showFixButtons(m_fixButtons, m_problems->fixes(),
                   [this](const ProblemFix& fix) { Q_EMIT fixChosen(fix.spec, fix.replacement); });
    m_problemTree->setToolTip(QString::fromStdString(conflict.unsolvable.explanation));
    m_pages->setCurrentIndex(1);
    QString status = tr("These packages cannot be installed together. The tree shows "
                        "why; your own requests are in bold.");
    for (const auto& note : conflict.notes) {
        status += QStringLiteral("\n") + tr("Note: %1").arg(QString::fromStdString(note));
    }
    setState(State::Conflict, status);
}

void ChangeDialog::apply()
{
    if (m_state != State::Preview || !m_proposal) {
        return;
    }
    ops::Change change;
    if (m_intent.change) {
        change = m_intent.change(*m_proposal);
    } else {
        change = ops::changeFor(m_proposal->plan);
        change.userSpecs = m_intent.userSpecs;
        change.command = m_intent.command;
        change.remove = m_intent.remove;
        change.create = m_intent.create;
    }
    m_pages->setCurrentIndex(2);
    m_progress->setValue(0);
    {
        const std::lock_guard lock(m_mailbox->mutex);
        m_mailbox->seen.clear();
        m_mailbox->logged.clear();
    }
    appendLog(tr("Changing %1").arg(QString::fromStdString(change.prefix)));
    setState(State::Applying, tr("Applying the change…"));

    m_applyStop = std::make_shared<std::stop_source>();
    QPointer<ChangeDialog> self(this);
    m_work->start([change, finish = m_intent.finish, inputs = m_intent.inputs, mailbox = m_mailbox,
                   applyStop = m_applyStop, self](std::stop_token taskStop) {
        // Stopped by Cancel (applyStop) or by the dialog going away (the task's own token).
        std::stop_source stop;
        std::stop_callback fromCancel(applyStop->get_token(), [&] { stop.request_stop(); });
        std::stop_callback fromTask(taskStop, [&] { stop.request_stop(); });
        const auto report = [mailbox, self](const ops::ApplyProgress& progress) {
            std::lock_guard lock(mailbox->mutex);
            mailbox->latest = progress;
            if (mailbox->seen.emplace(static_cast<int>(progress.phase), progress.current).second) {
                mailbox->logged.push_back(progress);
            }
            if (mailbox->posted) {
                return;
            }
            mailbox->posted = true;
            QMetaObject::invokeMethod(
                self.data(),
                [mailbox, self] {
                    std::optional<ops::ApplyProgress> latest;
                    std::vector<ops::ApplyProgress> logged;
                    {
                        std::lock_guard taken(mailbox->mutex);
                        latest.swap(mailbox->latest);
                        logged.swap(mailbox->logged);
                        mailbox->posted = false;
                    }
                    if (self) {
                        for (const auto& step : logged) {
                            self->logStep(step);
                        }
                    }
                    if (self && latest) {
                        self->showProgress(*latest);
                    }
                },
                Qt::QueuedConnection);
        };
        auto configuration = loadConfiguration(inputs);
        const bool packagesChange = !change.link.empty() || !change.unlink.empty();
        auto outcome = std::make_shared<util::Result<ops::ApplyOutcome>>(
            !configuration   ? util::Result<ops::ApplyOutcome>(configuration.error())
            : packagesChange ? ops::applyChange(change, *configuration, report, stop.get_token())
                             : util::Result<ops::ApplyOutcome>(ops::ApplyOutcome{}));
        // What comes after the packages; its failure is reported as such, the packages stay.
        auto finished =
            std::make_shared<util::Result<std::vector<std::string>>>(std::vector<std::string>{});
        if (*outcome && finish) {
            report({ops::ApplyProgress::Phase::Finish, 0, 0, {}});
            *finished = finish(stop.get_token());
        }
        return std::function<void()>([self, outcome, finished] {
            if (!self) {
                return;
            }
            const QString prefix = QString::fromStdString(self->m_proposal->plan.prefix);
            if (*outcome && !*finished) {
                const QString why = errorText(finished->error());
                self->appendLog(why);
                self->setState(
                    State::Failed,
                    tr("The packages were changed, but the last step failed: %1").arg(why));
                Q_EMIT self->applied(prefix);
                return;
            }
            if (*outcome) {
                for (const auto& line : **finished) {
                    self->appendLog(QString::fromStdString(line));
                }
                for (const auto& note : (*outcome)->notes) {
                    self->appendLog(tr("Note: %1").arg(QString::fromStdString(note)));
                }
                for (const auto& output : (*outcome)->report.scriptOutputs) {
                    self->appendLog(QString::fromStdString(output));
                }
                self->m_progress->setValue(100);
                self->m_current->clear();
                self->appendLog(tr("Done."));
                self->setState(State::Done, tr("Done: the change to %1 is complete.").arg(prefix));
                Q_EMIT self->applied(prefix);
                return;
            }
            const auto& error = outcome->error();
            if (error.code == util::ErrorCode::Stale) {
                self->appendLog(errorText(error));
                self->setState(State::Failed,
                               tr("Another program changed this environment while this change "
                                  "waited, so nothing was done. Close this window and make the "
                                  "change again to see what it would do now."));
                return;
            }
            if (error.code == util::ErrorCode::Cancelled) {
                self->appendLog(tr("Stopped."));
                self->setState(State::Cancelled,
                               tr("Stopped. The environment is as it was before."));
                return;
            }
            self->appendLog(errorText(error));
            self->setState(State::Failed, tr("The change failed: %1").arg(errorText(error)));
        });
    });
}

void ChangeDialog::showProgress(const ops::ApplyProgress& progress)
{
    if (m_state != State::Applying && m_state != State::Stopping) {
        return;
    }
    const auto phase = static_cast<std::size_t>(progress.phase);
    const int start = kPhaseStart[phase];
    const int span = kPhaseStart[phase + 1] - start;
    const double fraction = progress.total > 0 ? static_cast<double>(progress.done)
                                                     / static_cast<double>(progress.total)
                                               : 0.0;
    m_progress->setValue(start + static_cast<int>(span * std::min(1.0, fraction)));
    const QString phaseName = phaseText(progress.phase);
    QString line;
    if (progress.phase == ops::ApplyProgress::Phase::Download) {
        line = progress.total > 0
                   ? tr("%1 %2 of %3")
                         .arg(phaseName, formatBytes(static_cast<qint64>(progress.done)),
                              formatBytes(static_cast<qint64>(progress.total)))
                   : phaseName;
    } else {
        line = progress.total > 0
                   ? tr("%1 %2/%3").arg(phaseName).arg(progress.done).arg(progress.total)
                   : phaseName;
    }
    if (!progress.current.empty()) {
        line += QStringLiteral(" · ") + QString::fromStdString(progress.current);
    }
    m_current->setText(line);
}

void ChangeDialog::logStep(const ops::ApplyProgress& progress)
{
    if (m_state != State::Applying && m_state != State::Stopping) {
        return;
    }
    // One line per step of each package, in the order they started: "Downloading numpy…",
    // "Extracting numpy…", "Installing numpy…".
    const QString phaseName = phaseText(progress.phase);
    const bool perPackage = progress.phase == ops::ApplyProgress::Phase::Download
                            || progress.phase == ops::ApplyProgress::Phase::Extract;
    if (perPackage && progress.current.empty()) {
        return; // a count only; the packages have lines of their own
    }
    appendLog(progress.current.empty()
                  ? phaseName + QStringLiteral("…")
                  : tr("%1 %2…").arg(phaseName, QString::fromStdString(progress.current)));
}

void ChangeDialog::appendLog(const QString& line)
{
    m_log->appendPlainText(line);
}

void ChangeDialog::cancelChange()
{
    switch (m_state) {
    case State::Applying:
        m_applyStop->request_stop();
        appendLog(tr("Stopping…"));
        setState(State::Stopping, tr("Stopping… the environment will be left as it was."));
        return;
    case State::Stopping:
        return;
    case State::Deciding:
        m_work->cancel();
        QDialog::reject();
        return;
    case State::Done:
        QDialog::accept();
        return;
    default:
        QDialog::reject();
        return;
    }
}

void ChangeDialog::reject()
{
    // Escape and the window's close button: the same as Cancel, so a running transaction is
    // never abandoned half-way.
    cancelChange();
}

} // namespace envdesk::ui
