#pragma once

#include "core/util/error.h"

#include <QString>

// A core error as the window says it. Core returns a code, the place it is about (a file, URL,
// channel or spec) and a technical detail in English (core/util/error.h); the window says what
// happened in the user's language from the code, names the place, and keeps core's detail after
// it, as technical text that a search or a bug report can use. Secrets in URLs are masked and
// control characters made printable, as Error::message() does.
namespace envdesk::ui {

// "Not found: /data/chan (the folder is not a channel: it has no noarch/repodata.json …)"; in
// Chinese, all of it in Chinese. A cause core does not name keeps core's English detail in the
// parentheses. A stop says "Stopped" alone.
[[nodiscard]] QString errorText(const util::Error& error);

// The translated sentence alone, naming the place when there is one.
[[nodiscard]] QString errorCause(const util::Error& error);

// What exactly went wrong, in the user's language, for the causes core names
// (util::ErrorReason); empty for the others, whose detail stays core's. errorText() puts it in
// place of the detail.
[[nodiscard]] QString errorReason(const util::Error& error);

} // namespace envdesk::ui
