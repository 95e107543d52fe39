#include "ui/environments/version_chooser.h"

#include "core/specs/version_spec.h"
#include "ui/changes/change_sources.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QStringList>
#include <QTimeZone>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <tuple>

namespace envdesk::ui {

namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

QString dateText(std::uint64_t milliseconds)
{
    if (milliseconds == 0) {
        return {};
    }
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(milliseconds), QTimeZone::utc())
        .date()
        .toString(Qt::ISODate);
}

// The distinct values of `field` over `builds`, in their order, joined for one cell.
template <typename Field>
QString distinct(const std::vector<specs::PackageRecord>& records,
                 const std::vector<std::size_t>& builds, Field field)
{
    QStringList values;
    for (const std::size_t i : builds) {
        const QString value = text(field(records[i]));
        if (!value.isEmpty() && !values.contains(value)) {
            values << value;
        }
    }
    return values.join(QStringLiteral(", "));
}

QFont boldFont()
{
    QFont font;
    font.setBold(true);
    return font;
}

// Build rows carry their version row's index + 1; version rows carry 0.
constexpr quintptr kVersionRowId = 0;

} // namespace

VersionListModel::VersionListModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

bool VersionListModel::isInstalledRecord(const specs::PackageRecord& record) const
{
    // The same version and build is the same package, whichever channel or mirror listed it
    // (a conda-meta record often names its channel by URL, repodata by name).
    return m_installed && record.name == m_installed->name && record.version == m_installed->version
           && record.build == m_installed->build;
}

void VersionListModel::setRecords(std::vector<specs::PackageRecord> records,
                                  std::optional<specs::PackageRecord> installed)
{
    beginResetModel();
    m_records = std::move(records);
    m_installed = std::move(installed);
    m_versions.clear();

    std::map<std::string, std::size_t> groupOf;
    for (std::size_t i = 0; i < m_records.size(); ++i) {
        const std::string& version = m_records[i].version;
        auto [it, added] = groupOf.emplace(version, m_versions.size());
        if (added) {
            VersionGroup group;
            group.version = version;
            if (auto parsed = specs::Version::parse(version)) {
                group.parsed = std::move(*parsed);
            }
            m_versions.push_back(std::move(group));
        }
        VersionGroup& group = m_versions[it->second];
        group.builds.push_back(i);
        group.installed = group.installed || isInstalledRecord(m_records[i]);
    }

    // Newest first by conda's order; versions that do not parse go last, by their text.
    std::sort(m_versions.begin(), m_versions.end(), [](const auto& a, const auto& b) {
        if (a.parsed.has_value() != b.parsed.has_value()) {
            return a.parsed.has_value();
        }
        if (a.parsed) {
            const auto order = *a.parsed <=> *b.parsed;
            if (order != 0) {
                return order > 0;
            }
        }
        return a.version > b.version; // `1.1` and `1.1.0` are equal to conda: keep an order
    });
    for (auto& group : m_versions) {
        std::sort(group.builds.begin(), group.builds.end(), [this](std::size_t a, std::size_t b) {
            const auto& ra = m_records[a];
            const auto& rb = m_records[b];
            if (ra.buildNumber != rb.buildNumber) {
                return ra.buildNumber > rb.buildNumber;
            }
            if (ra.timestamp != rb.timestamp) {
                return ra.timestamp > rb.timestamp;
            }
            return std::tie(ra.build, ra.channel, ra.subdir)
                   < std::tie(rb.build, rb.channel, rb.subdir);
        });
    }
    endResetModel();
}

const specs::PackageRecord* VersionListModel::recordAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == kVersionRowId) {
        return nullptr;
    }
    const auto& group = m_versions[static_cast<std::size_t>(index.internalId() - 1)];
    return &m_records[group.builds[static_cast<std::size_t>(index.row())]];
}

QString VersionListModel::specFor(const QModelIndex& index) const
{
    if (!index.isValid()) {
        return {};
    }
    if (const specs::PackageRecord* record = recordAt(index)) {
        return text(record->name + "==" + record->version + "=" + record->build);
    }
    const auto& group = m_versions[static_cast<std::size_t>(index.row())];
    const auto& name = m_records[group.builds.front()].name;
    return text(name + "==" + group.version);
}

