#pragma once

#include <QIcon>
#include <QWidget>

class QLabel;
class QString;

namespace envdesk::ui {

// A page with nothing to show yet: a large muted icon, a title and one sentence saying what the
// page will hold. The labels are named "pageIcon", "pageTitle" and "pageDescription".
class EmptyStatePage : public QWidget {
    Q_OBJECT

public:
    EmptyStatePage(const QString& title, const QString& description, QWidget* parent = nullptr);

    void setIcon(const QIcon& icon);

private:
    QLabel* m_icon = nullptr;
};

} // namespace envdesk::ui
