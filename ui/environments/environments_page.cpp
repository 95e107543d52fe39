#include "ui/environments/environments_page.h"

#include "core/channels/loaded_channels.h"
#include "core/channels/package_catalogue.h"
#include "core/config/config.h"
#include "core/env/history.h"
#include "core/env/prefix.h"
#include "core/env/python_dists.h"
#include "core/ops/environment_from_file.h"
#include "core/ops/environment_list.h"
#include "core/ops/environment_pins.h"
#include "core/ops/jupyter_kernel.h"
#include "core/specs/match_spec.h"
#include "core/specs/record_json.h"
#include "core/specs/spec_name.h"
#include "core/util/file_io.h"
#include "ui/changes/change_dialog.h"
#include "ui/changes/change_sources.h"
#include "ui/changes/change_steps.h"
#include "ui/changes/environment_steps.h"
#include "ui/common/background_task.h"
#include "ui/common/error_text.h"
#include "ui/common/latest_value_relay.h"
#include "ui/common/session_environment.h"
#include "ui/common/standard_dialogs.h"
#include "ui/environments/dependency_tree_model.h"
#include "ui/environments/environment_group_delegate.h"
#include "ui/environments/environment_list_model.h"
#include "ui/environments/environment_use_panel.h"
#include "ui/environments/export_dialog.h"
#include "ui/environments/history_model.h"
#include "ui/environments/package_table_model.h"
#include "ui/environments/version_chooser.h"

#include <QAction>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QResizeEvent>
#include <QSplitter>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <map>

