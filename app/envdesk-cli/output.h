#pragma once

#include "core/present/conda_text.h"
#include "core/present/failure.h"

#include <nlohmann/json.hpp>

#include <string>

// How a verb's outcome reaches the terminal, whichever verb it is: the result as conda's --json
// document or as its text (core/present makes both), notes on stderr, and failures with conda's
// exception names and exit statuses.
namespace envdesk::cli {

// Prints `document` with --json (one document on stdout, what scripts parse), else `text`;
// returns 0.
int show(bool json, const nlohmann::json& document, const std::string& text);
int show(bool json, const present::Shown& shown);
// A line on stderr ("note: ..."), unless --json keeps the terminal for the document.
void note(bool json, const std::string& line);

// conda's "Proceed ([y]/n)?" on a terminal; true when the answer is yes, `yes` (-y) is given, or
// there is no terminal to ask on (the answer would never come).
[[nodiscard]] bool askToProceed(bool yes);

// Reports a failure the way conda does and returns exit status 1: a line on stderr, or with
// --json an error object on stdout (what scripts parse): core/present/failure.h makes both.
int failWith(bool json, const present::CondaFailure& failure);
int failWith(bool json, const std::string& exceptionName, const std::string& message,
             nlohmann::json extra = nlohmann::json::object());
// `error` under errorException()'s name for it, `otherwise` when it has none.
int failWith(bool json, const util::Error& error, const std::string& otherwise = "CondaError");

// conda's names for what core refused or failed (core/present/failure.h).
using present::configException;
using present::refusalException;

} // namespace envdesk::cli
