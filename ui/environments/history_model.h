#pragma once

#include "core/env/history.h"

#include <QStandardItemModel>

#include <vector>

namespace envdesk::ui {

// The revisions of an environment's conda-meta/history as a tree, newest first: each revision
// ("rev 3 · 2024-03-01 12:30:45" and the command that made it), and under it what changed,
// grouped as conda's `list --revisions` groups it (upgraded, downgraded, installed, removed).
class HistoryModel : public QStandardItemModel {
    Q_OBJECT

public:
    enum Column { RevisionColumn, CommandColumn };
    enum Role { RevisionNumberRole = Qt::UserRole + 1 };

    explicit HistoryModel(QObject* parent = nullptr);

    void setRevisions(const std::vector<env::Revision>& revisions);

private:
    void setHeaders();
};

} // namespace envdesk::ui
