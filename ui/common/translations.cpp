#include "ui/common/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QString>

namespace envdesk::ui {

QLocale chooseUiLocale(const QString& requested, const QString& saved, const QString& languageList)
{
    if (!requested.isEmpty())
        return QLocale(requested);
    if (!saved.isEmpty())
        return QLocale(saved);
    const QStringList languages = languageList.split(QLatin1Char(':'), Qt::SkipEmptyParts);
    if (!languages.isEmpty())
        return QLocale(languages.first());
    return QLocale::system();
}

Translations::Translations(const QLocale& locale)
{
    const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    // Qt's catalogue first: a translator installed later is asked first, so ours wins where
    // both translate the same text.
    m_qtLoaded = m_qt.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), qtDir)
                 && QCoreApplication::installTranslator(&m_qt);
    m_envdeskLoaded = m_envdesk.load(locale, QStringLiteral("envdesk"), QStringLiteral("_"),
                                     QStringLiteral(":/i18n"))
                      && QCoreApplication::installTranslator(&m_envdesk);
}

} // namespace envdesk::ui
