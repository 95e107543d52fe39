#pragma once

#include "core/diff/lock_diff.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QIcon>
#include <QSortFilterProxyModel>

#include <array>
#include <vector>

class QPalette;

namespace envdesk::ui {

// The symbol a change is shown with beside its colour, so that it never rests on colour alone
// ("+", "−", "↑", "↓", "⟳", "⇄", ...).
[[nodiscard]] QString changeSymbol(diff::ChangeKind kind);
// The change's colour on `palette` (lighter tones on a dark theme), the HTML report's palette.
[[nodiscard]] QColor changeColour(diff::ChangeKind kind, const QPalette& palette);
// A small square in the change's colour holding its symbol.
[[nodiscard]] QIcon changeIcon(diff::ChangeKind kind, const QPalette& palette);

// Every entry of a DiffResult, one row each, section after section in the result's order
// (platform, manager, name). The page picks a section with DiffFilterModel.
class DiffTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        PackageColumn,
        PlatformColumn, // "linux-64 · pip": the section, for a view of all sections at once
        LeftColumn,
        RightColumn,
        ChangeColumn,
        ChannelColumn,
    };
    static constexpr int kColumnCount = 6;
    enum Roles {
        // What the table sorts by: names case-folded, changes in the report's order.
        SortRole = Qt::UserRole + 1,
        // The row's primary change, as an int of diff::ChangeKind.
        KindRole,
        // The index of the row's section in result().sections.
        SectionRole,
        // The package name, as B spells it.
        NameRole,
    };

    explicit DiffTableModel(QObject* parent = nullptr);

    void setResult(diff::DiffResult result);
    void clear();
    [[nodiscard]] const diff::DiffResult& result() const { return m_result; }
    [[nodiscard]] bool hasResult() const { return m_hasResult; }
    // The entry of a row, or null.
    [[nodiscard]] const diff::DiffEntry* entryAt(int row) const;
    [[nodiscard]] int sectionOf(int row) const;
    // "linux-64 · conda", "linux-64 → osx-64 · pip", "any platform · conda".
    [[nodiscard]] static QString sectionTitle(const diff::DiffSection& section);
    // "upgraded", "channel moved", ...: the word a change is shown with.
    [[nodiscard]] static QString changeLabel(diff::ChangeKind kind);
    // Icons and colours follow the palette (light or dark theme).
    void setPalette(const QPalette& palette);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    struct Row {
        int section = 0;
        int entry = 0;
    };
    [[nodiscard]] QVariant sideText(const diff::DiffEntry& entry, bool after, int role) const;
    [[nodiscard]] QString changeText(const diff::DiffEntry& entry) const;
    [[nodiscard]] QString changeDetails(const diff::DiffEntry& entry) const;
    [[nodiscard]] QString channelText(const diff::DiffEntry& entry) const;

    diff::DiffResult m_result;
    bool m_hasResult = false;
    std::vector<Row> m_rows;
    std::array<QIcon, diff::kChangeKindCount> m_icons;
    std::array<QColor, diff::kChangeKindCount> m_colours;
};

// The rows the page shows: one section (or all), the change kinds whose chips are on, and the
// search (a part of the package name, case ignored).
class DiffFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit DiffFilterModel(QObject* parent = nullptr);

    // -1: every section.
    void setSection(int section);
    [[nodiscard]] int section() const { return m_section; }
    void setKindVisible(diff::ChangeKind kind, bool visible);
    [[nodiscard]] bool isKindVisible(diff::ChangeKind kind) const;
    void setSearch(const QString& text);
    [[nodiscard]] QString search() const { return m_search; }

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow,
                                        const QModelIndex& sourceParent) const override;

private:
    int m_section = -1;
    // Every change is shown at first, except what did not change.
    std::array<bool, diff::kChangeKindCount> m_visible{};
    QString m_search;
};

} // namespace envdesk::ui
