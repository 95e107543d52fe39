#pragma once

#include "core/ops/environment_removal.h"
#include "core/ops/package_search.h"
#include "core/ops/solve_change.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <string>

// A failure as conda reports it: the name of the exception conda would raise, its message and
// the extra fields of its --json error object. Every mapping from what core refused or failed to
// conda's exception names lives here, so a refusal is named one way whichever verb meets it.
namespace envdesk::present {

struct CondaFailure {
    std::string exceptionName; // "PackagesNotFoundError"
    std::string message;
    nlohmann::json extra = nlohmann::json::object(); // e.g. `packages`, `channel_urls`
};

// conda's --json error object: `extra`'s fields, `exception_name`, `error` ("NAME: message")
// and `message`. Every string in it is made printable (secrets masked, controls escaped, long
// values shortened: util::printableMessage), since it quotes files, specs and servers.
[[nodiscard]] nlohmann::json failureJson(CondaFailure failure);
// The same as the line conda prints on stderr: "NAME: message\n", made printable.
[[nodiscard]] std::string failureText(const CondaFailure& failure);

// A change ops refused to decide (decideChange, checkChangeTarget, settleInterruptedChange), as
// conda names and words it; `prefix` is the environment's.
[[nodiscard]] CondaFailure changeRefusalFailure(const ops::ChangeRefusal& refused,
                                                const std::string& prefix);
// A search that found nothing to show: no match (conda's PackagesNotFoundError, naming the
// channels searched and, offline, those with nothing cached), or why it could not search.
[[nodiscard]] CondaFailure searchRefusalFailure(const ops::SearchRefusal& refused);
// conda's exception for a refused removal, rename or clone of a whole environment.
[[nodiscard]] const char* refusalException(ops::Refusal::Reason reason);
// conda's exception for a failure of some step: KeyboardInterrupt when stopped, CondaHTTPError
// for a server that could not be reached, ChannelError, InvalidMatchSpec,
// EnvironmentNotWritableError for a prefix one may not change, else `otherwise`.
[[nodiscard]] std::string errorException(const util::Error& error, const std::string& otherwise);
// conda config's exception for an error reading or editing a .condarc.
[[nodiscard]] std::string configException(const util::Error& error);

} // namespace envdesk::present
