#pragma once

#include <QIcon>

class QColor;
class QPalette;
class QString;

namespace envdesk::ui {

// The application icon (resources/icons/envdesk.svg).
[[nodiscard]] QIcon appIcon();

// One of Envdesk's monochrome icons (resources/icons/<name>.svg, drawn in currentColor), tinted
// with the palette's text colour so it reads on light and dark themes alike. Call it again when
// the palette changes. A null icon if the name is unknown or Qt's SVG plugin is missing.
[[nodiscard]] QIcon tintedIcon(const QString& name, const QPalette& palette);
// The same icon drawn in `colour` (the marks of the package table: install, update, remove).
[[nodiscard]] QIcon colouredIcon(const QString& name, const QColor& colour);

} // namespace envdesk::ui
