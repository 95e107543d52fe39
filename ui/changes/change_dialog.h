#pragma once

#include "core/config/config.h"
#include "core/ops/apply_change.h"
#include "core/ops/solve_change.h"
#include "core/util/result.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTreeView;
class QTreeWidget;

namespace envdesk::ui {

class BackgroundTask;
class ProblemTreeModel;

// One change of one environment, from decision to disk: the change is decided on a worker
// thread (a solve, a revision), then previewed — installs, upgrades, downgrades, removals,
// what must be downloaded and the disk change — and only on Apply carried out, with overall
// and per-package progress, a log, and a Cancel that stops the transaction and leaves the
// environment as it was. An unsolvable request shows the solver's explanation as a tree with
// the user's specs highlighted, and the fixes the solver found.
//
// Test API (objectNames): "changeState" (the status line), "changeTree" (the preview),
// "changeSummary", "problemTree", "fixButtons", "applyButton", "cancelButton",
// "changeProgress", "changeLog".
class ChangeDialog : public QDialog {
    Q_OBJECT

public:
    // What deciding is given: its stop, and where to report how far the channels' metadata has
    // come (called on the worker; the dialog shows it on its status line).
    struct DecideContext {
        std::stop_token stop;
        repodata::FetchProgressFn fetched;
        repodata::ShardProgressFn shards;
        repodata::RecordIndexProgressFn indexed; // records read into a new index
        // Load options with the stop and the reports set.
        [[nodiscard]] channels::LoadOptions loadOptions(bool offline) const;
    };
    using Decide = std::function<util::Result<ops::ChangeOutcome>(const DecideContext&)>;

    // What the change is for, beyond what the decision says.
    struct Intent {
        QString title;                      // "Install packages into ml-2024"
        std::vector<std::string> userSpecs; // as typed: highlighted, written to the history
        std::string command;                // the history's `# cmd:`
        bool remove = false;                // the history says `# remove specs:`
        bool create = false;                // a new environment: registered when done
        // How the proposal becomes the Change to apply; empty: from the plan and this intent.
        std::function<ops::Change(const ops::ChangeProposal&)> change;
        // Runs on the worker after the packages are in place (a clone's own files, a file's
        // variables and pip packages, an emptied folder's removal); returns lines for the log.
        // Also runs when no package changes.
        std::function<util::Result<std::vector<std::string>>(std::stop_token)> finish;
        QString afterwards; // what `finish` does, for the preview ("Then the folder goes.")
        // What Apply loads the configuration from: the session's inputs when the step was made
        // (SessionEnvironment::inputs()), so the change runs with what it was decided with.
        config::ConfigInputs inputs;
        // The packages (dist names, sorted) of a preview the person has already seen and
        // confirmed (the create dialog's Create): when the decided plan links exactly these,
        // with nothing to note (no stand-in channel), it is applied at once, without a second
        // Apply. Any other plan, a conflict or a failure stops and shows as usual.
        std::optional<std::vector<std::string>> confirmedPlan;
    };

    enum class State {
        Deciding,
        Preview,
        NothingToDo,
        Conflict,
        Failed,
        Applying,
        Stopping,
        Done,
        Cancelled
    };

    ChangeDialog(Intent intent, Decide decide, QWidget* parent = nullptr);

    // The dist names a plan links, sorted: what Intent::confirmedPlan is compared with.

    [[nodiscard]] static std::vector<std::string> linkedDists(const ops::Plan& plan);
    ~ChangeDialog() override;

    // Starts deciding (on a worker thread).
    void start();
    // Carries out the previewed change (the Apply button).
    void apply();
    // Cancel: while deciding, closes; while applying, stops and rolls back.
    void cancelChange();

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const std::optional<ops::ChangeProposal>& proposal() const { return m_proposal; }

Q_SIGNALS:
    void stateChanged(envdesk::ui::ChangeDialog::State state);
    // The change was carried out; the environment at `prefix` is different now.
    void applied(const QString& prefix);
    // The user chose one of the solver's fixes: replace the spec `from` with `to` and retry.
    void fixChosen(const QString& from, const QString& to);

protected:
    void reject() override;

private:
    void setState(State state, const QString& text);
    void showProposal(const ops::ChangeProposal& proposal);
    void showConflict(const ops::ChangeConflict& conflict);
    void showProgress(const ops::ApplyProgress& progress);
    void logStep(const ops::ApplyProgress& progress);
    void appendLog(const QString& line);
    void showMetadataProgress();

    struct ProgressMailbox; // the worker's latest progress, picked up by the GUI thread
    Intent m_intent;
    Decide m_decide;
    State m_state = State::Deciding;
    std::optional<ops::ChangeProposal> m_proposal;
    std::shared_ptr<ProgressMailbox> m_mailbox;
    // While deciding: how far the channels' metadata and shards have come (the worker's latest).
    std::optional<repodata::FetchProgress> m_metadataFetched;
    std::optional<repodata::ShardProgress> m_shardsFetched;
    std::optional<repodata::RecordIndexProgress> m_recordsIndexed;
    int m_decideRun = 0; // start() calls so far: which run's reports count
    std::shared_ptr<std::stop_source> m_applyStop;
    BackgroundTask* m_work = nullptr;
    QLabel* m_stateLabel = nullptr;
    QStackedWidget* m_pages = nullptr;
    QTreeWidget* m_tree = nullptr;
    QLabel* m_summary = nullptr;
    QTreeView* m_problemTree = nullptr;
    ProblemTreeModel* m_problems = nullptr;
    QWidget* m_fixButtons = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_current = nullptr;
    QPlainTextEdit* m_log = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace envdesk::ui
