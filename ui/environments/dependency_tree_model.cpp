#include "ui/environments/dependency_tree_model.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace envdesk::ui {

namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

// Virtual packages (`__glibc`, `__cuda`) are provided by the system, never installed.
bool isVirtual(const std::string& name)
{
    return name.rfind("__", 0) == 0;
}

} // namespace

// One row of the tree. Rows own their children; a row's children are made once, when it is
// first expanded.
struct DependencyTreeModel::Node {
    Node* parent = nullptr;
    int row = 0;
    std::string name;
    std::string spec; // the dependency spec that led here; empty for the top row
    const specs::PackageRecord* record = nullptr; // null: not installed
    bool cycle = false;
    bool fetched = false;
    std::vector<std::unique_ptr<Node>> children;
};

DependencyTreeModel::DependencyTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

DependencyTreeModel::~DependencyTreeModel() = default;

void DependencyTreeModel::setEnvironment(std::vector<specs::PackageRecord> records,
                                         std::map<std::string, std::string> requested)
{
    beginResetModel();
    m_graph.setRecords(std::move(records));
    m_requested = std::move(requested);
    rebuildRoot();
    endResetModel();
}

void DependencyTreeModel::setRoot(const std::string& name, Direction direction)
{
    beginResetModel();
    m_rootName = name;
    m_direction = direction;
    rebuildRoot();
    endResetModel();
}

void DependencyTreeModel::rebuildRoot()
{
    m_root.reset();
    m_nodeCount = 0;
    if (!m_rootName.empty()) {
        m_root = makeNode(nullptr, 0, m_rootName, {});
    }
}

std::unique_ptr<DependencyTreeModel::Node>
DependencyTreeModel::makeNode(Node* parent, int row, std::string name, std::string spec)
{
    auto node = std::make_unique<Node>();
    node->parent = parent;
    node->row = row;
    node->record = m_graph.find(name);
    for (const Node* above = parent; above != nullptr; above = above->parent) {
        if (above->name == name) {
            node->cycle = true;
            break;
        }
    }
    node->name = std::move(name);
    node->spec = std::move(spec);
    ++m_nodeCount;
    return node;
}

bool DependencyTreeModel::isRequested(const std::string& name) const
{
    return m_requested.count(name) != 0;
}

bool DependencyTreeModel::mayHaveChildren(const Node& node) const
{
    if (node.fetched) {
        return !node.children.empty();
    }
    if (node.cycle) {
        return false;
    }
    if (m_direction == Direction::Dependencies) {
        return node.record != nullptr && !node.record->depends.empty();
    }
    // A requested package is the answer to "why is this installed": the walk up stops there.
    if (node.parent != nullptr && isRequested(node.name)) {
        return false;
    }
    return !m_graph.dependentsOf(node.name).empty();
}

DependencyTreeModel::Node* DependencyTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : nullptr;
}

QModelIndex DependencyTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= columnCount(parent)) {
        return {};
    }
    if (!parent.isValid()) {
        return row == 0 && m_root ? createIndex(0, column, m_root.get()) : QModelIndex();
    }
    const Node* node = nodeOf(parent);
    if (parent.column() != 0 || row >= static_cast<int>(node->children.size())) {
        return {};
    }
    return createIndex(row, column, node->children[static_cast<std::size_t>(row)].get());
}

QModelIndex DependencyTreeModel::parent(const QModelIndex& child) const
{
    const Node* node = nodeOf(child);
    if (node == nullptr || node->parent == nullptr) {
        return {};
    }
    return createIndex(node->parent->row, 0, node->parent);
}

int DependencyTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid()) {
        return m_root ? 1 : 0;
    }
    if (parent.column() != 0) {
        return 0;
    }
    return static_cast<int>(nodeOf(parent)->children.size());
}

int DependencyTreeModel::columnCount(const QModelIndex&) const
{
    // Whether a package was requested only answers "why is it installed", the Dependents view.
    return m_direction == Direction::Dependents ? 3 : 2;
}