namespace envdesk::ui {

namespace {

// What the packages pane shows for one environment, read on a worker thread.
struct PackageListing {
    std::vector<specs::PackageRecord> records;
    std::map<std::string, std::string> requested; // name -> spec as asked
    std::vector<env::Revision> revisions;
    std::map<std::string, std::string> pins; // name -> spec, conda-meta/pinned
    QString error;
    QString historyError;
};

// The Jupyter kernels Envdesk made (ops::envdeskKernels), prefix -> display name.
std::map<std::string, std::string> kernelNames(const config::ConfigInputs& inputs)
{
    std::map<std::string, std::string> out;
    for (auto& [prefix, spec] : ops::envdeskKernels(ops::userKernelsDir(inputs))) {
        out[prefix] = spec.displayName;
    }
    return out;
}

PackageListing readPackages(const std::string& prefix)
{
    PackageListing listing;
    // As conda list: the conda packages and what pip installed beside them.
    auto records = env::listedPackages(prefix);
    if (!records) {
        listing.error = errorText(records.error());
        return listing;
    }
    listing.records = std::move(*records);
    if (auto pins = env::readPinned(prefix)) {
        for (const auto& spec : *pins) {
            if (auto name = specs::specName(spec); name && !name->empty()) {
                listing.pins[*name] = spec;
            }
        }
    }
    if (auto revisions = env::readHistory(prefix)) {
        listing.revisions = std::move(*revisions);
    } else {
        listing.historyError = errorText(revisions.error());
    }
    if (auto requested = env::readRequestedSpecs(prefix)) {
        for (const auto& spec : *requested) {
            if (auto name = specs::specName(spec)) {
                listing.requested[*name] = spec;
            }
        }
    }
    return listing;
}

} // namespace

EnvironmentsPage::EnvironmentsPage(std::shared_ptr<const SessionEnvironment> session,
                                   Discover discover, QWidget* parent)
    : QWidget(parent)
    , m_session(std::move(session))
    , m_discover(std::move(discover))
    , m_environments(new EnvironmentListModel(this))
    , m_packages(new PackageTableModel(this))
    , m_filter(new PackageFilterModel(this))
    , m_discovery(new BackgroundTask(this))
    , m_packageLoad(new BackgroundTask(this))
    , m_measure(new BackgroundTask(this))
    , m_historyModel(new HistoryModel(this))
{
    m_filter->setSourceModel(m_packages);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* header = new QHBoxLayout;
    m_listTitle = new QLabel(left);
    m_listTitle->setObjectName(QStringLiteral("environmentListTitle"));
    QFont titleFont = m_listTitle->font();
    titleFont.setBold(true);
    m_listTitle->setFont(titleFont);
    m_refresh = new QToolButton(left);
    m_refresh->setObjectName(QStringLiteral("refreshEnvironmentsButton"));
    // The theme's icon where there is one, else the style's own (a bare X11 session has none).
    m_refresh->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh"),
                                        style()->standardIcon(QStyle::SP_BrowserReload)));
    m_create = new QToolButton(left);
    m_create->setObjectName(QStringLiteral("createEnvironmentButton"));
    m_create->setIcon(QIcon::fromTheme(QStringLiteral("list-add"),
                                       style()->standardIcon(QStyle::SP_FileDialogNewFolder)));
    m_create->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_import = new QToolButton(left);
    m_import->setObjectName(QStringLiteral("importEnvironmentButton"));
    m_import->setIcon(QIcon::fromTheme(QStringLiteral("document-open"),
                                       style()->standardIcon(QStyle::SP_DialogOpenButton)));
    header->addWidget(m_listTitle, 1);
    header->addWidget(m_create);
    header->addWidget(m_import);
    header->addWidget(m_refresh);
    leftLayout->addLayout(header);
    m_list = new QListView(left);
    m_list->setObjectName(QStringLiteral("environmentList"));
    m_list->setModel(m_environments);
    // Rows that start an installation's group are taller (their title is drawn above them).
    m_list->setItemDelegate(new EnvironmentGroupDelegate(m_list));
    leftLayout->addWidget(m_list, 1);
    m_environmentStatus = new QLabel(left);
    m_environmentStatus->setObjectName(QStringLiteral("environmentStatus"));
    m_environmentStatus->setWordWrap(true);
    leftLayout->addWidget(m_environmentStatus);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    // The search belongs to the packages, so it sits in their tab.
    auto* packagesTab = new QWidget(right);
    auto* packagesLayout = new QVBoxLayout(packagesTab);
    m_search = new QLineEdit(packagesTab);
    m_search->setObjectName(QStringLiteral("packageSearch"));
    m_search->setClearButtonEnabled(true);
    setUpPackageActions(packagesTab);
    auto* searchRow = new QHBoxLayout;
    m_scope = new QComboBox(packagesTab);
    m_scope->setObjectName(QStringLiteral("packageScope"));
    for (int i = 0; i < 4; ++i) {
        m_scope->addItem(QString());
    }
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setScope(static_cast<PackageFilterModel::Scope>(index));
        updatePackageStatus();
    });
    searchRow->addWidget(m_scope);
    searchRow->addWidget(m_search, 1);
    auto* toolbar = new QToolBar(packagesTab);
    toolbar->setObjectName(QStringLiteral("packageToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(m_installAction);
    toolbar->addAction(m_chooseVersionAction);
    toolbar->addAction(m_markUpdateAction);
    toolbar->addAction(m_updateAllAction);
    toolbar->addAction(m_markRemoveAction);
    toolbar->addSeparator();
    toolbar->addAction(m_applyAction);
    toolbar->addAction(m_revertAction);
    // The actions get a row of their own: beside the search, a window 1024 pixels wide cut
    // them off.
    packagesLayout->addLayout(searchRow);
    packagesLayout->addWidget(toolbar);
    // Apply stands out, in bold. Its text stays "Apply" (the marks line says how many): a
    // tool button measures its text in the toolbar's font, and "Apply (1)" in bold was cut.
    QFont bold = m_applyAction->font();
    bold.setBold(true);
    m_applyAction->setFont(bold);
    m_table = new QTableView(packagesTab);
    m_table->setObjectName(QStringLiteral("packageTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(PackageTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setAlternatingRowColors(true);
    // One line per package: a long channel URL or list of dependents is cut in the middle, the
    // whole text in its tooltip, instead of doubling every row's height.
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    // The marks show in the row itself (an icon by the name, the target version), so the
    // Marked column, which a narrow window pushed out of sight, is not shown.
    m_table->setColumnHidden(PackageTableModel::MarkColumn, true);
    // Prose is cut at its end, not in the middle as a URL is.
    m_table->setItemDelegateForColumn(PackageTableModel::DescriptionColumn,
                                      new ElideRightDelegate(m_table));
    m_table->viewport()->installEventFilter(this);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    connect(m_packages, &QAbstractItemModel::modelReset, this, &EnvironmentsPage::fitColumns);
    packagesLayout->addWidget(m_table, 1);
    // The selected package in one line: what it is, its licence, where it comes from.
    m_details = new QLabel(packagesTab);
    m_details->setObjectName(QStringLiteral("packageDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->hide();
    packagesLayout->addWidget(m_details);
    m_marksLabel = new QLabel(packagesTab);
    m_marksLabel->setObjectName(QStringLiteral("marksLabel"));
    m_marksLabel->setWordWrap(true);
    m_marksLabel->hide();
    packagesLayout->addWidget(m_marksLabel);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& point) {
        QMenu menu(this);
        menu.addAction(m_chooseVersionAction);
        menu.addAction(m_markUpdateAction);
        menu.addAction(m_markRemoveAction);
        menu.addAction(m_unmarkAction);
        menu.addSeparator();
        menu.addAction(m_pinAction);
        menu.addAction(m_unpinAction);
        menu.addSeparator();
        menu.addAction(m_applyAction);
        menu.exec(m_table->viewport()->mapToGlobal(point));
    });
    m_history = new QTreeView(right);
    m_history->setObjectName(QStringLiteral("historyTree"));
    m_history->setModel(m_historyModel);
    m_history->setUniformRowHeights(true);
    m_history->setAlternatingRowColors(true);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* historyTab = new QWidget(right);
    auto* historyLayout = new QVBoxLayout(historyTab);
    historyLayout->addWidget(m_history, 1);
    m_rollback = new QPushButton(historyTab);
    m_rollback->setObjectName(QStringLiteral("rollbackButton"));
    m_rollback->setEnabled(false);
    auto* rollbackRow = new QHBoxLayout;
    rollbackRow->addStretch(1);
    rollbackRow->addWidget(m_rollback);
    historyLayout->addLayout(rollbackRow);

    // What the selected package needs, and who needs it ("why is this installed?").
    auto* dependencyTab = new QSplitter(Qt::Vertical, right);
    const auto addTree = [&](DependencyTreeModel*& model, QTreeView*& view, QLabel*& title,
                             const char* name) {
        auto* pane = new QWidget(dependencyTab);
        auto* paneLayout = new QVBoxLayout(pane);
        title = new QLabel(pane);
        paneLayout->addWidget(title);
        model = new DependencyTreeModel(this);
        view = new QTreeView(pane);
        view->setObjectName(QLatin1String(name));
        view->setModel(model);
        view->setUniformRowHeights(true);
        view->setAlternatingRowColors(true);
        view->header()->setStretchLastSection(true);
        paneLayout->addWidget(view, 1);
    };
    addTree(m_dependencies, m_dependencyTree, m_dependencyTitle, "dependencyTree");
    addTree(m_dependents, m_dependentTree, m_dependentTitle, "dependentTree");

    m_tabs = new QTabWidget(right);
    m_tabs->setObjectName(QStringLiteral("environmentTabs"));
    m_tabs->addTab(packagesTab, QString());
    m_tabs->addTab(historyTab, QString());
    m_tabs->addTab(dependencyTab, QString());
    m_use = new EnvironmentUsePanel(m_session, m_tabs);
    m_use->setObjectName(QStringLiteral("usePanel"));
    m_tabs->addTab(m_use, QString());
    rightLayout->addWidget(m_tabs, 1);
    m_packageStatus = new QLabel(right);
    m_packageStatus->setObjectName(QStringLiteral("packageStatus"));
    rightLayout->addWidget(m_packageStatus);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    const auto makeEnvironmentAction = [this](const char* name, auto slot) {
        auto* action = new QAction(this);
        action->setObjectName(QLatin1String(name));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_openTerminalAction = makeEnvironmentAction("openTerminalAction", [this] {
        m_use->findChild<QPushButton*>(QStringLiteral("openTerminalButton"))->click();
    });
    m_openTerminalAction->setIcon(QIcon::fromTheme(QStringLiteral("utilities-terminal"),
                                                   style()->standardIcon(QStyle::SP_ComputerIcon)));
    m_runCommandAction = makeEnvironmentAction("runCommandAction", [this] {
        m_tabs->setCurrentWidget(m_use);
        m_use->findChild<QLineEdit*>(QStringLiteral("runCommandEdit"))->setFocus();
    });
    m_openFolderAction = makeEnvironmentAction("openFolderAction", [this] {
        m_use->findChild<QPushButton*>(QStringLiteral("openFolderButton"))->click();
    });
    m_cloneAction = makeEnvironmentAction("cloneEnvironmentAction", [this] { cloneCurrent(); });
    m_renameAction = makeEnvironmentAction("renameEnvironmentAction", [this] { renameCurrent(); });
    m_exportAction = makeEnvironmentAction("exportEnvironmentAction", [this] { promptExport(); });
    m_removeAction = makeEnvironmentAction("removeEnvironmentAction", [this] { removeCurrent(); });
    for (auto& separator : m_separators) {
        separator = new QAction(this);
        separator->setSeparator(true);
    }
    m_terminalButton = new QToolButton(left);
    m_terminalButton->setObjectName(QStringLiteral("terminalToolButton"));
    m_terminalButton->setDefaultAction(m_openTerminalAction);
    header->insertWidget(header->indexOf(m_refresh), m_terminalButton);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &EnvironmentsPage::updateEnvironmentActions);

    connect(m_refresh, &QToolButton::clicked, this, &EnvironmentsPage::refresh);
    connect(m_create, &QToolButton::clicked, this, &EnvironmentsPage::createEnvironmentRequested);
    connect(m_import, &QToolButton::clicked, this, &EnvironmentsPage::promptImport);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QWidget::customContextMenuRequested, this, [this](const QPoint& point) {
        const QModelIndex index = m_list->indexAt(point);
        if (!index.isValid()) {
            return;
        }
        m_list->setCurrentIndex(index);
        QMenu menu(this);
        menu.addActions(environmentActions());
        menu.exec(m_list->viewport()->mapToGlobal(point));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDependencyTrees();
        updateDetails();
    });
    connect(m_history->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this] { updateActions(); });
    connect(m_rollback, &QPushButton::clicked, this, [this] {
        QModelIndex index = m_history->currentIndex();
        while (index.parent().isValid()) {
            index = index.parent();
        }
        const QVariant revision = index.siblingAtColumn(0).data(HistoryModel::RevisionNumberRole);
        if (revision.isValid()) {
            rollBackTo(revision.toInt());
        }
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setQuery(text);
        updatePackageStatus();
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                const QString prefix = current.data(EnvironmentListModel::PrefixRole).toString();
                const auto* info = m_environments->environmentAt(current.row());
                m_use->setEnvironment(
                    prefix, info != nullptr ? QString::fromStdString(info->name) : QString(),
                    current.data(EnvironmentListModel::UsableRole).toBool());
                showPackagesOf(prefix);
            });
    connect(m_use, &EnvironmentUsePanel::installRequested, this, [this](const QString& package) {
        mark(package.toStdString(), {PackageMark::Kind::Install, package.toStdString()});
        applyMarks();
    });
    connect(m_use, &EnvironmentUsePanel::kernelsChanged, this, &EnvironmentsPage::readKernels);
    connect(m_discovery, &BackgroundTask::runningChanged, m_refresh,
            [this](bool running) { m_refresh->setEnabled(!running); });
    retranslate();
    updateEnvironmentActions();
}

void EnvironmentsPage::refresh()
{
    m_loadedOnce = true;
    m_environmentStatus->setText(tr("Looking for environments…"));
    const QString keep =
        m_wantedPrefix.isEmpty()
            ? m_list->currentIndex().data(EnvironmentListModel::PrefixRole).toString()
            : m_wantedPrefix;
    const auto inputs = m_session->inputs();
    m_discovery->start([this, discover = m_discover, inputs, keep](std::stop_token stop) {
        auto found = std::make_shared<std::vector<env::EnvironmentInfo>>(discover(inputs, stop));
        auto kernels = std::make_shared<std::map<std::string, std::string>>(kernelNames(inputs));
        return std::function<void()>([this, found, kernels, keep] {
            m_environments->setEnvironments(std::move(*found));
            m_environments->setKernels(std::move(*kernels));
            measureEnvironments();
            const int count = m_environments->rowCount();
            m_environmentStatus->setText(
                count == 0   ? tr("No environments found. Create one with the Create button, or "
                                    "point envs_dirs in .condarc at where yours are.")
                : count == 1 ? tr("1 environment")
                             : tr("%1 environments").arg(count));
            int row = m_environments->rowOf(keep);
            if (row < 0 && count > 0) {
                row = 0;
            }
            if (row >= 0) {
                m_list->setCurrentIndex(m_environments->index(row));
            } else {
                m_packages->setPackages({}, {});
                updatePackageStatus();
            }
        });
    });
}

QList<QAction*> EnvironmentsPage::environmentActions() const
{
    return {m_openTerminalAction, m_runCommandAction, m_openFolderAction,
            m_separators[0],      m_cloneAction,      m_renameAction,
            m_exportAction,       m_separators[1],    m_removeAction};
}

void EnvironmentsPage::updateEnvironmentActions()
{
    const QModelIndex current = m_list->currentIndex();
    const bool selected = current.isValid();
    const bool usable = selected && current.data(EnvironmentListModel::UsableRole).toBool();
    const bool idle = !m_changeRunning;
    m_openTerminalAction->setEnabled(usable);
    m_runCommandAction->setEnabled(usable);
    m_openFolderAction->setEnabled(selected);
    m_cloneAction->setEnabled(usable && idle);
    m_renameAction->setEnabled(usable && idle);
    m_exportAction->setEnabled(usable);
    m_removeAction->setEnabled(selected && idle);
}

void EnvironmentsPage::readKernels()
{
    m_environments->setKernels(kernelNames(m_session->inputs()));
}

// Sizes take a walk of every file, so they follow the list instead of holding it up.
void EnvironmentsPage::measureEnvironments()
{
    std::vector<std::string> prefixes;
    for (int row = 0; row < m_environments->rowCount(); ++row) {
        if (const auto* info = m_environments->environmentAt(row);
            info != nullptr && info->state != env::EnvironmentInfo::State::Missing) {
            prefixes.push_back(info->prefix);
        }
    }
    m_measure->start([this, prefixes](std::stop_token stop) {
        auto usage = std::make_shared<std::map<std::string, env::EnvironmentUsage>>();
        for (const auto& prefix : prefixes) {
            if (stop.stop_requested()) {
                break;
            }
            if (auto measured = env::measureEnvironment(prefix, stop)) {
                (*usage)[prefix] = *measured;
            }
        }
        return std::function<void()>([this, usage] { m_environments->setUsage(*usage); });
    });
}

void EnvironmentsPage::selectPrefix(const QString& prefix)
{
    m_wantedPrefix = prefix;
    const int row = m_environments->rowOf(prefix);
    if (row >= 0) {
        m_list->setCurrentIndex(m_environments->index(row));
    }
}

void EnvironmentsPage::updateDetails()
{
    const auto rows = m_table->selectionModel()->selectedRows();
    const specs::PackageRecord* record = nullptr;
    if (rows.size() == 1) {
        const int row = m_filter->mapToSource(rows.front()).row();
        record = m_packages->recordAt(row);
        if (record == nullptr) {
            record = m_packages->newestAt(row);
        }
    }
    if (record == nullptr) {
        m_details->clear();
        m_details->hide();
        return;
    }
    QStringList parts;
    parts << QStringLiteral("<b>%1</b> %2 (%3)")
                 .arg(QString::fromStdString(record->name).toHtmlEscaped(),
                      QString::fromStdString(record->version).toHtmlEscaped(),
                      QString::fromStdString(record->build).toHtmlEscaped());
    parts << (record->license.empty()
                  ? tr("Licence: not stated")
                  : tr("Licence: %1").arg(QString::fromStdString(record->license).toHtmlEscaped()));
    const std::string from =
        specs::baseUrl(*record).empty() ? record->channel : specs::baseUrl(*record);
    if (!from.empty()) {
        parts << tr("From %1").arg(
            QString::fromStdString(specs::maskSecrets(from)).toHtmlEscaped());
    }
    m_details->setText(parts.join(QStringLiteral(" · ")));
    m_details->show();
}

ElideRightDelegate::ElideRightDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

void ElideRightDelegate::initStyleOption(QStyleOptionViewItem* option,
                                         const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->textElideMode = Qt::ElideRight;
}

void EnvironmentsPage::fitColumns()
{
    // Names, versions and sizes whole; a channel URL or the dependents no wider than a share of
    // the table (they are cut in the middle, whole in their tooltips).
    const int cap = std::max(160, m_table->viewport()->width() / 4);
    for (int column = 0; column < PackageTableModel::kColumnCount; ++column) {
        if (m_table->isColumnHidden(column)) {
            continue;
        }
        m_table->resizeColumnToContents(column);
        if (column == PackageTableModel::ChannelColumn
            || column == PackageTableModel::RequestedColumn) {
            m_table->setColumnWidth(column, std::min(m_table->columnWidth(column), cap));
        }
    }
    fitDescription();
}

void EnvironmentsPage::fitDescription()
{
    // The description takes what room is left, whole where it fits, at least a share; again
    // whenever the table changes size.
    const int cap = std::max(160, m_table->viewport()->width() / 4);
    const int description = PackageTableModel::DescriptionColumn;
    int others = 0;
    for (int column = 0; column < PackageTableModel::kColumnCount; ++column) {
        if (column == description || m_table->isColumnHidden(column)) {
            continue;
        }
        // The last column is stretched over whatever is left: its own need is what counts.
        others +=
            column == PackageTableModel::RequestedColumn ? std::min(
                cap,
                std::max(static_cast<const QAbstractItemView*>(m_table)->sizeHintForColumn(column),
                         m_table->horizontalHeader()->sectionSizeHint(column)))
                                                         : m_table->columnWidth(column);
    }
    const int room = m_table->viewport()->width() - others;
    const int needed =
        std::max(static_cast<const QAbstractItemView*>(m_table)->sizeHintForColumn(description),
                 m_table->horizontalHeader()->sectionSizeHint(description));
    m_table->setColumnWidth(description, std::min(needed, std::max(cap, room)));
}

bool EnvironmentsPage::eventFilter(QObject* watched, QEvent* event)
{
    // Only a change of width: the horizontal scroll bar coming or going changes the height,
    // and refitting on it could go back and forth.
    if (watched == m_table->viewport() && event->type() == QEvent::Resize
        && static_cast<QResizeEvent*>(event)->size().width()
               != static_cast<QResizeEvent*>(event)->oldSize().width()) {
        fitDescription();
    }
    return QWidget::eventFilter(watched, event);
}

void EnvironmentsPage::reloadChannels()
{
    m_aboutRead.reset();
    if (!m_currentPrefix.isEmpty()) {
        showPackagesOf(m_currentPrefix);
    }
}

void EnvironmentsPage::showPackagesOf(const QString& prefix)
{
    if (prefix != m_currentPrefix) {
        // Marks belong to one environment; they do not follow the user to another.
        m_marks.clear();
        updateMarks();
    }
    m_currentPrefix = prefix;
    m_packageError.clear();
    if (prefix.isEmpty()) {
        m_packageLoad->cancel();
        m_packages->setPackages({}, {});
        m_packages->setPins({});
        m_historyModel->setRevisions({});
        m_dependencies->setEnvironment({}, {});
        m_dependents->setEnvironment({}, {});
        updatePackageStatus();
        updateActions();
        return;
    }
    m_packageStatus->setText(tr("Reading the packages of %1…").arg(prefix));
    m_packageLoad->start([this, prefix = prefix.toStdString()](std::stop_token) {
        auto listing = std::make_shared<PackageListing>(readPackages(prefix));
        return std::function<void()>([this, listing] {
            m_packageError = listing->error;
            std::vector<std::string> installedNames;
            for (const auto& record : listing->records) {
                installedNames.push_back(record.name);
            }
            loadCatalogue(m_currentPrefix.toStdString(), std::move(installedNames));
            m_dependencies->setEnvironment(listing->records, listing->requested);
            m_dependents->setEnvironment(listing->records, listing->requested);
            m_packages->setPackages(std::move(listing->records), std::move(listing->requested));
            m_packages->setPins(std::move(listing->pins));
            m_packages->setMarks(m_marks);
            updateDependencyTrees();
            updateActions();
            m_historyModel->setRevisions(listing->revisions);
            m_history->setToolTip(
                listing->historyError.isEmpty()
                    ? QString()
                    : tr("The history cannot be read: %1").arg(listing->historyError));
            m_history->expandToDepth(0);
            m_history->resizeColumnToContents(HistoryModel::RevisionColumn);
            m_table->resizeColumnsToContents();
            // A channel given as a folder or URL is long; its tooltip holds all of it.
            constexpr int kWidestChannel = 200;
            if (m_table->columnWidth(PackageTableModel::ChannelColumn) > kWidestChannel) {
                m_table->setColumnWidth(PackageTableModel::ChannelColumn, kWidestChannel);
            }
            updatePackageStatus();
        });
    });
}

void EnvironmentsPage::updatePackageStatus()
{
    if (!m_packageError.isEmpty()) {
        m_packageStatus->setText(tr("The packages cannot be read: %1").arg(m_packageError));
        return;
    }
    if (!m_filter->queryProblem().isEmpty()) {
        m_packageStatus->setText(
            tr("Not a package name or match spec: %1").arg(m_filter->queryProblem()));
        return;
    }
    const int shown = m_filter->rowCount();
    const int total = m_filter->scope() == PackageFilterModel::Scope::Installed
                          ? m_packages->installedCount()
                          : m_packages->rowCount();
    // Whole sentences per count, not "%n package(s)": the English needs no plural catalogue.
    if (shown == total) {
        m_packageStatus->setText(total == 1 ? tr("1 package") : tr("%1 packages").arg(total));
    } else {
        m_packageStatus->setText(tr("%1 of %2 packages").arg(shown).arg(total));
    }
    if (!m_catalogueNote.isEmpty()) {
        m_packageStatus->setText(m_packageStatus->text() + QStringLiteral(" · ") + m_catalogueNote);
    }
}

void EnvironmentsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_loadedOnce) {
        refresh();
    }
}

void EnvironmentsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    }
    QWidget::changeEvent(event);
}

void EnvironmentsPage::retranslate()
{
    m_listTitle->setText(tr("Environments"));
    m_openTerminalAction->setText(tr("Open terminal"));
    m_openTerminalAction->setToolTip(tr("Open your terminal with the environment activated"));
    m_runCommandAction->setText(tr("Run command…"));
    m_openFolderAction->setText(tr("Open in file manager"));
    m_cloneAction->setText(tr("Clone…"));
    m_renameAction->setText(tr("Rename…"));
    m_exportAction->setText(tr("Export…"));
    m_removeAction->setText(tr("Remove…"));
    m_refresh->setToolTip(tr("Look for environments again"));
    m_refresh->setAccessibleName(tr("Refresh the environment list"));
    m_search->setPlaceholderText(tr("Search by name or match spec, e.g. numpy>=1.26"));
    m_search->setAccessibleName(tr("Search packages"));
    m_list->setAccessibleName(tr("Environments"));
    m_table->setAccessibleName(tr("Installed packages"));
    m_history->setAccessibleName(tr("History of the environment"));
    m_tabs->setTabText(0, tr("Packages"));
    m_tabs->setTabText(1, tr("History"));
    m_tabs->setTabText(2, tr("Dependencies"));
    m_tabs->setTabText(3, tr("Use"));
    m_scope->setItemText(0, tr("Installed"));
    m_scope->setItemText(1, tr("Upgradable"));
    m_scope->setItemText(2, tr("Not installed"));
    m_scope->setItemText(3, tr("All"));
    m_scope->setToolTip(tr("Which packages the list shows"));
    m_create->setText(tr("Create"));
    m_import->setToolTip(tr("Create an environment from environment.yml, an explicit file or a "
                            "conda-lock file"));
    m_import->setAccessibleName(tr("Import an environment file"));
    m_create->setToolTip(tr("Create a new environment"));
    m_rollback->setText(tr("Roll back to this revision…"));
    m_rollback->setToolTip(tr("Preview going back to the selected revision; nothing changes "
                              "until you apply it"));
    m_installAction->setText(tr("Install…"));
    m_installAction->setToolTip(tr("Mark packages to install, by name or match spec"));
    m_chooseVersionAction->setText(tr("Version…"));
    m_chooseVersionAction->setToolTip(
        tr("Choose another version or build of the selected package from the channels"));
    m_markUpdateAction->setText(tr("Update"));
    m_markUpdateAction->setToolTip(
        tr("Mark the selected packages for update (those the channels have newer)"));
    m_updateAllAction->setText(tr("Update all…"));
    m_updateAllAction->setToolTip(
        tr("Preview updating every package to the newest version that fits, then carry it out"));
    m_markRemoveAction->setText(tr("Remove"));
    m_markRemoveAction->setToolTip(tr("Mark the selected packages for removal (Del)"));
    m_unmarkAction->setText(tr("Unmark"));
    m_applyAction->setToolTip(tr("Preview the marked changes, then carry them out (Ctrl+Enter)"));
    m_revertAction->setText(tr("Revert"));
    m_revertAction->setToolTip(tr("Forget every mark"));
    m_pinAction->setText(tr("Pin"));
    m_pinAction->setToolTip(tr("Keep the selected packages at their installed versions: later "
                               "changes may not move them (conda-meta/pinned)"));
    m_unpinAction->setText(tr("Unpin"));
    m_unpinAction->setToolTip(tr("Let later changes move the selected packages again"));
    updateMarks();
    updatePackageStatus();
}

