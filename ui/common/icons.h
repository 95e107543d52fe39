#pragma once

#include <QIcon>

class QPalette;
class QString;

namespace envdesk::ui {

// The application icon (resources/icons/envdesk.svg).
[[nodiscard]] QIcon appIcon();

// One of Envdesk's monochrome icons (resources/icons/<name>.svg, drawn in currentColor), tinted
// with the palette's text colour so it reads on light and dark themes alike. Call it again when
// the palette changes. A null icon if the name is unknown or Qt's SVG plugin is missing.
[[nodiscard]] QIcon tintedIcon(const QString& name, const QPalette& palette);

} // namespace envdesk::ui
