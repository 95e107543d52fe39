#pragma once

#include "core/util/error.h"

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace envdesk::util {

// Wraps an Error so that `return Unexpected{...}` reads as the failure path of a Result.
struct Unexpected {
    Error error;
};

[[nodiscard]] inline Unexpected fail(ErrorCode code, std::string detail, std::string context = {})
{
    return Unexpected{Error{code, std::move(detail), std::move(context)}};
}

// A value or an Error: GCC 12 has no std::expected, so this is the one small stand-in.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Unexpected failure)
        : m_state(std::in_place_index<1>, std::move(failure.error))
    {
    }
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error))
    {
    }

    [[nodiscard]] bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T& value() &
    {
        assert(ok());
        return std::get<0>(m_state);
    }
    [[nodiscard]] const T& value() const&
    {
        assert(ok());
        return std::get<0>(m_state);
    }
    [[nodiscard]] T&& value() &&
    {
        assert(ok());
        return std::get<0>(std::move(m_state));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    [[nodiscard]] const Error& error() const
    {
        assert(!ok());
        return std::get<1>(m_state);
    }

    template <typename U>
    [[nodiscard]] T valueOr(U&& fallback) const&
    {
        return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, Error> m_state;
};

// Success without a value.
struct Ok {};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Ok) {}
    Result(Unexpected failure)
        : m_error(std::move(failure.error))
        , m_failed(true)
    {
    }
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    {
    }

    [[nodiscard]] bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Error& error() const
    {
        assert(m_failed);
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace envdesk::util