void EnvironmentsPage::setUpPackageActions(QWidget* packagesTab)
{
    const auto makeAction = [&](const char* name, QKeySequence shortcut) {
        auto* action = new QAction(packagesTab);
        action->setObjectName(QLatin1String(name));
        if (!shortcut.isEmpty()) {
            action->setShortcut(shortcut);
            action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        }
        packagesTab->addAction(action);
        return action;
    };
    m_installAction = makeAction("installAction", QKeySequence(Qt::Key_Plus));
    // Find works from anywhere on the page (the environment list too): it brings the Packages
    // tab forward.
    auto* find = new QAction(this);
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(find);
    connect(find, &QAction::triggered, this, [this, packagesTab] {
        m_tabs->setCurrentWidget(packagesTab);
        m_search->setFocus();
        m_search->selectAll();
    });
    m_chooseVersionAction = makeAction("chooseVersionAction", {});
    m_markUpdateAction = makeAction("markUpdateAction", {});
    m_updateAllAction = makeAction("updateAllAction", {});
    connect(m_updateAllAction, &QAction::triggered, this, &EnvironmentsPage::updateAll);
    m_markRemoveAction = makeAction("markRemoveAction", QKeySequence::Delete);
    m_unmarkAction = makeAction("unmarkAction", {});
    m_applyAction = makeAction("applyAction", QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_revertAction = makeAction("revertAction", {});
    m_pinAction = makeAction("pinAction", {});
    m_unpinAction = makeAction("unpinAction", {});
    connect(m_pinAction, &QAction::triggered, this, [this] { changePins(true); });
    connect(m_unpinAction, &QAction::triggered, this, [this] { changePins(false); });

    connect(m_installAction, &QAction::triggered, this, [this] {
        // Packages picked in the "Not installed" list are marked at once; otherwise ask.
        const auto installed = selectedPackageNames(true);
        std::vector<std::string> picked;
        for (const auto& name : selectedPackageNames(false)) {
            if (std::find(installed.begin(), installed.end(), name) == installed.end()) {
                picked.push_back(name);
            }
        }
        if (picked.empty()) {
            promptInstall();
            return;
        }
        for (const auto& name : picked) {
            mark(name, {PackageMark::Kind::Install, name});
        }
    });
    connect(m_chooseVersionAction, &QAction::triggered, this, &EnvironmentsPage::chooseVersion);
    connect(m_markUpdateAction, &QAction::triggered, this, [this] {
        for (const auto& name : selectedUpgradableNames()) {
            mark(name, {PackageMark::Kind::Update, name});
        }
    });
    connect(m_markRemoveAction, &QAction::triggered, this, [this] {
        for (const auto& name : selectedPackageNames()) {
            mark(name, {PackageMark::Kind::Remove, name});
        }
    });
    connect(m_unmarkAction, &QAction::triggered, this, [this] {
        for (const auto& name : selectedPackageNames()) {
            unmark(name);
        }
    });
    connect(m_applyAction, &QAction::triggered, this, &EnvironmentsPage::applyMarks);
    connect(m_revertAction, &QAction::triggered, this, [this] {
        m_marks.clear();
        updateMarks();
    });
}

std::vector<std::string> EnvironmentsPage::selectedUpgradableNames() const
{
    std::vector<std::string> names;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        const int row = m_filter->mapToSource(index).row();
        const specs::PackageRecord* record = m_packages->recordAt(row);
        if (record != nullptr && !record->installedByPip() && m_packages->isUpgradable(row)) {
            names.push_back(m_packages->nameAt(row));
        }
    }
    return names;
}

