#include "ui/environments/package_table_model.h"

#include "core/specs/match_spec.h"

namespace envdesk::ui {

PackageTableModel::PackageTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void PackageTableModel::setPackages(std::vector<specs::PackageRecord> records,
                                    std::map<std::string, std::string> requested)
{
    beginResetModel();
    m_records = std::move(records);
    m_requested = std::move(requested);
    endResetModel();
}

const specs::PackageRecord* PackageTableModel::recordAt(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_records.size())) {
        return nullptr;
    }
    return &m_records[static_cast<std::size_t>(row)];
}

int PackageTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_records.size());
}

int PackageTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant PackageTableModel::data(const QModelIndex& index, int role) const
{
    const specs::PackageRecord* record =
        index.isValid() && !index.parent().isValid() ? recordAt(index.row()) : nullptr;
    if (record == nullptr || (role != Qt::DisplayRole && role != Qt::ToolTipRole)) {
        return {};
    }
    const auto requested = m_requested.find(record->name);
    switch (index.column()) {
    case NameColumn:
        return QString::fromStdString(record->name);
    case VersionColumn:
        return QString::fromStdString(record->version);
    case BuildColumn:
        return QString::fromStdString(record->build);
    case ChannelColumn:
        return QString::fromStdString(record->channel);
    case RequestedColumn:
        if (requested != m_requested.end()) {
            return role == Qt::ToolTipRole
                       ? tr("You asked for %1").arg(QString::fromStdString(requested->second))
                       : QString::fromStdString(requested->second);
        }
        return role == Qt::ToolTipRole ? tr("Installed as a dependency") : QString();
    default:
        return {};
    }
}

QVariant PackageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case NameColumn:
        return tr("Name");
    case VersionColumn:
        return tr("Version");
    case BuildColumn:
        return tr("Build");
    case ChannelColumn:
        return tr("Channel");
    case RequestedColumn:
        return tr("Requested as");
    default:
        return {};
    }
}

PackageFilterModel::PackageFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void PackageFilterModel::setQuery(const QString& query)
{
    m_word.clear();
    m_matches = nullptr;
    m_problem.clear();
    const QString trimmed = query.trimmed();
    const bool plainWord =
        !trimmed.isEmpty() && std::all_of(trimmed.begin(), trimmed.end(), [](QChar c) {
            return c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_')
                   || c == QLatin1Char('.');
        });
    if (plainWord) {
        m_word = trimmed;
    } else if (!trimmed.isEmpty()) {
        auto spec = specs::MatchSpec::parse(trimmed.toStdString());
        if (spec) {
            m_matches = [spec = std::move(*spec)](const specs::PackageRecord& record) {
                return spec.matches(record);
            };
        } else {
            m_problem = QString::fromStdString(spec.error().detail);
            m_matches = [](const specs::PackageRecord&) { return false; };
        }
    }
    invalidateFilter();
}

bool PackageFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const
{
    const auto* packages = qobject_cast<const PackageTableModel*>(sourceModel());
    const specs::PackageRecord* record = packages ? packages->recordAt(sourceRow) : nullptr;
    if (record == nullptr) {
        return false;
    }
    if (!m_word.isEmpty()) {
        return QString::fromStdString(record->name).contains(m_word, Qt::CaseInsensitive);
    }
    return !m_matches || m_matches(*record);
}

} // namespace envdesk::ui
