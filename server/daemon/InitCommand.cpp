#include "daemon/InitCommand.h"

#include "config/ConfigLoader.h"
#include "config/ConfigSchema.h"
#include "crypto/Certificate.h"
#include "crypto/Sealer.h"
#include "daemon/Bootstrap.h"
#include "daemon/DataDirectory.h"
#include "store/DatabaseConfig.h"
#include "store/Store.h"
#include "tenancy/IssuerPolicy.h"
#include "tenancy/TenantId.h"

namespace gatehouse::daemon {
namespace {

Result<QString> writeCertificate(const DataDirectory& dir, const config::ServerConfig& config) {
    crypto::CertificateRequest request;
    const QHostAddress& address = config.listenAddress;
    if (!address.isLoopback() && address != QHostAddress::Any && address != QHostAddress::AnyIPv4 &&
        address != QHostAddress::AnyIPv6)
        request.ipAddresses.append(address.toString());
    if (address.protocol() == QAbstractSocket::IPv6Protocol && address.isLoopback())
        request.ipAddresses.append(QStringLiteral("::1"));
    auto certificate = crypto::generateSelfSignedCertificate(request);
    if (!certificate)
        return certificate.error();
    if (auto written = dir.writeFile(config.tlsCertificate, certificate->certificatePem); !written)
        return written.error();
    if (auto written = dir.writeSecretFile(config.tlsKey, certificate->privateKeyPem); !written)
        return written.error();
    return QString::fromLatin1(certificate->sha256Fingerprint);
}

Result<InitialCredentials> populate(const DataDirectory& dir, const config::ServerConfig& config,
                                    const InitRequest& request) {
    const QByteArray masterKey = crypto::Sealer::generateKey();
    if (auto written =
            dir.writeSecretFile(QStringLiteral("master.key"), masterKey.toBase64() + '\n');
        !written)
        return written.error();
    auto sealer = crypto::Sealer::fromKey(masterKey);
    if (!sealer)
        return sealer.error();

    QString fingerprint;
    if (!config.plainHttp) {
        auto written = writeCertificate(dir, config);
        if (!written)
            return written.error();
        fingerprint = *written;
    }

    auto databaseConfig = store::DatabaseConfig::fromUrl(config.resolvedDatabaseUrl());
    if (!databaseConfig)
        return databaseConfig.error();
    auto store = store::Store::open(*databaseConfig);
    if (!store)
        return store.error();
    const tenancy::IssuerPolicy issuers{config.publicBaseUrl(), config.domain};
    auto credentials =
        bootstrapStore(*store, *sealer, issuers, {request.tenant, config.signingAlgorithm});
    if (!credentials)
        return credentials.error();
    credentials->dataDir = dir.path();
    credentials->tlsFingerprint = fingerprint;

    if (auto written = dir.writeFile(QStringLiteral("gatehoused.ini"),
                                     config::exampleConfigFile(config).toUtf8());
        !written)
        return written.error();
    return credentials;
}

} // namespace

Result<InitialCredentials> runInit(const InitRequest& request,
                                   const QProcessEnvironment& environment) {
    const DataDirectory dir(request.dataDir);
    config::ConfigSources sources;
    sources.dataDir = dir.path();
    sources.environment = environment;
    sources.flags = request.flags;
    auto config = config::loadConfig(sources);
    if (!config)
        return config.error();
    // Checked before anything is written so that a bad name leaves no directory behind.
    if (auto valid = tenancy::validateTenantId(request.tenant); !valid)
        return valid.error();
    if (auto created = dir.createEmpty(); !created)
        return created.error();
    auto credentials = populate(dir, *config, request);
    if (!credentials)
        dir.removeAll();
    return credentials;
}

} // namespace gatehouse::daemon