std::vector<std::string> EnvironmentsPage::selectedPackageNames(bool installedOnly) const
{
    std::vector<std::string> names;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        const int row = m_filter->mapToSource(index).row();
        const specs::PackageRecord* record = m_packages->recordAt(row);
        // What pip installed is listed (as conda list shows it) but is not conda's to change.
        if (record != nullptr && record->installedByPip()) {
            continue;
        }
        if (!installedOnly || record != nullptr) {
            names.push_back(m_packages->nameAt(row));
        }
    }
    return names;
}

// The Latest column and the packages that are not installed: what the configured channels
// offer (the demo channel when they are out of reach), read after the installed list is shown.
void EnvironmentsPage::loadCatalogue(const std::string& prefix,
                                     std::vector<std::string> installedNames)
{
    if (m_catalogueLoad == nullptr) {
        m_catalogueLoad = new BackgroundTask(this);
    }
    m_catalogueNote = tr("Reading the channels…");
    updatePackageStatus();
    const auto inputs = m_session->inputs();
    const auto progress = latestValueRelay<repodata::FetchProgress>(
        this, [this, prefix](const repodata::FetchProgress& latest) {
            if (QString::fromStdString(prefix) != m_currentPrefix || !m_catalogueLoad->isRunning()
                || latest.total == 0) {
                return;
            }
            m_catalogueNote = tr("Reading the channels… %1 of %2 (%3)")
                                  .arg(latest.done)
                                  .arg(latest.total)
                                  .arg(formatBytes(static_cast<qint64>(latest.bytes)));
            updatePackageStatus();
        });
    const auto indexed = latestValueRelay<repodata::RecordIndexProgress>(
        this, [this, prefix](const repodata::RecordIndexProgress& latest) {
            if (QString::fromStdString(prefix) != m_currentPrefix
                || !m_catalogueLoad->isRunning()) {
                return;
            }
            m_catalogueNote =
                latest.done ? tr("Reading the channels…")
                            : tr("Reading the channels… indexing their packages, %1 so far")
                                  .arg(QLocale().toString(static_cast<qulonglong>(latest.records)));
            updatePackageStatus();
        });
    m_catalogueLoad->start([this, inputs, prefix, installedNames, progress,
                            indexed](std::stop_token stop) {
        struct Outcome {
            channels::PackageCatalogue catalogue;
            QString note;
            std::vector<specs::Channel> channels; // read, for what they say about packages
        };
        auto outcome = std::make_shared<Outcome>();
        auto configuration = loadConfiguration(inputs);
        auto read = configuration ? readChannels(*configuration, stop, {}, {progress, indexed})
                                  : util::Result<ChannelsRead>(configuration.error());
        // Names beyond this are listed without their newest version: a big channel has tens of
        // thousands, and nobody scrolls through them all.
        constexpr std::size_t kDecodeLimit = 3000;
        auto catalogue =
            read ? channels::buildCatalogue(read->loaded, installedNames, kDecodeLimit, stop)
                 : util::Result<channels::PackageCatalogue>(read.error());
        if (catalogue) {
            outcome->catalogue = std::move(*catalogue);
            outcome->channels = read->loaded.channels;
            if (read->usedDemo) {
                outcome->note = tr("The configured channels cannot be reached; showing the "
                                   "demo channel.");
            }
        } else if (catalogue.error().code != util::ErrorCode::Cancelled) {
            outcome->note = tr("The channels cannot be read: %1").arg(errorText(catalogue.error()));
        }
        return std::function<void()>([this, outcome, prefix] {
            if (QString::fromStdString(prefix) != m_currentPrefix) {
                return;
            }
            m_catalogueNote = outcome->note;
            m_packages->setCatalogue(std::move(outcome->catalogue));
            updatePackageStatus();
            loadAbout(std::move(outcome->channels), prefix);
        });
    });
}

