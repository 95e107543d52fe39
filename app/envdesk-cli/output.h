#pragma once

#include "core/ops/environment_removal.h"
#include "core/ops/package_search.h"
#include "core/ops/solve_change.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <string>

// How a verb's outcome reaches the terminal, whichever verb it is: the result as conda's --json
// document or as its text (core/present makes both), notes on stderr, and failures with conda's
// exception names and exit statuses.
namespace envdesk::cli {

// Prints `document` with --json (one document on stdout, what scripts parse), else `text`;
// returns 0.
int show(bool json, const nlohmann::json& document, const std::string& text);
// A line on stderr ("note: ..."), unless --json keeps the terminal for the document.
void note(bool json, const std::string& line);

// conda's "Proceed ([y]/n)?" on a terminal; true when the answer is yes, `yes` (-y) is given, or
// there is no terminal to ask on (the answer would never come).
[[nodiscard]] bool askToProceed(bool yes);

// Reports a failure the way conda does and returns exit status 1: a line on stderr, or with
// --json an error object on stdout (what scripts parse): `exception_name`, `error`, `message`,
// plus any `extra` fields (conda adds e.g. `packages` and `channel_urls`).
int failWith(bool json, const std::string& exceptionName, const std::string& message,
             nlohmann::json extra = nlohmann::json::object());

// Every mapping from what core refused or failed to conda's exception names lives here, so a
// refusal is named one way whichever verb meets it.

// A change ops refused to decide (decideChange, checkChangeTarget, settleInterruptedChange), as
// conda names and words it; `prefix` is the environment's. Returns the exit status.
int failWithRefusal(bool json, const ops::ChangeRefusal& refused, const std::string& prefix);
// A search that found nothing to show for a reason other than no match (that one the verb
// words, with the channels searched). Returns the exit status.
int failWithRefusal(bool json, const ops::SearchRefusal& refused);
// conda's exception for a refused removal, rename or clone of a whole environment.
[[nodiscard]] const char* refusalException(ops::Refusal::Reason reason);
// conda's exception for a failure of some step: KeyboardInterrupt when stopped, CondaHTTPError
// for a server that could not be reached, ChannelError, InvalidMatchSpec,
// EnvironmentNotWritableError for a prefix one may not change, else `otherwise`.
[[nodiscard]] std::string errorException(const util::Error& error, const std::string& otherwise);
// conda config's exception for an error reading or editing a .condarc.
[[nodiscard]] std::string configException(const util::Error& error);

} // namespace envdesk::cli
