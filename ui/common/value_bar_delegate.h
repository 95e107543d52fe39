#pragma once

#include <QStyledItemDelegate>

namespace envdesk::ui {

// A column whose cells show a figure over a bar as long as the value that `valueRole` holds (a
// double), relative to the largest value (setScale): the Channels page's time to the first
// byte. The bar is never the only way to read the value; a cell without one shows its text.
class ValueBarDelegate : public QStyledItemDelegate {
public:
    ValueBarDelegate(int valueRole, QObject* parent);

    // The value that fills the whole width; 0 draws no bars.
    void setScale(double largest) { m_largest = largest; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

private:
    int m_valueRole;
    double m_largest = 0;
};

} // namespace envdesk::ui