void EnvironmentsPage::loadAbout(std::vector<specs::Channel> channels, const std::string& prefix)
{
    // Apart from the catalogue: a remote channeldata.json can be large, and the table is
    // useful without its descriptions while it comes.
    // Read once for a list of channels: another environment on the same channels (the usual
    // case) takes what was read; Reload Channels reads again.
    std::vector<std::string> urls;
    for (const auto& channel : channels) {
        urls.push_back(channel.canonicalName + "\n" + channel.baseUrl);
    }
    if (m_aboutRead && *m_aboutRead == urls) {
        m_packages->setAbout(m_about);
        fitColumns();
        return;
    }
    if (m_aboutLoad == nullptr) {
        m_aboutLoad = new BackgroundTask(this);
    }
    const auto inputs = m_session->inputs();
    m_aboutLoad->start([this, inputs, channels = std::move(channels), urls = std::move(urls),
                        prefix](std::stop_token stop) {
        auto about = std::make_shared<channels::ChannelAbout>();
        if (auto configuration = loadConfiguration(inputs)) {
            *about = channels::readChannelAbout(channels, *configuration, false, stop);
        }
        return std::function<void()>([this, about, urls, prefix, stopped = stop.stop_requested()] {
            if (!stopped) {
                m_aboutRead = urls;
                m_about = about->packages;
            }
            if (QString::fromStdString(prefix) == m_currentPrefix) {
                m_packages->setAbout(std::move(about->packages));
                fitColumns();
            }
        });
    });
}

QString EnvironmentsPage::currentEnvironmentName() const
{
    const QModelIndex current = m_list->currentIndex();
    const auto* info = m_environments->environmentAt(current.row());
    if (info == nullptr) {
        return m_currentPrefix;
    }
    return QString::fromStdString(info->name.empty() ? info->prefix : info->name);
}

void EnvironmentsPage::mark(const std::string& name, PackageMark mark)
{
    m_marks[name] = std::move(mark);
    updateMarks();
}

void EnvironmentsPage::unmark(const std::string& name)
{
    m_marks.erase(name);
    updateMarks();
}

void EnvironmentsPage::updateMarks()
{
    m_packages->setMarks(m_marks);
    m_table->resizeColumnToContents(PackageTableModel::NameColumn); // room for a mark's icon
    m_applyAction->setText(tr("Apply"));
    QStringList parts;
    for (const auto& [name, mark] : m_marks) {
        const QString shown = QString::fromStdString(name);
        switch (mark.kind) {
        case PackageMark::Kind::Install:
            parts << tr("install %1").arg(QString::fromStdString(mark.spec));
            break;
        case PackageMark::Kind::Update:
            parts << tr("update %1").arg(shown);
            break;
        case PackageMark::Kind::Remove:
            parts << tr("remove %1").arg(shown);
            break;
        }
    }
    m_marksLabel->setText(
        tr("Marked: %1. Nothing changes until you apply.").arg(parts.join(QStringLiteral(", "))));
    m_marksLabel->setVisible(!m_marks.empty());
    updateActions();
}

void EnvironmentsPage::updateActions()
{
    const bool usable = !m_currentPrefix.isEmpty() && m_packageError.isEmpty();
    const auto selected = selectedPackageNames();
    m_installAction->setEnabled(usable);
    m_chooseVersionAction->setEnabled(usable && selectedPackageNames(false).size() == 1);
    // Only what the channels have newer: updating the newest does nothing.
    m_markUpdateAction->setEnabled(usable && !selectedUpgradableNames().empty());
    m_updateAllAction->setEnabled(usable && !m_changeRunning && m_packages->installedCount() > 0);
    m_markRemoveAction->setEnabled(usable && !selected.empty());
    m_unmarkAction->setEnabled(std::any_of(selected.begin(), selected.end(),
                                           [this](const auto& n) { return m_marks.count(n) > 0; }));
    m_applyAction->setEnabled(usable && !m_marks.empty() && !m_changeRunning);
    m_revertAction->setEnabled(!m_marks.empty());
    const auto& pins = m_packages->pins();
    const bool anyPinned = std::any_of(selected.begin(), selected.end(),
                                       [&pins](const auto& n) { return pins.contains(n); });
    const bool anyUnpinned = std::any_of(selected.begin(), selected.end(),
                                         [&pins](const auto& n) { return !pins.contains(n); });
    m_pinAction->setEnabled(usable && !m_changeRunning && anyUnpinned);
    m_unpinAction->setEnabled(usable && !m_changeRunning && anyPinned);
    QModelIndex revision = m_history->currentIndex();
    m_rollback->setEnabled(usable && revision.isValid() && !m_changeRunning);
}

void EnvironmentsPage::changePins(bool pin)
{
    std::vector<std::string> specsOrNames;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        const int row = m_filter->mapToSource(index).row();
        const specs::PackageRecord* record = m_packages->recordAt(row);
        if (record == nullptr || record->installedByPip()) {
            continue;
        }
        const bool pinned = m_packages->pins().contains(record->name);
        if (pin && !pinned) {
            // At the installed version: "numpy=1.26.4" (conda's fuzzy =, as pinned files hold).
            specsOrNames.push_back(record->name + "=" + record->version);
        } else if (!pin && pinned) {
            specsOrNames.push_back(record->name);
        }
    }
    if (specsOrNames.empty()) {
        return;
    }
    const std::string prefix = m_currentPrefix.toStdString();
    auto changed =
        pin ? ops::pinPackages(prefix, specsOrNames) : ops::unpinPackages(prefix, specsOrNames);
    if (!changed) {
        showWarning(this, pin ? tr("Pin") : tr("Unpin"), errorText(changed.error()));
        return;
    }
    std::map<std::string, std::string> pins;
    for (const auto& spec : changed->after) {
        if (auto name = specs::specName(spec); name && !name->empty()) {
            pins[*name] = spec;
        }
    }
    m_packages->setPins(std::move(pins));
    updateActions();
}

