#include "ui/common/value_bar_delegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace envdesk::ui {

ValueBarDelegate::ValueBarDelegate(int valueRole, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_valueRole(valueRole)
{
}

void ValueBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const
{
    QStyleOptionViewItem item(option);
    initStyleOption(&item, index);
    const QString text = item.text;
    item.text.clear();
    const QWidget* widget = item.widget;
    QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget);

    const QRect area = item.rect.adjusted(4, 3, -4, -3);
    const QVariant value = index.data(m_valueRole);
    const bool selected = (item.state & QStyle::State_Selected) != 0;
    if (value.isValid() && m_largest > 0 && area.width() > 0) {
        // A sliver even for the smallest value, so that a bar is seen to be there.
        const double share = std::clamp(value.toDouble() / m_largest, 0.03, 1.0);
        QRect bar = area;
        bar.setWidth(std::max(2, static_cast<int>(std::lround(area.width() * share))));
        QColor colour = item.palette.color(QPalette::Highlight);
        colour.setAlpha(selected ? 220 : 90);
        painter->fillRect(bar, colour);
    }
    painter->save();
    painter->setPen(item.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(area.adjusted(4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
    painter->restore();
}

} // namespace envdesk::ui
