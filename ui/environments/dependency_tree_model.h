#pragma once

#include "core/env/dependency_graph.h"
#include "core/specs/package_record.h"

#include <QAbstractItemModel>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace envdesk::ui {

// One package of an environment as a tree: what it needs, recursively (Dependencies), or who
// needs it, recursively up to what the user asked for (Dependents: "why is this installed?").
// The package itself is the one top-level row. Children are made when a view expands a row
// (canFetchMore/fetchMore), so a large environment is never walked as a whole; a package that
// already appears among its own ancestors is shown once more, marked as a cycle, and not expanded.
// A dependency that is not installed (a virtual package such as `__glibc`, or a broken
// environment) shows its spec greyed.
class DependencyTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum class Direction { Dependencies, Dependents };
    enum Column { PackageColumn, VersionColumn, RequestedColumn };
    enum Role {
        PackageNameRole = Qt::UserRole + 1,
        DependencySpecRole, // the spec that led to this row; empty for the top row
        IsInstalledRole,
        IsCycleRole,
        IsRequestedRole,
    };

    explicit DependencyTreeModel(QObject* parent = nullptr);
    ~DependencyTreeModel() override;

    // `requested`: package name -> the spec the user asked for it with (conda-meta/history).
    // The package shown stays the same; its rows are made afresh from the new records.
    void setEnvironment(std::vector<specs::PackageRecord> records,
                        std::map<std::string, std::string> requested);
    // Shows `name` in `direction`; an empty name shows nothing.
    void setRoot(const std::string& name, Direction direction);

    [[nodiscard]] Direction direction() const { return m_direction; }
    // How many rows exist so far: the tree grows only as it is expanded (tests check that).
    [[nodiscard]] std::size_t loadedNodeCount() const { return m_nodeCount; }

    [[nodiscard]] QModelIndex index(int row, int column,
                                    const QModelIndex& parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex& child) const override;
    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] bool hasChildren(const QModelIndex& parent = {}) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    struct Node;

    [[nodiscard]] Node* nodeOf(const QModelIndex& index) const;
    [[nodiscard]] std::unique_ptr<Node> makeNode(Node* parent, int row, std::string name,
                                                 std::string spec);
    // Whether expanding `node` would give rows (answered without making them).
    [[nodiscard]] bool mayHaveChildren(const Node& node) const;
    [[nodiscard]] bool isRequested(const std::string& name) const;
    [[nodiscard]] QString packageText(const Node& node) const;
    [[nodiscard]] QString packageToolTip(const Node& node) const;
    [[nodiscard]] QString versionText(const Node& node) const;
    void rebuildRoot();

    env::DependencyGraph m_graph;
    std::map<std::string, std::string> m_requested;
    std::string m_rootName;
    Direction m_direction = Direction::Dependencies;
    std::unique_ptr<Node> m_root;
    std::size_t m_nodeCount = 0;
};

} // namespace envdesk::ui