bool DependencyTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (!parent.isValid()) {
        return m_root != nullptr;
    }
    return parent.column() == 0 && mayHaveChildren(*nodeOf(parent));
}

bool DependencyTreeModel::canFetchMore(const QModelIndex& parent) const
{
    const Node* node = nodeOf(parent);
    return node != nullptr && parent.column() == 0 && !node->fetched && mayHaveChildren(*node);
}

void DependencyTreeModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent)) {
        return;
    }
    Node* node = nodeOf(parent);
    const std::vector<env::DependencyGraph::Edge> edges = m_direction == Direction::Dependencies
                                                              ? m_graph.dependenciesOf(node->name)
                                                              : m_graph.dependentsOf(node->name);
    node->fetched = true;
    if (edges.empty()) {
        return;
    }
    beginInsertRows(parent, 0, static_cast<int>(edges.size()) - 1);
    node->children.reserve(edges.size());
    for (const auto& edge : edges) {
        node->children.push_back(
            makeNode(node, static_cast<int>(node->children.size()), edge.name, edge.spec));
    }
    endInsertRows();
}

QString DependencyTreeModel::packageText(const Node& node) const
{
    QString out;
    if (node.parent == nullptr) {
        out = text(node.name);
    } else if (m_direction == Direction::Dependents) {
        out = tr("%1 (requires %2)").arg(text(node.name), text(node.spec));
    } else if (node.spec.rfind(node.name, 0) == 0) {
        out = text(node.spec); // `zlib >=1.2.13,<2` already says which package
    } else {
        out = tr("%1 (%2)").arg(text(node.name), text(node.spec));
    }
    return node.cycle ? tr("%1 (cycle)").arg(out) : out;
}

QString DependencyTreeModel::packageToolTip(const Node& node) const
{
    if (node.cycle) {
        return tr("%1 already appears above this row: the dependencies form a cycle")
            .arg(text(node.name));
    }
    if (node.record == nullptr) {
        return isVirtual(node.name)
                   ? tr("%1 is a virtual package: the system provides it").arg(text(node.name))
                   : tr("%1 is not installed in this environment").arg(text(node.name));
    }
    return tr("%1 %2 (%3) from %4")
        .arg(text(node.name), text(node.record->version), text(node.record->build),
             text(node.record->channel));
}

QString DependencyTreeModel::versionText(const Node& node) const
{
    if (node.record != nullptr) {
        return text(node.record->version);
    }
    return isVirtual(node.name) ? tr("virtual") : tr("not installed");
}

QVariant DependencyTreeModel::data(const QModelIndex& index, int role) const
{
    const Node* node = nodeOf(index);
    if (node == nullptr) {
        return {};
    }
    const bool requested = m_direction == Direction::Dependents && isRequested(node->name);
    switch (role) {
    case PackageNameRole:
        return text(node->name);
    case DependencySpecRole:
        return text(node->spec);
    case IsInstalledRole:
        return node->record != nullptr;
    case IsCycleRole:
        return node->cycle;
    case IsRequestedRole:
        return isRequested(node->name);
    case Qt::ForegroundRole:
        if (node->record == nullptr || node->cycle) {
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        }
        return {};
    case Qt::FontRole:
        if (requested) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        break;
    default:
        return {};
    }
    const bool tip = role == Qt::ToolTipRole;
    switch (index.column()) {
    case PackageColumn:
        return tip ? packageToolTip(*node) : packageText(*node);
    case VersionColumn:
        return tip && node->record ? text(node->record->build) : versionText(*node);
    case RequestedColumn:
        if (!requested) {
            return {};
        }
        return tip ? tr("You asked for %1").arg(text(m_requested.at(node->name))) : tr("requested");
    default:
        return {};
    }
}

QVariant DependencyTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case PackageColumn:
        return tr("Package");
    case VersionColumn:
        return tr("Version");
    case RequestedColumn:
        return tr("Requested");
    default:
        return {};
    }
}

} // namespace envdesk::ui