bool VersionListModel::isInstalled(const QModelIndex& index) const
{
    if (!index.isValid()) {
        return false;
    }
    if (const specs::PackageRecord* record = recordAt(index)) {
        return isInstalledRecord(*record);
    }
    return m_versions[static_cast<std::size_t>(index.row())].installed;
}

QModelIndex VersionListModel::installedVersionIndex() const
{
    for (std::size_t row = 0; row < m_versions.size(); ++row) {
        if (m_versions[row].installed) {
            return index(static_cast<int>(row), 0);
        }
    }
    return {};
}

QModelIndex VersionListModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= kColumnCount) {
        return {};
    }
    if (!parent.isValid()) {
        return row < static_cast<int>(m_versions.size()) ? createIndex(row, column, kVersionRowId)
                                                         : QModelIndex();
    }
    if (parent.internalId() != kVersionRowId || parent.column() != 0) {
        return {}; // builds have no children
    }
    const auto& group = m_versions[static_cast<std::size_t>(parent.row())];
    if (row >= static_cast<int>(group.builds.size())) {
        return {};
    }
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex VersionListModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kVersionRowId) {
        return {};
    }
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kVersionRowId);
}

int VersionListModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid()) {
        return static_cast<int>(m_versions.size());
    }
    if (parent.internalId() != kVersionRowId || parent.column() != 0) {
        return 0;
    }
    return static_cast<int>(m_versions[static_cast<std::size_t>(parent.row())].builds.size());
}

int VersionListModel::columnCount(const QModelIndex&) const
{
    return kColumnCount;
}

QVariant VersionListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const specs::PackageRecord* record = recordAt(index);
    const VersionGroup& group =
        m_versions[static_cast<std::size_t>(record ? index.internalId() - 1 : index.row())];
    switch (role) {
    case VersionRole:
        return text(group.version);
    case BuildRole:
        return record ? text(record->build) : QString();
    case IsBuildRowRole:
        return record != nullptr;
    case IsInstalledRole:
        return isInstalled(index);
    case SpecRole:
        return specFor(index);
    case Qt::FontRole:
        return isInstalled(index) ? QVariant(boldFont()) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == SizeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                            : QVariant();
    default:
        return record ? buildRowData(*record, index.column(), role)
                      : versionRowData(group, index.column(), role);
    }
}

QVariant VersionListModel::versionRowData(const VersionGroup& group, int column, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) {
        return {};
    }
    switch (column) {
    case VersionColumn:
        if (role == Qt::ToolTipRole) {
            // Whole sentences per count, not "%n build(s)": the English needs no plural
            // catalogue.
            return group.builds.size() == 1
                       ? tr("1 build")
                       : tr("%1 builds").arg(static_cast<qulonglong>(group.builds.size()));
        }
        return group.installed ? tr("%1 (installed)").arg(text(group.version))
                               : text(group.version);
    case ChannelColumn:
        return distinct(m_records, group.builds, [](const auto& r) { return r.channel; });
    case SubdirColumn:
        return distinct(m_records, group.builds, [](const auto& r) { return r.subdir; });
    case DateColumn: {
        std::uint64_t newest = 0;
        for (const std::size_t i : group.builds) {
            newest = std::max(newest, m_records[i].timestamp);
        }
        return dateText(newest);
    }
    default:
        return {};
    }
}

QVariant VersionListModel::buildRowData(const specs::PackageRecord& record, int column,
                                        int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) {
        return {};
    }
    switch (column) {
    case VersionColumn:
        if (role == Qt::ToolTipRole) {
            return tr("%1, build number %2")
                .arg(text(record.fn.empty() ? record.distName() : record.fn))
                .arg(record.buildNumber);
        }
        return isInstalledRecord(record) ? tr("%1 (installed)").arg(text(record.build))
                                         : text(record.build);
    case ChannelColumn:
        return text(record.channel);
    case SubdirColumn:
        return text(record.subdir);
    case SizeColumn:
        return record.size == 0 ? QString() : formatBytes(static_cast<qint64>(record.size));
    case DateColumn:
        return dateText(record.timestamp);
    default:
        return {};
    }
}

