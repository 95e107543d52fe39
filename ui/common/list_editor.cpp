#include "ui/common/list_editor.h"

#include <QAbstractItemModel>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace envdesk::ui {

ListEditor::ListEditor(const QString& prefix, const Texts& texts, QWidget* parent)
    : QWidget(parent)
{
    m_input = new QLineEdit(this);
    m_input->setObjectName(prefix + QStringLiteral("Input"));
    m_input->setPlaceholderText(texts.placeholder);
    m_input->setAccessibleName(texts.placeholder);
    m_add = makeButton(prefix + QStringLiteral("Add"), texts.add, texts.addTip);
    m_list = new QListWidget(this);
    m_list->setObjectName(prefix + QStringLiteral("List"));
    m_list->setAccessibleName(texts.name);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    // Entries are often URLs that differ at both ends (the mirror, the channel): cut in the
    // middle, whole in the tooltip, never scrolled sideways.
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setMinimumHeight(80);
    m_list->setMaximumHeight(110);
    m_up = makeButton(prefix + QStringLiteral("Up"), texts.up, texts.upTip);
    m_down = makeButton(prefix + QStringLiteral("Down"), texts.down, texts.downTip);
    m_remove = makeButton(prefix + QStringLiteral("Remove"), texts.remove, texts.removeTip);

    auto* inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_add);
    auto* side = new QVBoxLayout;
    side->addWidget(m_up);
    side->addWidget(m_down);
    side->addWidget(m_remove);
    side->addStretch(1);
    auto* listRow = new QHBoxLayout;
    listRow->addWidget(m_list, 1);
    listRow->addLayout(side);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(inputRow);
    layout->addLayout(listRow);

    connect(m_add, &QPushButton::clicked, this, [this] { addFromInput(); });
    connect(m_input, &QLineEdit::returnPressed, this, [this] { addFromInput(); });
    connect(m_input, &QLineEdit::textChanged, this, [this] { updateButtons(); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        delete m_list->takeItem(m_list->currentRow());
        updateButtons();
    });
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    connect(m_list, &QListWidget::currentRowChanged, this, [this] { updateButtons(); });
    QAbstractItemModel* model = m_list->model();
    connect(model, &QAbstractItemModel::dataChanged, this, [this] { notify(); });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] { notify(); });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] { notify(); });
    connect(model, &QAbstractItemModel::rowsMoved, this, [this] { notify(); });
    updateButtons();
}

QStringList ListEditor::items() const
{
    QStringList out;
    for (int row = 0; row < m_list->count(); ++row) {
        out << m_list->item(row)->text();
    }
    return out;
}

void ListEditor::setItems(const QStringList& items)
{
    m_list->clear();
    for (const QString& text : items) {
        m_list->addItem(makeItem(text));
    }
    updateButtons();
}

void ListEditor::setCompletions(const QStringList& words)
{
    auto* completer = new QCompleter(words, m_input);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_input->setCompleter(completer);
}

QPushButton* ListEditor::makeButton(const QString& name, const QString& text, const QString& tip)
{
    auto* button = new QPushButton(text, this);
    button->setObjectName(name);
    button->setToolTip(tip);
    button->setAccessibleName(text);
    button->setAccessibleDescription(tip);
    return button;
}

QListWidgetItem* ListEditor::makeItem(const QString& text)
{
    auto* item = new QListWidgetItem(text);
    item->setToolTip(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable
                   | Qt::ItemIsDragEnabled);
    return item;
}

void ListEditor::addFromInput()
{
    const QString text = m_input->text().trimmed();
    if (text.isEmpty()) {
        return;
    }
    m_list->addItem(makeItem(text));
    m_list->setCurrentRow(m_list->count() - 1);
    m_input->clear();
    updateButtons();
}

void ListEditor::move(int delta)
{
    const int row = m_list->currentRow();
    const int target = row + delta;
    if (row < 0 || target < 0 || target >= m_list->count()) {
        return;
    }
    QListWidgetItem* item = m_list->takeItem(row);
    m_list->insertItem(target, item);
    m_list->setCurrentRow(target);
    updateButtons();
}

void ListEditor::updateButtons()
{
    const int row = m_list->currentRow();
    m_add->setEnabled(!m_input->text().trimmed().isEmpty());
    m_remove->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_list->count());
}

void ListEditor::notify()
{
    updateButtons();
    if (onChanged) {
        onChanged();
    }
}

} // namespace envdesk::ui
