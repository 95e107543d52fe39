#pragma once

#include <QStyledItemDelegate>

namespace envdesk::ui {

// Draws the environment list as groups: a row that starts an installation's group
// (EnvironmentListModel::GroupHeaderRole) gets the group's title above it, so the list stays
// flat for selection and keyboard use while reading as sections.
class EnvironmentGroupDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const override;

private:
    [[nodiscard]] static int headerHeight(const QStyleOptionViewItem& option);
};

} // namespace envdesk::ui
