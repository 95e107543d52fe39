# One interface target carries the compiler settings every Envdesk target shares.
add_library(envdesk_compile_options INTERFACE)
target_compile_features(envdesk_compile_options INTERFACE cxx_std_20)
target_include_directories(envdesk_compile_options INTERFACE "${CMAKE_SOURCE_DIR}")
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(envdesk_compile_options INTERFACE
        -Wall -Wextra -Wpedantic -Wold-style-cast -Wshadow -Wnon-virtual-dtor
        -Wno-missing-field-initializers)
endif()
target_compile_definitions(envdesk_compile_options INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_KEYWORDS QT_NO_URL_CAST_FROM_STRING)
