#include "ui/environments/history_model.h"

namespace envdesk::ui {

namespace {

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

} // namespace

HistoryModel::HistoryModel(QObject* parent)
    : QStandardItemModel(parent)
{
    setHeaders();
}

void HistoryModel::setHeaders()
{
    setHorizontalHeaderLabels({tr("Revision"), tr("Command or change")});
}

void HistoryModel::setRevisions(const std::vector<env::Revision>& revisions)
{
    clear();
    setHeaders();
    using Kind = env::RevisionChange::Kind;
    for (auto it = revisions.rbegin(); it != revisions.rend(); ++it) {
        const env::Revision& revision = *it;
        auto* head =
            new QStandardItem(tr("rev %1 · %2").arg(revision.number).arg(text(revision.date)));
        head->setData(revision.number, RevisionNumberRole);
        head->setEditable(false);
        auto* command = new QStandardItem(revision.command.empty() ? tr("(no command recorded)")
                                                                   : text(revision.command));
        command->setEditable(false);
        command->setToolTip(text(revision.command));
        if (revision.fullState) {
            for (const auto& dist : revision.linked) {
                auto* change = new QStandardItem(tr("has"));
                change->setEditable(false);
                auto* what = new QStandardItem(text(dist.distName()));
                what->setEditable(false);
                head->appendRow({change, what});
            }
        }
        for (const auto& change : env::describeRevision(revision)) {
            QString kind;
            QString what;
            switch (change.kind) {
            case Kind::Upgrade:
                kind = tr("upgraded");
                what =
                    tr("%1  %2 → %3")
                        .arg(text(change.name), text(change.from.version), text(change.to.version));
                break;
            case Kind::Downgrade:
                kind = tr("downgraded");
                what =
                    tr("%1  %2 → %3")
                        .arg(text(change.name), text(change.from.version), text(change.to.version));
                break;
            case Kind::Install:
                kind = tr("installed");
                what = tr("%1  %2").arg(text(change.name), text(change.to.version));
                break;
            case Kind::Remove:
                kind = tr("removed");
                what = tr("%1  %2").arg(text(change.name), text(change.from.version));
                break;
            }
            if (revision.fullState) {
                continue; // a full-state block is listed above, not as changes
            }
            auto* kindItem = new QStandardItem(kind);
            kindItem->setEditable(false);
            auto* whatItem = new QStandardItem(what);
            whatItem->setEditable(false);
            const std::string channel =
                change.to.channel.empty() ? change.from.channel : change.to.channel;
            whatItem->setToolTip(text(channel));
            head->appendRow({kindItem, whatItem});
        }
        appendRow({head, command});
    }
}

} // namespace envdesk::ui
