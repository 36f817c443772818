#pragma once

#include "config/ServerConfig.h"
#include "core/Result.h"

#include <QList>
#include <functional>

namespace gatehouse::config {

// One configurable key. The same table drives the INI file, the GATEHOUSE_SECTION_KEY environment
// variables, the example config and the error messages, so the three sources can never disagree
// about which keys exist.
struct ConfigOption {
    const char* section;
    const char* key;
    const char* description;
    // Parses text and stores it; the error message says what was expected, without naming the
    // source (the loader adds "GATEHOUSE_X_Y:" or "file line N:").
    std::function<Result<void>(ServerConfig&, const QString&)> apply;
    std::function<QString(const ServerConfig&)> show;

    [[nodiscard]] QString qualifiedName() const;   // "[limits] body_bytes"
    [[nodiscard]] QString environmentName() const; // "GATEHOUSE_LIMITS_BODY_BYTES"
};

[[nodiscard]] const QList<ConfigOption>& configSchema();
[[nodiscard]] const ConfigOption* findOption(QStringView section, QStringView key);

// "HOST:PORT" or "[IPv6]:PORT".
struct ListenAddress {
    QHostAddress address;
    quint16 port = 0;
};
[[nodiscard]] Result<ListenAddress> parseListenAddress(const QString& text);

// The example file `init` writes: every key commented out with its default and description.
[[nodiscard]] QString exampleConfigFile(const ServerConfig& config);

} // namespace gatehouse::config
