#pragma once

#include "core/specs/package_record.h"
#include "core/specs/version.h"

#include <QAbstractItemModel>
#include <QDialog>
#include <QSortFilterProxyModel>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTreeView;

namespace envdesk::ui {

// The builds of one package from every channel, as a two-level tree: its versions, newest first
// by conda's version order, and under each version its builds, highest build number first, with
// channel, subdir, size and date. The installed build (and its version) is bold and marked.
class VersionListModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { VersionColumn, ChannelColumn, SubdirColumn, SizeColumn, DateColumn };
    static constexpr int kColumnCount = 5;
    enum Role {
        VersionRole = Qt::UserRole + 1, // the version text, on version and build rows
        BuildRole,                      // the build string; empty on a version row
        IsBuildRowRole,
        IsInstalledRole, // the installed build, or the version it belongs to
        SpecRole,        // what choosing the row installs (see specFor)
    };

    explicit VersionListModel(QObject* parent = nullptr);

    void setRecords(std::vector<specs::PackageRecord> records,
                    std::optional<specs::PackageRecord> installed = std::nullopt);

    // The record of a build row; null for a version row.
    [[nodiscard]] const specs::PackageRecord* recordAt(const QModelIndex& index) const;
    // `name==version` for a version row, `name==version=build` for a build row, empty otherwise.
    [[nodiscard]] QString specFor(const QModelIndex& index) const;
    [[nodiscard]] bool isInstalled(const QModelIndex& index) const;
    [[nodiscard]] int versionCount() const { return static_cast<int>(m_versions.size()); }
    // The version row holding the installed build; invalid when none is installed.
    [[nodiscard]] QModelIndex installedVersionIndex() const;

    [[nodiscard]] QModelIndex index(int row, int column,
                                    const QModelIndex& parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex& child) const override;
    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    // One version, and the indexes of its builds in m_records, in display order.
    struct VersionGroup {
        std::string version;
        std::optional<specs::Version> parsed; // none: the text is not a conda version
        std::vector<std::size_t> builds;
        bool installed = false;
    };

    [[nodiscard]] bool isInstalledRecord(const specs::PackageRecord& record) const;
    [[nodiscard]] QVariant versionRowData(const VersionGroup& group, int column, int role) const;
    [[nodiscard]] QVariant buildRowData(const specs::PackageRecord& record, int column,
                                        int role) const;

    std::vector<specs::PackageRecord> m_records;
    std::optional<specs::PackageRecord> m_installed;
    std::vector<VersionGroup> m_versions;
};

// The filter of the version list. Plain text keeps the versions that start with it and the
// builds that contain it (`1.26`, `py312`); a version spec (`>=1.20,<2`, `1.2*`) keeps the
// versions it matches. A version row that is kept keeps all its builds.
class VersionFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit VersionFilterModel(QObject* parent = nullptr);

    void setQuery(const QString& query);

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow,
                                        const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    std::function<bool(const specs::Version&)> m_versionMatches; // set for a version spec
};

// Lets the user pick the version (or the exact build) of one package to install. It can be
// shown before the records have arrived: setLoading, then setRecords or setError, each shown
// in the status line. OK stays disabled until a row other than the installed build is chosen
// (the installed version's row counts as installed too: choosing it would change nothing).
class VersionChooserDialog : public QDialog {
    Q_OBJECT

public:
    explicit VersionChooserDialog(const QString& packageName,
                                  std::optional<specs::PackageRecord> installed = std::nullopt,
                                  QWidget* parent = nullptr);

    void setLoading(bool loading);
    // How far the load has come ("1 of 2 (3.1 MB)"), after the loading message; cleared when
    // loading ends.
    void setLoadingProgress(const QString& progress);
    void setRecords(std::vector<specs::PackageRecord> records);
    void setError(const QString& message);

    // The match spec to install (see VersionListModel::specFor); empty when nothing is chosen.
    [[nodiscard]] QString chosenSpec() const;
    [[nodiscard]] VersionListModel* model() const { return m_model; }

private:
    enum class State { Loading, Error, Ready };

    void updateStatus();
    void updateOkButton();
    void fitColumns();

    QString m_packageName;
    std::optional<specs::PackageRecord> m_installed;
    State m_state = State::Ready;
    QString m_error;
    QString m_loadingProgress;
    VersionListModel* m_model = nullptr;
    VersionFilterModel* m_filter = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QCheckBox* m_showBuilds = nullptr;
    QLabel* m_status = nullptr;
    QTreeView* m_tree = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace envdesk::ui
