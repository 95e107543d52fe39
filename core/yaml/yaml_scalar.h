#pragma once

#include <string>
#include <string_view>

// Writing one YAML scalar so that any reader (yaml-cpp, PyYAML's YAML 1.1, ruamel's 1.2) reads
// back the same text: every file Envdesk writes (environment.yml, .condarc edits, conda-lock
// files) goes through here, so what needs quotes is decided once.
namespace envdesk::yaml {

enum class QuoteStyle {
    // Plain unless a reader could take it for something else (an indicator, a comment, a key, a
    // number, a boolean, null, a date); then double-quoted with escapes. environment.yml and
    // .condarc, as conda writes them.
    Double,
    // As PyYAML writes (conda-lock's own files, so the two diff cleanly): plain only for text
    // PyYAML would leave plain, else single-quoted ('' for '), double-quoted when it holds
    // control characters.
    PyYaml,
};

struct ScalarOptions {
    QuoteStyle style = QuoteStyle::Double;
    // The text is a typed value, not a string: a plain `true` or `12` stays a boolean or a
    // number (a .condarc value that was written unquoted).
    bool typed = false;
    // Inside a flow collection (`[a, b]`, `{a: b}`), where , [ ] { } end the scalar.
    bool inFlow = false;
};

[[nodiscard]] std::string scalar(std::string_view text, const ScalarOptions& options = {});

} // namespace envdesk::yaml
