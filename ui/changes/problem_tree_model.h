#pragma once

#include "core/solver/solver.h"

#include <QStandardItemModel>

#include <functional>
#include <string>
#include <vector>

namespace envdesk::ui {

// A change the user can make to their request to get past a conflict, for a UI to offer as a
// button: replace `spec` (as the user typed it) with `replacement`.
struct ProblemFix {
    QString label;       // "Use pytorch 2.3.0"
    QString spec;        // "pytorch=1.12"; empty: `replacement` is a request to add
    QString replacement; // "pytorch==2.3.0"
};

// Fills `container` (which has a QHBoxLayout) with one button per fix, left-aligned, each
// calling `chosen` with its fix; empties it first. Both the change dialog and the create dialog
// offer the solver's fixes this way.
void showFixButtons(QWidget* container, const std::vector<ProblemFix>& fixes,
                    const std::function<void(const ProblemFix&)>& chosen);

// Why a request cannot be solved, as a tree a person can follow: one top row per conflict
// ("Cannot have pytorch=1.12, python=3.12 together: they need different python"), under it each
// way a request reaches the clash, nested from the user's spec down to the clashing constraint,
// the versions the channels have and what would work; one top row per spec nothing provides,
// under it the chain that needs it. The specs the user typed are bold (and IsUserSpecRole).
class ProblemTreeModel : public QStandardItemModel {
    Q_OBJECT

public:
    enum Role {
        IsUserSpecRole = Qt::UserRole + 1,
        ItemKindRole, // an ItemKind
        SpecRole,     // the spec of a conflict, missing or step row, as the solver wrote it
        FixIndexRole, // on a suggestion row that has a fix: its index in fixes()
    };
    enum ItemKind { ConflictItem, MissingItem, StepItem, AvailableItem, SuggestionItem };
    // Versions listed on an "Available" row before the rest is elided.
    static constexpr int kShownVersions = 8;

    explicit ProblemTreeModel(QObject* parent = nullptr);

    // `userSpecs`: the specs as the user typed them (what the request was made of).
    // `keptPythonSeries`: the pin the change added itself on the environment's Python series
    // (ops::ChangeConflict); such a pin is explained as that, with a fix that asks for python.
    void setProblem(const solver::ProblemGraph& graph, const std::vector<std::string>& userSpecs,
                    const std::string& keptPythonSeries = {});
    [[nodiscard]] const std::vector<ProblemFix>& fixes() const { return m_fixes; }

private:
    void setHeaders();
    void addConflict(const solver::ProblemGraph::Conflict& conflict);
    void addMissing(const solver::ProblemGraph::Missing& missing);
    // Appends `steps` under `parent` as a chain of nested rows; returns the deepest row.
    QStandardItem* appendChain(QStandardItem* parent, const std::vector<std::string>& steps);
    [[nodiscard]] QStandardItem* stepItem(const std::string& spec, bool first) const;
    [[nodiscard]] bool isUserSpec(const std::string& spec) const;
    [[nodiscard]] int addFix(const solver::ProblemGraph::Conflict::Suggestion& suggestion);

    std::vector<std::string> m_userSpecs;
    std::vector<std::string> m_userSpecsCanonical; // conda's str() of each, to compare by meaning
    std::vector<ProblemFix> m_fixes;
    std::string m_keptPythonSeries;
};

} // namespace envdesk::ui
