#include "ui/changes/problem_tree_model.h"

#include "core/specs/match_spec.h"

#include <QFont>
#include <QHBoxLayout>
#include <QPushButton>
#include <QStringList>

#include <algorithm>

namespace envdesk::ui {

namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

std::string canonical(const std::string& spec)
{
    auto parsed = specs::MatchSpec::parse(spec);
    return parsed ? parsed->str() : spec;
}

QStandardItem* readOnlyItem(const QString& label, ProblemTreeModel::ItemKind kind)
{
    auto* item = new QStandardItem(label);
    item->setEditable(false);
    item->setData(kind, ProblemTreeModel::ItemKindRole);
    return item;
}

} // namespace

ProblemTreeModel::ProblemTreeModel(QObject* parent)
    : QStandardItemModel(parent)
{
    setHeaders();
}

void ProblemTreeModel::setHeaders()
{
    setHorizontalHeaderLabels({tr("Why the request cannot be solved")});
}

void ProblemTreeModel::setProblem(const solver::ProblemGraph& graph,
                                  const std::vector<std::string>& userSpecs,
                                  const std::string& keptPythonSeries)
{
    clear();
    setHeaders();
    m_fixes.clear();
    m_keptPythonSeries = keptPythonSeries;
    m_userSpecs = userSpecs;
    m_userSpecsCanonical.clear();
    for (const auto& spec : userSpecs) {
        m_userSpecsCanonical.push_back(canonical(spec));
    }
    for (const auto& conflict : graph.conflicts) {
        addConflict(conflict);
    }
    for (const auto& missing : graph.missing) {
        addMissing(missing);
    }
}

bool ProblemTreeModel::isUserSpec(const std::string& spec) const
{
    if (std::find(m_userSpecs.begin(), m_userSpecs.end(), spec) != m_userSpecs.end()) {
        return true;
    }
    const std::string meaning = canonical(spec);
    return std::find(m_userSpecsCanonical.begin(), m_userSpecsCanonical.end(), meaning)
           != m_userSpecsCanonical.end();
}

QStandardItem* ProblemTreeModel::stepItem(const std::string& spec, bool first) const
{
    // Only a chain's first step is the user's: a later one is a package's dependency, even when
    // it reads like something the user typed (`torchvision` -> `pytorch 2.0.*`).
    const bool user = first && isUserSpec(spec);
    // The user's own words are shown as typed; what the packages require, readably.
    const QString label = user ? text(spec)
                               : (first ? text(specs::readableSpec(spec))
                                        : tr("requires %1").arg(text(specs::readableSpec(spec))));
    auto* item = readOnlyItem(label, StepItem);
    item->setData(text(spec), SpecRole);
    item->setData(user, IsUserSpecRole);
    item->setToolTip(user ? tr("You asked for %1").arg(text(spec)) : text(spec));
    if (user) {
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
    }
    return item;
}

QStandardItem* ProblemTreeModel::appendChain(QStandardItem* parent,
                                             const std::vector<std::string>& steps)
{
    QStandardItem* at = parent;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        QStandardItem* step = stepItem(steps[i], i == 0);
        at->appendRow(step);
        at = step;
    }
    return at;
}

int ProblemTreeModel::addFix(const solver::ProblemGraph::Conflict::Suggestion& suggestion)
{
    auto parsed = specs::MatchSpec::parse(suggestion.requested);
    const std::string name = parsed ? parsed->name() : suggestion.requested;
    // Keep the channel the user pinned: the working version was found among every channel, but
    // `conda-forge::pytorch` said where to take it from.
    const std::string channel =
        parsed && !parsed->channel().empty() ? parsed->channel() + "::" : std::string();
    ProblemFix fix;
    fix.label = tr("Use %1 %2").arg(text(name), text(*suggestion.workingVersion));
    fix.spec = text(suggestion.requested);
    fix.replacement = text(channel + name + "==" + *suggestion.workingVersion);
    const auto same = std::find_if(m_fixes.begin(), m_fixes.end(), [&](const ProblemFix& known) {
        return known.spec == fix.spec && known.replacement == fix.replacement;
    });
    if (same != m_fixes.end()) {
        return static_cast<int>(same - m_fixes.begin());
    }
    m_fixes.push_back(std::move(fix));
    return static_cast<int>(m_fixes.size()) - 1;
}

