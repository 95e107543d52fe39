#include "ui/compare/diff_table_model.h"

#include <QFont>
#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

#include <algorithm>

namespace envdesk::ui {

namespace {

using diff::ChangeKind;

std::size_t indexOf(ChangeKind kind)
{
    return static_cast<std::size_t>(kind);
}

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// What one side says, in a cell: a pin's version and build, or a spec as written without the
// package name the row already shows ("numpy >=1.21" -> ">=1.21"), as the text report does.
QString describe(const diff::SnapshotEntry& entry)
{
    if (entry.isSpec()) {
        const QString spec = fromStd(entry.spec);
        const QString name = fromStd(entry.name);
        if (spec.startsWith(name, Qt::CaseInsensitive)) {
            const QString rest = spec.mid(name.size());
            if (rest.isEmpty()) {
                // A pip option line (`-e .`) or a URL is its own name.
                const bool named =
                    !spec.startsWith(QLatin1Char('-')) && !spec.contains(QStringLiteral("://"));
                return named ? QStringLiteral("*") : QString();
            }
            const QChar next = rest.front();
            if (!(next.isLetterOrNumber() || next == QLatin1Char('-') || next == QLatin1Char('_')
                  || next == QLatin1Char('.'))) {
                return rest.trimmed();
            }
        }
        return spec;
    }
    return entry.build.empty() ? fromStd(entry.version)
                               : fromStd(entry.version) + QLatin1Char(' ') + fromStd(entry.build);
}

bool hasKind(const diff::DiffEntry& entry, ChangeKind kind)
{
    return entry.kind == kind
           || std::find(entry.also.begin(), entry.also.end(), kind) != entry.also.end();
}

} // namespace

QString changeSymbol(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Added:
        return QStringLiteral("+");
    case ChangeKind::Removed:
        return QStringLiteral("\u2212"); // minus sign
    case ChangeKind::Upgraded:
        return QStringLiteral("\u2191"); // ↑
    case ChangeKind::Downgraded:
        return QStringLiteral("\u2193"); // ↓
    case ChangeKind::Rebuilt:
        return QStringLiteral("\u27f3"); // ⟳
    case ChangeKind::ChannelChanged:
        return QStringLiteral("\u21c4"); // ⇄
    case ChangeKind::CategoryChanged:
        return QStringLiteral("\u25c8"); // ◈
    case ChangeKind::Loosened:
        return QStringLiteral("\u2287"); // ⊇: B allows what A allows, and more
    case ChangeKind::Tightened:
        return QStringLiteral("\u2286"); // ⊆
    case ChangeKind::SpecChanged:
        return QStringLiteral("\u2260"); // ≠
    case ChangeKind::Unchanged:
        return QStringLiteral("=");
    }
    return {};
}

QColor changeColour(ChangeKind kind, const QPalette& palette)
{
    // The HTML report's colours (core/diff/diff_report.cpp), its dark variants on a dark theme.
    const bool dark = isDark(palette);
    switch (kind) {
    case ChangeKind::Added:
        return dark ? QColor(0x3f, 0xb9, 0x50) : QColor(0x1a, 0x7f, 0x37);
    case ChangeKind::Removed:
    case ChangeKind::SpecChanged:
        return dark ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e);
    case ChangeKind::Upgraded:
    case ChangeKind::Loosened:
        return dark ? QColor(0x58, 0xa6, 0xff) : QColor(0x09, 0x69, 0xda);
    case ChangeKind::Downgraded:
    case ChangeKind::Tightened:
        return dark ? QColor(0xd2, 0x99, 0x22) : QColor(0x9a, 0x67, 0x00);
    case ChangeKind::Rebuilt:
    case ChangeKind::ChannelChanged:
    case ChangeKind::CategoryChanged:
        return dark ? QColor(0xbc, 0x8c, 0xff) : QColor(0x82, 0x50, 0xdf);
    case ChangeKind::Unchanged:
        break;
    }
    // Muted, but not the greyed-out look of something disabled.
    return dark ? QColor(0x8d, 0x96, 0xa0) : QColor(0x65, 0x6d, 0x76);
}