QVariant VersionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case VersionColumn:
        return tr("Version / build");
    case ChannelColumn:
        return tr("Channel");
    case SubdirColumn:
        return tr("Platform");
    case SizeColumn:
        return tr("Size");
    case DateColumn:
        return tr("Date");
    default:
        return {};
    }
}

VersionFilterModel::VersionFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true); // a build that matches keeps its version
    setAutoAcceptChildRows(true);       // a version that matches keeps its builds
}

void VersionFilterModel::setQuery(const QString& query)
{
    m_text = query.trimmed();
    m_versionMatches = nullptr;
    static const QString operators = QStringLiteral("<>=!~*|,^$");
    const bool looksLikeSpec =
        std::any_of(m_text.begin(), m_text.end(), [](QChar c) { return operators.contains(c); });
    if (looksLikeSpec) {
        if (auto spec = specs::VersionSpec::parse(m_text.toStdString())) {
            m_versionMatches = [spec = std::move(*spec)](const specs::Version& version) {
                return spec.contains(version);
            };
        }
    }
    invalidateFilter();
}

bool VersionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_text.isEmpty()) {
        return true;
    }
    const QModelIndex row = sourceModel()->index(sourceRow, 0, sourceParent);
    const bool isBuild = row.data(VersionListModel::IsBuildRowRole).toBool();
    if (m_versionMatches) {
        if (isBuild) {
            return false; // kept with its version
        }
        const auto version =
            specs::Version::parse(row.data(VersionListModel::VersionRole).toString().toStdString());
        return version && m_versionMatches(*version);
    }
    if (isBuild) {
        return row.data(VersionListModel::BuildRole)
            .toString()
            .contains(m_text, Qt::CaseInsensitive);
    }
    return row.data(VersionListModel::VersionRole)
        .toString()
        .startsWith(m_text, Qt::CaseInsensitive);
}

