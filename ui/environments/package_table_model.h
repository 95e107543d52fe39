#pragma once

#include "core/channels/channel_about.h"
#include "core/channels/package_catalogue.h"
#include "core/env/dependency_graph.h"
#include "core/specs/package_record.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QSortFilterProxyModel>

#include <map>
#include <string>
#include <vector>

namespace envdesk::ui {

// A change the user has marked but not applied yet (as in Synaptic).
struct PackageMark {
    enum class Kind { Install, Update, Remove };
    Kind kind = Kind::Install;
    std::string spec; // Install: the match spec ("numpy==1.26.4=py312h0"); else the name
};

// The packages of one environment: the installed ones (name, version, build, channel, size, and
// why each is there: the spec the user asked for, or the installed packages that need it), the
// newest version the channels offer, and, once the channels' catalogue is known, the packages
// that are not installed, after the installed ones. Rows show the user's marks.
class PackageTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        DescriptionColumn,
        VersionColumn,
        LatestColumn,
        PinColumn, // the pin of conda-meta/pinned, with a pin icon; empty when not pinned
        BuildColumn,
        ChannelColumn,
        SizeColumn,
        RequestedColumn,
        MarkColumn,
    };
    static constexpr int kColumnCount = 10;
    // What the table sorts by: the text, except sizes, which sort as numbers.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit PackageTableModel(QObject* parent = nullptr);

    // `requested`: package name -> the spec that asked for it (conda-meta/history).
    void setPackages(std::vector<specs::PackageRecord> records,
                     std::map<std::string, std::string> requested);
    // What the channels offer; empty until they have been read.
    void setCatalogue(channels::PackageCatalogue catalogue);
    // What the channels say about their packages (channeldata.json), by name: the Description
    // column and its tooltip.
    void setAbout(std::map<std::string, channels::PackageAbout> about);
    // The installed record of a row, or null for a package that is not installed.
    [[nodiscard]] const specs::PackageRecord* recordAt(int row) const;
    // The package name of any row.
    [[nodiscard]] std::string nameAt(int row) const;
    // The newest record the channels offer for a row's package, or null when unknown.
    [[nodiscard]] const specs::PackageRecord* newestAt(int row) const;
    [[nodiscard]] int installedCount() const { return static_cast<int>(m_records.size()); }
    // Installed, and the channels have a newer version (or build).
    [[nodiscard]] bool isUpgradable(int row) const;
    // How a mark is said ("install numpy==1.26.4"), drawn (an icon per kind) and where it takes
    // the package: the version it names, else the newest the channels have (`newest`).
    [[nodiscard]] static QString markText(const PackageMark& mark);
    [[nodiscard]] static QIcon markIcon(PackageMark::Kind kind);
    [[nodiscard]] static QString markTarget(const PackageMark& mark,
                                            const specs::PackageRecord* newest);
    // The marks by package name; rows of marked packages show them.
    void setMarks(const std::map<std::string, PackageMark>& marks);
    // The environment's pins (conda-meta/pinned), by package name: the Pin column shows the spec
    // with a pin icon. PinnedRole holds it on every column ("" when not pinned).
    void setPins(std::map<std::string, std::string> pins);
    [[nodiscard]] const std::map<std::string, std::string>& pins() const { return m_pins; }
    static constexpr int PinnedRole = Qt::UserRole + 2;
    // The installed packages whose dependencies name `name`, sorted.
    [[nodiscard]] std::vector<std::string> neededBy(const std::string& name) const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    void rebuildAvailable();
    [[nodiscard]] QVariant aboutText(const std::string& name, int role) const;

    std::vector<specs::PackageRecord> m_records;
    std::vector<std::string> m_available; // names not installed, after the installed rows
    channels::PackageCatalogue m_catalogue;
    std::map<std::string, std::string> m_requested;
    env::DependencyGraph m_graph; // who needs what, among m_records
    std::map<std::string, PackageMark> m_marks;
    std::map<std::string, channels::PackageAbout> m_about;
    std::map<std::string, std::string> m_pins;
};

// The search of the packages table. A plain word matches names containing it (case ignored);
// anything a match spec says more than a name (`numpy>=1.26`, `python=3.11`, `*cuda*`) is
// matched as conda would match it against the installed record (or, for a package that is not
// installed, the newest one the channels have). The scope picks which rows take part.
class PackageFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class Scope { Installed, Upgradable, NotInstalled, All };

    explicit PackageFilterModel(QObject* parent = nullptr);

    void setQuery(const QString& query);
    void setScope(Scope scope);
    [[nodiscard]] Scope scope() const { return m_scope; }
    // Why the query could not be read as a match spec, or empty.
    [[nodiscard]] QString queryProblem() const { return m_problem; }

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow,
                                        const QModelIndex& sourceParent) const override;

private:
    QString m_word;
    Scope m_scope = Scope::Installed;
    std::function<bool(const specs::PackageRecord&)> m_matches;
    QString m_problem;
};

} // namespace envdesk::ui
