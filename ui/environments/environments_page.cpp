#include "ui/environments/environments_page.h"

#include "core/config/config.h"
#include "core/env/history.h"
#include "core/env/prefix.h"
#include "ui/common/background_task.h"
#include "ui/environments/environment_list_model.h"
#include "ui/environments/history_model.h"
#include "ui/environments/package_table_model.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <map>

namespace envdesk::ui {

namespace {

// What the packages pane shows for one environment, read on a worker thread.
struct PackageListing {
    std::vector<specs::PackageRecord> records;
    std::map<std::string, std::string> requested; // name -> spec as asked
    std::vector<env::Revision> revisions;
    QString error;
    QString historyError;
};

PackageListing readPackages(const std::string& prefix)
{
    PackageListing listing;
    auto records = env::readPrefixRecords(prefix);
    if (!records) {
        listing.error = QString::fromStdString(records.error().message());
        return listing;
    }
    listing.records = std::move(*records);
    if (auto revisions = env::readHistory(prefix)) {
        listing.revisions = std::move(*revisions);
    } else {
        listing.historyError = QString::fromStdString(revisions.error().message());
    }
    if (auto requested = env::readRequestedSpecs(prefix)) {
        for (const auto& spec : *requested) {
            // The name is the spec's leading run of name characters (channel:: dropped).
            std::string text = spec;
            if (const auto colons = text.rfind("::"); colons != std::string::npos) {
                text = text.substr(colons + 2);
            }
            std::size_t end = 0;
            while (end < text.size()
                   && (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '-'
                       || text[end] == '_' || text[end] == '.')) {
                ++end;
            }
            listing.requested[text.substr(0, end)] = spec;
        }
    }
    return listing;
}

} // namespace

EnvironmentsPage::EnvironmentsPage(Discover discover, QWidget* parent)
    : QWidget(parent)
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
    header->addWidget(m_listTitle, 1);
    header->addWidget(m_refresh);
    leftLayout->addLayout(header);
    m_list = new QListView(left);
    m_list->setObjectName(QStringLiteral("environmentList"));
    m_list->setModel(m_environments);
    m_list->setUniformItemSizes(true);
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
    packagesLayout->addWidget(m_search);
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
    packagesLayout->addWidget(m_table, 1);
    m_history = new QTreeView(right);
    m_history->setObjectName(QStringLiteral("historyTree"));
    m_history->setModel(m_historyModel);
    m_history->setUniformRowHeights(true);
    m_history->setAlternatingRowColors(true);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tabs = new QTabWidget(right);
    m_tabs->setObjectName(QStringLiteral("environmentTabs"));
    m_tabs->addTab(packagesTab, QString());
    m_tabs->addTab(m_history, QString());
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

    connect(m_refresh, &QToolButton::clicked, this, &EnvironmentsPage::refresh);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setQuery(text);
        updatePackageStatus();
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                showPackagesOf(current.data(EnvironmentListModel::PrefixRole).toString());
            });
    connect(m_discovery, &BackgroundTask::runningChanged, m_refresh,
            [this](bool running) { m_refresh->setEnabled(!running); });
    retranslate();
}

void EnvironmentsPage::refresh()
{
    m_loadedOnce = true;
    m_environmentStatus->setText(tr("Looking for environments…"));
    const QString keep =
        m_wantedPrefix.isEmpty()
            ? m_list->currentIndex().data(EnvironmentListModel::PrefixRole).toString()
            : m_wantedPrefix;
    m_discovery->start([this, discover = m_discover, keep](std::stop_token stop) {
        auto found = std::make_shared<std::vector<env::EnvironmentInfo>>(discover(stop));
        return std::function<void()>([this, found, keep] {
            m_environments->setEnvironments(std::move(*found));
            measureEnvironments();
            const int count = m_environments->rowCount();
            m_environmentStatus->setText(
                count == 0   ? tr("No environments found. Create one with envdesk-cli create, or "
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

void EnvironmentsPage::showPackagesOf(const QString& prefix)
{
    m_packageError.clear();
    if (prefix.isEmpty()) {
        m_packageLoad->cancel();
        m_packages->setPackages({}, {});
        m_historyModel->setRevisions({});
        updatePackageStatus();
        return;
    }
    m_packageStatus->setText(tr("Reading the packages of %1…").arg(prefix));
    m_packageLoad->start([this, prefix = prefix.toStdString()](std::stop_token) {
        auto listing = std::make_shared<PackageListing>(readPackages(prefix));
        return std::function<void()>([this, listing] {
            m_packageError = listing->error;
            m_packages->setPackages(std::move(listing->records), std::move(listing->requested));
            m_historyModel->setRevisions(listing->revisions);
            m_history->setToolTip(
                listing->historyError.isEmpty()
                    ? QString()
                    : tr("The history cannot be read: %1").arg(listing->historyError));
            m_history->expandToDepth(0);
            m_history->resizeColumnToContents(HistoryModel::RevisionColumn);
            m_table->resizeColumnsToContents();
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
    const int total = m_packages->rowCount();
    // Whole sentences per count, not "%n package(s)": the English needs no plural catalogue.
    if (shown == total) {
        m_packageStatus->setText(total == 1 ? tr("1 package") : tr("%1 packages").arg(total));
    } else {
        m_packageStatus->setText(tr("%1 of %2 packages").arg(shown).arg(total));
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
    m_refresh->setToolTip(tr("Look for environments again"));
    m_refresh->setAccessibleName(tr("Refresh the environment list"));
    m_search->setPlaceholderText(tr("Search by name or match spec, e.g. numpy>=1.26"));
    m_search->setAccessibleName(tr("Search packages"));
    m_list->setAccessibleName(tr("Environments"));
    m_table->setAccessibleName(tr("Installed packages"));
    m_history->setAccessibleName(tr("History of the environment"));
    m_tabs->setTabText(0, tr("Packages"));
    m_tabs->setTabText(1, tr("History"));
    updatePackageStatus();
}

EnvironmentsPage::Discover systemDiscovery()
{
    return [](std::stop_token) {
        const auto inputs = config::ConfigInputs::fromProcess();
        env::DiscoveryInputs discovery;
        discovery.rootPrefix = inputs.effectiveRootPrefix();
        discovery.homeDir = inputs.homeDir;
        if (auto configuration = config::Config::load(inputs)) {
            discovery.envsDirs = configuration->envsDirs();
        }
        return env::discoverEnvironments(discovery);
    };
}

} // namespace envdesk::ui