VersionChooserDialog::VersionChooserDialog(const QString& packageName,
                                           std::optional<specs::PackageRecord> installed,
                                           QWidget* parent)
    : QDialog(parent)
    , m_packageName(packageName)
    , m_installed(std::move(installed))
    , m_state(State::Loading) // without records, the dialog is waiting for them
{
    setWindowTitle(tr("Choose a version of %1").arg(packageName));

    m_model = new VersionListModel(this);
    m_filter = new VersionFilterModel(this);
    m_filter->setSourceModel(m_model);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("versionFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter: 1.26, >=1.20,<2 or a build such as py312"));
    m_filterEdit->setClearButtonEnabled(true);

    m_showBuilds = new QCheckBox(tr("Show all builds"), this);
    m_showBuilds->setObjectName(QStringLiteral("versionShowBuilds"));
    m_showBuilds->setToolTip(tr("Expand every version to list its builds"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("versionStatus"));
    m_status->setWordWrap(true);

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("versionTree"));
    m_tree->setModel(m_filter);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->header()->setStretchLastSection(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Choose"));

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_showBuilds);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filterRow);
    layout->addWidget(m_status);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_buttons);

    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString& query) {
        m_filter->setQuery(query);
        if (m_showBuilds->isChecked() || !query.trimmed().isEmpty()) {
            m_tree->expandAll(); // a filter may match builds: show them
        }
        updateStatus();
        updateOkButton();
    });
    connect(m_showBuilds, &QCheckBox::toggled, this, [this](bool all) {
        if (all) {
            m_tree->expandAll();
        } else {
            m_tree->collapseAll();
        }
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { updateOkButton(); });
    connect(m_tree, &QTreeView::doubleClicked, this, [this] {
        if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled()) {
            accept();
        }
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    resize(720, 460);
    updateStatus();
    updateOkButton();
}

void VersionChooserDialog::setLoading(bool loading)
{
    m_loadingProgress.clear();
    if (loading) {
        m_state = State::Loading;
        m_error.clear();
    } else if (m_state == State::Loading) {
        m_state = State::Ready;
    }
    updateStatus();
    updateOkButton();
}

void VersionChooserDialog::setLoadingProgress(const QString& progress)
{
    if (m_state != State::Loading) {
        return; // a late report of a load that has ended
    }
    m_loadingProgress = progress;
    updateStatus();
}

void VersionChooserDialog::setRecords(std::vector<specs::PackageRecord> records)
{
    m_loadingProgress.clear();
    m_state = State::Ready;
    m_error.clear();
    m_model->setRecords(std::move(records), m_installed);
    if (m_showBuilds->isChecked() || !m_filterEdit->text().trimmed().isEmpty()) {
        m_tree->expandAll();
    }
    // Start where the user is: the installed version, selected (OK stays off until they move).
    const QModelIndex installed = m_filter->mapFromSource(m_model->installedVersionIndex());
    if (installed.isValid()) {
        m_tree->setCurrentIndex(installed);
        m_tree->scrollTo(installed);
    }
    fitColumns();
    updateStatus();
    updateOkButton();
}

void VersionChooserDialog::setError(const QString& message)
{
    m_state = State::Error;
    m_error = message;
    m_model->setRecords({}, m_installed); // what was listed before may be stale
    updateStatus();
    updateOkButton();
}

QString VersionChooserDialog::chosenSpec() const
{
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows(0);
    if (rows.isEmpty()) {
        return {};
    }
    return m_model->specFor(m_filter->mapToSource(rows.front()));
}

void VersionChooserDialog::fitColumns()
{
    // Measured over every row, builds included: they are longer than versions and usually not
    // expanded yet, which resizeColumnToContents would miss. Bold, as the installed rows are.
    const QFontMetrics metrics(boldFont());
    const QFontMetrics headerMetrics(m_tree->header()->font());
    const int margin = metrics.averageCharWidth() * 2;
    for (int column = 0; column < VersionListModel::kColumnCount - 1; ++column) {
        int widest = headerMetrics.horizontalAdvance(
            m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
        const int indent = column == 0 ? m_tree->indentation() : 0;
        for (int row = 0; row < m_model->versionCount(); ++row) {
            const QModelIndex version = m_model->index(row, column);
            widest =
                std::max(widest, indent + metrics.horizontalAdvance(version.data().toString()));
            const QModelIndex parent = version.siblingAtColumn(0);
            for (int build = 0; build < m_model->rowCount(parent); ++build) {
                widest = std::max(widest,
                                  2 * indent
                                      + metrics.horizontalAdvance(
                                          m_model->index(build, column, parent).data().toString()));
            }
        }
        // A URL channel or a long list of them is cut here; the tooltip has it all.
        m_tree->setColumnWidth(column, std::min(widest + margin, metrics.averageCharWidth() * 48));
    }
}

void VersionChooserDialog::updateStatus()
{
    QString status;
    const char* state = "ready";
    switch (m_state) {
    case State::Loading:
        status = tr("Loading the versions of %1…").arg(m_packageName);
        if (!m_loadingProgress.isEmpty()) {
            status += QLatin1Char(' ') + m_loadingProgress;
        }
        state = "loading";
        break;
    case State::Error:
        status = tr("Could not load the versions of %1: %2").arg(m_packageName, m_error);
        state = "error";
        break;
    case State::Ready:
        if (m_model->versionCount() == 0) {
            status = tr("No channel has %1.").arg(m_packageName);
        } else if (m_filter->rowCount() == 0) {
            status = tr("No version matches “%1”.").arg(m_filterEdit->text().trimmed());
        } else {
            const int count = m_model->versionCount();
            status =
                count == 1 ? tr("1 version available") : tr("%1 versions available").arg(count);
            if (m_installed) {
                status = tr("%1 · installed: %2 (%3)")
                             .arg(status, text(m_installed->version), text(m_installed->build));
            }
        }
        break;
    }
    m_status->setText(status);
    m_status->setProperty("state", QString::fromLatin1(state));
    m_tree->setEnabled(m_state == State::Ready);
}

void VersionChooserDialog::updateOkButton()
{
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows(0);
    const bool chosen =
        !rows.isEmpty() && !m_model->isInstalled(m_filter->mapToSource(rows.front()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_state == State::Ready && chosen);
}

} // namespace envdesk::ui