void ProblemTreeModel::addConflict(const solver::ProblemGraph::Conflict& conflict)
{
    const QString package = text(conflict.package);
    QStringList requests;
    for (const auto& chain : conflict.chains) {
        if (!chain.steps.empty() && !requests.contains(text(chain.steps.front()))) {
            requests << text(chain.steps.front());
        }
    }
    QString title;
    if (requests.size() > 1) {
        title = tr("Cannot have %1 together: their requirements on %2 conflict")
                    .arg(requests.join(QStringLiteral(", ")), package);
    } else if (requests.size() == 1) {
        title = tr("Cannot install %1: no version of %2 meets all its requirements")
                    .arg(requests.front(), package);
    } else {
        title = tr("No version of %1 meets every requirement").arg(package);
    }
    auto* root = readOnlyItem(title, ConflictItem);
    root->setData(package, SpecRole);
    root->setToolTip(title);

    for (const auto& chain : conflict.chains) {
        appendChain(root, chain.steps);
    }
    for (const auto& pin : conflict.pins) {
        if (!m_keptPythonSeries.empty() && pin == m_keptPythonSeries) {
            // Not a pin the user made: conda keeps an environment's Python series unless python
            // is asked for. Asking for it is the way out.
            const QString series = text(specs::readableSpec(pin)).section(QLatin1Char(' '), 1);
            auto* kept = readOnlyItem(
                conflict.needed.empty()
                    ? tr("The environment keeps Python %1: its series does not change unless you "
                         "ask for python")
                          .arg(series)
                    : tr("The environment keeps Python %1 (its series does not change unless you "
                         "ask for python); the request would take %2 %3")
                          .arg(series, package, text(conflict.needed)),
                StepItem);
            ProblemFix fix;
            fix.label = tr("Allow another Python");
            fix.replacement = QStringLiteral("python");
            auto known = std::find_if(m_fixes.begin(), m_fixes.end(), [&](const ProblemFix& f) {
                return f.spec.isEmpty() && f.replacement == fix.replacement;
            });
            if (known == m_fixes.end()) {
                m_fixes.push_back(fix);
                known = m_fixes.end() - 1;
            }
            kept->setData(static_cast<int>(known - m_fixes.begin()), FixIndexRole);
            root->appendRow(kept);
            continue;
        }
        const QString line =
            conflict.needed.empty()
                ? tr("Pinned to %1").arg(text(specs::readableSpec(pin)))
                : tr("Pinned to %1; the request would take %2 %3")
                      .arg(text(specs::readableSpec(pin)), package, text(conflict.needed));
        auto* pinItem = readOnlyItem(line, StepItem);
        pinItem->setToolTip(tr("Unpin %1 in the package list (conda-meta/pinned), or take it out "
                               "of pinned_packages in .condarc, to let this change move it.")
                                .arg(package));
        root->appendRow(pinItem);
    }

    QString available;
    if (conflict.availableVersions.empty()) {
        available = tr("No channel has any version of %1").arg(package);
    } else {
        QStringList versions;
        const int shown =
            std::min(static_cast<int>(conflict.availableVersions.size()), kShownVersions);
        for (int i = 0; i < shown; ++i) {
            versions << text(conflict.availableVersions[static_cast<std::size_t>(i)]);
        }
        if (static_cast<int>(conflict.availableVersions.size()) > shown) {
            versions << QStringLiteral("…");
        }
        available = tr("Available: %1").arg(versions.join(QStringLiteral(", ")));
    }
    auto* availableItem = readOnlyItem(available, AvailableItem);
    QStringList all;
    for (const auto& version : conflict.availableVersions) {
        all << text(version);
    }
    availableItem->setToolTip(all.join(QStringLiteral(", ")));
    // A conflict with a pin is about what the pin keeps out, not about what the channels have.
    if (!conflict.availableVersions.empty() || conflict.pins.empty()) {
        root->appendRow(availableItem);
    } else {
        delete availableItem;
    }

    for (const auto& suggestion : conflict.suggestions) {
        auto parsed = specs::MatchSpec::parse(suggestion.requested);
        const QString name = text(parsed ? parsed->name() : suggestion.requested);
        const QString constraint = text(suggestion.constraint);
        QStandardItem* item = nullptr;
        if (suggestion.workingVersion) {
            item = readOnlyItem(
                tr("%1 %2 works with %3").arg(name, text(*suggestion.workingVersion), constraint),
                SuggestionItem);
            item->setData(addFix(suggestion), FixIndexRole);
        } else {
            item = readOnlyItem(tr("No version of %1 works with %2").arg(name, constraint),
                                SuggestionItem);
        }
        root->appendRow(item);
    }
    appendRow(root);
}

void ProblemTreeModel::addMissing(const solver::ProblemGraph::Missing& missing)
{
    const QString spec = text(specs::readableSpec(missing.spec));
    auto* root = readOnlyItem(tr("Nothing provides %1").arg(spec), MissingItem);
    root->setData(text(missing.spec), SpecRole);
    root->setToolTip(tr("No package in the channels matches %1").arg(text(missing.spec)));
    QStandardItem* deepest = appendChain(root, missing.requiredBy);
    // End the chain on the missing spec itself, unless the user asked for exactly that.
    const bool endsOnIt = !missing.requiredBy.empty()
                          && canonical(missing.requiredBy.back()) == canonical(missing.spec);
    if (!endsOnIt) {
        deepest->appendRow(stepItem(missing.spec, missing.requiredBy.empty()));
    }
    appendRow(root);
}

void showFixButtons(QWidget* container, const std::vector<ProblemFix>& fixes,
                    const std::function<void(const ProblemFix&)>& chosen)
{
    auto* layout = static_cast<QHBoxLayout*>(container->layout());
    while (auto* item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const auto& fix : fixes) {
        auto* button = new QPushButton(fix.label, container);
        QObject::connect(button, &QPushButton::clicked, container, [chosen, fix] { chosen(fix); });
        layout->addWidget(button);
    }
    layout->addStretch(1);
    container->setVisible(!fixes.empty());
}

} // namespace envdesk::ui
