#pragma once

// Timing and memory helpers shared by the benchmarks.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <functional>

namespace envdesk::bench {

// The best of `runs` timings in milliseconds: on a shared, noisy machine the quietest run is
// the one that says most about the code.
// `prepare`, when given, runs before each timing, untimed.
inline double bestOf(int runs, const std::function<void()>& work,
                     const std::function<void()>& prepare = {})
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        if (prepare) {
            prepare();
        }
        const auto start = std::chrono::steady_clock::now();
        work();
        best = std::min(best, std::chrono::duration<double, std::milli>(
                                  std::chrono::steady_clock::now() - start)
                                  .count());
    }
    return best;
}

// This process's peak resident memory so far, in MB.
inline double peakMegabytes()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

} // namespace envdesk::bench
