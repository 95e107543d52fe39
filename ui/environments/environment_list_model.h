#pragma once

#include "core/env/environments.h"

#include <QAbstractListModel>

#include <map>
#include <vector>

namespace envdesk::ui {

// The environments of the left pane, as core's discovery finds them, grouped by installation:
// one row each, the name
// (or the folder's, for an environment outside any envs dir) with its Python version, the path
// and any problem as the tooltip, broken and missing ones greyed.
class EnvironmentListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        PrefixRole = Qt::UserRole + 1,
        PythonVersionRole,
        PackageCountRole,
        InstallationRole,
        UsableRole,    // false for missing and broken environments
        DiskBytesRole, // what deleting it would free; invalid until measured
        // On the first row of each installation's group: the group's title ("conda —
        // ~/miniconda3"); invalid on the others.
        GroupHeaderRole,
        KernelRole, // the Jupyter kernel Envdesk made for it ("" when none)
    };

    explicit EnvironmentListModel(QObject* parent = nullptr);

    void setEnvironments(std::vector<env::EnvironmentInfo> environments);
    // Sizes arrive later than the list (measuring walks every file): by prefix.
    void setUsage(const std::map<std::string, env::EnvironmentUsage>& usage);
    // The Jupyter kernels Envdesk made, by prefix -> display name: "· Jupyter" on their rows.
    void setKernels(std::map<std::string, std::string> kernels);
    [[nodiscard]] const env::EnvironmentInfo* environmentAt(int row) const;
    // The row of `prefix`, or -1.
    [[nodiscard]] int rowOf(const QString& prefix) const;

    // The title of an installation's group of environments.
    [[nodiscard]] static QString groupTitle(const std::string& installation);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;

private:
    std::vector<env::EnvironmentInfo> m_environments;
    std::map<std::string, env::EnvironmentUsage> m_usage;
    std::map<std::string, std::string> m_kernels;
};

} // namespace envdesk::ui
