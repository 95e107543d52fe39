#pragma once

#include "core/diff/diff_report.h"
#include "core/diff/lock_diff.h"

#include <QWidget>

#include <array>
#include <functional>
#include <utility>
#include <vector>

class QLabel;
class QLineEdit;
class QStackedWidget;
class QTabBar;
class QTableView;
class QToolButton;

namespace envdesk::ui {

class BackgroundTask;
class DiffFilterModel;
class DiffTableModel;

// The Compare place: two sources side by side (an environment.yml, an explicit file, a
// conda-lock file, a pixi.lock, or an installed environment's folder), read and compared on a
// worker thread with core/diff, and the difference as summary chips that toggle their rows, a
// tab per platform and package manager, a searchable table, and an HTML or JSON export.
//
// Test API (objectNames): per side ("left…" and "right…"): "leftDropZone" (accepts dropped
// files and folders), "leftPath" (the path; Return compares), "leftOpenButton" (a file),
// "leftOpenFolderButton" (an environment), "leftInfo" (what was read), "leftError" (why it
// could not be read, naming path:line); "swapButton", "stopButton", "compareStatus",
// "notesLabel", "sectionTabs" (tab data: the section's index in the result, -1 for "All"),
// "diffTable", "diffSearch", "exportButton", "emptyState"; chips "chip_added",
// "chip_removed", "chip_upgraded", ... "chip_unchanged" (the JSON schema's words).
class ComparePage : public QWidget {
    Q_OBJECT

public:
    enum class Side { Left, Right };
    enum class ReportFormat { Html, Json };

    explicit ComparePage(QWidget* parent = nullptr);

    // The environments the app knows, as (name, prefix), for the Environment… buttons' menus
    // (MainWindow gives the Environments place's list). Without it only a folder is asked for.
    using KnownEnvironments = std::function<std::vector<std::pair<QString, QString>>()>;
    void setKnownEnvironments(KnownEnvironments known);

    // Sets one side (a file or an environment folder); compares once both are set.
    void setLeft(const QString& path);
    void setRight(const QString& path);
    void setSource(Side side, const QString& path);
    [[nodiscard]] QString left() const { return m_paths[0]; }
    [[nodiscard]] QString right() const { return m_paths[1]; }
    // Exchanges the sides and compares again.
    void swapSides();
    // Reads both sides again and compares them.
    void compare();
    // Stops the comparison in progress; its result is dropped.
    void stop();
    [[nodiscard]] bool isComparing() const;

    [[nodiscard]] DiffTableModel* model() const { return m_model; }
    [[nodiscard]] DiffFilterModel* filter() const { return m_filter; }
    // Null until a comparison succeeded.
    [[nodiscard]] const diff::DiffResult* result() const;
    // Why a side could not be read (the core's message, naming path:line), or empty.
    [[nodiscard]] QString errorOf(Side side) const;

    // Writes the whole comparison with the core's report writers (unchanged packages listed
    // when their chip is on), atomically, on a worker; announced by exported().
    void exportReport(const QString& file, ReportFormat format);

Q_SIGNALS:
    // A comparison ended: `ok` when there is a result to show.
    void comparisonFinished(bool ok);
    void exported(const QString& file, bool ok);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // "environment.yml", "conda-lock file", …, in the user's language.
    [[nodiscard]] static QString sourceKindName(diff::SourceKind kind);
    // The exported HTML page's words in the user's language.
    [[nodiscard]] static diff::ReportWords reportWords();

    struct SidePane {
        QWidget* zone = nullptr;
        QLabel* title = nullptr;
        QLineEdit* path = nullptr;
        QToolButton* open = nullptr;
        QToolButton* openFolder = nullptr;
        QLabel* info = nullptr;
        QLabel* error = nullptr;
        QString errorText;
    };
    struct Chip {
        diff::ChangeKind kind;
        QToolButton* button = nullptr;
    };

    QWidget* buildSide(Side side);
    void retranslate();
    void restyle();
    void chooseFile(Side side);
    void chooseFolder(Side side);
    void showResult();
    void showSideError(Side side, const QString& headline, const QString& message);
    void clearSide(Side side);
    void rebuildTabs();
    void updateEmptyState();
    void updateChips();
    void chipClicked(diff::ChangeKind kind);
    void updateStatus();
    void fitColumns();
    // The measured widths laid out in the table as it is wide now (fitColumns, a resize).
    void fitToViewport();
    void promptExport();
    [[nodiscard]] SidePane& pane(Side side) { return m_sides[side == Side::Left ? 0 : 1]; }
    [[nodiscard]] QString chipText(diff::ChangeKind kind, int count) const;
    [[nodiscard]] diff::DiffSummary currentSummary() const;

    DiffTableModel* m_model = nullptr;
    DiffFilterModel* m_filter = nullptr;
    BackgroundTask* m_task = nullptr;
    BackgroundTask* m_export = nullptr;
    std::array<QString, 2> m_paths;
    std::array<SidePane, 2> m_sides;
    std::vector<Chip> m_chips;
    QToolButton* m_swap = nullptr;
    QToolButton* m_stop = nullptr;
    QToolButton* m_exportButton = nullptr;
    QWidget* m_toolbar = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_notes = nullptr;
    QLabel* m_emptyTitle = nullptr;
    QLabel* m_emptyText = nullptr;
    QLineEdit* m_search = nullptr;
    QTabBar* m_tabs = nullptr;
    QTableView* m_table = nullptr;
    // Each column's measured width, capped (fitColumns).
    std::vector<int> m_contentWidths;
    QLabel* m_noRows = nullptr;
    KnownEnvironments m_known;
    QStackedWidget* m_stack = nullptr;
    QString m_compareError;
    QString m_exportMessage;
    bool m_restyling = false;
};

} // namespace envdesk::ui
