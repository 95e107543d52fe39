#include "ui/environments/package_table_model.h"

#include "core/specs/match_spec.h"
#include "ui/changes/change_sources.h"
#include "ui/common/icons.h"

#include <QColor>
#include <QFont>
#include <QLocale>

#include <set>

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
    m_graph.setRecords(m_records);
    rebuildAvailable();
    endResetModel();
}

void PackageTableModel::setCatalogue(channels::PackageCatalogue catalogue)
{
    beginResetModel();
    m_catalogue = std::move(catalogue);
    rebuildAvailable();
    endResetModel();
}

void PackageTableModel::rebuildAvailable()
{
    m_available.clear();
    std::set<std::string> installed;
    for (const auto& record : m_records) {
        installed.insert(record.name);
    }
    for (const auto& name : m_catalogue.names) {
        if (installed.count(name) == 0) {
            m_available.push_back(name);
        }
    }
}

std::string PackageTableModel::nameAt(int row) const
{
    if (const auto* record = recordAt(row)) {
        return record->name;
    }
    const auto available = static_cast<std::size_t>(row) - m_records.size();
    return row >= 0 && available < m_available.size() ? m_available[available] : std::string();
}

const specs::PackageRecord* PackageTableModel::newestAt(int row) const
{
    const auto found = m_catalogue.newest.find(nameAt(row));
    return found == m_catalogue.newest.end() ? nullptr : &found->second;
}

bool PackageTableModel::isUpgradable(int row) const
{
    const auto* installed = recordAt(row);
    const auto* newest = newestAt(row);
    return installed != nullptr && newest != nullptr && channels::isNewer(*newest, *installed);
}

void PackageTableModel::setMarks(const std::map<std::string, PackageMark>& marks)
{
    m_marks = marks;
    if (!m_records.empty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, kColumnCount - 1));
    }
}

std::vector<std::string> PackageTableModel::neededBy(const std::string& name) const
{
    std::vector<std::string> names;
    for (const auto& edge : m_graph.dependentsOf(name)) {
        names.push_back(edge.name); // one edge per name, sorted
    }
    return names;
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
    return parent.isValid() ? 0 : static_cast<int>(m_records.size() + m_available.size());
}

int PackageTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

void PackageTableModel::setPins(std::map<std::string, std::string> pins)
{
    m_pins = std::move(pins);
    if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, kColumnCount - 1));
    }
}

