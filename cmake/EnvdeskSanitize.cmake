# ENVDESK_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer, so
# the test suite catches out-of-bounds access, use after free, leaks and undefined behaviour the
# tests merely pass through. Undefined behaviour aborts (-fno-sanitize-recover) instead of only
# printing, so that CTest sees it as a failure. Used by .ci/run's build-asan step; see
# docs/fuzzing.md.
option(ENVDESK_SANITIZE "Build with -fsanitize=address,undefined (GCC or clang)" OFF)
if(ENVDESK_SANITIZE)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        message(FATAL_ERROR "ENVDESK_SANITIZE needs GCC or clang")
    endif()
    set(ENVDESK_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
        -fno-omit-frame-pointer)
    add_compile_options(${ENVDESK_SANITIZE_FLAGS})
    add_link_options(-fsanitize=address,undefined)
endif()
