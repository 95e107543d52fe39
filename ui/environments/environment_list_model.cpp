#include "ui/environments/environment_list_model.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QPalette>

namespace envdesk::ui {

EnvironmentListModel::EnvironmentListModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void EnvironmentListModel::setEnvironments(std::vector<env::EnvironmentInfo> environments)
{
    beginResetModel();
    m_environments = std::move(environments);
    endResetModel();
}

const env::EnvironmentInfo* EnvironmentListModel::environmentAt(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_environments.size())) {
        return nullptr;
    }
    return &m_environments[static_cast<std::size_t>(row)];
}

int EnvironmentListModel::rowOf(const QString& prefix) const
{
    for (std::size_t i = 0; i < m_environments.size(); ++i) {
        if (QString::fromStdString(m_environments[i].prefix) == prefix) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

int EnvironmentListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_environments.size());
}

QVariant EnvironmentListModel::data(const QModelIndex& index, int role) const
{
    const env::EnvironmentInfo* info =
        index.isValid() && !index.parent().isValid() ? environmentAt(index.row()) : nullptr;
    if (info == nullptr) {
        return {};
    }
    const QString prefix = QString::fromStdString(info->prefix);
    const QString name =
        info->name.empty() ? QFileInfo(prefix).fileName() : QString::fromStdString(info->name);
    const bool usable = info->state == env::EnvironmentInfo::State::Ok;
    switch (role) {
    case Qt::DisplayRole:
        if (!usable) {
            return tr("%1 (unusable)").arg(name);
        }
        return info->pythonVersion.empty()
                   ? name
                   : tr("%1 · Python %2").arg(name, QString::fromStdString(info->pythonVersion));
    case Qt::ToolTipRole: {
        QString tip = QDir::toNativeSeparators(prefix);
        if (usable) {
            tip += QLatin1Char('\n')
                   + (info->packageCount == 1
                          ? tr("1 package")
                          : tr("%1 packages").arg(static_cast<qulonglong>(info->packageCount)));
        }
        if (!info->problem.empty()) {
            tip += QLatin1Char('\n') + QString::fromStdString(info->problem);
        }
        return tip;
    }
    case Qt::ForegroundRole:
        if (!usable) {
            return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        }
        return {};
    case Qt::AccessibleDescriptionRole:
        return prefix;
    case PrefixRole:
        return prefix;
    case PythonVersionRole:
        return QString::fromStdString(info->pythonVersion);
    case PackageCountRole:
        return static_cast<qulonglong>(info->packageCount);
    case InstallationRole:
        return QString::fromStdString(info->installation);
    case UsableRole:
        return usable;
    default:
        return {};
    }
}

} // namespace envdesk::ui