QIcon changeIcon(ChangeKind kind, const QPalette& palette)
{
    const QColor colour = changeColour(kind, palette);
    const QColor ink = colour.lightness() > 150 ? QColor(Qt::black) : QColor(Qt::white);
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        const qreal radius = size / 5.0;
        painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1.0, size - 1.0), radius, radius);
        QFont font = QGuiApplication::font();
        font.setBold(true);
        font.setPixelSize(size * 3 / 4);
        painter.setFont(font);
        painter.setPen(ink);
        painter.drawText(QRect(0, 0, size, size), Qt::AlignCenter, changeSymbol(kind));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

DiffTableModel::DiffTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    setPalette(QGuiApplication::palette());
}

void DiffTableModel::setResult(diff::DiffResult result)
{
    beginResetModel();
    m_result = std::move(result);
    m_hasResult = true;
    m_rows.clear();
    for (std::size_t s = 0; s < m_result.sections.size(); ++s) {
        for (std::size_t e = 0; e < m_result.sections[s].entries.size(); ++e) {
            m_rows.push_back({static_cast<int>(s), static_cast<int>(e)});
        }
    }
    endResetModel();
}

void DiffTableModel::clear()
{
    beginResetModel();
    m_result = {};
    m_hasResult = false;
    m_rows.clear();
    endResetModel();
}

void DiffTableModel::setPalette(const QPalette& palette)
{
    for (const auto kind : diff::allChangeKinds()) {
        m_icons[indexOf(kind)] = changeIcon(kind, palette);
        m_colours[indexOf(kind)] = changeColour(kind, palette);
    }
    if (!m_rows.empty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, kColumnCount - 1),
                           {Qt::DecorationRole, Qt::ForegroundRole});
    }
}

const diff::DiffEntry* DiffTableModel::entryAt(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return nullptr;
    }
    const Row& at = m_rows[static_cast<std::size_t>(row)];
    return &m_result.sections[static_cast<std::size_t>(at.section)]
                .entries[static_cast<std::size_t>(at.entry)];
}

int DiffTableModel::sectionOf(int row) const
{
    return row < 0 || row >= rowCount() ? -1 : m_rows[static_cast<std::size_t>(row)].section;
}

QString DiffTableModel::sectionTitle(const diff::DiffSection& section)
{
    QString platform = section.platform.empty() ? tr("any platform") : fromStd(section.platform);
    if (!section.otherPlatform.empty()) {
        platform += QStringLiteral(" \u2192 ") + fromStd(section.otherPlatform);
    }
    //: A tab of the comparison: the platform, then the package manager ("linux-64 · pip").
    return tr("%1 · %2").arg(platform, fromStd(section.manager));
}

QString DiffTableModel::changeLabel(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::Added:
        return tr("added");
    case ChangeKind::Removed:
        return tr("removed");
    case ChangeKind::Upgraded:
        return tr("upgraded");
    case ChangeKind::Downgraded:
        return tr("downgraded");
    case ChangeKind::Rebuilt:
        return tr("rebuilt");
    case ChangeKind::ChannelChanged:
        return tr("channel moved");
    case ChangeKind::CategoryChanged:
        //: conda-lock categories (main, dev, test)
        return tr("category changed");
    case ChangeKind::Loosened:
        //: a version spec that now allows more versions
        return tr("loosened");
    case ChangeKind::Tightened:
        //: a version spec that now allows fewer versions
        return tr("tightened");
    case ChangeKind::SpecChanged:
        return tr("spec changed");
    case ChangeKind::Unchanged:
        return tr("unchanged");
    }
    return {};
}

int DiffTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DiffTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QString DiffTableModel::changeText(const diff::DiffEntry& entry) const
{
    QString text = changeLabel(entry.kind);
    for (const auto also : entry.also) {
        text += QStringLiteral(", ") + changeLabel(also);
    }
    return text;
}

