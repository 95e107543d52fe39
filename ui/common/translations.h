#pragma once

#include <QLocale>
#include <QTranslator>

class QString;

namespace envdesk::ui {

// The language of the user interface: an explicit choice (the app's --lang option) wins, then the
// language chosen in the app (`saved`, the setting under kLanguageSettingKey; empty: follow the
// system), then the first entry of a $LANGUAGE-style list ("zh_CN:en_US"), then the system locale.
[[nodiscard]] QLocale chooseUiLocale(const QString& requested, const QString& saved,
                                     const QString& languageList);
[[nodiscard]] inline QLocale chooseUiLocale(const QString& requested, const QString& languageList)
{
    return chooseUiLocale(requested, QString(), languageList);
}

// Where the language chosen in View > Language is kept (QSettings): "", "en_US" or "zh_CN".
inline constexpr const char* kLanguageSettingKey = "language";

// Qt's own catalogue (qtbase, from QLibraryInfo::TranslationsPath) and Envdesk's (from :/i18n)
// for one locale, installed on the running application while this object lives. English needs
// no catalogue, so nothing loading for it is not an error. Create it after the QApplication.
class Translations {
public:
    explicit Translations(const QLocale& locale);

    Translations(const Translations&) = delete;
    Translations& operator=(const Translations&) = delete;

    [[nodiscard]] bool qtLoaded() const { return m_qtLoaded; }
    [[nodiscard]] bool envdeskLoaded() const { return m_envdeskLoaded; }

private:
    // A QTranslator removes itself from the application when it is destroyed.
    QTranslator m_qt;
    QTranslator m_envdesk;
    bool m_qtLoaded = false;
    bool m_envdeskLoaded = false;
};

} // namespace envdesk::ui
