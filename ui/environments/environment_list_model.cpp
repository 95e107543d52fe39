#include "ui/environments/environment_list_model.h"

#include "ui/changes/change_sources.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPalette>

#include <algorithm>

namespace envdesk::ui {

EnvironmentListModel::EnvironmentListModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void EnvironmentListModel::setEnvironments(std::vector<env::EnvironmentInfo> environments)
{
    // Grouped by installation, groups in the order discovery met them, so that the list reads
    // as "this conda's environments, then that micromamba's" without reordering within a group.
    std::vector<std::string> order;
    for (const auto& info : environments) {
        if (std::find(order.begin(), order.end(), info.installation) == order.end()) {
            order.push_back(info.installation);
        }
    }
    std::stable_sort(environments.begin(), environments.end(), [&](const auto& a, const auto& b) {
        return std::find(order.begin(), order.end(), a.installation)
               < std::find(order.begin(), order.end(), b.installation);
    });
    beginResetModel();
    m_environments = std::move(environments);
    m_usage.clear();
    endResetModel();
}

QString EnvironmentListModel::groupTitle(const std::string& installation)
{
    if (installation.empty()) {
        // The configured envs_dirs and the registry's loose prefixes: what Envdesk manages.
        return tr("Envdesk");
    }
    QString path = QString::fromStdString(installation);
    const QString home = QDir::homePath();
    if (path == home || path.startsWith(home + QLatin1Char('/'))) {
        path = QLatin1Char('~') + path.mid(home.size());
    }
    const bool micromamba =
        env::installationTool(installation) == env::InstallationTool::Micromamba;
    return tr("%1 — %2").arg(micromamba ? QStringLiteral("micromamba") : QStringLiteral("conda"),
                             path);
}

void EnvironmentListModel::setUsage(const std::map<std::string, env::EnvironmentUsage>& usage)
{
    m_usage = usage;
    if (!m_environments.empty()) {
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
    }
}

void EnvironmentListModel::setKernels(std::map<std::string, std::string> kernels)
{
    if (kernels == m_kernels) {
        return;
    }
    m_kernels = std::move(kernels);
    if (!m_environments.empty()) {
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
    }
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
    const auto usage = m_usage.find(info->prefix);
    switch (role) {
    case Qt::DisplayRole: {
        if (!usable) {
            return tr("%1 (unusable)").arg(name);
        }
        QString shown =
            info->pythonVersion.empty()
                ? name
                : tr("%1 · Python %2").arg(name, QString::fromStdString(info->pythonVersion));
        if (usage != m_usage.end()) {
            shown =
                tr("%1 · %2").arg(shown, formatBytes(static_cast<qint64>(usage->second.diskBytes)));
        }
        if (m_kernels.contains(info->prefix)) {
            shown = tr("%1 · Jupyter").arg(shown);
        }
        return shown;
    }
    case Qt::ToolTipRole: {
        QString tip = QDir::toNativeSeparators(prefix);
        if (usable) {
            tip += QLatin1Char('\n')
                   + (info->packageCount == 1
                          ? tr("1 package")
                          : tr("%1 packages").arg(static_cast<qulonglong>(info->packageCount)));
        }
        if (usage != m_usage.end()) {
            tip += QLatin1Char('\n')
                   + tr("%1 on disk of its own, %2 shared with the package cache")
                         .arg(formatBytes(static_cast<qint64>(usage->second.diskBytes)),
                              formatBytes(static_cast<qint64>(usage->second.sharedBytes)));
            if (usage->second.lastChange > 0) {
                tip += QLatin1Char('\n')
                       + tr("Last changed %1")
                             .arg(QLocale().toString(
                                 QDateTime::fromSecsSinceEpoch(usage->second.lastChange),
                                 QLocale::ShortFormat));
            }
        }
        if (const auto kernel = m_kernels.find(info->prefix); kernel != m_kernels.end()) {
            tip += QLatin1Char('\n')
                   + tr("A Jupyter kernel: %1").arg(QString::fromStdString(kernel->second));
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
    case KernelRole: {
        const auto kernel = m_kernels.find(info->prefix);
        return kernel == m_kernels.end() ? QString() : QString::fromStdString(kernel->second);
    }
    case PythonVersionRole:
        return QString::fromStdString(info->pythonVersion);
    case PackageCountRole:
        return static_cast<qulonglong>(info->packageCount);
    case InstallationRole:
        return QString::fromStdString(info->installation);
    case GroupHeaderRole:
        if (index.row() == 0
            || environmentAt(index.row() - 1)->installation != info->installation) {
            return groupTitle(info->installation);
        }
        return {};
    case UsableRole:
        return usable;
    case DiskBytesRole:
        return usage == m_usage.end() ? QVariant()
                                      : QVariant(static_cast<qulonglong>(usage->second.diskBytes));
    default:
        return {};
    }
}

} // namespace envdesk::ui
