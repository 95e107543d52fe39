#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

class QLabel;
class QPalette;
class QWidget;

// The small labels of a form: a field's problems under it, in a warning colour, and a hint in a
// smaller, quieter font. The texts come translated from the page.
namespace envdesk::ui {

// A red that reads on the palette's window colour, light or dark; the text says what is wrong.
[[nodiscard]] QColor warningColour(const QPalette& palette);

// Hidden until showProblems() gives it something to say; selectable so a user can copy it.
[[nodiscard]] QLabel* problemLabel(const QString& objectName, QWidget* parent);
// One line per problem; hidden when there are none.
void showProblems(QLabel* label, const QStringList& problems);

[[nodiscard]] QLabel* hintLabel(const QString& text, QWidget* parent);
// What a choice (a radio button above it) means: indented to the button's text, wrapped,
// in the quieter colour of a hint.
[[nodiscard]] QLabel* choiceExplanation(const QString& text, QWidget* parent);

} // namespace envdesk::ui
