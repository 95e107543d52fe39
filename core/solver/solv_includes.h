#pragma once

// libsolv's C headers name a struct member `requires`, a keyword in C++20. While they are read,
// the member is spelled `solv_requires` instead (same layout); the standard headers come first so
// that the macro never touches their use of the keyword.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#define requires solv_requires
extern "C" {
#include <solv/bitmap.h>
#include <solv/pool.h>
#include <solv/poolarch.h>
#include <solv/problems.h>
#include <solv/repo.h>
#include <solv/rules.h>
#include <solv/solver.h>
#include <solv/transaction.h>
}
#undef requires
