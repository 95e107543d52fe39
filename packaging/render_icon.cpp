// envdesk-render-icon SVG OUTDIR SIZE...: writes OUTDIR/<SIZE>x<SIZE>/apps/<name>.png for each
// size, rendered from the scalable icon with Qt's own SVG icon engine, so the PNG sizes desktops
// ask for come from the one drawing and need no tool outside Debian's Qt packages.

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QIcon>
#include <QPixmap>

#include <cstdio>

int main(int argc, char** argv)
{
    // No display is needed to draw into a pixmap.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 5) {
        std::fprintf(stderr, "usage: envdesk-render-icon SVG NAME OUTDIR SIZE...\n");
        return 2;
    }
    const QIcon icon(args.at(1));
    const QString name = args.at(2);
    const QDir out(args.at(3));
    for (int i = 4; i < args.size(); ++i) {
        bool ok = false;
        const int size = args.at(i).toInt(&ok);
        const QPixmap pixmap = icon.pixmap(QSize(size, size));
        if (!ok || pixmap.isNull() || pixmap.width() != size) {
            std::fprintf(stderr,
                         "envdesk-render-icon: cannot draw %s at %s (is Qt's SVG plugin "
                         "installed?)\n",
                         qPrintable(args.at(1)), qPrintable(args.at(i)));
            return 1;
        }
        const QString folder = QStringLiteral("%1x%1/apps").arg(size);
        if (!out.mkpath(folder)
            || !pixmap.save(
                out.filePath(folder + QLatin1Char('/') + name + QStringLiteral(".png")))) {
            std::fprintf(stderr, "envdesk-render-icon: cannot write into %s\n",
                         qPrintable(out.filePath(folder)));
            return 1;
        }
    }
    return 0;
}
