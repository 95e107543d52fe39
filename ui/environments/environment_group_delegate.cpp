#include "ui/environments/environment_group_delegate.h"

#include "ui/environments/environment_list_model.h"

#include <QApplication>
#include <QPainter>

namespace envdesk::ui {

int EnvironmentGroupDelegate::headerHeight(const QStyleOptionViewItem& option)
{
    return option.fontMetrics.height() + 10;
}

QSize EnvironmentGroupDelegate::sizeHint(const QStyleOptionViewItem& option,
                                         const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(EnvironmentListModel::GroupHeaderRole).isValid()) {
        size.rheight() += headerHeight(option);
    }
    return size;
}

void EnvironmentGroupDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                     const QModelIndex& index) const
{
    const QVariant header = index.data(EnvironmentListModel::GroupHeaderRole);
    if (!header.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const int height = headerHeight(option);
    const QRect headerRect(option.rect.left(), option.rect.top(), option.rect.width(), height);
    painter->save();
    QFont font = option.font;
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    painter->setFont(font);
    const QPalette& palette = option.palette;
    painter->setPen(palette.color(QPalette::Disabled, QPalette::WindowText));
    const QRect textRect = headerRect.adjusted(4, 4, -4, -2);
    painter->drawText(
        textRect, Qt::AlignLeft | Qt::AlignVCenter,
        painter->fontMetrics().elidedText(header.toString(), Qt::ElideMiddle, textRect.width()));
    painter->setPen(palette.color(QPalette::Mid));
    painter->drawLine(headerRect.bottomLeft(), headerRect.bottomRight());
    painter->restore();

    QStyleOptionViewItem item = option;
    item.rect.setTop(option.rect.top() + height);
    QStyledItemDelegate::paint(painter, item, index);
}

} // namespace envdesk::ui
