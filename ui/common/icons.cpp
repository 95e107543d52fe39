#include "ui/common/icons.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QPalette>
#include <QPixmap>

// A static library's resources are only linked into a program that refers to them; calling
// this from the functions below makes every user of the icons pull them in.
static void initEnvdeskResources()
{
    static const bool registered = [] {
        Q_INIT_RESOURCE(envdesk);
        return true;
    }();
    (void)registered;
}

namespace envdesk::ui {

QIcon appIcon()
{
    initEnvdeskResources();
    return QIcon(QStringLiteral(":/icons/envdesk.svg"));
}

QIcon tintedIcon(const QString& name, const QPalette& palette)
{
    return colouredIcon(name, palette.color(QPalette::Active, QPalette::WindowText));
}

QIcon colouredIcon(const QString& name, const QColor& colour)
{
    initEnvdeskResources();
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray svg = file.readAll().replace("currentColor", colour.name().toLatin1());

    // Pixmaps for the sizes the rail and the pages ask for, doubled for high-DPI screens.
    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64, 96, 128}) {
        QBuffer buffer;
        buffer.setData(svg);
        QImageReader reader(&buffer, "svg");
        reader.setScaledSize(QSize(size, size));
        const QImage image = reader.read();
        if (image.isNull())
            return {};
        icon.addPixmap(QPixmap::fromImage(image));
    }
    return icon;
}

} // namespace envdesk::ui