void EnvironmentsPage::updateDependencyTrees()
{
    const auto selected = selectedPackageNames();
    const std::string name = selected.size() == 1 ? selected.front() : std::string();
    m_dependencies->setRoot(name, DependencyTreeModel::Direction::Dependencies);
    m_dependents->setRoot(name, DependencyTreeModel::Direction::Dependents);
    m_dependencyTree->expandToDepth(0);
    m_dependentTree->expandToDepth(1);
    m_dependencyTree->resizeColumnToContents(0);
    m_dependentTree->resizeColumnToContents(0);
    const QString shown = QString::fromStdString(name);
    m_dependencyTitle->setText(name.empty() ? tr("Select a package to see what it needs.")
                                            : tr("What %1 needs").arg(shown));
    m_dependentTitle->setText(name.empty() ? tr("Select a package to see why it is installed.")
                                           : tr("Why %1 is installed (who needs it)").arg(shown));
}

void EnvironmentsPage::promptInstall()
{
    const auto answer =
        askForText(this, tr("Install packages"),
                   tr("Packages to install, by name or match spec, separated by spaces\n"
                      "(for example: numpy pandas>=2 python=3.12):"));
    if (!answer) {
        return;
    }
    const QString text = *answer;
    QStringList problems;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        auto spec = specs::MatchSpec::parse(word.toStdString());
        if (!spec || spec->name().empty() || spec->name() == "*") {
            problems << word;
            continue;
        }
        mark(spec->name(), {PackageMark::Kind::Install, word.toStdString()});
    }
    if (!problems.isEmpty()) {
        showWarning(
            this, tr("Install packages"),
            tr("Not a package name or match spec: %1").arg(problems.join(QStringLiteral(", "))));
    }
}