QVariant PackageTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= rowCount()) {
        return {};
    }
    const specs::PackageRecord* installed = recordAt(index.row());
    const specs::PackageRecord* newest = newestAt(index.row());
    // A package that is not installed shows what the channels have.
    const specs::PackageRecord* record = installed != nullptr ? installed : newest;
    const std::string name = nameAt(index.row());
    const auto pin = m_pins.find(name);
    if (role == PinnedRole) {
        return pin == m_pins.end() ? QString() : QString::fromStdString(pin->second);
    }
    if (index.column() == PinColumn) {
        if (pin == m_pins.end()) {
            return role == SortRole ? QString() : QVariant();
        }
        switch (role) {
        case Qt::DecorationRole:
            return colouredIcon(QStringLiteral("pin"), QColor(0x9a, 0x67, 0x00));
        case Qt::ToolTipRole:
            return tr("Pinned: %1 (conda-meta/pinned)").arg(QString::fromStdString(pin->second));
        case Qt::DisplayRole:
        case SortRole: {
            // The spec without the name the row already shows: "=1.26.4", ">=2,<3".
            QString spec = QString::fromStdString(pin->second);
            const QString own = QString::fromStdString(name);
            if (spec.startsWith(own)) {
                spec = spec.mid(own.size()).trimmed();
            }
            return spec.isEmpty() ? QString::fromStdString(pin->second) : spec;
        }
        default:
            return {};
        }
    }
    if (index.column() == DescriptionColumn
        && (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == SortRole)) {
        return aboutText(name, role);
    }
    if (record == nullptr) {
        if (index.column() == NameColumn
            && (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == SortRole)) {
            return QString::fromStdString(name);
        }
        const auto mark = m_marks.find(name);
        if (mark != m_marks.end()) {
            if (index.column() == MarkColumn && role == Qt::DisplayRole) {
                return markText(mark->second);
            }
            if (index.column() == NameColumn && role == Qt::DecorationRole) {
                return markIcon(mark->second.kind);
            }
        }
        if (role == Qt::ForegroundRole) {
            return QColor(Qt::gray);
        }
        return {};
    }
    if (role == Qt::ForegroundRole && installed == nullptr) {
        return QColor(Qt::gray);
    }
    if (role == Qt::FontRole && index.column() == LatestColumn && isUpgradable(index.row())) {
        QFont font;
        font.setBold(true);
        return font;
    }
    const auto mark = m_marks.find(record->name);
    if (mark != m_marks.end() && index.column() == NameColumn) {
        if (role == Qt::DecorationRole) {
            return markIcon(mark->second.kind);
        }
        if (role == Qt::ToolTipRole) {
            return markText(mark->second);
        }
    }
    if (role == Qt::FontRole && mark != m_marks.end()) {
        QFont font;
        font.setItalic(true);
        font.setStrikeOut(mark->second.kind == PackageMark::Kind::Remove);
        return font;
    }
    if (role == Qt::TextAlignmentRole && index.column() == SizeColumn) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == SortRole && index.column() == SizeColumn) {
        return static_cast<qulonglong>(record->size);
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != SortRole) {
        return {};
    }
    const auto requested = m_requested.find(record->name);
    switch (index.column()) {
    case NameColumn:
        return QString::fromStdString(record->name);
    case VersionColumn: {
        // A marked row shows where it goes: "1.1.0 → 2.0.0", "→ 1.0.0" for a new package.
        const QString target = mark != m_marks.end() ? markTarget(mark->second, newest) : QString();
        if (installed == nullptr) {
            if (!target.isEmpty()) {
                return QStringLiteral("→ ") + target;
            }
            return role == Qt::ToolTipRole ? tr("Not installed") : QString();
        }
        const QString version = QString::fromStdString(record->version);
        return target.isEmpty() || target == version ? version
                                                     : version + QStringLiteral(" → ") + target;
    }
    case LatestColumn:
        if (newest == nullptr) {
            return {};
        }
        if (role == Qt::ToolTipRole) {
            return isUpgradable(index.row()) ? tr("%1 %2 (build %3) is available from %4")
                                                   .arg(QString::fromStdString(newest->name),
                                                        QString::fromStdString(newest->version),
                                                        QString::fromStdString(newest->build),
                                                        QString::fromStdString(newest->channel))
                                             : tr("The newest version the channels have");
        }
        return QString::fromStdString(newest->version);
    case BuildColumn:
        return QString::fromStdString(record->build);
    case ChannelColumn:
        return QString::fromStdString(record->channel);
    case RequestedColumn:
        if (installed == nullptr) {
            return {};
        }
        if (requested != m_requested.end()) {
            return role == Qt::ToolTipRole
                       ? tr("You asked for %1").arg(QString::fromStdString(requested->second))
                       : QString::fromStdString(requested->second);
        }
        if (const auto dependents = neededBy(record->name); !dependents.empty()) {
            QStringList names;
            for (const auto& dependent : dependents) {
                names << QString::fromStdString(dependent);
            }
            const QString shown = names.size() <= 3
                                      ? names.join(QStringLiteral(", "))
                                      : tr("%1 and %2 more")
                                            .arg(names.mid(0, 3).join(QStringLiteral(", ")))
                                            .arg(names.size() - 3);
            return role == Qt::ToolTipRole
                       ? tr("Needed by %1").arg(names.join(QStringLiteral(", ")))
                       : tr("needed by %1").arg(shown);
        }
        return role == Qt::ToolTipRole ? tr("Nothing installed needs it, and it was not asked "
                                            "for by name")
                                       : QString();
    case SizeColumn:
        return record->size > 0 ? formatBytes(static_cast<qint64>(record->size)) : QString();
    case MarkColumn:
        if (mark == m_marks.end()) {
            return {};
        }
        switch (mark->second.kind) {
        case PackageMark::Kind::Install:
            return tr("install %1").arg(QString::fromStdString(mark->second.spec));
        case PackageMark::Kind::Update:
            return tr("update");
        case PackageMark::Kind::Remove:
            return tr("remove");
        }
        return {};
    default:
        return {};
    }
}

void PackageTableModel::setAbout(std::map<std::string, channels::PackageAbout> about)
{
    m_about = std::move(about);
    if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0, DescriptionColumn), index(rowCount() - 1, DescriptionColumn));
    }
}

