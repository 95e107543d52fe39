#pragma once

#include <QStringList>
#include <QWidget>

#include <functional>

class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace envdesk::ui {

// A list of strings the user orders: a field to type a new one with Add, the list (drag to
// reorder, double-click to edit), and buttons to move and remove the selected entry. Its texts
// come translated from the page that uses it; its children's object names start with the
// page's prefix ("channels" gives channelsInput, channelsList, channelsAdd, ...), so tests and
// accessibility tools find each list's parts.
class ListEditor : public QWidget {
public:
    struct Texts {
        QString name; // accessible name of the list
        QString placeholder;
        QString add, addTip;
        QString remove, removeTip;
        QString up, upTip;
        QString down, downTip;
    };

    ListEditor(const QString& prefix, const Texts& texts, QWidget* parent);

    // Called after every change to the list: an entry added, edited, moved or removed.
    std::function<void()> onChanged;

    [[nodiscard]] QListWidget* list() const { return m_list; }
    [[nodiscard]] QLineEdit* input() const { return m_input; }

    [[nodiscard]] QStringList items() const;
    void setItems(const QStringList& items);
    // Words the input field offers as the user types (case-insensitive).
    void setCompletions(const QStringList& words);

private:
    QPushButton* makeButton(const QString& name, const QString& text, const QString& tip);
    static QListWidgetItem* makeItem(const QString& text);
    void addFromInput();
    void move(int delta);
    void updateButtons();
    void notify();

    QLineEdit* m_input = nullptr;
    QPushButton* m_add = nullptr;
    QListWidget* m_list = nullptr;
    QPushButton* m_up = nullptr;
    QPushButton* m_down = nullptr;
    QPushButton* m_remove = nullptr;
};

} // namespace envdesk::ui