QString DiffTableModel::channelText(const diff::DiffEntry& entry) const
{
    const auto channelOf = [](const diff::SnapshotEntry& side) {
        return side.channel.empty() ? QString() : fromStd(side.channel);
    };
    if (entry.before && entry.after && entry.before->channel != entry.after->channel) {
        const QString before = channelOf(*entry.before);
        const QString after = channelOf(*entry.after);
        return QStringLiteral("%1 \u2192 %2")
            .arg(before.isEmpty() ? tr("any channel") : before,
                 after.isEmpty() ? tr("any channel") : after);
    }
    return channelOf(entry.after ? *entry.after : *entry.before);
}

QString DiffTableModel::changeDetails(const diff::DiffEntry& entry) const
{
    const QString name = fromStd(entry.name);
    const QString before = entry.before ? describe(*entry.before) : QString();
    const QString after = entry.after ? describe(*entry.after) : QString();
    QString text;
    switch (entry.kind) {
    case ChangeKind::Added:
        text = tr("%1 %2 is only on the right").arg(name, after);
        break;
    case ChangeKind::Removed:
        text = tr("%1 %2 is only on the left").arg(name, before);
        break;
    case ChangeKind::Upgraded:
        text = tr("%1 was upgraded from %2 to %3").arg(name, before, after);
        break;
    case ChangeKind::Downgraded:
        text = tr("%1 was downgraded from %2 to %3").arg(name, before, after);
        break;
    case ChangeKind::Rebuilt:
        text = tr("%1 has the same version, another build: %2 → %3").arg(name, before, after);
        break;
    case ChangeKind::ChannelChanged:
        text = tr("%1 comes from another channel: %2").arg(name, channelText(entry));
        break;
    case ChangeKind::CategoryChanged:
        text = tr("%1 moved to another category (main, dev, test, …) or between optional and "
                  "required")
                   .arg(name);
        break;
    case ChangeKind::Loosened:
        text = tr("The spec of %1 allows more versions: %2 → %3").arg(name, before, after);
        break;
    case ChangeKind::Tightened:
        text = tr("The spec of %1 allows fewer versions: %2 → %3").arg(name, before, after);
        break;
    case ChangeKind::SpecChanged:
        text = tr("The spec of %1 changed: %2 → %3").arg(name, before, after);
        break;
    case ChangeKind::Unchanged:
        text = tr("%1 is the same on both sides").arg(name);
        break;
    }
    if (entry.kind != ChangeKind::ChannelChanged
        && std::find(entry.also.begin(), entry.also.end(), ChangeKind::ChannelChanged)
               != entry.also.end()) {
        text += QLatin1Char('\n') + tr("It also moved channel: %1").arg(channelText(entry));
    }
    return text;
}

QVariant DiffTableModel::sideText(const diff::DiffEntry& entry, bool after, int role) const
{
    const auto& side = after ? entry.after : entry.before;
    if (!side) {
        if (role == Qt::ToolTipRole) {
            return after ? tr("Not on the right") : tr("Not on the left");
        }
        return role == Qt::DisplayRole ? QStringLiteral("\u2014") : QString();
    }
    QString text = describe(*side);
    QString categories;
    if (!side->categories.empty() || side->optional) {
        QStringList names;
        for (const auto& category : side->categories) {
            names << fromStd(category);
        }
        categories = side->optional ? tr("%1 (optional)").arg(names.join(QLatin1Char('+')))
                                    : names.join(QLatin1Char('+'));
    }
    if (role == Qt::ToolTipRole) {
        QStringList lines;
        if (side->isSpec()) {
            lines << tr("Spec: %1").arg(fromStd(side->spec));
        } else {
            lines << tr("Version: %1").arg(fromStd(side->version));
            if (!side->build.empty()) {
                lines << tr("Build: %1").arg(fromStd(side->build));
            }
        }
        if (!side->channel.empty()) {
            lines << tr("Channel: %1").arg(fromStd(side->channel));
        }
        if (!categories.isEmpty()) {
            lines << tr("Category: %1").arg(categories);
        }
        if (side->line > 0) {
            const std::string& path = after ? m_result.b.path : m_result.a.path;
            lines << tr("Read from %1:%2").arg(fromStd(path), QString::number(side->line));
        }
        return lines.join(QLatin1Char('\n'));
    }
    // The categories matter where they changed; elsewhere they would only crowd the cell.
    if (!categories.isEmpty() && hasKind(entry, ChangeKind::CategoryChanged)) {
        text += QStringLiteral(" · ") + categories;
    }
    return text;
}

