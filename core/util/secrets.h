#pragma once

#include <string>
#include <string_view>

// Channel secrets in text: an anaconda.org token (`/t/<token>/` in a URL's path) and a URL
// password (`user:password@host`). Whatever Envdesk shows or logs goes through maskSecrets();
// whatever it writes to disk or into a file meant to be shared goes through stripCredentials().
// The real values are used only for the requests themselves. See docs/secrets.md.
namespace envdesk::util {

// Hides the secrets of every URL in `text` so it can be shown or logged: an anaconda.org token
// `/t/<token>` becomes `/t/<TOKEN>` (as conda prints it) and the password of `user:pass@host`
// becomes `user:<PASSWORD>@host` (the user name stays: it tells which account is meant). A URL
// runs from "://" to whitespace or a quote. Text outside URLs is left alone, and masking twice
// changes nothing.
[[nodiscard]] std::string maskSecrets(std::string_view text);

// Removes the credentials of every URL in `text` (a URL, a spec such as `<url>::numpy`, a line):
// the `/t/<token>` segment and `user:pass@`, which is what conda's `with_credentials=False`
// prints, what conda records on disk as a channel, and what identifies a channel across tokens.
// Masked forms (`/t/<TOKEN>`, `user:<PASSWORD>@`) strip to the same text. Where the credentials
// still matter (a later download), they come again from the configuration or the command line.
[[nodiscard]] std::string stripCredentials(std::string_view text);

} // namespace envdesk::util