void EnvironmentsPage::chooseVersion()
{
    const auto selected = selectedPackageNames(false);
    if (selected.size() != 1) {
        return;
    }
    const std::string name = selected.front();
    std::optional<specs::PackageRecord> installed;
    for (int row = 0; row < m_packages->rowCount(); ++row) {
        if (const auto* record = m_packages->recordAt(row); record && record->name == name) {
            installed = *record;
        }
    }
    auto* dialog = new VersionChooserDialog(QString::fromStdString(name), installed, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setLoading(true);
    if (m_versionLoad == nullptr) {
        m_versionLoad = new BackgroundTask(this);
    }
    QPointer<VersionChooserDialog> target(dialog);
    // How far the channels have come, on the dialog's status line while it waits.
    const auto fetched = latestValueRelay<repodata::FetchProgress>(
        this, [target](const repodata::FetchProgress& latest) {
            if (target && latest.total > 0) {
                target->setLoadingProgress(
                    tr("%1 of %2 (%3)")
                        .arg(latest.done)
                        .arg(latest.total)
                        .arg(formatBytes(static_cast<qint64>(latest.bytes))));
            }
        });
    const auto indexed = latestValueRelay<repodata::RecordIndexProgress>(
        this, [target](const repodata::RecordIndexProgress& latest) {
            if (target) {
                target->setLoadingProgress(
                    latest.done
                        ? QString()
                        : tr("Indexing the channels' packages: %1 so far")
                              .arg(QLocale().toString(static_cast<qulonglong>(latest.records))));
            }
        });
    // Every version from the configured channels (the demo channel when they are out of reach).
    m_versionLoad->start(
        [inputs = m_session->inputs(), name, target, fetched, indexed](std::stop_token stop) {
            struct Found {
                std::vector<specs::PackageRecord> records;
                QString error;
            };
            auto found = std::make_shared<Found>();
            auto configuration = loadConfiguration(inputs);
            auto read = configuration ? readChannels(*configuration, stop, {}, {fetched, indexed})
                                      : util::Result<ChannelsRead>(configuration.error());
            if (!read) {
                found->error = errorText(read.error());
            } else {
                for (const auto& subdir : read->loaded.subdirs) {
                    auto records = subdir.recordsFor(name);
                    if (!records) {
                        found->error = errorText(records.error());
                        break;
                    }
                    found->records.insert(found->records.end(), records->begin(), records->end());
                }
            }
            return std::function<void()>([found, target] {
                if (!target) {
                    return;
                }
                target->setLoading(false);
                if (!found->error.isEmpty()) {
                    target->setError(found->error);
                } else {
                    target->setRecords(std::move(found->records));
                }
            });
        });
    connect(dialog, &QDialog::accepted, this, [this, dialog, name] {
        const QString spec = dialog->chosenSpec();
        if (!spec.isEmpty()) {
            mark(name, {PackageMark::Kind::Install, spec.toStdString()});
        }
    });
    dialog->open();
}

bool EnvironmentsPage::applyFix(const std::string& from, const std::string& to)
{
    if (from.empty()) {
        // A request to add ("python", which lifts the kept Python series).
        const auto name = specs::specName(to);
        mark(name && !name->empty() ? *name : to, {PackageMark::Kind::Install, to});
        return true;
    }
    for (auto& [name, mark] : m_marks) {
        if (mark.kind == PackageMark::Kind::Install && mark.spec == from) {
            mark.spec = to;
            updateMarks();
            return true;
        }
    }
    return false;
}

void EnvironmentsPage::applyMarks()
{
    if (m_marks.empty() || m_currentPrefix.isEmpty() || m_changeRunning) {
        return;
    }
    runSteps(stepsForMarks(m_session->inputs(), currentEnvironmentName(),
                           m_currentPrefix.toStdString(), m_marks));
}

void EnvironmentsPage::rollBackTo(int revision)
{
    if (m_currentPrefix.isEmpty() || m_changeRunning) {
        return;
    }
    std::vector<ChangeStep> steps;
    steps.push_back(rollbackStep(m_session->inputs(), currentEnvironmentName(),
                                 m_currentPrefix.toStdString(), revision));
    runSteps(std::move(steps));
}

void EnvironmentsPage::runSteps(std::vector<ChangeStep> steps)
{
    auto* sequence = new ChangeSequence(std::move(steps), this);
    m_changeRunning = true;
    updateActions();
    updateEnvironmentActions();
    connect(sequence, &ChangeSequence::dialogOpened, this, &EnvironmentsPage::changeDialogOpened);
    // A fix the solver found replaces the mark it is about; the marks are then tried again.
    connect(sequence, &ChangeSequence::dialogOpened, this, [this](ChangeDialog* dialog) {
        connect(dialog, &ChangeDialog::fixChosen, this,
                [this, dialog](const QString& from, const QString& to) {
                    if (!applyFix(from.toStdString(), to.toStdString())) {
                        return;
                    }
                    dialog->close();
                    // After the sequence has ended (the dialog's close ends it).
                    QTimer::singleShot(0, this, &EnvironmentsPage::applyMarks);
                });
    });
    connect(sequence, &ChangeSequence::stepApplied, this, [this](const QString& prefix) {
        if (prefix == m_currentPrefix) {
            // The marks were carried out (or some of them): what is on disk is the truth now.
            m_marks.clear();
            updateMarks();
            showPackagesOf(prefix);
            m_use->refresh();
        }
        if (!QFileInfo::exists(prefix) || m_environments->rowOf(prefix) < 0) {
            // An environment came or went: the list says so.
            refresh();
        }
    });
    connect(sequence, &ChangeSequence::finished, this, [this, sequence] {
        m_changeRunning = false;
        updateActions();
        updateEnvironmentActions();
        sequence->deleteLater();
    });
    sequence->start();
}

QString EnvironmentsPage::askForName(const QString& title, const QString& suggestion,
                                     const QString& label)
{
    const auto name = askForText(
        this, title, label.isEmpty() ? tr("Name of the new environment:") : label, suggestion);
    return name ? name->trimmed() : QString();
}

QString EnvironmentsPage::suggestedNameFor(const QString& file)
{
    // The name an environment.yml gives (`name:`), as conda env create takes it; else the
    // file's name. The file was just chosen and is small (a lock file is not read whole for a
    // name: it has none).
    if (auto text = util::readFile(file.toStdString());
        text
        && ops::environmentFileKind(file.toStdString(), *text)
               == ops::EnvironmentFileKind::EnvironmentYml) {
        if (auto read = ops::readEnvironmentFromFile(file.toStdString(), *text)) {
            if (const auto* solve = std::get_if<ops::SolveFromFile>(&read->content);
                solve != nullptr && solve->name && !solve->name->empty()) {
                return QString::fromStdString(*solve->name);
            }
        }
    }
    // A file named for its kind (environment.yml, conda-lock.yml, spec-file.txt) says nothing
    // of the project: the folder it sits in does.
    const QFileInfo info(file);
    QString suggestion = info.completeBaseName();
    static const QStringList generic = {QStringLiteral("environment"), QStringLiteral("conda-lock"),
                                        QStringLiteral("spec-file"), QStringLiteral("requirements"),
                                        QStringLiteral("explicit")};
    if (generic.contains(suggestion.toLower()) && !info.absoluteDir().dirName().isEmpty()) {
        suggestion = info.absoluteDir().dirName();
    }
    suggestion.replace(QLatin1Char(' '), QLatin1Char('-'));
    return suggestion;
}

void EnvironmentsPage::updateAll()
{
    if (m_currentPrefix.isEmpty()) {
        return;
    }
    std::vector<ChangeStep> steps;
    steps.push_back(updateAllStep(m_session->inputs(), currentEnvironmentName(),
                                  m_currentPrefix.toStdString()));
    runSteps(std::move(steps));
}

void EnvironmentsPage::cloneCurrent(QString name)
{
    if (name.isEmpty()) {
        name = askForName(tr("Clone %1").arg(currentEnvironmentName()),
                          currentEnvironmentName() + QStringLiteral("-copy"));
    }
    if (name.isEmpty()) {
        return;
    }
    const auto inputs = m_session->inputs();
    auto target = prefixForName(inputs, name.toStdString());
    if (!target) {
        showWarning(this, tr("Clone"), errorText(target.error()));
        return;
    }
    std::vector<ChangeStep> steps;
    steps.push_back(cloneStep(inputs, m_currentPrefix.toStdString(), *target));
    runSteps(std::move(steps));
}

void EnvironmentsPage::renameCurrent(QString name)
{
    if (name.isEmpty()) {
        name = askForName(tr("Rename %1").arg(currentEnvironmentName()), currentEnvironmentName());
    }
    if (name.isEmpty() || name == currentEnvironmentName()) {
        return;
    }
    const auto inputs = m_session->inputs();
    auto target = prefixForName(inputs, name.toStdString());
    if (!target) {
        showWarning(this, tr("Rename"), errorText(target.error()));
        return;
    }
    runSteps(renameSteps(inputs, currentEnvironmentName(), m_currentPrefix.toStdString(), *target));
}

void EnvironmentsPage::removeCurrent()
{
    std::vector<ChangeStep> steps;
    steps.push_back(removeEnvironmentStep(m_session->inputs(), currentEnvironmentName(),
                                          m_currentPrefix.toStdString()));
    runSteps(std::move(steps));
}

void EnvironmentsPage::importFile(const QString& file, const QString& name)
{
    const auto inputs = m_session->inputs();
    auto target = prefixForName(inputs, name.toStdString());
    if (!target) {
        showWarning(this, tr("Import"), errorText(target.error()));
        return;
    }
    std::vector<ChangeStep> steps;
    steps.push_back(importStep(inputs, file.toStdString(), *target));
    runSteps(std::move(steps));
}

void EnvironmentsPage::promptImport()
{
    const QString file =
        chooseFileToOpen(this, tr("Create an environment from a file"), QString(),
                         tr("Environment files (*.yml *.yaml *.txt *.lock);;All files (*)"));
    if (!file.isEmpty()) {
        createFromFile(file);
    }
}

void EnvironmentsPage::createFromFile(const QString& file)
{
    const QString name =
        askForName(tr("Create an environment from a file"), suggestedNameFor(file),
                   tr("Name of the new environment made from %1:").arg(QFileInfo(file).fileName()));
    if (!name.isEmpty()) {
        importFile(file, name);
    }
}

void EnvironmentsPage::exportCurrent(const QString& file, ExportFormat format)
{
    if (m_export == nullptr) {
        m_export = new BackgroundTask(this);
    }
    m_environmentStatus->setText(tr("Exporting %1…").arg(currentEnvironmentName()));
    const std::string prefix = m_currentPrefix.toStdString();
    m_export->start(
        [this, inputs = m_session->inputs(), prefix, file, format](std::stop_token stop) {
            auto text = exportText(inputs, prefix, format, stop);
            auto written = std::make_shared<util::Result<void>>(
                text ? util::writeFileAtomically(file.toStdString(), *text)
                     : util::Result<void>(text.error()));
            return std::function<void()>([this, written, file] {
                const QString message =
                    *written ? tr("Exported to %1").arg(file)
                             : tr("The export failed: %1").arg(errorText(written->error()));
                m_environmentStatus->setText(message);
                Q_EMIT exported(file, written->ok());
            });
        });
}

void EnvironmentsPage::promptExport()
{
    // The format first, as a visible choice; then the file, offered under a fitting name.
    ExportDialog formats(currentEnvironmentName(), this);
    if (formats.exec() != QDialog::Accepted) {
        return;
    }
    QString selected = formats.fileFilter();
    QString file =
        chooseFileToSave(this, tr("Export %1").arg(currentEnvironmentName()),
                         QDir::home().filePath(formats.suggestedFileName()), selected, &selected);
    if (file.isEmpty()) {
        return;
    }
    if (QFileInfo(file).suffix().isEmpty()) {
        file += formats.format() == ExportFormat::Explicit ? QStringLiteral(".txt")
                                                           : QStringLiteral(".yml");
    }
    exportCurrent(file, formats.format());
}

EnvironmentsPage::Discover systemDiscovery()
{
    return [](const config::ConfigInputs& inputs, std::stop_token) {
        // A broken .condarc still lists what the root, the registry and the usual places hold
        // (with conda's default envs_dirs).
        auto configuration = config::Config::load(inputs);
        if (!configuration) {
            configuration = config::Config::fromSources({}, inputs);
        }
        if (!configuration) {
            return std::vector<env::EnvironmentInfo>{};
        }
        return ops::listEnvironments(inputs, *configuration);
    };
}

} // namespace envdesk::ui