QVariant PackageTableModel::aboutText(const std::string& name, int role) const
{
    const auto about = m_about.find(name);
    if (about == m_about.end()) {
        return role == Qt::ToolTipRole ? QVariant() : QVariant(QString());
    }
    const QString summary = QString::fromStdString(about->second.summary).simplified();
    if (role != Qt::ToolTipRole) {
        return summary;
    }
    // The tooltip: the summary, the longer description (its first part: some are pages
    // long), the home page and the licence.
    QStringList parts;
    if (!summary.isEmpty()) {
        parts << summary;
    }
    QString description = QString::fromStdString(about->second.description).trimmed();
    constexpr int kLongest = 600;
    if (description.size() > kLongest) {
        description = description.left(kLongest) + QStringLiteral("…");
    }
    if (!description.isEmpty() && description != summary) {
        parts << description;
    }
    if (!about->second.home.empty()) {
        parts << tr("Home page: %1").arg(QString::fromStdString(about->second.home));
    }
    if (!about->second.license.empty()) {
        parts << tr("Licence: %1").arg(QString::fromStdString(about->second.license));
    }
    return parts.isEmpty() ? QVariant() : QVariant(parts.join(QStringLiteral("\n\n")));
}

QString PackageTableModel::markText(const PackageMark& mark)
{
    switch (mark.kind) {
    case PackageMark::Kind::Install:
        return tr("install %1").arg(QString::fromStdString(mark.spec));
    case PackageMark::Kind::Update:
        return tr("update");
    case PackageMark::Kind::Remove:
        return tr("remove");
    }
    return {};
}

QIcon PackageTableModel::markIcon(PackageMark::Kind kind)
{
    switch (kind) {
    case PackageMark::Kind::Install:
        return colouredIcon(QStringLiteral("mark-install"), QColor(0x2e, 0x7d, 0x32));
    case PackageMark::Kind::Update:
        return colouredIcon(QStringLiteral("mark-update"), QColor(0x15, 0x65, 0xc0));
    case PackageMark::Kind::Remove:
        return colouredIcon(QStringLiteral("mark-remove"), QColor(0xc6, 0x28, 0x28));
    }
    return {};
}

QString PackageTableModel::markTarget(const PackageMark& mark, const specs::PackageRecord* newest)
{
    if (mark.kind == PackageMark::Kind::Remove) {
        return {};
    }
    if (mark.kind == PackageMark::Kind::Install) {
        // An exact version the user chose ("numpy==1.26.4", "numpy=1.26.4=py312h0").
        if (auto spec = specs::MatchSpec::parse(mark.spec)) {
            if (auto exact = spec->exactVersion()) {
                return QString::fromStdString(*exact);
            }
            if (spec->hasVersion()) {
                return QString::fromStdString(spec->version().str());
            }
        }
    }
    return newest != nullptr ? QString::fromStdString(newest->version) : QString();
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
        return tr("Installed");
    case LatestColumn:
        return tr("Latest");
    case PinColumn:
        return tr("Pin");
    case BuildColumn:
        return tr("Build");
    case ChannelColumn:
        return tr("Channel");
    case SizeColumn:
        return tr("Size");
    case RequestedColumn:
        return tr("Why installed");
    case DescriptionColumn:
        return tr("Description");
    case MarkColumn:
        return tr("Marked");
    default:
        return {};
    }
}

PackageFilterModel::PackageFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortRole(PackageTableModel::SortRole);
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

void PackageFilterModel::setScope(Scope scope)
{
    m_scope = scope;
    invalidateFilter();
}

bool PackageFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const
{
    const auto* packages = qobject_cast<const PackageTableModel*>(sourceModel());
    if (packages == nullptr) {
        return false;
    }
    const specs::PackageRecord* installed = packages->recordAt(sourceRow);
    switch (m_scope) {
    case Scope::Installed:
        if (installed == nullptr) {
            return false;
        }
        break;
    case Scope::Upgradable:
        if (!packages->isUpgradable(sourceRow)) {
            return false;
        }
        break;
    case Scope::NotInstalled:
        if (installed != nullptr) {
            return false;
        }
        break;
    case Scope::All:
        break;
    }
    if (!m_word.isEmpty()) {
        return QString::fromStdString(packages->nameAt(sourceRow))
            .contains(m_word, Qt::CaseInsensitive);
    }
    if (!m_matches) {
        return true;
    }
    const specs::PackageRecord* record =
        installed != nullptr ? installed : packages->newestAt(sourceRow);
    return record != nullptr && m_matches(*record);
}

} // namespace envdesk::ui