QVariant DiffTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= rowCount()
        || index.column() >= kColumnCount) {
        return {};
    }
    const diff::DiffEntry& entry = *entryAt(index.row());
    const int section = sectionOf(index.row());
    switch (role) {
    case KindRole:
        return static_cast<int>(entry.kind);
    case SectionRole:
        return section;
    case NameRole:
        return fromStd(entry.name);
    case Qt::DecorationRole:
        return index.column() == ChangeColumn ? QVariant(m_icons[indexOf(entry.kind)]) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == ChangeColumn) {
            return m_colours[indexOf(entry.kind)];
        }
        return {};
    case SortRole:
        if (index.column() == ChangeColumn) {
            return static_cast<int>(entry.kind);
        }
        if (index.column() == PackageColumn) {
            return fromStd(entry.name).toLower();
        }
        if (index.column() == PlatformColumn) {
            return section;
        }
        return data(index, Qt::DisplayRole);
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        break;
    default:
        return {};
    }
    const bool tip = role == Qt::ToolTipRole;
    switch (index.column()) {
    case PackageColumn:
        return fromStd(entry.name);
    case PlatformColumn:
        return sectionTitle(m_result.sections[static_cast<std::size_t>(section)]);
    case LeftColumn:
        return sideText(entry, false, role == Qt::AccessibleTextRole ? Qt::DisplayRole : role);
    case RightColumn:
        return sideText(entry, true, role == Qt::AccessibleTextRole ? Qt::DisplayRole : role);
    case ChangeColumn:
        return tip ? changeDetails(entry) : changeText(entry);
    case ChannelColumn:
        return channelText(entry);
    default:
        return {};
    }
}

QVariant DiffTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (section == LeftColumn && m_hasResult) {
            return fromStd(m_result.a.path);
        }
        if (section == RightColumn && m_hasResult) {
            return fromStd(m_result.b.path);
        }
        return {};
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case PackageColumn:
        return tr("Package");
    case PlatformColumn:
        return tr("Platform");
    case LeftColumn:
        //: The version on the left side of the comparison
        return tr("Left");
    case RightColumn:
        //: The version on the right side of the comparison
        return tr("Right");
    case ChangeColumn:
        return tr("Change");
    case ChannelColumn:
        return tr("Channel");
    default:
        return {};
    }
}

DiffFilterModel::DiffFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    m_visible.fill(true);
    m_visible[indexOf(ChangeKind::Unchanged)] = false;
    setSortRole(DiffTableModel::SortRole);
}

void DiffFilterModel::setSection(int section)
{
    if (section != m_section) {
        m_section = section;
        invalidateFilter();
    }
}

void DiffFilterModel::setKindVisible(ChangeKind kind, bool visible)
{
    if (m_visible[indexOf(kind)] != visible) {
        m_visible[indexOf(kind)] = visible;
        invalidateFilter();
    }
}

bool DiffFilterModel::isKindVisible(ChangeKind kind) const
{
    return m_visible[indexOf(kind)];
}

void DiffFilterModel::setSearch(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed != m_search) {
        m_search = trimmed;
        invalidateFilter();
    }
}

bool DiffFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_section >= 0 && index.data(DiffTableModel::SectionRole).toInt() != m_section) {
        return false;
    }
    const int kind = index.data(DiffTableModel::KindRole).toInt();
    if (kind < 0 || kind >= static_cast<int>(diff::kChangeKindCount)
        || !m_visible[static_cast<std::size_t>(kind)]) {
        return false;
    }
    return m_search.isEmpty()
           || index.data(DiffTableModel::NameRole)
                  .toString()
                  .contains(m_search, Qt::CaseInsensitive);
}

} // namespace envdesk::ui
