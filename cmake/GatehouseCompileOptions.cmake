# Warnings and sanitizers for every Gatehouse target. Applied through an interface target so that
# third-party code (Boost, Qt headers) is not affected by -Werror-style flags.
add_library(gatehouse_compile_options INTERFACE)
add_library(Gatehouse::compile_options ALIAS gatehouse_compile_options)
target_compile_options(gatehouse_compile_options INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(gatehouse_compile_options INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_USE_QSTRINGBUILDER
  # Without it, `QByteArray + char` in a file without QStringBuilder in scope compiles as pointer
  # arithmetic through the implicit `operator const char*`.
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_KEYWORDS GATEHOUSE_VERSION="${PROJECT_VERSION}")

if(GATEHOUSE_SANITIZE)
  # Applied globally so that every object, including test mains, shares one runtime.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(GATEHOUSE_BUILD_FUZZERS)
  # libFuzzer learns only from code compiled with coverage: instrument every library, not just the
  # harnesses, or the fuzzers run blind.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
